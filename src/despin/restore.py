"""Stage 4, restoration: decide, occurrence by occurrence, whether and how to restore.

Decisions run left to right so that a restored word becomes the left context of the
next one ("authorities forces" -> "government forces" scores "forces" after
"government"). The swap rate given to the channel is the local spin probability
times the document's estimated rate: in a text the detector believes clean only forms
that are nearly impossible in clean English (fingerprints) can win; in a heavily spun
text weak forms such as "mentioned" are restored when their context favours it.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from despin.case import transfer_case
from despin.channel import Scorer, posterior
from despin.detect import DEFAULT_THRESHOLD, INTERCEPT, Segment
from despin.index import Occurrence

__all__ = ["Decision", "decide", "local_spin"]

#: Lowest swap rate the channel is given: a clean-looking text is still not proof.
RATE_FLOOR = 1e-4
#: Weak forms ("mentioned", "authorities") prove nothing in a text that reads as clean:
#: they are restored only where the document's spin probability reaches WEAK_GATE and
#: the paragraph's reaches the detector's threshold. Fingerprints are always eligible.
WEAK_GATE = 0.9


@dataclass(frozen=True, slots=True)
class Decision:
    """A restoration chosen for one occurrence."""

    start: int
    end: int
    restored: str
    confidence: float
    source: str
    reason: str


def local_spin(paragraphs: Sequence[Segment], doc_spin: float) -> list[tuple[int, int, float]]:
    """Spin probability per paragraph: its own evidence on a prior set by the whole document.

    A paragraph's calibrated probability already includes the default prior
    (``INTERCEPT``); that is swapped for the document's probability, clipped so that
    a paragraph's own strong evidence can still overrule it either way.
    """
    if len(paragraphs) <= 1:
        return [(p.start, p.end, doc_spin) for p in paragraphs]
    prior = min(max(doc_spin, 0.02), 0.98)
    prior_logit = math.log(prior / (1 - prior))
    out = []
    for p in paragraphs:
        local = min(max(p.spin, 1e-12), 1 - 1e-12)
        logit = prior_logit + math.log(local / (1 - local)) - INTERCEPT
        out.append((p.start, p.end, 1.0 / (1.0 + math.exp(-max(min(logit, 50.0), -50.0)))))
    return out


def decide(
    scorer: Scorer,
    text: str,
    occurrences: Sequence[Occurrence],
    spans: Sequence[tuple[int, int]],
    paragraphs: Sequence[tuple[int, int, float]],
    doc_spin: float,
    rate_if_spun: float,
    *,
    min_confidence: float,
) -> list[Decision]:
    """Choose restorations for the occurrences of one document."""
    decisions: list[Decision] = []
    last_token = -2
    last_key: str | None = None
    k = 0
    for occ in occurrences:
        start = spans[occ.first][0]
        end = spans[occ.last][1] - occ.suffix
        while k < len(paragraphs) and paragraphs[k][1] <= start:
            k += 1
        local = paragraphs[k][2] if k < len(paragraphs) else doc_spin
        rate = max(local * rate_if_spun, RATE_FLOOR)
        if doc_spin < WEAK_GATE or local < DEFAULT_THRESHOLD:
            if not any(o.fingerprint for o in occ.options):
                continue
            occ = occ._replace(options=tuple(o for o in occ.options if o.fingerprint))
        if occ.first == last_token + 1 and occ.prev is not None:
            scored = scorer.score(occ, last_key, use_prev=True)
        else:
            scored = scorer.score(occ)
        probs = posterior(scored, rate)
        best = max(range(len(probs)), key=probs.__getitem__)
        if best == 0 or probs[best] < min_confidence:
            continue
        option = occ.options[best - 1]
        spun = text[start:end]
        restored = transfer_case(spun, option.restored)
        if restored == spun:
            continue
        kind = "fingerprint" if option.fingerprint else "spun form"
        reason = (
            f"{kind} {spun!r} read as {option.restored!r} (p={probs[best]:.2f}; "
            f"keep p={probs[0]:.2f}; local swap rate {rate:.2f})"
        )
        decisions.append(Decision(start, end, restored, probs[best], option.source, reason))
        last_token = occ.last
        last_key = option.keys[-1] if option.keys else None
    return decisions
