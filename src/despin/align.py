"""Token alignment of an original text and its spun copy: what :func:`despin.learn.learn` reads.

Both texts are tokenised into words (:data:`despin.tokens.WORD`) and single punctuation
characters, compared by lookup key (so case and apostrophe style are not differences). A
possessive ``'s`` is its own token, because spinners swap the stem and keep the suffix
(``city's`` > ``metropolis's``). :func:`rapidfuzz.distance.Levenshtein.opcodes` aligns the
token sequences; neighbouring edits form a *changed stretch*. A stretch of same-length
replacements is split word for word; a stretch that changes length is a phrase swap, kept
whole up to :data:`MAX_PHRASE` tokens a side, also across one unchanged article (``without a
fight`` > ``and not using a battle``). A bare insertion or deletion borrows a neighbouring
word (``many`` > ``a great many``).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import NamedTuple

import regex
from rapidfuzz.distance import Levenshtein

from despin.tokens import WORD, ascii_apostrophes, normalize

__all__ = [
    "MAX_PHRASE",
    "PairKey",
    "Piece",
    "Region",
    "Substitution",
    "Token",
    "align",
    "borrow",
    "changed_stretches",
    "default_pieces",
    "is_indel",
    "region_key",
    "split_regions",
    "surface_of",
    "tokenize",
]

#: Longest phrase, in tokens on either side, that counts as one substitution.
MAX_PHRASE = 5

_TOKEN = regex.compile(rf"(?P<word>{WORD.pattern})|\S")
_SPACES = regex.compile(r"\s+")
#: ``'s`` endings that are contractions (``it's`` = ``it is``), not possessives.
_S_CONTRACTIONS = frozenset(
    {"it's", "that's", "he's", "she's", "there's", "here's", "what's", "who's", "where's"}
    | {"how's", "let's", "when's", "why's"}
)
#: An unchanged word that may sit inside a phrase swap next to a one-word swap (``without a
#: fight`` > ``and not using a battle``). Only articles: with any word, independent swaps
#: either side of ``was`` or ``in`` would fuse into one phrase.
_JOINERS = frozenset({"a", "an", "the"})


class Substitution(NamedTuple):
    """One aligned change: the original said ``original_phrase``, the spun text ``spun_phrase``.

    Phrases are the texts' own spelling (whitespace runs become one space); the
    context words are the nearest words of the original around the change
    (``""`` at the edges of the text).
    """

    original_phrase: str
    spun_phrase: str
    left_context_word: str
    right_context_word: str


class Token(NamedTuple):
    start: int
    end: int
    key: str
    word: bool


@dataclass(frozen=True, slots=True)
class Region:
    """A changed stretch: tokens ``a[a0:a1]`` of the original became ``b[b0:b1]``."""

    a0: int
    a1: int
    b0: int
    b1: int
    pure: bool  # only same-length replacements: split word for word
    ops: tuple[tuple[str, int, int, int, int], ...] = ()


Piece = tuple[int, int, int, int]
PairKey = tuple[tuple[str, ...], tuple[str, ...]]


def tokenize(text: str) -> list[Token]:
    """Words and single punctuation characters, with a possessive ``'s`` split off."""
    out: list[Token] = []
    # Curly apostrophes become ASCII first (same length, so offsets hold): ``WORD`` may only
    # know the ASCII one, and ``1000’s`` must stay one word.
    for m in _TOKEN.finditer(ascii_apostrophes(text)):
        start, end = m.span()
        key = normalize(m.group())
        if m.group("word") is None:
            out.append(Token(start, end, key, False))
        elif key.endswith("'s") and len(key) > 2 and key not in _S_CONTRACTIONS:
            out.append(Token(start, end - 2, key[:-2], True))
            out.append(Token(end - 2, end, "'s", True))
        else:
            out.append(Token(start, end, key, True))
    return out


def changed_stretches(a: Sequence[Token], b: Sequence[Token]) -> list[Region]:
    """Runs of non-equal edit operations, joined across a single unchanged token where due.

    A same-length run of replacements stays *pure* (split word for word later). Two runs
    one token apart are joined into one phrase, within :data:`MAX_PHRASE` tokens, when both
    are bare insertions/deletions (a reordering: ``finance minister`` > ``minister of
    finance``), or when neither is, both change length, or one does and the token between
    is an article (``without a fight`` > ``and not using a battle``). A bare insertion next
    to an article is not joined: ``the fund`` > ``the monetary fund`` inserts before ``fund``.
    """
    ids: dict[str, int] = {}
    ak = [ids.setdefault(t.key, len(ids)) for t in a]
    bk = [ids.setdefault(t.key, len(ids)) for t in b]
    runs: list[list[tuple[str, int, int, int, int]]] = []
    current: list[tuple[str, int, int, int, int]] = []
    for op in Levenshtein.opcodes(ak, bk):
        if op.tag == "equal":
            if current:
                runs.append(current)
                current = []
            continue
        current.append((op.tag, op.src_start, op.src_end, op.dest_start, op.dest_end))
    if current:
        runs.append(current)

    merged: list[Region] = []
    for ops in runs:
        r = Region(
            ops[0][1],
            ops[-1][2],
            ops[0][3],
            ops[-1][4],
            all(op[0] == "replace" for op in ops),
            tuple(ops),
        )
        if merged:
            p = merged[-1]
            joiner = a[p.a1].key
            span = max(r.a1 - p.a0, r.b1 - p.b0)
            if (
                r.a0 - p.a1 == 1
                and span <= MAX_PHRASE
                and a[p.a1].word
                and (
                    (is_indel(p) and is_indel(r))
                    or (
                        not (is_indel(p) or is_indel(r))
                        and not (p.pure and r.pure)
                        and (joiner in _JOINERS or not (p.pure or r.pure))
                    )
                )
            ):
                merged[-1] = Region(p.a0, r.a1, p.b0, r.b1, False, p.ops + r.ops)
                continue
        merged.append(r)
    return merged


