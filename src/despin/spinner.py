"""A deterministic thesaurus spinner: the adversary despin is measured against.

:func:`spin` does what commercial "article spinners" do: it swaps words, and a
few multi-word phrases, for the first dictionary synonyms of their first sense,
with no regard for context (``city`` > ``metropolis``, ``government`` >
``authorities``). It exists so that despin can be evaluated on text it has never
seen and so users can write property tests (``despin.clean(despin.spin(t).text)``).

It is deliberately independent of despin's restoration lexicons: its table
(``data/spinner.tsv.gz``) is built by ``scripts/build_spinner.py`` from MyThes and
WordNet alone and is never consulted by the restorer.

Every decision is a pure function of ``(seed, token index, word)`` through
BLAKE2b, so a given ``(text, rate, seed)`` spins the same way on every platform
and Python version; :mod:`random` and :func:`hash` are never used.
"""

from __future__ import annotations

import functools
import hashlib
import itertools
import math
import numbers
from collections.abc import Mapping
from dataclasses import dataclass
from typing import NamedTuple

from despin.changes import Change, build_changes, check_text, render_diff, revert_changes
from despin.resources import data_lines
from despin.tokens import WORD, ascii_apostrophes, normalize

__all__ = ["Spun", "spin"]

_RESOURCE = "spinner.tsv.gz"
_REASON = "simulated spinner substitution"


class _Token(NamedTuple):
    start: int
    end: int
    text: str
    key: str


def _tokens(text: str) -> list[_Token]:
    """The words of ``text`` (``despin.tokens.WORD``) with their spans and lookup keys."""
    scan = ascii_apostrophes(text)
    return [
        _Token(m.start(), m.end(), text[m.start() : m.end()], normalize(m.group()))
        for m in WORD.finditer(scan)
    ]


@dataclass(frozen=True, slots=True)
class Spun:
    """The result of :func:`spin`: the spun ``text`` and the ``changes`` that made it.

    Each change maps the input to the output (``spun`` is the original word,
    ``restored`` the spinner's replacement), the same direction as despin's own
    logs, so ``apply_changes(original, spun.changes) == spun.text`` and
    :meth:`revert` rebuilds the original from the output and the log alone.
    """

    text: str
    changes: tuple[Change, ...]
    rate: float
    seed: int
    #: Whether "a"/"an" was made to agree with each swap (see :func:`spin`).
    fix_articles: bool = False

    def revert(self) -> str:
        """Return the input exactly, rebuilt from the output and the change log."""
        return revert_changes(self.text, self.changes)

    @property
    def original(self) -> str:
        """The text before spinning (same as :meth:`revert`)."""
        return self.revert()

    def diff(self, *, color: bool = False) -> str:
        """The original with every swap shown inline (see :func:`despin.changes.render_diff`)."""
        return render_diff(self.revert(), self.changes, color=color)


@dataclass(frozen=True, slots=True)
class _Table:
    """The spinner's thesaurus: lower-case form -> alternatives, plus phrase bookkeeping."""

    entries: Mapping[str, tuple[str, ...]]
    #: first words of multi-word forms, mapped to the longest such form's word count
    phrase_starts: Mapping[str, int]


@functools.lru_cache(maxsize=1)
def _table() -> _Table:
    """Load the packaged table once, on first use (never at import time)."""
    entries: dict[str, tuple[str, ...]] = {}
    phrase_starts: dict[str, int] = {}
    for line in data_lines(_RESOURCE):
        if not line or line.startswith("#"):
            continue
        form, _, alternatives = line.partition("\t")
        choices = tuple(a for a in alternatives.split("|") if a)
        if not form:
            continue
        entries[form] = choices  # no choices: a multi-word name the spinner leaves alone
        words = form.split(" ")
        if len(words) > 1:
            phrase_starts[words[0]] = max(phrase_starts.get(words[0], 1), len(words))
    return _Table(entries, phrase_starts)


def _draw(seed: int, index: int, form: str) -> tuple[float, int]:
    """Two independent uniform draws for one swap site: u in [0, 1) and a choice integer."""
    key = f"{seed}\x1f{index}\x1f{form}".encode("utf-8", "surrogatepass")
    digest = hashlib.blake2b(key, digest_size=16, person=b"despin-spinner").digest()
    u = (int.from_bytes(digest[:8], "big") >> 11) / float(1 << 53)
    return u, int.from_bytes(digest[8:], "big")


def _match_case(source: str, replacement: str) -> str | None:
    """Carry the case of ``source`` over to ``replacement``; None for mixed case (a name?)."""
    if source == source.lower():
        return replacement
    letters = sum(ch.isalpha() for ch in source)
    if source == source.upper() and letters > 1:
        return replacement.upper()
    if source[:1].isupper() and source[1:] == source[1:].lower():
        return replacement[:1].upper() + replacement[1:]
    words = source.split(" ")
    if len(words) > 1 and all(w[:1].isupper() and w[1:] == w[1:].lower() for w in words):
        return " ".join(w[:1].upper() + w[1:] for w in replacement.split(" "))
    return None


