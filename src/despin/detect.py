"""Stage 3, detection: was this text spun, where, and how much?

Each occurrence of a spun form contributes a likelihood ratio (see
:mod:`despin.channel`); each word the spinner would have swapped but did not
contributes a small ratio the other way, since a spun text keeps fewer of its
swappable originals. Summed in log space for each swap rate of a grid and averaged
over the grid (a uniform prior on the rate), they give the document's Bayes factor,
which a logistic map fitted on held-out data turns into a calibrated probability.
The same sums over a sentence or a paragraph give local probabilities, so a
half-spun page shows where the spun part is.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import regex

from despin.channel import Scored, occurrence_llr
from despin.index import Index, Tok

__all__ = ["RATES", "Detection", "Evidence", "Segment", "detect_scored"]

#: The grid of swap rates the document's rate is marginalised over.
RATES = (0.1, 0.2, 0.35, 0.5, 0.65, 0.8, 0.95)
#: Calibration: P(spun) = sigmoid(SLOPE * log Bayes factor + INTERCEPT), fitted by
#: ``benchmarks/calibrate.py`` on the development set (never on the test set).
SLOPE = 0.5
INTERCEPT = -4.0
#: Weight of the evidence from unswapped originals: the spinner's dictionary is
#: narrower than the lexicon, so their absence is weaker evidence than the model says.
ABSENCE_WEIGHT = 0.3
#: A probability at or above this flags a document as spun.
DEFAULT_THRESHOLD = 0.5

_PARAGRAPH = regex.compile(r"[^\n]+")
_SENTENCE = regex.compile(r"\S.*?(?:[.!?]+[\"”’')\]]*(?=\s|$)|$)", regex.S)


@dataclass(frozen=True, slots=True)
class Evidence:
    """One finding: ``spun`` at ``[start, end)``, likely ``likely``, with ``weight`` in nats."""

    start: int
    end: int
    spun: str
    likely: str
    weight: float
    kind: str
    source: str

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        return {
            "start": self.start,
            "end": self.end,
            "spun": self.spun,
            "likely": self.likely,
            "weight": round(self.weight, 4),
            "kind": self.kind,
            "source": self.source,
        }


@dataclass(frozen=True, slots=True)
class Segment:
    """A sentence or paragraph with its own spin probability."""

    start: int
    end: int
    spin: float
    words: int
    evidence: int

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        return {
            "start": self.start,
            "end": self.end,
            "spin": round(self.spin, 4),
            "words": self.words,
            "evidence": self.evidence,
        }


@dataclass(frozen=True, slots=True)
class Detection:
    """Result of :func:`despin.detect`.

    ``spin`` is the probability that the text was spun; ``interval`` a rough 90%
    range for it (wide for short texts); ``rate`` the estimated share of swappable
    words the spinner changed, if it was spun; ``evidence`` the findings, strongest
    first; ``sentences`` and ``paragraphs`` the same probability, locally.
    """

    spin: float
    interval: tuple[float, float]
    rate: float
    words: int
    log_bayes_factor: float
    evidence: tuple[Evidence, ...]
    sentences: tuple[Segment, ...]
    paragraphs: tuple[Segment, ...]

    @property
    def is_spun(self) -> bool:
        """True when ``spin`` reaches the default threshold."""
        return self.spin >= DEFAULT_THRESHOLD

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        return {
            "spin": round(self.spin, 4),
            "interval": [round(self.interval[0], 4), round(self.interval[1], 4)],
            "rate": round(self.rate, 4),
            "words": self.words,
            "log_bayes_factor": round(self.log_bayes_factor, 4),
            "evidence": [e.to_dict() for e in self.evidence],
            "sentences": [s.to_dict() for s in self.sentences],
            "paragraphs": [p.to_dict() for p in self.paragraphs],
        }


def _sigmoid(x: float) -> float:
    if x >= 0:
        return 1.0 / (1.0 + math.exp(-x))
    e = math.exp(x)
    return e / (1.0 + e)


def _logmeanexp(values: Sequence[float]) -> float:
    top = max(values)
    return top + math.log(sum(math.exp(v - top) for v in values) / len(values))


class Accumulator:
    """Sums log-likelihood ratios per rate over some span of the document."""

    __slots__ = ("evidence", "llr", "words")

    def __init__(self) -> None:
        self.llr = [0.0] * len(RATES)
        self.words = 0
        self.evidence = 0

    def add(self, values: Sequence[float]) -> None:
        for k, v in enumerate(values):
            self.llr[k] += v

    def log_bf(self) -> float:
        return _logmeanexp(self.llr)

    def probability(self) -> float:
        return _sigmoid(SLOPE * self.log_bf() + INTERCEPT)

    def rate(self) -> float:
        """Posterior mean swap rate, given the text was spun."""
        top = max(self.llr)
        weights = [math.exp(v - top) for v in self.llr]
        return sum(r * w for r, w in zip(RATES, weights)) / sum(weights)


def _absence_llr(index: Index, toks: Sequence[Tok], covered: set[int]) -> dict[int, list[float]]:
    """Per-token LLR for swappable originals that were left alone."""
    mass = index.swap_mass
    out: dict[int, list[float]] = {}
    cache: dict[float, list[float]] = {}
    for i, tok in enumerate(toks):
        if i in covered:
            continue
        q = mass.get((tok.key,))
        if not q:
            continue
        values = cache.get(q)
        if values is None:
            values = [math.log(max(1.0 - r * q * ABSENCE_WEIGHT, 1e-6)) for r in RATES]
            cache[q] = values
        out[i] = values
    return out


def _segments(
    text: str,
    pattern: regex.Pattern[str],
    toks: Sequence[Tok],
    per_token: dict[int, list[float]],
    per_token_evidence: set[int],
) -> list[tuple[int, int, Accumulator]]:
    spans = [(m.start(), m.end()) for m in pattern.finditer(text) if m.group().strip()]
    out: list[tuple[int, int, Accumulator]] = [(s, e, Accumulator()) for s, e in spans]
    k = 0
    for i, tok in enumerate(toks):
        while k < len(out) and out[k][1] <= tok.start:
            k += 1
        if k == len(out):
            break
        start, _end, acc = out[k]
        if tok.start < start:
            continue
        acc.words += 1
        values = per_token.get(i)
        if values is not None:
            acc.add(values)
        if i in per_token_evidence:
            acc.evidence += 1
    return out


def detect_scored(
    text: str, toks: Sequence[Tok], scored: Sequence[Scored], index: Index
) -> Detection:
    """Combine the scored occurrences of one document into a :class:`Detection`."""
    doc = Accumulator()
    doc.words = len(toks)
    per_token: dict[int, list[float]] = {}
    evidence: list[Evidence] = []
    covered: set[int] = set()
    for sc in scored:
        occ = sc.occ
        values = occurrence_llr(sc, RATES)
        covered.update(range(occ.first, occ.last + 1))
        per_token[occ.first] = values
        doc.add(values)
        doc.evidence += 1
        mid = values[len(values) // 2]
        if mid > 0.05:
            best = max(range(len(occ.options)), key=lambda j: sc.cands[j] + math.log(occ.options[j].weight))
            option = occ.options[best]
            kind = "fingerprint" if sc.fingerprint else ("strong" if mid > 2.0 else "weak")
            evidence.append(
                Evidence(occ.start, occ.end, occ.spun, option.restored, mid, kind, option.source)
            )
    for i, values in _absence_llr(index, toks, covered).items():
        per_token[i] = values
        doc.add(values)
    evidence_tokens = {sc.occ.first for sc in scored}
    paragraphs = _segments(text, _PARAGRAPH, toks, per_token, evidence_tokens)
    sentences = _segments(text, _SENTENCE, toks, per_token, evidence_tokens)
    log_bf = doc.log_bf()
    logit = SLOPE * log_bf + INTERCEPT
    spin = _sigmoid(logit)
    spread = 1.0 + 8.0 / math.sqrt(doc.words + 1)
    interval = (_sigmoid(logit - 1.64 * spread), _sigmoid(logit + 1.64 * spread))
    evidence.sort(key=lambda e: -e.weight)
    return Detection(
        spin=spin,
        interval=interval,
        rate=doc.rate(),
        words=doc.words,
        log_bayes_factor=log_bf,
        evidence=tuple(evidence),
        sentences=tuple(Segment(s, e, a.probability(), a.words, a.evidence) for s, e, a in sentences),
        paragraphs=tuple(
            Segment(s, e, a.probability(), a.words, a.evidence) for s, e, a in paragraphs
        ),
    )


def word_counts(toks: Sequence[Tok]) -> Counter[str]:
    """Lookup-key counts (used by diagnostics and the benchmark)."""
    return Counter(t.key for t in toks)