def borrow(a: Sequence[Token], r: Region, left: bool) -> Region | None:
    """A pure insertion/deletion widened by the neighbouring word on one side, if any."""
    if left:
        if r.a0 > 0 and a[r.a0 - 1].word:
            return Region(r.a0 - 1, r.a1, r.b0 - 1, r.b1, False, r.ops)
    elif r.a1 < len(a) and a[r.a1].word:
        return Region(r.a0, r.a1 + 1, r.b0, r.b1 + 1, False, r.ops)
    return None


def is_indel(r: Region) -> bool:
    return r.a0 == r.a1 or r.b0 == r.b1


def split_regions(
    a: Sequence[Token],
    b: Sequence[Token],
    prefer_left: Callable[[PairKey, PairKey], bool] | None = None,
    stretches: Sequence[Region] | None = None,
) -> list[Region]:
    """The changed stretches, each pure insertion or deletion widened by a neighbouring word.

    An insertion has nothing to replace, so it borrows an unchanged neighbour: the next
    word by default (``many`` > ``a great many``), the previous one when ``prefer_left``
    says the corpus agrees better with that (``police`` > ``police force``), or when there
    is no next word. A neighbour already borrowed by another stretch is not borrowed twice.
    """
    out: list[Region] = []
    taken: set[int] = set()
    for r in stretches if stretches is not None else changed_stretches(a, b):
        if not is_indel(r):
            out.append(r)
            continue
        right, left = borrow(a, r, left=False), borrow(a, r, left=True)
        if right is not None and right.a1 - 1 in taken:
            right = None
        if left is not None and left.a0 in taken:
            left = None
        choice = right or left
        if (
            right is not None
            and left is not None
            and prefer_left is not None
            and prefer_left(region_key(a, b, left), region_key(a, b, right))
        ):
            choice = left
        if choice is None:
            continue
        taken.add(choice.a0 if choice is left else choice.a1 - 1)
        out.append(choice)
    return out


def region_key(a: Sequence[Token], b: Sequence[Token], r: Region) -> PairKey:
    return tuple(t.key for t in a[r.a0 : r.a1]), tuple(t.key for t in b[r.b0 : r.b1])


def _fallback_pieces(region: Region) -> list[Piece]:
    """Split a long phrase stretch at the aligner's own edit boundaries."""
    pieces: list[list[int]] = []
    pending: list[int] | None = None
    for tag, a0, a1, b0, b1 in region.ops:
        if tag == "replace":
            for k in range(a1 - a0):
                piece = [a0 + k, a0 + k + 1, b0 + k, b0 + k + 1]
                if pending is not None and k == 0:
                    piece[0], piece[2] = pending[0], pending[2]
                    pending = None
                pieces.append(piece)
        elif pieces and pieces[-1][1] == a0 and pieces[-1][3] == b0:
            pieces[-1][1], pieces[-1][3] = a1, b1
        else:
            pending = [a0, a1, b0, b1]
    return [(p[0], p[1], p[2], p[3]) for p in pieces if max(p[1] - p[0], p[3] - p[2]) <= MAX_PHRASE]


def default_pieces(region: Region) -> list[Piece]:
    """Word-for-word for pure stretches, whole for phrase stretches, split when too long."""
    if region.pure:
        return [
            (region.a0 + k, region.a0 + k + 1, region.b0 + k, region.b0 + k + 1)
            for k in range(region.a1 - region.a0)
        ]
    if max(region.a1 - region.a0, region.b1 - region.b0) <= MAX_PHRASE:
        return [(region.a0, region.a1, region.b0, region.b1)]
    return _fallback_pieces(region)


def surface_of(text: str, toks: Sequence[Token], i: int, j: int) -> str:
    """The text of tokens ``[i, j)`` as written, whitespace runs folded to one space."""
    return _SPACES.sub(" ", text[toks[i].start : toks[j - 1].end])


def _context(text: str, toks: Sequence[Token], i: int, step: int) -> str:
    while 0 <= i < len(toks):
        if toks[i].word and toks[i].key != "'s":
            return text[toks[i].start : toks[i].end]
        i += step
    return ""


def align(original: str, spun: str) -> list[Substitution]:
    """Align a text with its spun version and return what was substituted, in text order.

    Same-length stretches of swapped words come back word by word; a swap that
    changes the number of words comes back whole (up to :data:`MAX_PHRASE`
    tokens a side).

    >>> for s in align("Officials said the city was preparing for the storm.",
    ...                "Officers mentioned the metropolis was getting ready for the storm."):
    ...     print(f"{s.left_context_word!r} [{s.original_phrase} > {s.spun_phrase}] "
    ...           f"{s.right_context_word!r}")
    '' [Officials > Officers] 'said'
    'Officials' [said > mentioned] 'the'
    'the' [city > metropolis] 'was'
    'was' [preparing > getting ready] 'for'
    """
    a, b = tokenize(original), tokenize(spun)
    out: list[Substitution] = []
    for region in split_regions(a, b):
        for a0, a1, b0, b1 in default_pieces(region):
            out.append(
                Substitution(
                    surface_of(original, a, a0, a1),
                    surface_of(spun, b, b0, b1),
                    _context(original, a, a0 - 1, -1),
                    _context(original, a, a1, 1),
                )
            )
    return out
