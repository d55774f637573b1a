"""Stage 4a, spin and swap rates: how heavily a text is spun, and where, before restoring.

Two estimates from the whole document, which the decision stage (:mod:`despin.restore`)
takes as given:

- each paragraph's spin probability (:func:`local_spin`): its own evidence, with the
  share of the document's paragraphs that read as spun as its prior, so that a spun
  passage does not make the clean text around it "spun";
- each lexicon family's swap rate (:func:`family_rates`): how much of what its spinner
  could have swapped it did, counted in the spun paragraphs only.
"""

from __future__ import annotations

import bisect
import math
import operator
from collections import Counter
from collections.abc import Sequence
from itertools import compress, repeat

from despin.channel import FINGERPRINT_FACTOR, Scorer
from despin.detect import RATES, SLOPE, Segment, sigmoid
from despin.index import Occurrence
from despin.mle import slope_root

__all__ = ["family_rates", "family_terms", "local_spin", "spun_share", "token_runs"]

#: Beta prior of a family's swap rate: a family needs evidence to be trusted.
PRIOR_SWAPPED = 0.5
PRIOR_KEPT = 2.5


def local_spin(paragraphs: Sequence[Segment], doc_spin: float) -> list[tuple[int, int, float]]:
    """Spin probability per paragraph: its own evidence on a prior set by the whole document.

    The prior is the document's spin probability, clipped so that a paragraph's own
    strong evidence can still overrule it either way, or the share of its paragraphs
    that read as spun (:func:`spun_share`) where that is lower: one heavily spun
    paragraph makes a whole article "spun" with certainty, but says nothing about the
    clean paragraphs around it (a copied page's own boilerplate, a clean quote),
    which must then be judged on their own evidence, not on their neighbour's.
    """
    if len(paragraphs) <= 1:
        return [(p.start, p.end, doc_spin) for p in paragraphs]
    share, own = spun_share(paragraphs)
    prior = min(max(doc_spin, 0.02), 0.98, share)
    prior_logit = math.log(prior / (1 - prior))
    return [(p.start, p.end, sigmoid(prior_logit + e)) for p, e in zip(paragraphs, own)]


#: The range of shares of spun paragraphs :func:`spun_share` considers.
SHARE_RANGE = (0.02, 0.98)
#: The lowest swap rate :func:`spun_share` gives the spun paragraphs. Spun lighter
#: than this, a paragraph reads like a clean one with a few thesaurus words, and the
#: mixture could explain every clean paragraph as "lightly spun".
SHARE_MIN_RATE = 0.35
_SHARE_RATES = [r for r, rate in enumerate(RATES) if rate >= SHARE_MIN_RATE]


def spun_share(paragraphs: Sequence[Segment]) -> tuple[float, list[float]]:
    """The share of a document's paragraphs that are spun, and each one's evidence.

    A two-class mixture: a paragraph is clean, or spun at the one rate the
    document's spun paragraphs share. Each paragraph's likelihood ratio at rate
    ``r`` is ``exp(SLOPE * llr[r])`` (the calibrated scale of its evidence). For each
    rate of :data:`RATES` from :data:`SHARE_MIN_RATE` up, the share that makes the
    whole document most likely is found (the log-likelihood is concave in it), and
    the best pair is kept. A paragraph's evidence is then its log-ratio at that rate.
    Weighing paragraphs at the document's rate rather than at any rate matters: a
    clean paragraph with two thesaurus words by chance is some evidence of light
    spinning, and strong evidence against the heavy spinning of the paragraph next
    to it. A fully spun text gives a share near 1; an article with one spun paragraph
    in ten about a tenth.
    """
    best = (-math.inf, SHARE_RANGE[1], len(RATES) - 1)
    for r in _SHARE_RATES:
        # exp(x) - 1 per paragraph; x is capped where the ratio no longer matters.
        gains = [math.expm1(min(SLOPE * p.llr[r], 50.0)) for p in paragraphs]
        share = _best_share(gains)
        fit = sum(math.log1p(share * g) for g in gains)
        if fit > best[0]:
            best = (fit, share, r)
    _fit, share, r = best
    return share, [SLOPE * p.llr[r] for p in paragraphs]


def _best_share(gains: Sequence[float]) -> float:
    """argmax over :data:`SHARE_RANGE` of sum(log(1 + s g)): bisection on the slope."""

    def slope(s: float) -> float:
        return sum(g / (1.0 + s * g) for g in gains)

    lo, hi = SHARE_RANGE
    if slope(hi) >= 0:
        return hi
    if slope(lo) <= 0:
        return lo
    return slope_root(slope, lo, hi, 30)


def _unigram_fit(scorer: Scorer, keys: tuple[str, ...]) -> float:
    """``scorer.lm(None, keys, None)``; a word's is its log P(w) bit for bit (0.0 + x is
    x), taken from the model's word profiles without a cache entry of its own."""
    return scorer.model.logp(keys[0]) if len(keys) == 1 else scorer.lm(None, keys, None)


