"""Stage 1, matching: compile lexicons into a lookup index and find candidate occurrences.

The index is keyed by the lookup key (:func:`despin.tokens.normalize`) of a spun
form's first word. Scanning works on token lists (:func:`despin.tokens.split`), so it
needs no character offsets. Patterns are of two kinds:

* *simple*: one word, no context constraint. Their evidence depends on the word alone,
  so the detector counts them with a C-level ``Counter`` instead of visiting them.
* *special*: several words, or a constraint (``cased``, ``prev:``, ``next:``, ``doc:``).
  Only positions whose key begins a special pattern are visited on the fast path.
"""

from __future__ import annotations

import functools
import re
import threading
from collections.abc import Sequence, Set
from dataclasses import dataclass
from itertools import compress, count, islice, repeat
from operator import itemgetter
from typing import NamedTuple

import regex

from despin.lexicon import (
    Context,
    Lexicon,
    RawLexicon,
    RawRow,
    parse_context,
    raw_rows,
)
from despin.tokens import split, visible

__all__ = ["POSSESSIVES", "Index", "Occurrence", "Option", "Pattern", "form_keys"]

#: The possessive endings a spun form may carry ("the safety council's"); an occurrence's
#: ``suffix`` is the length of the one it has.
POSSESSIVES = ("'s", "'")
_SPACES = regex.compile(r"\s+")


@dataclass(frozen=True, slots=True)
class Option:
    """A possible restoration of a pattern: one compiled lexicon entry."""

    spun: str
    restored: str
    keys: tuple[str, ...]
    weight: float
    context: Context
    source: str
    fingerprint: bool
    family: str


@dataclass(frozen=True, slots=True)
class Pattern:
    """A spun form as a sequence of word keys, with its options.

    ``constrained`` says whether some option has a context constraint: only then are
    the options filtered where the form occurs.
    """

    keys: tuple[str, ...]
    options: tuple[Option, ...]
    special: bool
    constrained: bool = True
    #: Per option, whether its context is plain (no check where the form occurs);
    #: filled in from the options when not given.
    plain: tuple[bool, ...] = ()

    def __post_init__(self) -> None:
        if len(self.plain) != len(self.options):
            object.__setattr__(self, "plain", tuple(o.context.is_plain for o in self.options))


class Occurrence(NamedTuple):
    """A place where a spun form matched: token range, options that apply, neighbours."""

    first: int
    last: int
    suffix: int
    keys: tuple[str, ...]
    options: tuple[Option, ...]
    prev: str | None
    next: str | None
    #: 1.0 for an exact match; the similarity of a fuzzy one (see :mod:`despin.fuzzy`).
    score: float = 1.0


#: Builds an :class:`Occurrence` from a tuple of all its fields, with no Python-level
#: ``__new__`` call (a tenth of the scan's time on clean text).
_occurrence = functools.partial(tuple.__new__, Occurrence)


class Reading(NamedTuple):
    """What the detector needs of an option: the restored form's keys and the channel."""

    keys: tuple[str, ...]
    weight: float
    fingerprint: bool