def _site(
    tokens: list[_Token], text: str, i: int, table: _Table
) -> tuple[int, int, str, str, int] | None:
    """The longest table form starting at token ``i``: (start, end, form, span text, n words)."""
    entries = table.entries
    first = tokens[i]
    longest = table.phrase_starts.get(first.key, 1)
    for n in range(min(longest, len(tokens) - i), 1, -1):
        run = tokens[i : i + n]
        if any(text[a.end : b.start] != " " for a, b in itertools.pairwise(run)):
            continue
        form = " ".join(t.key for t in run)
        if form not in entries:
            continue
        if entries[form] or any(t.text[:1].isupper() for t in run[1:]):
            # a protected name only counts when written as one (United Nations, not "the city")
            return first.start, run[-1].end, form, text[first.start : run[-1].end], n
    if entries.get(first.key):
        return first.start, first.end, first.key, first.text, 1
    if first.key.endswith("'s") and entries.get(first.key[:-2]):
        # possessive: swap the stem and leave the 's / ’s suffix exactly as written
        end = first.end - 2
        return first.start, end, first.key[:-2], text[first.start : end], 1
    return None


def _article_agreement(
    tokens: list[_Token], text: str, index: int, start: int, replacement: str
) -> tuple[int, str] | None:
    """(new start, new replacement) taking in the "a" or "an" just before a swap when the
    replacement needs the other one, by its first letter, as a tidy spinner writes it."""
    if index == 0 or not replacement[:1].isalpha():
        return None
    before = tokens[index - 1]
    if before.key not in ("a", "an") or not text[before.end : start].isspace():
        return None
    needed = "an" if replacement[0].lower() in "aeiou" else "a"
    if needed == before.key:
        return None
    article = _match_case(before.text, needed) or needed
    return before.start, article + text[before.end : start] + replacement


def spin(
    text: str,
    rate: float = 0.5,
    seed: int = 0,
    *,
    keep_case: bool = True,
    fix_articles: bool = False,
) -> Spun:
    """Spin ``text`` like a thesaurus spinner: swap each known word with probability ``rate``.

    Words and phrases the spinner's table knows (longest phrase first) are each
    replaced, with probability ``rate``, by one of the first synonyms of their
    first sense, inflected like the original (``cities`` > ``metropolises``).
    Case is carried over (``lower``, ``Title``, ``UPPER``) unless ``keep_case`` is
    false; mixed-case words (``iPhone``) and multi-word names written as names
    (``United Nations``) are left alone; possessive ``'s`` stays; nothing outside a
    replaced word changes, unless ``fix_articles``: then an "a" or "an" before a swapped
    word is made to agree with its replacement, by its first letter ("an army" > "a
    military"), as tidier spinners do. The result is a pure function of ``(text, rate,
    seed)`` and the options.

    >>> spin("The city council said on Monday it would vote.", rate=0).text
    'The city council said on Monday it would vote.'
    >>> text = "Officials told the city council the government would act."
    >>> spun = spin(text, rate=1.0, seed=7)
    >>> spun.revert() == text and spun.text != text
    True
    >>> from despin.changes import apply_changes
    >>> apply_changes(text, spun.changes) == spun.text
    True
    """
    text = check_text(text)
    if isinstance(rate, bool) or not isinstance(rate, numbers.Real):
        msg = f"rate must be a number in [0, 1], not {type(rate).__name__}"
        raise TypeError(msg)
    rate = float(rate)
    if math.isnan(rate) or not 0.0 <= rate <= 1.0:
        msg = f"rate must be in [0, 1], got {rate!r}"
        raise ValueError(msg)
    if isinstance(seed, bool) or not isinstance(seed, numbers.Integral):
        msg = f"seed must be an int, not {type(seed).__name__}"
        raise TypeError(msg)
    seed = int(seed)
    if rate == 0.0 or not text:
        return Spun(text, (), rate, seed, fix_articles)

    table = _table()
    tokens = _tokens(text)
    edits: list[tuple[int, int, str, float, str, str]] = []
    i = 0
    while i < len(tokens):
        site = _site(tokens, text, i, table)
        if site is None:
            i += 1
            continue
        start, end, form, span, n = site
        index, i = i, i + n
        choices = table.entries[form]
        if not choices:
            continue
        u, pick = _draw(seed, index, form)
        if u >= rate:
            continue
        chosen = choices[pick % len(choices)]
        replacement = _match_case(span, chosen) if keep_case else chosen
        if replacement is None or replacement == span:
            continue
        if fix_articles:
            fixed = _article_agreement(tokens, text, index, start, replacement)
            if fixed is not None and (not edits or edits[-1][1] <= fixed[0]):
                start, replacement = fixed
        source = f"spinner:{form}>{chosen}"
        edits.append((start, end, replacement, 1.0, source, _REASON))
    built = build_changes(text, edits)
    return Spun(built.text, built.changes, rate, seed, fix_articles)
