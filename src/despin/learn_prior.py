"""Known lexicons in learning: their plain pairs (:func:`known_rows`, which vouch for one-off
swaps in :func:`despin.learn.learn`), and a known lexicon as a prior, updated by the aligned
documents, for the words they never show.

Fifty documents show a few hundred of a spinner's originals; the next article brings
words they never held. When the spinner draws on a thesaurus that a known lexicon
(the built-in ``news``) was also built from, that lexicon predicts its swaps for those
words too. How far to trust it is measured, not assumed, on the words the documents
do show. Each known pair ``original > spun`` (channel weight ``w``) either belongs to
the spinner's table or not; if it does, an original seen ``n`` times in documents
whose swap rate is ``rho`` shows that swap about ``lam = n * rho * w`` times
(Poisson). So a pair never seen despite a large ``lam`` is probably not the
spinner's, and an original never seen says nothing: its pairs keep the prior.

:func:`agreement` estimates ``a``, the share of known pairs the spinner has, from the
known pairs of originals the documents hold; a pair never seen is then the spinner's
with posterior ``a e^-lam / (a e^-lam + 1 - a)`` (``a`` for an original the documents
never show). :func:`prior_entries` writes every known pair the learned entries lack,
weighted ``w`` times its posterior: the expected channel probability. A spinner with
another thesaurus gets a small ``a``, and most pairs fall below the lexicon's
minimum weight. Entries carry provenance ``prior:<lexicon>;p=<posterior>``, a family
of their own, so restoration estimates their swap rate apart from the learned ones.
"""

from __future__ import annotations

import functools
import math
import os
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from despin.index import form_keys
from despin.lexicon import (
    Entry,
    Lexicon,
    builtin_names,
    load_builtin_rows,
    load_lexicon,
    parse_context,
)
from despin.mle import slope_root

__all__ = [
    "MIN_EXPOSURE",
    "MIN_PRIOR_WEIGHT",
    "PRIOR_PROVENANCE",
    "KnownPair",
    "agreement",
    "known_pairs",
    "known_rows",
    "prior_entries",
]

#: How a prior entry's provenance begins.
PRIOR_PROVENANCE = "prior:"
#: Prior entries lighter than this are not written (the built-in lexicons' own floor).
MIN_PRIOR_WEIGHT = 0.02
#: The least expected number of known swaps the documents must be able to show before
#: :func:`agreement` judges the spinner by them.
MIN_EXPOSURE = 30.0


@dataclass(frozen=True, slots=True)
class KnownPair:
    """A plain pair of a known lexicon: spun form, original, channel weight, lexicon."""

    spun: str
    restored: str
    weight: float
    lexicon: str


_Keyed = tuple[tuple[str, ...], tuple[str, ...], float]


def _keyed(
    known: Sequence[KnownPair], occurrences: Counter[tuple[str, ...]], rate: float
) -> list[_Keyed]:
    """Each known pair's spun and original keys, and ``lam``: how often the documents would
    show it if it were the spinner's. Originals repeat across pairs: each is split once."""
    keys_of = functools.cache(form_keys)
    out = []
    for k in known:
        restored = keys_of(k.restored)
        out.append((keys_of(k.spun), restored, occurrences[restored] * rate * k.weight))
    return out


def agreement(
    known: Sequence[KnownPair],
    seen: set[tuple[tuple[str, ...], tuple[str, ...]]],
    occurrences: Counter[tuple[str, ...]],
    rate: float,
) -> float:
    """The share of the known pairs the spinner has, judged on the originals the documents hold.

    ``seen`` holds the ``(original keys, spun keys)`` the documents show swapped at least
    once; ``occurrences`` counts the originals in the original texts; ``rate`` is the
    corpus swap rate. The estimate maximises the likelihood of what the documents show
    (a pair seen: ``a (1 - e^-lam)``; never seen: ``a e^-lam + 1 - a``); the
    log-likelihood is concave in ``a``, so its derivative is bisected. Pairs of originals
    the documents lack weigh nothing, and with less than :data:`MIN_EXPOSURE` to judge
    by the answer is 0: a handful of documents cannot tell which thesaurus a spinner
    uses.
    """
    return _agreement(_keyed(known, occurrences, rate), seen)


def _agreement(
    keyed: Sequence[_Keyed], seen: set[tuple[tuple[str, ...], tuple[str, ...]]]
) -> float:
    hits = 0
    missed: list[float] = []  # 1 - e^-lam of each known pair the documents could show but do not
    exposure = 0.0
    for spun, restored, lam in keyed:
        if lam > 0:
            shown = 1.0 - math.exp(-lam)
            exposure += shown
            if (restored, spun) in seen:
                hits += 1
            else:
                missed.append(shown)
    if exposure < MIN_EXPOSURE or not hits:
        return 0.0

    def slope(a: float) -> float:
        return hits / a - sum(m / (1.0 - a * m) for m in missed)

    if slope(1.0 - 1e-9) >= 0:
        return 1.0
    return slope_root(slope, 0.0, 1.0, 40)


def prior_entries(
    known: Sequence[KnownPair],
    learned: Iterable[Entry],
    seen: set[tuple[tuple[str, ...], tuple[str, ...]]],
    occurrences: Counter[tuple[str, ...]],
    rate: float,
    name: str,
) -> tuple[float, list[Entry]]:
    """The agreement and the known pairs the learned entries lack, weighted by their
    posterior (see above)."""
    keyed = _keyed(known, occurrences, rate)
    a = _agreement(keyed, seen)
    if a <= 0.0:
        return a, []
    have = {(form_keys(e.spun), form_keys(e.restored)) for e in learned}
    entries: list[Entry] = []
    written: set[tuple[tuple[str, ...], tuple[str, ...]]] = set()
    for k, (spun, restored, lam) in zip(known, keyed, strict=True):
        if (spun, restored) in have or (spun, restored) in written or (restored, spun) in seen:
            continue
        kept = a * math.exp(-lam)
        posterior = kept / (kept + 1.0 - a) if a < 1.0 else 1.0
        weight = float(f"{k.weight * posterior:.4g}")
        if weight < MIN_PRIOR_WEIGHT:
            continue
        written.add((spun, restored))
        entries.append(
            Entry(
                spun=k.spun,
                restored=k.restored,
                weight=weight,
                provenance=f"{PRIOR_PROVENANCE}{k.lexicon};p={posterior:.3g}",
                lexicon=name,
            )
        )
    return a, entries


def known_rows(lexicons: Sequence[str | os.PathLike[str] | Lexicon]) -> list[KnownPair]:
    """The plain pairs of lexicons (built-in names, files or objects) with their weights, for
    :func:`despin.learn.learn`'s ``known`` and ``prior``: context-bound entries say nothing
    out of context."""
    found: list[KnownPair] = []
    for spec in lexicons:
        if isinstance(spec, str) and spec in builtin_names():
            raw = load_builtin_rows(spec)
            found += [
                KnownPair(r.spun, r.restored, r.weight, raw.name)
                for r in raw.rows
                if parse_context(r.context).is_plain
            ]
        else:
            lexicon = spec if isinstance(spec, Lexicon) else load_lexicon(spec)
            found += [
                KnownPair(e.spun, e.restored, e.weight, lexicon.name)
                for e in lexicon
                if e.context.is_plain
            ]
    return found


def known_pairs(lexicons: Sequence[str | os.PathLike[str] | Lexicon]) -> list[tuple[str, str]]:
    """The plain ``(spun, restored)`` pairs of lexicons (see :func:`known_rows`)."""
    return [(k.spun, k.restored) for k in known_rows(lexicons)]