def family_terms(scorer: Scorer, occ: Occurrence) -> tuple[tuple[str, float, float], ...]:
    """(family, A, q) for each family an occurrence concerns; context-free, so cached."""
    cache = scorer.family_terms
    key = (occ.keys, id(occ.options))
    terms = cache.get(key)
    if terms is not None:
        return terms
    keep = _unigram_fit(scorer, occ.keys)
    if any(o.fingerprint for o in occ.options):
        keep += math.log(FINGERPRINT_FACTOR)
    # Each option's context-free fit: log P(w) of the one-word ones, asked all at once.
    fits = scorer.model.logps([o.keys[0] for o in occ.options])
    by_family: dict[str, float] = {}
    for o, fit in zip(occ.options, fits):
        if len(o.keys) > 1:
            fit = scorer.lm(None, o.keys, None)
        a = o.weight * math.exp(min(fit - keep, 30.0))
        by_family[o.family] = by_family.get(o.family, 0.0) + a
    found = []
    for fam, mass in scorer.index.family_mass.items():
        q = mass.get(occ.keys, 0.0)
        a = by_family.get(fam, 0.0)
        if a or q:
            found.append((fam, a, q))
    terms = tuple(found)
    if len(cache) > 50_000:
        cache.clear()
    # Options of a constrained pattern are filtered per occurrence (a new tuple each
    # time): only the stable tuples of plain patterns are worth keeping.
    if occ.options is scorer.index.pattern(occ.keys).options:
        cache[key] = terms
    return terms


def family_rates(
    scorer: Scorer,
    keys: Sequence[str],
    occurrences: Sequence[Occurrence],
    runs: Sequence[tuple[int, int, float]] | None = None,
) -> dict[str, float]:
    """Swap rate of each source family in this text, if it was spun (EM, a few rounds).

    A spinner uses one dictionary: where its forms abound and the originals it would
    replace are missing, its family's rate is high; the thesaurus family of a text
    spun by another tool stays low although common words match it by chance. Each
    occurrence counts as swapped with the probability the channel gives it without
    context, ``r A / (1 - r q + r A)`` with ``A = sum_j p_j f(o_j) / f(s)``; each
    unswapped original word counts its swap mass as a missed chance. Then
    ``r = (swapped + a) / (swapped + missed + a + b)``, repeated to a fixed point; the
    prior (a, b) = (:data:`PRIOR_SWAPPED`, :data:`PRIOR_KEPT`) keeps a family that a
    short text barely touches at a low rate.

    ``runs`` (:func:`token_runs`) weighs every token by its paragraph's spin
    probability: an original in a clean paragraph is no chance the spinner passed
    up, since the spinner never saw it (a spun article inside a clean page).
    """
    index = scorer.index
    if runs is None:
        runs = [(0, len(keys), 1.0)]
    uncovered = [True] * len(keys)
    # Each family's terms in text order: a family's sums below only ever add its own.
    terms: dict[str, list[tuple[float, float, float]]] = {}
    k = 0
    for occ in occurrences:
        uncovered[occ.first : occ.last + 1] = [False] * (occ.last + 1 - occ.first)
        while k < len(runs) - 1 and runs[k][1] <= occ.first:
            k += 1
        weight = runs[k][2]
        if not weight:
            # Its terms would add 0.0 to every sum below (a, q and the readings' shares are
            # finite and not negative), which leaves each float as it was: skipped.
            continue
        for fam, a, q in family_terms(scorer, occ):
            terms.setdefault(fam, []).append((a, q, weight))
    missed = dict.fromkeys(index.family_word_mass, 0.0)
    for lo, hi, weight in runs:
        if not weight:
            continue  # as above: weight * found is 0.0
        counts = Counter(compress(keys[lo:hi], uncovered[lo:hi]))
        words = list(counts)
        numbers = list(counts.values())
        for fam, mass in index.family_word_mass.items():
            found = sum(map(operator.mul, numbers, map(mass.get, words, repeat(0.0))))
            missed[fam] += weight * found
    rates = dict.fromkeys(index.family_mass, 0.5)
    for _ in range(6):
        updated = {}
        for fam, r in rates.items():
            swapped = 0.0
            kept = missed.get(fam, 0.0)
            for a, q, weight in terms.get(fam, ()):
                ra = r * a
                keep = 1.0 - r * q
                p_swapped = ra / ((keep if keep >= 1e-6 else 1e-6) + ra)
                swapped += weight * p_swapped
                # Read as original, the form was a chance the spinner did not take.
                kept += weight * (1.0 - p_swapped) * q
            updated[fam] = (swapped + PRIOR_SWAPPED) / (swapped + kept + PRIOR_SWAPPED + PRIOR_KEPT)
        rates = updated
    return rates


def token_runs(
    spans: Sequence[tuple[int, int]],
    paragraphs: Sequence[tuple[int, int, float]],
    doc_spin: float,
    gate: float | None = None,
) -> list[tuple[int, int, float]]:
    """Runs of tokens ``[lo, hi)`` with the spin probability of their paragraph.

    A token belongs to the first paragraph that does not end before it starts (as in
    :func:`decide`); tokens after the last paragraph take the document's spin. With a
    ``gate``, a run's weight is 1 where that probability reaches it and 0 elsewhere:
    the rates are then those of the paragraphs whose weak forms may be restored, the
    same whether a spun passage stands alone or inside a clean page.
    """
    runs = []
    lo = 0
    for _start, end, spin in paragraphs:
        hi = bisect.bisect_left(spans, end, lo, key=operator.itemgetter(0))
        if hi > lo:
            runs.append((lo, hi, spin))
            lo = hi
    if lo < len(spans) or not runs:
        runs.append((lo, len(spans), doc_spin))
    if gate is not None:
        runs = [(lo, hi, 1.0 if spin >= gate else 0.0) for lo, hi, spin in runs]
    return runs