class Index:
    """Compiled lexicons: which forms exist, keyed for the scans; patterns built on demand.

    Only what the fast path needs is computed up front (string sets and the swap
    mass); a form's :class:`Pattern`, with its parsed options, is built the first time
    a document contains it. That keeps start-up short with ~80,000 built-in entries.
    """

    def __init__(self, sources: Sequence[Lexicon | RawLexicon]) -> None:
        rows: dict[tuple[str, ...], list[RawRow]] = {}
        swap_mass: dict[tuple[str, ...], float] = {}
        # Each source's rows with their spun forms' and originals' keys, for the family masses.
        columns: list[_Columns] = []
        special_forms: set[tuple[str, ...]] = set()
        fingerprint_keys: set[str] = set()
        # Originals repeat across entries, and spun forms across senses: split each once.
        keys_of = functools.cache(form_keys)
        for source in sources:
            source_rows = tuple(raw_rows(source))
            # Keys by C-level maps over the columns: the cache answers most rows.
            spun_keys = list(map(keys_of, map(itemgetter(0), source_rows)))
            restored_keys = list(map(keys_of, map(itemgetter(1), source_rows)))
            columns.append((source_rows, spun_keys, restored_keys))
        if len(columns) > 1:
            columns = _later_wins(columns)
        for source_rows, spun_keys, restored_keys in columns:
            for row, keys, restored in zip(source_rows, spun_keys, restored_keys):
                if not keys:
                    continue
                found = rows.get(keys)
                if found is None:
                    rows[keys] = [row]
                else:
                    found.append(row)
                swap_mass[restored] = swap_mass.get(restored, 0.0) + row.weight
                context = row.context
                if context:
                    if context != "fingerprint":
                        special_forms.add(keys)
                    elif len(keys) == 1:
                        fingerprint_keys.add(keys[0])
        self._rows = rows
        self._compiled: dict[tuple[str, ...], Pattern] = {}
        single: dict[str, tuple[str, ...]] = {}
        by_pair: dict[tuple[str, str], list[tuple[str, ...]]] = {}
        for keys in rows:
            if len(keys) == 1:
                single[keys[0]] = keys
            else:
                by_pair.setdefault((keys[0], keys[1]), []).append(keys)
        #: One-word forms by key.
        self.single = single
        #: Multi-word forms by their first two keys, longest first: "the place" starts
        #: with "the", which is everywhere, so scans look for the pair.
        self.by_pair: dict[tuple[str, str], tuple[tuple[str, ...], ...]] = {
            k: tuple(sorted(v, key=len, reverse=True)) for k, v in by_pair.items()
        }
        #: One-word forms with no context constraint: counted by the detector, not visited.
        self.simple: frozenset[str] = frozenset(
            k for k, form in single.items() if form not in special_forms
        )
        constrained = frozenset(k for k, form in single.items() if form in special_forms)
        #: Keys of one-word constrained forms, and possessives of every one-word form
        #: ("authorities's"): the one-word positions the full scan visits. A token never
        #: ends with an apostrophe (see :mod:`despin.tokens`), so of the two possessive
        #: forms only "'s" can be a key.
        self.special_single: frozenset[str] = constrained | frozenset(k + "'s" for k in single)
        #: The same for constrained forms only: the one-word positions the fast path
        #: visits (there a simple form, or its possessive, matches nothing).
        self.constrained_single: frozenset[str] = constrained | frozenset(
            k + "'s" for k in constrained
        )
        #: Adjacent key pairs that anchor multi-word forms, with the anchor's offset in
        #: the form (see :func:`_anchors`): where the scans look for those forms.
        self.anchors = _anchors(self.by_pair)
        #: One-word unconstrained fingerprint forms (multi-word or constrained ones are
        #: found by the special scan): seeing one forces a full pass.
        self.fingerprint_keys: frozenset[str] = frozenset(fingerprint_keys)
        self.swap_mass = {k: min(v, 1.0) for k, v in swap_mass.items()}
        self._columns = columns
        self.size = sum(len(v) for v in rows.values())
        #: Results of :mod:`despin.fuzzy`'s near-spelling search, by key.
        self.near_spellings: dict[str, tuple[str, float] | None] = {}
        self._lock = threading.Lock()

    @functools.cached_property
    def family_mass(self) -> dict[str, dict[tuple[str, ...], float]]:
        """The swap mass per source family, for the per-family swap-rate estimate.

        Built on first use: only texts that look spun need it.
        """
        family_mass: dict[str, dict[tuple[str, ...], float]] = {}
        last = None
        mass: dict[tuple[str, ...], float] = {}
        for source_rows, spun_keys, restored_keys in self._columns:
            # Columns by C-level maps (a named tuple's attributes are slow to read), without
            # the rows keyed to nothing; a family's rows mostly come together, so its
            # table is looked up when the family changes.
            columns = zip(
                map(itemgetter(5), source_rows), restored_keys, map(itemgetter(2), source_rows)
            )
            for family, restored, weight in compress(columns, spun_keys):
                if family != last:
                    mass = family_mass.setdefault(family, {})
                    last = family
                mass[restored] = mass.get(restored, 0.0) + weight
        # Each mass capped at 1, by C-level maps.
        return {f: dict(zip(m, map(min, m.values(), repeat(1.0)))) for f, m in family_mass.items()}

    @functools.cached_property
    def family_word_mass(self) -> dict[str, dict[str, float]]:
        """One-word originals' swap mass per family, keyed by the word itself."""
        return {
            f: {k[0]: v for k, v in m.items() if len(k) == 1} for f, m in self.family_mass.items()
        }

    @functools.cached_property
    def spelling_buckets(self) -> dict[str, list[str]]:
        """One-word alphabetic forms (5+ letters) by their first two letters, for the
        near-spelling search of :mod:`despin.fuzzy` (a typo rarely hits the first two)."""
        buckets: dict[str, list[str]] = {}
        for k in self.single:
            if len(k) >= 5 and k.isalpha():
                buckets.setdefault(k[:2], []).append(k)
        return buckets

    def knows(self, key: str) -> bool:
        """True when some form begins with this key (one-word forms only)."""
        return key in self.single

    def readings(self, keys: tuple[str, ...]) -> Sequence[Reading | Option]:
        """The options of a form as far as the detector needs them, in lexicon order.

        The compiled options when the pattern was built; otherwise read off the rows,
        without compiling the pattern: the detector prices every counted word a corpus
        contains, most of which no later stage visits.
        """
        pattern = self._compiled.get(keys)
        if pattern is not None:
            return pattern.options
        return [
            Reading(form_keys(row.restored), row.weight, _context(row.context).fingerprint)
            for row in self._rows[keys]
        ]

    def pattern(self, keys: tuple[str, ...]) -> Pattern:
        """The compiled pattern of a form (built on first use, then cached)."""
        pattern = self._compiled.get(keys)
        if pattern is None:
            options = tuple(_compile(row) for row in self._rows[keys])
            plain = tuple(o.context.is_plain for o in options)
            constrained = not all(plain)
            pattern = Pattern(keys, options, len(keys) > 1 or constrained, constrained, plain)
            with self._lock:
                self._compiled[keys] = pattern
        return pattern

    def scan(
        self,
        text: str,
        surfaces: Sequence[str],
        keys: Sequence[str],
        *,
        special_only: bool = False,
    ) -> list[Occurrence]:
        """Occurrences of spun forms, non-overlapping, longest match first, left to right.

        With ``special_only``, only positions whose key begins a special pattern are
        tried, and simple patterns are ignored (the detector counts those instead).
        """
        found: list[Occurrence] = []
        single = self.single
        by_pair = self.by_pair
        compiled = self._compiled
        doc_cache: dict[str, bool] = {}
        n = len(keys)
        positions = self._positions(keys, special_only=special_only)
        simple = self.simple if special_only else frozenset()
        # On the fast path only constrained one-word forms are visited: a key outside
        # this small set (and with no apostrophe, which may make it a possessive) begins
        # none, and is not looked up among the ~60,000 one-word forms.
        constrained = self.constrained_single if special_only else None
        covered_until = -1
        for i in positions:
            if i <= covered_until:
                continue
            key = keys[i]
            suffix = 0
            forms: tuple[tuple[str, ...], ...] = ()
            if i + 1 < n:
                forms = by_pair.get((key, keys[i + 1]), ())
                if not forms and "'" in keys[i + 1]:
                    forms = self._possessive_pair(key, keys[i + 1])
            if constrained is None or key in constrained or "'" in key:
                one = single.get(key)
                if one is None and "'" in key:
                    for poss in POSSESSIVES:
                        if key.endswith(poss) and key[: -len(poss)] in single:
                            one = single[key[: -len(poss)]]
                            suffix = len(poss)
                            break
                # The fast path counts simple one-word forms instead of visiting them.
                if one is not None and one[0] not in simple:
                    forms += (one,)
            for form in forms:
                k = len(form)
                # Cheap rejection first. The first two words found the form; the third
                # must match (a last word may carry a possessive: "the safety forces's"),
                # then the rest as a C-level list compare.
                if k > 2:
                    third = keys[i + 2] if i + 2 < n else ""
                    if not (third.startswith(form[2]) if k == 3 else third == form[2]):
                        continue
                    if keys[i : i + k] != list(form):
                        last = keys[i + k - 1] if i + k - 1 < n else ""
                        if keys[i : i + k - 1] != list(form[:-1]) or not last.startswith(form[-1]):
                            continue
                pattern = compiled.get(form) or self.pattern(form)
                occ = self._match(text, surfaces, keys, i, suffix, pattern, doc_cache)
                if occ is not None:
                    found.append(occ)
                    covered_until = occ.last
                    break
        return found

    def _possessive_pair(self, key: str, second: str) -> tuple[tuple[str, ...], ...]:
        """The two-word forms of ``key`` and ``second`` without its "'s" ("safety council's";
        a bare apostrophe is a token of its own, never part of a key, as in
        :func:`_anchors`); :meth:`_match` checks the possessive and keeps it out of the change."""
        if not second.endswith("'s"):
            return ()
        forms = self.by_pair.get((key, second[:-2]), ())
        return tuple(f for f in forms if len(f) == 2)

    def _positions(self, keys: Sequence[str], *, special_only: bool) -> list[int]:
        """Positions where a pattern (a special one, with ``special_only``) may start.

        Found with C-level passes: adjacent pairs looked up among the anchors (see
        :func:`_anchors`), and the positions of the document's keys that begin a
        one-word form (a constrained one, with ``special_only``) or are its possessive.
        """
        singles: Set[str]
        if special_only:
            singles = self.constrained_single.intersection(keys)
        else:
            single, special = self.single, self.special_single
            present = set(keys)
            singles = single.keys() & present | special.intersection(present)
        anchors = self.anchors
        # zip, unlike pairwise, reuses its result tuple: no allocation per pair.
        adjacent = zip(keys, islice(keys, 1, None))
        found = compress(count(), map(anchors.__contains__, adjacent))
        starts = {j - m for j in found for m in anchors[keys[j], keys[j + 1]] if j >= m}
        if len(singles) <= _FEW:
            for key in singles:
                starts.update(_indices(keys, key))
        else:
            starts.update(compress(count(), map(singles.__contains__, keys)))
        return sorted(starts)

    def _match(
        self,
        text: str,
        surfaces: Sequence[str],
        keys: Sequence[str],
        i: int,
        suffix: int,
        pattern: Pattern,
        doc_cache: dict[str, bool],
    ) -> Occurrence | None:
        form = pattern.keys
        k = len(form)
        last = i + k - 1
        n = len(keys)
        if last >= n or (suffix and k > 1):
            return None
        if k > 1:
            # The inner words are the form's; the last may carry a possessive.
            if k > 2 and keys[i + 1 : last] != list(form[1:-1]):
                return None
            key, want = keys[last], form[-1]
            if key != want:
                if any(key == want + p for p in POSSESSIVES):
                    suffix = len(key) - len(want)
                else:
                    return None
        # (is_word inlined: this runs at every candidate position.)
        prev_key = keys[i - 1] if i > 0 else None
        if prev_key is not None and not (prev_key[0].isalnum() or prev_key[0] == "_"):
            prev_key = None
        next_key = keys[last + 1] if not suffix and last + 1 < n else None
        if next_key is not None and not (next_key[0].isalnum() or next_key[0] == "_"):
            next_key = None
        options = pattern.options
        if pattern.constrained:
            prev_text = surfaces[i - 1] if prev_key is not None else ""
            next_text = surfaces[last + 1] if next_key is not None else ""
            options = tuple(
                [
                    o
                    for o, plain in zip(options, pattern.plain)
                    if plain
                    or _allowed(o, surfaces, i, last, suffix, prev_text, next_text, text, doc_cache)
                ]
            )
            if not options:
                return None
        return _occurrence((i, last, suffix, form, options, prev_key, next_key, 1.0))

    def occurrences(self, text: str) -> list[Occurrence]:
        """All occurrences in ``text`` (convenience for tests and diagnostics)."""
        surfaces, keys = split(text)
        return self.scan(text, surfaces, keys)


