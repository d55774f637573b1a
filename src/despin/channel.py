"""Stage 3, the noisy channel: how well each reading of an occurrence fits its context.

despin treats spinning as a noisy channel, as classic spelling correction does. The
spinner read an original word ``o`` and, with probability ``r`` (the local swap rate),
wrote a synonym ``s`` with probability ``p(s | o)`` (the lexicon weight). Seeing ``s``
between ``prev`` and ``next``, the readings compete as::

    keep:     (1 - r * q(s)) * P_LM(prev s next)
    restore:  r * p(s | o)   * P_LM(prev o next)

where ``q(s)`` is how often the spinner would itself have swapped ``s`` away had it
been original, and ``P_LM`` the bigram model, which carries the collocation cues
("told reporters" is common, "advised reporters" is not; "said on Saturday" beats
"mentioned on Saturday"). Fingerprint entries (forms that practically never occur in
clean English) have their keep reading scaled down by :data:`FINGERPRINT_FACTOR`.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from despin.index import Index, Occurrence
from despin.langmodel import LanguageModel

__all__ = ["FINGERPRINT_FACTOR", "Scored", "Scorer", "posterior"]

#: How much rarer a fingerprint form is in clean text than the language model says.
FINGERPRINT_FACTOR = 1e-5
#: Scale on q(s): the lexicon says how often a thesaurus *could* swap a word away; real
#: spinners swap fewer words than their thesaurus offers, so the keep reading is not
#: discounted by the full amount. Tuned on the dev split (benchmarks/tune.py).
SWAP_SCALE = 0.5
#: Exponent on the language model, as in speech recognition's LM weight: a bigram
#: model over Google Books overstates how sure it is ("the respective authors" is
#: common there); below 1 it tempers the context against the channel's priors.
LM_WEIGHT = 0.85
_LOG_FP = math.log(FINGERPRINT_FACTOR)


@dataclass(frozen=True, slots=True)
class Scored:
    """An occurrence with its language-model scores (natural logs)."""

    occ: Occurrence
    keep: float
    cands: tuple[float, ...]
    mass: float


class Scorer:
    """Scores occurrences against a language model, with a drop-everything cache."""

    def __init__(self, model: LanguageModel, index: Index) -> None:
        self.model = model
        self.index = index
        self._cache: dict[tuple[str | None, tuple[str, ...], str | None], float] = {}
        self._scored: dict[tuple[str | None, tuple[str, ...], str | None, int], Scored] = {}
        #: Context-free per-family evidence of a form (see :func:`despin.restore.family_rates`),
        #: keyed by the form and its options tuple, which this scorer's index keeps alive.
        self.family_terms: dict[
            tuple[tuple[str, ...], int], tuple[tuple[str, float, float], ...]
        ] = {}

    def lm(self, prev: str | None, keys: tuple[str, ...], nxt: str | None) -> float:
        """log P_LM(prev keys next), cached."""
        key = (prev, keys, nxt)
        value = self._cache.get(key)
        if value is None:
            if len(self._cache) > 50_000:
                self._cache.clear()
            value = self.model.sequence(keys, prev, nxt)
            self._cache[key] = value
        return value

    def score(self, occ: Occurrence, prev: str | None = None, *, use_prev: bool = False) -> Scored:
        """LM scores of keeping ``occ`` and of each option; ``prev`` overrides the left word."""
        left = prev if use_prev else occ.prev
        # The same form between the same neighbours scores the same everywhere; news
        # repeats its collocations ("the metropolis", "mentioned on"), so cache it.
        cache_key = (left, occ.keys, occ.next, id(occ.options))
        hit = self._scored.get(cache_key)
        if hit is not None and hit.occ.options is occ.options:
            return Scored(occ, hit.keep, hit.cands, hit.mass)
        keep = self.lm(left, occ.keys, occ.next)
        if any(o.fingerprint for o in occ.options):
            keep += _LOG_FP
        cands = tuple(self.lm(left, o.keys, occ.next) for o in occ.options)
        mass = self.index.swap_mass.get(occ.keys, 0.0)
        scored = Scored(occ, keep, cands, mass)
        if len(self._scored) > 30_000:
            self._scored.clear()
        self._scored[cache_key] = scored
        return scored


def posterior(sc: Scored, option_rates: Sequence[float], keep_swap: float) -> list[float]:
    """Posterior over [keep, option 0, option 1, ...].

    ``option_rates[j]`` is the swap rate of option j's source family in this text;
    ``keep_swap`` the chance the spinner would have swapped the observed form away
    had it been original (sum over families of rate x swap mass).
    """
    lm_weight = LM_WEIGHT
    logs = [math.log(max(1.0 - SWAP_SCALE * keep_swap, 1e-6)) + lm_weight * sc.keep]
    logs += [
        math.log(max(rate, 1e-9) * option.weight) + lm_weight * cand
        for option, cand, rate in zip(sc.occ.options, sc.cands, option_rates)
    ]
    top = max(logs)
    weights = [math.exp(v - top) for v in logs]
    norm = sum(weights)
    return [w / norm for w in weights]
