"""Stage 0, language: paragraphs in another language than English are masked from every stage.

despin's lexicons and its detector are English. A French paragraph has none of the
English originals whose presence is evidence of clean text, and some of its words are
English spun forms ("utile" for "useful"), so unmasked it reads as spun. A stopword test
tells the languages apart: each paragraph's words are looked up among the markers of
``data/language_markers.tsv.gz`` (built by ``scripts/build_language_markers.py`` from
wordfreq), English ones ("the", "which", "would") and other languages' ("les", "und",
"della"). A paragraph with at least :data:`MIN_MARKERS` markers of other languages and
more of those than of English ones is another language's. A paragraph with too few
markers to say (a headline, a list of names) goes with its document.

Masking replaces the paragraph's word keys by :data:`MASK`, a key that no lexicon form,
language-model word or evidence table holds: the paragraph keeps its tokens (so every
offset stays right) and carries no evidence, no candidate and no change.
"""

from __future__ import annotations

import functools
import gzip
import importlib.resources
from collections.abc import Sequence
from itertools import compress, count

from despin.tokens import is_word

__all__ = ["MASK", "MIN_MARKERS", "Markers", "load_markers", "mask_other_languages"]

_RESOURCE = "data/language_markers.tsv.gz"
#: The key a masked word gets: not a word (see :func:`despin.tokens.is_word`) and in no table.
MASK = "\ufffc"
#: The fewest markers of other languages that make a paragraph (or a document) another
#: language's: one "les" or "und" in an English paragraph is a name or a quotation.
MIN_MARKERS = 2


class Markers:
    """The two marker sets: English words and other languages' words."""

    def __init__(self, english: frozenset[str], other: frozenset[str]) -> None:
        self.english = english
        self.other = other

    def counts(self, keys: Sequence[str]) -> tuple[int, int]:
        """How many of ``keys`` are English markers and how many other languages' markers."""
        return sum(map(self.english.__contains__, keys)), sum(map(self.other.__contains__, keys))


@functools.cache
def load_markers() -> Markers:
    """The packaged markers (read once)."""
    raw = importlib.resources.files("despin").joinpath(_RESOURCE).read_bytes()
    english: set[str] = set()
    other: set[str] = set()
    for line in gzip.decompress(raw).decode("utf-8").splitlines()[1:]:
        if not line or line.startswith("#") or line == "word\tlanguage":
            continue
        word, language = line.split("\t")
        (english if language == "en" else other).add(word)
    return Markers(frozenset(english), frozenset(other))


def _is_other(english: int, other: int) -> bool:
    return other >= MIN_MARKERS and other > english


def mask_other_languages(keys: list[str], markers: Markers | None = None) -> list[str]:
    """``keys`` with the words of every paragraph in another language replaced by :data:`MASK`.

    Returns ``keys`` itself (the same object) when no paragraph is masked.

    >>> keys = "the city said that les forces de l'ordre".split()
    >>> mask_other_languages(keys) is keys
    True
    >>> masked = mask_other_languages("les habitants et la ville".split() + ["\\n", "the", "city"])
    >>> [k == MASK for k in masked]
    [True, True, True, True, True, False, False, False]
    """
    markers = load_markers() if markers is None else markers
    # English text rarely holds a marker of another language: one C-level set operation
    # settles most documents.
    found = markers.other.intersection(keys)
    if not found:
        return keys
    other = sum(map(found.__contains__, keys))
    if other < MIN_MARKERS:
        return keys
    english = sum(map(markers.english.__contains__, keys))
    document_is_other = _is_other(english, other)
    breaks = [*compress(count(), map("\n".__eq__, keys)), len(keys)]
    masked: list[str] | None = None
    start = 0
    for end in breaks:
        if end > start:
            part = keys[start:end]
            here_english, here_other = markers.counts(part)
            if _is_other(here_english, here_other):
                is_other = True
            elif here_english > here_other:
                is_other = False
            else:  # too few markers to say: the document's language
                is_other = document_is_other
            if is_other:
                if masked is None:
                    masked = list(keys)
                masked[start:end] = [MASK if is_word(k) else k for k in part]
        start = end + 1
    return keys if masked is None else masked