#: Up to this many distinct one-word keys, :meth:`Index._positions` finds each with
#: ``list.index`` (a C-level compare a token) rather than one membership test a token.
_FEW = 2


def _indices(seq: Sequence[str], value: str) -> list[int]:
    """Every position of ``value`` in ``seq``."""
    found: list[int] = []
    i = -1
    try:
        while True:
            i = seq.index(value, i + 1)
            found.append(i)
    except ValueError:
        return found


_SIMPLE_FORM = re.compile(r"\w+(?:['\-]\w+)*(?: \w+(?:['\-]\w+)*)*")


def form_keys(form: str) -> tuple[str, ...]:
    """Lookup keys of a lexicon form, as :func:`despin.tokens.split` would give them."""
    # Most forms are one lower-case ASCII word: the form is its own key (the same string
    # object, not a lower-cased copy: ~55,000 fewer strings with the built-in lexicons).
    if form.isalpha() and form.isascii() and form.islower():
        return (form,)
    # Most others are plain ASCII words and single spaces: split them without a regex.
    if (
        form.isascii()
        and form.replace(" ", "").isalpha()
        and "  " not in form
        and form[:1] != " " != form[-1:]
    ):
        return tuple(form.lower().split(" "))
    form = form.replace("’", "'")
    if _SIMPLE_FORM.fullmatch(form):
        return tuple(form.lower().split(" "))
    return tuple(split(form)[1])


