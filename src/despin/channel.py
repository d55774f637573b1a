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

from despin.index import Index, Occurrence
from despin.langmodel import LanguageModel

__all__ = ["FINGERPRINT_FACTOR", "Scorer", "log_priors", "normalise"]

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
#: Entries per language-model cache before it starts afresh (bounded memory: a few MB).
CACHE_SIZE = 50_000


class Scorer:
    """Scores occurrences against a language model, with drop-everything caches."""

    #: Whether the language model sees the neighbours (the ablation benchmark turns it
    #: off to measure what the bigram context adds).
    context = True
    #: Whether adjacent occurrences are decoded together (see :meth:`chain`); off, each
    #: is scored next to its neighbours as written (the ablation benchmark's baseline).
    joint = True

    def __init__(self, model: LanguageModel, index: Index) -> None:
        self.model = model
        self.index = index
        self._cache: dict[tuple[str | None, tuple[str, ...], str | None, bool], float] = {}
        self._cond: dict[tuple[str, str], float] = {}
        #: Context-free per-family evidence of a form (see :func:`despin.restore.family_rates`),
        #: keyed by the form and its options tuple, which this scorer's index keeps alive.
        self.family_terms: dict[
            tuple[tuple[str, ...], int], tuple[tuple[str, float, float], ...]
        ] = {}

    def lm(
        self, prev: str | None, keys: tuple[str, ...], nxt: str | None, *, floor: bool = True
    ) -> float:
        """log P_LM(prev keys next), cached; see :meth:`LanguageModel.sequence` for ``floor``."""
        key = (prev, keys, nxt, floor)
        value = self._cache.get(key)
        if value is None:
            if len(self._cache) > CACHE_SIZE:
                self._cache.clear()
            value = self.model.sequence(keys, prev, nxt, floor=floor)
            self._cache[key] = value
        return value

    def cond(self, prev: str, word: str) -> float:
        """log P_LM(word | prev), cached: the transitions of :meth:`chain`."""
        key = (prev, word)
        value = self._cond.get(key)
        if value is None:
            if len(self._cond) > CACHE_SIZE:
                self._cond.clear()
            value = self.model.cond(prev, word)
            self._cond[key] = value
        return value

    def chain(self, links: Sequence[tuple[Occurrence, Sequence[float]]]) -> list[list[float]]:
        """Posteriors over [keep, option 0, option 1, ...] of adjacent occurrences.

        ``links`` are occurrences on consecutive tokens ("the authorities forces"), each
        with its channel log-priors (:func:`log_priors`). At high spin rates neighbours
        are often spun too, so each reading is scored against every reading of its
        neighbours rather than against their spun surface: the bigram model factors
        over the chain, and forward-backward gives each occurrence's marginal. A chain
        of one is the plain channel: prior + LM_WEIGHT * log P_LM(prev reading next).
        """
        if not self.context:
            return [self._single(occ, priors, None, None) for occ, priors in links]
        if len(links) == 1 or not self.joint:
            return [self._single(occ, priors, occ.prev, occ.next) for occ, priors in links]
        readings = [_readings(occ) for occ, _priors in links]
        last = len(links) - 1
        unary: list[list[float]] = []
        for i, (occ, priors) in enumerate(links):
            row = []
            for s, keys in enumerate(readings[i]):
                floor = s > 0  # see _single
                if i == 0:
                    fit = self.lm(occ.prev, keys, None, floor=floor)
                else:  # the phrase's inner fit; its first word is priced by the transition
                    fit = self.lm(None, keys, None, floor=floor) - self.model.logp(keys[0])
                if i == last and occ.next is not None:
                    fit += self.cond(keys[-1], occ.next)
                if s == 0 and any(o.fingerprint for o in occ.options):
                    fit += _LOG_FP
                row.append(priors[s] + LM_WEIGHT * fit)
            unary.append(row)
        cond = self.cond
        step = [
            [[LM_WEIGHT * cond(a[-1], b[0]) for b in readings[i + 1]] for a in readings[i]]
            for i in range(last)
        ]
        forward = [unary[0]]
        for i in range(last):
            forward.append(
                [
                    u + _logsumexp([f + t[s] for f, t in zip(forward[i], step[i])])
                    for s, u in enumerate(unary[i + 1])
                ]
            )
        backward = [[0.0] * len(unary[last])]  # built from the end, reversed below
        for i in range(last - 1, -1, -1):
            after = backward[-1]
            backward.append(
                [
                    _logsumexp([t + u + b for t, u, b in zip(row, unary[i + 1], after)])
                    for row in step[i]
                ]
            )
        backward.reverse()
        return [normalise([f + b for f, b in zip(fw, bw)]) for fw, bw in zip(forward, backward)]

    def _single(
        self, occ: Occurrence, priors: Sequence[float], prev: str | None, nxt: str | None
    ) -> list[float]:
        # Only the restored readings are lexicon phrases, known units of English whose inner
        # bigrams the pruned table may miss; the spun phrase as written ("air hose" for
        # "airline") earns its probability from the table like any other text.
        fits = [self.lm(prev, keys, nxt, floor=s > 0) for s, keys in enumerate(_readings(occ))]
        if any(o.fingerprint for o in occ.options):
            fits[0] += _LOG_FP
        return normalise([p + LM_WEIGHT * f for p, f in zip(priors, fits)])


def _readings(occ: Occurrence) -> list[tuple[str, ...]]:
    """The word keys of each reading of an occurrence: as written, then each option."""
    return [occ.keys, *(o.keys for o in occ.options)]


def log_priors(option_rates: Sequence[float], occ: Occurrence, keep_swap: float) -> list[float]:
    """Channel log-priors of [keep, option 0, option 1, ...].

    ``option_rates[j]`` is the swap rate of option j's source family in this text;
    ``keep_swap`` the chance the spinner would have swapped the observed form away
    had it been original (sum over families of rate x swap mass).
    """
    logs = [math.log(max(1.0 - SWAP_SCALE * keep_swap, 1e-6))]
    logs += [
        math.log(max(rate, 1e-9) * option.weight) for option, rate in zip(occ.options, option_rates)
    ]
    return logs


def _logsumexp(values: Sequence[float]) -> float:
    top = max(values)
    return top + math.log(sum(math.exp(v - top) for v in values))


def normalise(logs: Sequence[float]) -> list[float]:
    """Probabilities from unnormalised log-weights (a softmax)."""
    top = max(logs)
    weights = [math.exp(v - top) for v in logs]
    norm = sum(weights)
    return [w / norm for w in weights]
