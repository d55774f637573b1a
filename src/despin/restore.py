"""Stage 4, restoration: decide, occurrence by occurrence, whether and how to restore.

Decisions run left to right so that a restored word becomes the left context of the
next one ("authorities forces" -> "government forces" scores "forces" after
"government"). The swap rate fed to the channel is the local spin probability times
the estimated rate: in a text the detector believes clean, only forms that are nearly
impossible in clean English (fingerprints) can win; in a heavily spun text, weak
forms such as "mentioned" are restored when their context favours the original.
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from despin.case import transfer_case
from despin.channel import Scored, Scorer, posterior
from despin.detect import INTERCEPT, Detection, Segment

__all__ = ["Decision", "decide"]

#: Lowest swap rate the channel is given: a clean-looking text is still not proof.
RATE_FLOOR = 1e-4


@dataclass(frozen=True, slots=True)
class Decision:
    """A restoration chosen for one occurrence."""

    start: int
    end: int
    restored: str
    confidence: float
    source: str
    reason: str


def _local_spin(paragraphs: Sequence[Segment], doc_spin: float) -> Iterator[tuple[int, int, float]]:
    """Spin probability per paragraph: the paragraph's evidence on a prior set by the document."""
    if len(paragraphs) <= 1:
        for p in paragraphs:
            yield p.start, p.end, doc_spin
        return
    prior = min(max(doc_spin, 0.02), 0.98)
    prior_logit = math.log(prior / (1 - prior))
    for p in paragraphs:
        local = min(max(p.spin, 1e-9), 1 - 1e-9)
        # Paragraph evidence relative to the default prior the calibration builds in.
        logit = prior_logit + math.log(local / (1 - local)) - INTERCEPT
        yield p.start, p.end, 1.0 / (1.0 + math.exp(-max(min(logit, 50.0), -50.0)))


def decide(
    scorer: Scorer,
    scored: Sequence[Scored],
    detection: Detection,
    *,
    min_confidence: float,
) -> list[Decision]:
    """Choose restorations for the scored occurrences of one document."""
    spans = list(_local_spin(detection.paragraphs, detection.spin))
    rate_given_spun = detection.rate
    decisions: list[Decision] = []
    last_end = -1
    last_token = -2
    last_key: str | None = None
    k = 0
    for sc in scored:
        occ = sc.occ
        if occ.start < last_end:
            continue
        while k < len(spans) and spans[k][1] <= occ.start:
            k += 1
        local = spans[k][2] if k < len(spans) else detection.spin
        rate = max(local * rate_given_spun, RATE_FLOOR)
        current = sc
        if occ.first == last_token + 1 and occ.prev is not None and last_key is not None:
            current = scorer.score(occ, last_key, use_prev=True)
        probs = posterior(current, rate)
        best = max(range(len(probs)), key=probs.__getitem__)
        if best == 0 or probs[best] < min_confidence:
            continue
        option = occ.options[best - 1]
        if option.context.cased:
            restored = option.restored
        else:
            restored = transfer_case(occ.spun, option.restored)
        if restored == occ.spun:
            continue
        kind = "fingerprint form" if option.fingerprint else "spun form"
        reason = (
            f"{kind} {occ.spun!r} read as {option.restored!r}: p={probs[best]:.2f} "
            f"(swap rate {rate:.2f}, keep p={probs[0]:.2f})"
        )
        decisions.append(
            Decision(occ.start, occ.end, restored, probs[best], option.source, reason)
        )
        last_end = occ.end
        last_token = occ.last
        last_key = option.keys[-1] if option.keys else None
    return decisions