_Columns = tuple[tuple[RawRow, ...], list[tuple[str, ...]], list[tuple[str, ...]]]


def _later_wins(columns: list[_Columns]) -> list[_Columns]:
    """Each source's rows without the pairs a later source also holds: the same spun form
    and original (by their keys, as the matcher sees them) under the same context.

    A user's lexicon listed after a built-in one overrides its weight for a shared pair
    instead of adding a second row for it: two rows would count the pair twice (``despin
    learn``'s output, for one, holds most of the news lexicon's pairs with weights fitted
    to one spinner).
    """
    out: list[_Columns] = []
    later: set[tuple[tuple[str, ...], tuple[str, ...], str]] = set()
    for source_rows, spun_keys, restored_keys in reversed(columns):
        pairs = list(zip(spun_keys, restored_keys, map(itemgetter(3), source_rows)))
        keep = [pair not in later for pair in pairs]
        out.append(
            (
                tuple(compress(source_rows, keep)),
                list(compress(spun_keys, keep)),
                list(compress(restored_keys, keep)),
            )
        )
        later.update(pairs)
    return out[::-1]


def _anchors(
    by_pair: dict[tuple[str, str], tuple[tuple[str, ...], ...]],
) -> dict[tuple[str, str], tuple[int, ...]]:
    """Each multi-word form's anchor: one adjacent pair of its keys, and its offset.

    A form can only match where its anchor occurs, so the scans test every adjacent
    pair of a text against the anchors and visit the starts they imply. A two-word
    form is its own anchor; a longer one is anchored on its pair with the most
    letters, as that tends to be the rarest: "in the south" on "the south", not on
    "in the", which begins nothing in most of its hundreds of occurrences. An anchor
    that ends a form also stands with that word's possessive ("the south's"), as
    :meth:`Index._match` accepts. Visiting a start where nothing matches is harmless.
    """
    # Forms are longest first: a pair whose last form has two words is an anchor itself,
    # and so is the pair with its second word's possessive ("the safety council's").
    two_word = [p for p, forms in by_pair.items() if len(forms[-1]) == 2]
    anchors: dict[tuple[str, str], tuple[int, ...]] = dict.fromkeys(two_word, (0,))
    # (Only "'s": a word's bare apostrophe is a token of its own, never part of a key.)
    anchors.update(dict.fromkeys([(a, b + "'s") for a, b in two_word], (0,)))
    for forms in by_pair.values():
        for form in forms:
            k = len(form)
            if k == 2:
                break
            m = max(range(k - 1), key=lambda m: len(form[m]) + len(form[m + 1]))
            pairs = [(form[m], form[m + 1])]
            if m == k - 2:
                pairs += [(form[m], form[m + 1] + p) for p in POSSESSIVES]
            for pair in pairs:
                anchors[pair] = tuple(sorted({*anchors.get(pair, ()), m}))
    return anchors


