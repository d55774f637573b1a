"""Stage 1, matching: compile lexicons into a lookup index and find candidate occurrences.

The index is keyed by the lookup key (:func:`despin.tokens.normalize`) of a spun
form's first word, so scanning a document costs one tokenising pass and one dict
lookup per word; only words that begin some spun form go further. Context
constraints (``cased``, ``prev:``, ``next:``, ``doc:``) are checked here, so later
stages only see options that may apply.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import NamedTuple

import regex

from despin.lexicon import Context, Entry, Lexicon
from despin.tokens import WORD, normalize

__all__ = ["Index", "Occurrence", "Option", "Pattern", "Tok"]

_SPACES = regex.compile(r"\s+")
# A gap between two words that ends a sentence or a line: the left word is no context.
_BOUNDARY = regex.compile(r"[.!?;:\n\r\u2029\u2028]")
_POSSESSIVE = ("'s", "'")


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
    """A spun form as a sequence of word keys and the separators between them."""

    keys: tuple[str, ...]
    gaps: tuple[str, ...]
    options: tuple[Option, ...]


class Tok(NamedTuple):
    """A word of the document: span, surface text, lookup key."""

    start: int
    end: int
    text: str
    key: str


class Occurrence(NamedTuple):
    """A place in the document where some spun form matched."""

    first: int
    last: int
    start: int
    end: int
    spun: str
    keys: tuple[str, ...]
    options: tuple[Option, ...]
    prev: str | None
    next: str | None


def _split_form(form: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Keys of a form's words and the normalised separators between them."""
    keys: list[str] = []
    gaps: list[str] = []
    last_end = None
    for m in WORD.finditer(form):
        if last_end is not None:
            gaps.append(_SPACES.sub(" ", form[last_end : m.start()]))
        keys.append(normalize(m.group()))
        last_end = m.end()
    return tuple(keys), tuple(gaps)


class Index:
    """Compiled lexicons: patterns by first key, plus the per-word swap mass."""

    def __init__(self, lexicons: Sequence[Lexicon]) -> None:
        grouped: dict[tuple[tuple[str, ...], tuple[str, ...]], list[Option]] = {}
        swap_mass: dict[tuple[str, ...], float] = {}
        for lexicon in lexicons:
            for entry in lexicon.entries:
                option = self._compile(entry)
                if option is None:
                    continue
                keys, gaps = _split_form(entry.spun)
                grouped.setdefault((keys, gaps), []).append(option)
                swap_mass[option.keys] = swap_mass.get(option.keys, 0.0) + option.weight
        by_first: dict[str, list[Pattern]] = {}
        for (keys, gaps), options in grouped.items():
            by_first.setdefault(keys[0], []).append(Pattern(keys, gaps, tuple(options)))
        for patterns in by_first.values():
            patterns.sort(key=lambda p: -len(p.keys))
        self.patterns: dict[str, tuple[Pattern, ...]] = {
            k: tuple(v) for k, v in by_first.items()
        }
        self.swap_mass = {k: min(v, 1.0) for k, v in swap_mass.items()}
        self.size = sum(len(o) for o in grouped.values())

    @staticmethod
    def _compile(entry: Entry) -> Option | None:
        keys, _ = _split_form(entry.restored)
        spun_keys, _ = _split_form(entry.spun)
        if not spun_keys:
            return None
        return Option(
            entry.spun,
            entry.restored,
            keys,
            entry.weight,
            entry.context,
            entry.source,
            entry.context.fingerprint,
        )

    def tokens(self, text: str) -> list[Tok]:
        """All words of ``text`` with spans and keys."""
        return [Tok(m.start(), m.end(), m.group(), normalize(m.group())) for m in WORD.finditer(text)]

    def has_candidates(self, text: str) -> bool:
        """Cheap test: does any word of ``text`` begin a spun form?"""
        lowered = text.lower()
        patterns = self.patterns
        return any(w in patterns for w in WORD.findall(lowered.replace("’", "'")))

    def scan(self, text: str, toks: Sequence[Tok]) -> list[Occurrence]:
        """Every occurrence of a spun form, longest pattern first at each word."""
        found: list[Occurrence] = []
        patterns = self.patterns
        doc_cache: dict[str, bool] = {}
        n = len(toks)
        for i, tok in enumerate(toks):
            key = tok.key
            suffix = 0
            candidates = patterns.get(key)
            if candidates is None:
                for poss in _POSSESSIVE:
                    if key.endswith(poss) and key[: -len(poss)] in patterns:
                        candidates = patterns[key[: -len(poss)]]
                        suffix = len(poss)
                        break
                if candidates is None:
                    continue
            for pattern in candidates:
                k = len(pattern.keys)
                if i + k > n:
                    continue
                if k > 1 and not self._matches(text, toks, i, pattern, suffix):
                    continue
                if k > 1 and suffix:
                    continue
                last = i + k - 1
                end = toks[last].end
                last_suffix = 0
                if k > 1:
                    last_key = toks[last].key
                    for poss in _POSSESSIVE:
                        if last_key != pattern.keys[-1] and last_key == pattern.keys[-1] + poss:
                            last_suffix = len(poss)
                    if last_key != pattern.keys[-1] and not last_suffix:
                        continue
                end -= suffix or last_suffix
                start = tok.start
                spun = text[start:end]
                prev_tok = toks[i - 1] if i > 0 else None
                next_tok = toks[last + 1] if last + 1 < n else None
                prev_text = ""
                if prev_tok is not None and not _BOUNDARY.search(text[prev_tok.end : start]):
                    prev_text = prev_tok.text
                next_text = ""
                if next_tok is not None and not _BOUNDARY.search(text[end : next_tok.start]):
                    next_text = next_tok.text
                options = tuple(
                    o
                    for o in pattern.options
                    if self._allowed(o, spun, prev_text, next_text, text, doc_cache)
                )
                if not options:
                    continue
                found.append(
                    Occurrence(
                        i,
                        last,
                        start,
                        end,
                        spun,
                        pattern.keys,
                        options,
                        normalize(prev_text) if prev_text else None,
                        normalize(next_text) if next_text else None,
                    )
                )
                break
        return found

    @staticmethod
    def _matches(text: str, toks: Sequence[Tok], i: int, pattern: Pattern, suffix: int) -> bool:
        keys = pattern.keys
        for j in range(1, len(keys)):
            tok = toks[i + j]
            if tok.key != keys[j] and not (j == len(keys) - 1 and tok.key.startswith(keys[j])):
                return False
            gap = text[toks[i + j - 1].end : tok.start]
            if _SPACES.sub(" ", gap) != pattern.gaps[j - 1]:
                return False
        return True

    @staticmethod
    def _allowed(
        option: Option,
        spun: str,
        prev_text: str,
        next_text: str,
        text: str,
        doc_cache: dict[str, bool],
    ) -> bool:
        ctx = option.context
        if ctx.is_plain:
            return True
        if ctx.cased and _SPACES.sub(" ", spun).replace("’", "'") != option.spun.replace("’", "'"):
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


def iter_options(occurrences: Iterable[Occurrence]) -> Iterable[Option]:
    """Every option of every occurrence (for tests and diagnostics)."""
    for occ in occurrences:
        yield from occ.options
