"""Tokenisation: one compiled pattern, shared by every stage.

A *word* is a run of letters/digits, with the combining accents they carry, and inner
apostrophes (``they've``, ``1000's``, ``Dostum’s``) or hyphens (``pro-government``).
Every other non-space character is a token of its own (a *mark*): marks break phrases and
cut the left/right context of the language model, and newlines mark paragraph ends (but
for a newline that only wraps a line inside a sentence, which is a space: hard-wrapped
text reads as the same text unwrapped).

Scanning works on two parallel lists, the surface strings and their lookup keys
(lower case, ASCII apostrophe), built by C-level calls only (:func:`split`), so a
clean document costs little more than one regex pass. Character offsets are computed
only for documents that need them (:func:`spans`).
"""

from __future__ import annotations

import re
import sys

__all__ = ["SCAN", "WORD", "ascii_apostrophes", "is_word", "normalize", "spans", "split"]

#: Combining diacritics (the blocks of U+0300, U+1AB0, U+1DC0, U+20D0 and U+FE20): part of
#: the word they follow, so a decomposed (NFD) "résumé" is one word, not "re", "sume" and
#: two marks, and "metropolis" with an accent on its "s" is not the spun "metropolis".
_COMBINING = "\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f"
# The standard library's ``re`` is used here, not ``regex``: on this hot path it is about
# twice as fast, and Unicode ``\w`` (letters, digits, underscore) is what a word needs.
# Possessive quantifiers (Python 3.11+) match the same (a word cannot give characters
# back to what follows it) and spare the engine its backtracking state: ~10% faster.
if sys.version_info >= (3, 11):
    _WORD = rf"\w[\w{_COMBINING}]*+(?:['\-]\w[\w{_COMBINING}]*+)*+"
    _ASCII_WORD = r"\w++(?:['\-]\w++)*+"  # the same on text with no combining marks
else:  # pragma: no cover
    _WORD = rf"\w[\w{_COMBINING}]*(?:['\-]\w[\w{_COMBINING}]*)*"
    _ASCII_WORD = r"\w+(?:['\-]\w+)*"
#: A newline, unless it only wraps a line inside a sentence: after a word or a comma and
#: before a lower-case word ("the Security Council said\non Saturday" is hard-wrapped
#: text; a wrap is a space to the matcher and the language model, and no paragraph end).
#: (The "\n" comes first, its look-behinds after it: the engine tries this at every space
#: of a text, and a literal fails faster than two look-behinds.)
_NEWLINE = r"\n(?:(?<![\w,]\n)(?<![\w,]\r\n)|(?![ \t]*[a-z]))"
#: A word (apostrophes already made ASCII, see :func:`split`).
WORD = re.compile(_WORD)
#: A word, a newline that ends a line of text, or any other single non-space character.
SCAN = re.compile(_WORD + "|" + _NEWLINE + r"|[^\w\s]")
#: :data:`SCAN` with ASCII classes, about a quarter faster. On ASCII characters they
#: are the Unicode ones, except that Unicode ``\s`` also holds the separators
#: \x1c-\x1f: excluded here by hand. Any other character is a mark to both, unless
#: Unicode counts it a letter, digit or space: see :func:`_scanner`.
_SCAN_ASCII = re.compile(_ASCII_WORD + "|" + _NEWLINE + r"|[^\w\s\x1c-\x1f]", re.ASCII)
#: Typographic marks common in news (neither word characters nor spaces in Unicode).
MARKS = "“”‘’«»–—…•"
#: Text whose characters all tokenise the same with ASCII classes (matching the run
#: whole is faster than searching for the first exception).
_ASCII_SAFE = re.compile(f"[\\x00-\\x7f{MARKS}]*")

_APOSTROPHES = str.maketrans({"’": "'", "ʼ": "'"})


def normalize(word: str) -> str:
    """The lookup key of a word or phrase: lower case, ASCII apostrophes.

    >>> normalize("1000’s")
    "1000's"
    >>> normalize("Safety Council")
    'safety council'
    """
    if word.isascii():  # no typographic apostrophe to replace: skip translate
        return word.lower()
    return word.translate(_APOSTROPHES).lower()


class _Keys(dict[str, str]):
    """Surface -> key (``str.lower``), filled on first lookup, up to a size limit.

    A lookup costs about half a ``str.lower`` call, and the keys it returns are shared
    objects whose hashes are already computed, which every later lookup of the stages
    reuses. Frequent words come first, so the limit covers most tokens of any text;
    past it, keys are computed on each lookup.
    """

    limit = 50_000

    def __missing__(self, surface: str) -> str:
        key = surface.lower()
        if key == surface:
            key = surface
        if len(self) < self.limit:
            self[surface] = key
        return key


_KEYS = _Keys()


def split(text: str) -> tuple[list[str], list[str]]:
    """Surface tokens of ``text`` and their lookup keys.

    >>> split("The Taliban’s 1000’s.")[1]
    ['the', "taliban's", "1000's", '.']
    """
    text = ascii_apostrophes(text)
    surfaces = _scanner(text).findall(text)
    return surfaces, list(map(_KEYS.__getitem__, surfaces))


def spans(text: str) -> list[tuple[int, int]]:
    """Character spans of the tokens :func:`split` returns, in the same order."""
    text = ascii_apostrophes(text)
    return [m.span() for m in _scanner(text).finditer(text)]


def _scanner(text: str) -> re.Pattern[str]:
    """The faster ASCII-class pattern when it finds the same tokens in ``text``: when
    every character is ASCII or one of :data:`MARKS` (most news text)."""
    if text.isascii() or _ASCII_SAFE.fullmatch(text) is not None:
        return _SCAN_ASCII
    return SCAN


def ascii_apostrophes(text: str) -> str:
    """``text`` with typographic apostrophes made ASCII; same length, so offsets carry over."""
    if "’" in text:
        text = text.replace("’", "'")
    if "ʼ" in text:
        text = text.replace("ʼ", "'")
    return text


def is_word(token: str) -> bool:
    """True for a token of :func:`split` that is a word, False for a mark.

    Marks are single non-word characters, so the first character decides.

    >>> [is_word(t) for t in split("Town, 1000's")[0]]
    [True, False, True]
    """
    first = token[0]
    return first.isalnum() or first == "_"