@functools.lru_cache(maxsize=4096)
def _context(text: str) -> Context:
    return parse_context(text)


def _compile(row: RawRow) -> Option:
    context = _context(row.context)
    return Option(
        row.spun,
        row.restored,
        form_keys(row.restored),
        row.weight,
        context,
        _source(row),
        context.fingerprint,
        row.family,
    )


def _source(row: RawRow) -> str:
    return f"{row.lexicon}:{row.spun}>{row.restored}"


@functools.lru_cache(maxsize=4096)
def _cased_form(spun: str) -> str:
    """A spun form as its tokens' surfaces read, space-joined, for the ``cased`` test."""
    return _SPACES.sub(" ", spun).replace("’", "'")


def _allowed(
    option: Option,
    surfaces: Sequence[str],
    first: int,
    last: int,
    suffix: int,
    prev_text: str,
    next_text: str,
    text: str,
    doc_cache: dict[str, bool],
) -> bool:
    # (A plain context passes every test below; the scan does not call this for one.)
    ctx = option.context
    if ctx.cased:
        words = list(map(visible, surfaces[first : last + 1]))
        if suffix:
            words[-1] = words[-1][:-suffix]
        if " ".join(words) != _cased_form(option.spun):
            return False
    if ctx.prev is not None and not ctx.prev.fullmatch(visible(prev_text)):
        return False
    if ctx.next is not None and not ctx.next.fullmatch(visible(next_text)):
        return False
    if ctx.doc is not None:
        pattern = ctx.doc.pattern
        if pattern not in doc_cache:
            doc_cache[pattern] = ctx.doc.search(text) is not None
        if not doc_cache[pattern]:
            return False
    return True
