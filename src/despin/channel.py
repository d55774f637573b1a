"""Stage 2, the noisy channel: how well each reading of an occurrence fits its context.

despin treats spinning as a noisy channel, as classic spelling correction does. The
spinner read an original word ``o`` and, with probability ``r`` (the document's swap
rate), wrote a synonym ``s`` with probability ``p(s | o)`` (the lexicon weight). Seeing
``s`` between ``prev`` and ``next``, the readings compete as::

    keep:     P(spun-free s) = (1 - r * q(s)) * P_LM(prev s next)
    restore:  P(o -> s)      = r * p(s | o)    * P_LM(prev o next)

where ``q(s)`` is how often the spinner would itself have swapped ``s`` away had it
been original, and ``P_LM`` is the bigram model. Fingerprint entries (forms that
practically never occur in clean English) get their keep reading scaled down by
:data:`FINGERPRINT_FACTOR`. The same quantities give the detector its likelihood
ratios (:func:`occurrence_llr`) and the restorer its posteriors (:func:`posterior`).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from despin.index import Index, Occurrence
from despin.langmodel import LanguageModel

__all__ = ["FINGERPRINT_FACTOR", "Scored", "occurrence_llr", "posterior", "score_occurrence"]

#: How much rarer a fingerprint form is in clean text than the language model says.
FINGERPRINT_FACTOR = 0.002
_LOG_FP = math.log(FINGERPRINT_FACTOR)
#: The most one occurrence may move the document's log-odds: guards against LM gaps.
LLR_CAP = 6.0


@dataclass(frozen=True, slots=True)
class Scored:
    """An occurrence with its language-model scores (natural logs)."""

    occ: Occurrence
    keep: float
    cands: tuple[float, ...]
    mass: float

    @property
    def fingerprint(self) -> bool:
        """True when any option is a fingerprint entry."""
        return any(o.fingerprint for o in self.occ.options)


class Scorer:
    """Scores occurrences against a language model, with a drop-everything cache."""

    def __init__(self, model: LanguageModel, index: Index) -> None:
        self.model = model
        self.index = index
        self._cache: dict[tuple[str | None, tuple[str, ...], str | None], float] = {}

    def lm(self, prev: str | None, keys: tuple[str, ...], nxt: str | None) -> float:
        """log P_LM(prev keys next), cached."""
        key = (prev, keys, nxt)
        value = self._cache.get(key)
        if value is None:
            if len(self._cache) > 200_000:
                self._cache.clear()
            value = self.model.sequence(keys, prev, nxt)
            self._cache[key] = value
        return value

    def score(self, occ: Occurrence, prev: str | None = None, *, use_prev: bool = False) -> Scored:
        """LM scores of keeping ``occ`` and of each option; ``prev`` overrides the left word."""
        left = prev if use_prev else occ.prev
        keep = self.lm(left, occ.keys, occ.next)
        if any(o.fingerprint for o in occ.options):
            keep += _LOG_FP
        cands = tuple(self.lm(left, o.keys, occ.next) for o in occ.options)
        mass = self.index.swap_mass.get(occ.keys, 0.0)
        return Scored(occ, keep, cands, mass)


def score_occurrence(scorer: Scorer, occ: Occurrence) -> Scored:
    """Convenience wrapper: score with the observed neighbours."""
    return scorer.score(occ)


def _ratio_sum(sc: Scored) -> float:
    """sum_j p_j * P_LM(option j) / P_LM(keep), computed stably."""
    total = 0.0
    for option, cand in zip(sc.occ.options, sc.cands):
        total += option.weight * math.exp(min(cand - sc.keep, 30.0))
    return total


def occurrence_llr(sc: Scored, rates: Sequence[float]) -> list[float]:
    """log P(occurrence | spun at rate r) / P(occurrence | clean), for each rate, capped."""
    ratio = _ratio_sum(sc)
    out = []
    for r in rates:
        value = math.log(max(1.0 - r * sc.mass, 1e-6) + r * ratio)
        out.append(min(value, LLR_CAP))
    return out


def posterior(sc: Scored, rate: float) -> list[float]:
    """Posterior over [keep, option 0, option 1, ...] at swap rate ``rate``."""
    rate = min(max(rate, 1e-6), 0.999)
    logs = [math.log(max(1.0 - rate * sc.mass, 1e-6)) + sc.keep]
    logs += [
        math.log(rate * option.weight) + cand
        for option, cand in zip(sc.occ.options, sc.cands)
    ]
    top = max(logs)
    weights = [math.exp(v - top) for v in logs]
    norm = sum(weights)
    return [w / norm for w in weights]
