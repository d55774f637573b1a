"""How a changed stretch of aligned text is read: as swaps seen elsewhere, or as a phrase.

:func:`explanations` is the corpus-level step of :func:`despin.learn.learn` (a few rounds
of hard EM): a stretch explained by swaps that recur elsewhere in the corpus is counted
as those swaps (``were preparing`` > ``have been getting ready`` is ``were`` > ``have
been`` plus ``preparing`` > ``getting ready``); one that recurs on its own stays a phrase.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass

from despin.align import (
    MAX_PHRASE,
    PairKey,
    Piece,
    Region,
    Token,
    default_pieces,
    region_key,
)

__all__ = ["Doc", "Score", "clean_edges", "explanations", "piece_key"]

Score = Callable[[PairKey], "float | None"]


def segment(
    akeys: Sequence[str],
    bkeys: Sequence[str],
    score: Score,
    borders: tuple[bool, bool] = (False, False),
    border_score: Score | None = None,
) -> list[Piece] | None:
    """Best way to explain a stretch as swaps (scored) and unchanged tokens (free).

    Maximises the summed score, then prefers fewer swaps. A swap whose score is None is
    not allowed, nor the whole stretch as one swap, nor one that begins or ends with a
    token both sides share (it is an unchanged token) unless that token is a border word
    the stretch was widened by (``borders``: left, right), where it may be the stem of an
    insertion (``month`` > ``calendar month``); such swaps are scored by ``border_score``.
    """
    n, m = len(akeys), len(bkeys)
    if border_score is None:
        border_score = score
    best: dict[tuple[int, int], tuple[float, int]] = {(0, 0): (0.0, 0)}
    back: dict[tuple[int, int], tuple[int, int, bool]] = {}
    for i in range(n + 1):
        for j in range(m + 1):
            here = best.get((i, j))
            if here is None:
                continue
            total, swaps = here
            moves: list[tuple[int, int, float, bool]] = []
            if i < n and j < m and akeys[i] == bkeys[j]:
                moves.append((i + 1, j + 1, 0.0, False))
            for da in range(1, min(MAX_PHRASE, n - i) + 1):
                for db in range(1, min(MAX_PHRASE, m - j) + 1):
                    if (da, db) == (n, m) or akeys[i : i + da] == bkeys[j : j + db]:
                        continue
                    start_shared = akeys[i] == bkeys[j]
                    if start_shared and not (borders[0] and i == 0 and j == 0):
                        continue
                    end_shared = akeys[i + da - 1] == bkeys[j + db - 1]
                    if end_shared and not (borders[1] and i + da == n and j + db == m):
                        continue
                    sub = (tuple(akeys[i : i + da]), tuple(bkeys[j : j + db]))
                    value = (border_score if start_shared or end_shared else score)(sub)
                    if value is not None:
                        moves.append((i + da, j + db, value, True))
            for ni, nj, value, is_swap in moves:
                candidate = (total + value, swaps + is_swap)
                old = best.get((ni, nj))
                if old is None or (candidate[0], -candidate[1]) > (old[0], -old[1]):
                    best[(ni, nj)] = candidate
                    back[(ni, nj)] = (i, j, is_swap)
    if (n, m) not in best:
        return None
    pieces: list[Piece] = []
    i, j = n, m
    while (i, j) != (0, 0):
        pi, pj, is_swap = back[(i, j)]
        if is_swap:
            pieces.append((pi, i, pj, j))
        i, j = pi, pj
    pieces.reverse()
    return pieces


@dataclass(slots=True)
class Doc:
    original: str
    spun: str
    a: list[Token]
    b: list[Token]
    regions: list[Region]


def piece_key(doc: Doc, piece: Piece) -> PairKey:
    a0, a1, b0, b1 = piece
    return tuple(t.key for t in doc.a[a0:a1]), tuple(t.key for t in doc.b[b0:b1])


def with_borders(doc: Doc, region: Region, covered: set[int]) -> tuple[Region, bool, bool]:
    """The stretch widened by the unchanged word on each side, for a reading that needs it.

    ``whole month`` > ``unscathed calendar month`` aligns as ``whole`` > ``unscathed
    calendar`` then ``month``; widened, it can be read as ``whole`` > ``unscathed`` and
    ``month`` > ``calendar month``. A bare insertion gets the same treatment, so the corpus
    decides which neighbour it belongs to (``coming up in``: ``coming`` > ``coming up``,
    not ``in`` > ``up in``). Returns the span and which of its edges are border words.
    """
    a0, a1, b0, b1 = region.a0, region.a1, region.b0, region.b1
    left = (
        a0 > 0
        and b0 > 0
        and doc.a[a0 - 1].word
        and a0 - 1 not in covered
        and doc.a[a0 - 1].key == doc.b[b0 - 1].key
    )
    right = (
        a1 < len(doc.a)
        and b1 < len(doc.b)
        and doc.a[a1].word
        and a1 not in covered
        and doc.a[a1].key == doc.b[b1].key
    )
    span = Region(a0 - left, a1 + right, b0 - left, b1 + right, False, region.ops)
    # A bare insertion or deletion already holds the neighbour it borrowed: a border too.
    left = left or doc.a[span.a0].key == doc.b[span.b0].key
    right = right or doc.a[span.a1 - 1].key == doc.b[span.b1 - 1].key
    return span, left, right


def explanations(
    docs: Sequence[Doc],
    min_count: int,
    rounds: int = 3,
    known: frozenset[PairKey] = frozenset(),
) -> Iterator[tuple[int, Piece]]:
    """Every substitution of every document, with phrase stretches explained by the corpus.

    A phrase stretch (one that changes length) is split into smaller swaps when each of
    them is seen at least ``min_count`` times in *other* stretches (``were preparing`` >
    ``have been getting ready``); otherwise it stays whole when it recurs itself
    (``without a fight`` > ``and not using a battle``); a one-off stretch is split the way
    the rest of the corpus supports best, so its parts still count. Splits may take in the
    unchanged word on either side: ``whole month`` > ``unscathed calendar month`` is
    ``whole`` > ``unscathed`` plus ``month`` > ``calendar month``. The counts the decisions
    use come from the previous round's decisions (a few rounds of hard EM, starting from
    the default word-for-word / whole-phrase reading). A swap in ``known`` (``(original
    keys, spun keys)`` another lexicon vouches for) counts as seen ``min_count`` times:
    ``grid operator`` > ``power system manipulator`` seen once is ``grid`` > ``power
    system`` plus ``operator`` > ``manipulator`` when a thesaurus knows the latter.
    """
    # (document, widened span, its key, the stretch itself relative to the span, borders)
    phrases: list[tuple[int, Region, PairKey, Piece, tuple[bool, bool]]] = []
    fixed: list[tuple[int, Piece]] = []
    whole: Counter[PairKey] = Counter()
    for number, doc in enumerate(docs):
        covered = {i for r in doc.regions for i in range(r.a0, r.a1)}
        for region in doc.regions:
            if region.pure:
                fixed.extend((number, piece) for piece in default_pieces(region))
                continue
            whole[region_key(doc.a, doc.b, region)] += 1
            span, left, right = with_borders(doc, region, covered)
            core = (
                region.a0 - span.a0,
                region.a1 - span.a0,
                region.b0 - span.b0,
                region.b1 - span.b0,
            )
            phrases.append((number, span, region_key(doc.a, doc.b, span), core, (left, right)))

    choice: list[list[Piece]] = []
    for _, span, _, core, _ in phrases:
        region = Region(
            span.a0 + core[0],
            span.a0 + core[1],
            span.b0 + core[2],
            span.b0 + core[3],
            False,
            span.ops,
        )
        choice.append(
            [
                (a0 - span.a0, a1 - span.a0, b0 - span.b0, b1 - span.b0)
                for a0, a1, b0, b1 in default_pieces(region)
            ]
        )
    grams: Counter[tuple[str, ...]] = Counter()
    for doc in docs:
        keys = [t.key for t in doc.a]
        for size in range(1, MAX_PHRASE + 1):
            grams.update(tuple(keys[i : i + size]) for i in range(len(keys) - size + 1))
    for _ in range(rounds):
        units: Counter[PairKey] = Counter(piece_key(docs[n], piece) for n, piece in fixed)
        own: Counter[tuple[PairKey, PairKey]] = Counter()
        for (_, _, key, _, _), pieces in zip(phrases, choice, strict=True):
            for a0, a1, b0, b1 in pieces:
                sub = (key[0][a0:a1], key[1][b0:b1])
                units[sub] += 1
                own[(sub, key)] += 1
        counts = Counts(units, grams)
        memo: dict[tuple[PairKey, Piece], list[Piece]] = {}
        for index, (_, _, key, core, borders) in enumerate(phrases):
            if (key, core) not in memo:
                ca0, ca1, cb0, cb1 = core
                recurrences = whole[(key[0][ca0:ca1], key[1][cb0:cb1])]
                memo[(key, core)] = explain(
                    key, core, borders, counts, own, recurrences, min_count, known
                )
            choice[index] = memo[(key, core)]

    yield from fixed
    for (number, span, _, _, _), pieces in zip(phrases, choice, strict=True):
        for a0, a1, b0, b1 in pieces:
            yield number, (span.a0 + a0, span.a0 + a1, span.b0 + b0, span.b0 + b1)


#: A swap seen in fewer than this share of its original's occurrences is not support: the
#: pooled ``a`` > ``up a`` (from ``coming up a``, ``opening up a``...) is an artefact.
MIN_RATE = 0.02


@dataclass(frozen=True, slots=True)
class Counts:
    """The spinner as the previous round saw it: swap counts and original n-gram counts."""

    units: Counter[PairKey]
    grams: Counter[tuple[str, ...]]


def explain(
    key: PairKey,
    core: Piece,
    borders: tuple[bool, bool],
    counts: Counts,
    own: Counter[tuple[PairKey, PairKey]],
    recurrences: int,
    min_count: int,
    known: frozenset[PairKey] = frozenset(),
) -> list[Piece]:
    """Pieces (relative to the widened span) explaining one phrase stretch; see above."""

    def elsewhere(sub: PairKey) -> int:
        count = counts.units[sub] - own[(sub, key)]
        if count > 0 and count < MIN_RATE * counts.grams[sub[0]]:
            count = 0
        return max(count, min_count) if sub in known else count

    def attested(sub: PairKey) -> float | None:
        count = elsewhere(sub)
        return math.log1p(count) if count >= min_count else None

    def support(sub: PairKey) -> float:
        return math.log1p(max(elsewhere(sub), 0))

    def seen(sub: PairKey) -> float | None:
        count = elsewhere(sub)
        return math.log1p(count) if count >= 1 else None

    found = segment(*key, attested, borders)
    if found is not None:
        return found
    fits = max(core[1] - core[0], core[3] - core[2]) <= MAX_PHRASE
    if fits and recurrences >= min_count:
        return [core]
    # A one-off: split it the best-supported way, taking in a border word only for a swap
    # seen elsewhere (``union`` > ``labor union`` in ``national union`` > ``home labor
    # union``, once ``national`` > ``home`` is known).
    found = segment(*key, support, borders, seen)
    if found is not None:
        return found
    return [core] if fits else []


def clean_edges(doc: Doc, piece: Piece) -> bool:
    a0, a1, b0, b1 = piece
    return (
        a1 > a0
        and b1 > b0
        and doc.a[a0].word
        and doc.a[a1 - 1].word
        and doc.b[b0].word
        and doc.b[b1 - 1].word
    )
