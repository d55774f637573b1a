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

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import NamedTuple

import regex

from despin.lexicon import Context, Entry, Lexicon
from despin.tokens import normalize, split

__all__ = ["Index", "Occurrence", "Option", "Pattern", "is_word_token"]

_POSSESSIVE = ("'s", "'")
_SPACES = regex.compile(r"\s+")


def is_word_token(token: str) -> bool:
    """True for a word token, False for a mark (punctuation, symbol, newline)."""
    first = token[0]
    return first.isalnum() or first == "_"


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


@dataclass(frozen=True, slots=True)
class Pattern:
    """A spun form as a sequence of word keys, with its options."""

    keys: tuple[str, ...]
    options: tuple[Option, ...]
    special: bool


class Occurrence(NamedTuple):
    """A place where a spun form matched: token range, options that apply, neighbours."""

    first: int
    last: int
    suffix: int
    keys: tuple[str, ...]
    options: tuple[Option, ...]
    prev: str | None
    next: str | None


class Index:
    """Compiled lexicons: patterns by first key, plus the per-word swap mass."""

    def __init__(self, lexicons: Sequence[Lexicon]) -> None:
        grouped: dict[tuple[str, ...], list[Option]] = {}
        swap_mass: dict[tuple[str, ...], float] = {}
        for lexicon in lexicons:
            for entry in lexicon.entries:
                keys = _form_keys(entry.spun)
                if not keys:
                    continue
                option = _compile(entry)
                grouped.setdefault(keys, []).append(option)
                swap_mass[option.keys] = swap_mass.get(option.keys, 0.0) + option.weight
        by_first: dict[str, list[Pattern]] = {}
        for keys, options in grouped.items():
            special = len(keys) > 1 or any(not o.context.is_plain for o in options)
            by_first.setdefault(keys[0], []).append(Pattern(keys, tuple(options), special))
        for patterns in by_first.values():
            patterns.sort(key=lambda p: (-len(p.keys), not p.special))
        self.patterns: dict[str, tuple[Pattern, ...]] = {k: tuple(v) for k, v in by_first.items()}
        by_pair: dict[tuple[str, str], list[Pattern]] = {}
        for v in self.patterns.values():
            for p in v:
                if len(p.keys) > 1:
                    by_pair.setdefault((p.keys[0], p.keys[1]), []).append(p)
        #: Multi-word patterns by their first two keys, longest first.
        self.by_pair: dict[tuple[str, str], tuple[Pattern, ...]] = {
            k: tuple(v) for k, v in by_pair.items()
        }
        #: One-word patterns by key.
        self.single: dict[str, tuple[Pattern, ...]] = {
            k: tuple(p for p in v if len(p.keys) == 1)
            for k, v in self.patterns.items()
            if any(len(p.keys) == 1 for p in v)
        }
        #: Keys that begin a one-word special pattern (a constrained entry), and the
        #: possessive forms of every pattern's first key ("authorities's").
        self.special_single: frozenset[str] = frozenset(
            k for k, v in self.patterns.items() if any(p.special and len(p.keys) == 1 for p in v)
        ) | frozenset(k + poss for k in self.patterns for poss in _POSSESSIVE)
        #: First two keys of multi-word patterns: "the place" starts with "the", which is
        #: everywhere, so the fast path looks for the pair, not the first word.
        self.special_pairs: frozenset[tuple[str, str]] = frozenset(self.by_pair)
        #: Single-word keys whose only pattern is simple: counted, not visited.
        self.simple: dict[str, Pattern] = {
            k: v[0] for k, v in self.patterns.items() if len(v) == 1 and not v[0].special
        }
        #: First keys of patterns with a fingerprint option: seeing one forces a full pass.
        self.fingerprint_keys: frozenset[str] = frozenset(
            k
            for k, v in self.patterns.items()
            for p in v
            if any(o.fingerprint for o in p.options)
        )
        self.swap_mass = {k: min(v, 1.0) for k, v in swap_mass.items()}
        self.size = sum(len(o) for o in grouped.values())

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
        doc_cache: dict[str, bool] = {}
        n = len(keys)
        if special_only:
            positions: Iterable[int] = self._special_positions(keys)
        else:
            positions = range(n)
        covered_until = -1
        for i in positions:
            if i <= covered_until:
                continue
            key = keys[i]
            suffix = 0
            candidates: tuple[Pattern, ...] = ()
            if i + 1 < n:
                candidates = by_pair.get((key, keys[i + 1]), ())
            one = single.get(key)
            if one is None:
                for poss in _POSSESSIVE:
                    if key.endswith(poss) and key[: -len(poss)] in single:
                        one = single[key[: -len(poss)]]
                        suffix = len(poss)
                        break
            if one is not None:
                candidates += one
            for pattern in candidates:
                if special_only and not pattern.special:
                    continue
                occ = self._match(text, surfaces, keys, i, suffix, pattern, doc_cache)
                if occ is not None:
                    found.append(occ)
                    covered_until = occ.last
                    break
        return found

    def _special_positions(self, keys: Sequence[str]) -> list[int]:
        """Positions where a special pattern may start, found with set operations in C."""
        singles = self.special_single.intersection(keys)
        pairs = self.special_pairs.intersection(zip(keys, keys[1:]))
        if not singles and not pairs:
            return []
        starts = singles | {a for a, _b in pairs}
        if not pairs:
            return [i for i, k in enumerate(keys) if k in starts]
        n = len(keys)
        return [
            i
            for i, k in enumerate(keys)
            if k in singles or (k in starts and i + 1 < n and (k, keys[i + 1]) in pairs)
        ]

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
        k = len(pattern.keys)
        last = i + k - 1
        if last >= len(keys) or (suffix and k > 1):
            return None
        for j in range(1, k):
            key = keys[i + j]
            want = pattern.keys[j]
            if key != want:
                if j == k - 1 and any(key == want + p for p in _POSSESSIVE):
                    suffix = len(key) - len(want)
                else:
                    return None
        prev_key = keys[i - 1] if i > 0 and is_word_token(keys[i - 1]) else None
        next_key = keys[last + 1] if last + 1 < len(keys) and is_word_token(keys[last + 1]) else None
        if suffix:
            next_key = None
        options = pattern.options
        if pattern.special:
            prev_text = surfaces[i - 1] if prev_key is not None else ""
            next_text = surfaces[last + 1] if next_key is not None else ""
            options = tuple(
                o
                for o in options
                if _allowed(o, surfaces, i, last, suffix, prev_text, next_text, text, doc_cache)
            )
            if not options:
                return None
        return Occurrence(i, last, suffix, pattern.keys, options, prev_key, next_key)

    def occurrences(self, text: str) -> list[Occurrence]:
        """All occurrences in ``text`` (convenience for tests and diagnostics)."""
        surfaces, keys = split(text)
        return self.scan(text, surfaces, keys)


def _form_keys(form: str) -> tuple[str, ...]:
    _surfaces, keys = split(form)
    return tuple(k for k in keys)


def _compile(entry: Entry) -> Option:
    return Option(
        entry.spun,
        entry.restored,
        _form_keys(entry.restored),
        entry.weight,
        entry.context,
        entry.source,
        entry.context.fingerprint,
    )


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
    ctx = option.context
    if ctx.is_plain:
        return True
    if ctx.cased:
        words = list(surfaces[first : last + 1])
        if suffix:
            words[-1] = words[-1][:-suffix]
        if " ".join(words) != _SPACES.sub(" ", option.spun).replace("’", "'"):
            return False
    if ctx.prev is not None and not ctx.prev.fullmatch(prev_text):
        return False
    if ctx.next is not None and not ctx.next.fullmatch(next_text):
        return False
    if ctx.doc is not None:
        pattern = ctx.doc.pattern
        if pattern not in doc_cache:
            doc_cache[pattern] = ctx.doc.search(text) is not None
        if not doc_cache[pattern]:
            return False
    return True
