"""Tokenisation: one compiled pattern that finds words, shared by every stage.

A word is a run of letters/digits, with inner apostrophes (``they've``, ``1000's``,
``Dostum’s``) and inner hyphens kept (``pro-government``). Lookup keys are
lower-cased and use the ASCII apostrophe, so ``1000’s`` and ``1000's`` meet
the same lexicon entry while the text itself is never touched.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import NamedTuple

import regex

__all__ = ["WORD", "Token", "normalize", "tokenize"]

#: A word: letters, marks and digits, with inner apostrophes or hyphens.
WORD = regex.compile(r"[\p{L}\p{M}\p{N}]+(?:['’\-][\p{L}\p{M}\p{N}]+)*")

_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "ʼ": "'"})


class Token(NamedTuple):
    """A word of the text: its span and its lookup key."""

    start: int
    end: int
    text: str
    key: str


def normalize(word: str) -> str:
    """The lookup key of a word or phrase: lower case, ASCII apostrophes.

    >>> normalize("1000’s")
    "1000's"
    >>> normalize("Safety Council")
    'safety council'
    """
    return word.translate(_APOSTROPHES).lower()


def tokenize(text: str) -> Iterator[Token]:
    """Yield the words of ``text`` with their spans.

    >>> [t.key for t in tokenize("The Taliban’s 1000’s of pro-government troops")]
    ["the", "taliban's", "1000's", "of", "pro-government", "troops"]
    """
    for m in WORD.finditer(text):
        word = m.group()
        yield Token(m.start(), m.end(), word, normalize(word))
