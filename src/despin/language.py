"""Stage 0, language: paragraphs not written in English are masked from every stage.

despin's lexicons and its detector are English prose. A French paragraph has none of the
English originals whose presence is evidence of clean text, and some of its words are
English spun forms ("utile" for "useful"), so unmasked it reads as spun; so does source
code, whose identifiers are words too ("prof", "gens"). Two tests find such paragraphs:

* *Another natural language*, by a stopword test: each paragraph's words are looked up
  among the markers of ``data/language_markers.tsv.gz`` (built by
  ``scripts/build_language_markers.py`` from wordfreq), English ones ("the", "which",
  "would") and other languages' ("les", "und", "della"). A paragraph with at least
  :data:`MIN_MARKERS` markers of other languages and more of those than of English ones
  is another language's.
* *A formal language* (code, markup, tables): at least :data:`CODE_MIN_WORDS` words, at
  least :data:`CODE_MARKS` marks (brackets, operators, dots) a word and hardly any English
  marker (fewer than :data:`CODE_ENGLISH` a word). English prose, even a table of results
  in a news story, stays well under that many marks a word. Only documents with some
  brackets, "=" or ";" are tested for it, so prose pays nothing for this test.

A paragraph too short or with too few markers to say (a headline, a list of names, one
line of code) goes with its document. In an English paragraph, a sentence or quotation
in another language ("« C'est une mesure utile », a déclaré le ministre") is masked alone.

Masking replaces the paragraph's word keys by :data:`MASK`, a key that no lexicon form,
language-model word or evidence table holds: the paragraph keeps its tokens (so every
offset stays right) and carries no evidence, no candidate and no change.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import compress, count

from despin.resources import data_lines
from despin.tokens import is_word

__all__ = [
    "CODE_ENGLISH",
    "CODE_MARKS",
    "CODE_MIN_WORDS",
    "MASK",
    "MIN_MARKERS",
    "Markers",
    "load_markers",
    "mask_other_languages",
]

_RESOURCE = "language_markers.tsv.gz"
#: The key a masked word gets: not a word (see :func:`despin.tokens.is_word`) and in no table.
MASK = "\ufffc"
#: The fewest markers of other languages that make a paragraph (or a document) another
#: language's: one "les" or "und" in an English paragraph is a name or a quotation.
MIN_MARKERS = 2
#: A paragraph of code has at least this many words, ...
CODE_MIN_WORDS = 3
#: ... at least this many marks a word (prose: 0.1-0.3, 0.45 at most in our news; code:
#: 0.6-2, about 1 in the middle) ...
CODE_MARKS = 0.6
#: ... and fewer English markers a word than this (prose: about 0.2).
CODE_ENGLISH = 0.05
#: Characters that prose rarely writes and code always does: a document with fewer than
#: one of them in :data:`CODE_SCARCITY` tokens holds no paragraph of code.
CODE_CHARACTERS = "(={;<["
CODE_SCARCITY = 100


@dataclass(frozen=True, slots=True)
class Markers:
    """The two marker sets: English words and other languages' words."""

    english: frozenset[str]
    other: frozenset[str]

    def counts(self, keys: Sequence[str]) -> tuple[int, int]:
        """How many of ``keys`` are English markers and how many other languages' markers."""
        return sum(map(self.english.__contains__, keys)), sum(map(self.other.__contains__, keys))


@functools.cache
def load_markers() -> Markers:
    """The packaged markers (read once)."""
    english: set[str] = set()
    other: set[str] = set()
    lines = data_lines(_RESOURCE)
    for line in lines[lines.index("word\tlanguage") + 1 :]:
        word, language = line.split("\t")
        (english if language == "en" else other).add(word)
    return Markers(frozenset(english), frozenset(other))


def _is_other(english: int, other: int) -> bool:
    return other >= MIN_MARKERS and other > english


def _is_code(tokens: int, words: int, english: int) -> bool:
    """Whether a paragraph of ``tokens`` tokens, ``words`` of them words and ``english`` of
    those English markers, is code (see :data:`CODE_MARKS`)."""
    return (
        words >= CODE_MIN_WORDS
        and tokens - words >= CODE_MARKS * words
        and english < CODE_ENGLISH * words
    )


def _may_hold_code(text: str, tokens: int) -> bool:
    return sum(map(text.count, CODE_CHARACTERS)) * CODE_SCARCITY >= tokens


def mask_other_languages(text: str, keys: list[str], markers: Markers | None = None) -> list[str]:
    """``keys`` (of ``text``) with the words of every paragraph not written in English
    replaced by :data:`MASK`.

    Returns ``keys`` itself (the same object) when no paragraph is masked.

    >>> from despin.tokens import split
    >>> text = "The city said that les forces de l'ordre had left."
    >>> keys = split(text)[1]
    >>> mask_other_languages(text, keys) is keys
    True
    >>> text = "Les habitants et la ville\\nThe city"
    >>> [k == MASK for k in mask_other_languages(text, split(text)[1])]
    [True, True, True, True, True, False, False, False]
    """
    markers = load_markers() if markers is None else markers
    # English prose rarely holds a marker of another language or a bracket: one C-level
    # set operation and a few character counts settle most documents.
    found = markers.other.intersection(keys)
    other = sum(map(found.__contains__, keys)) if found else 0
    code = _may_hold_code(text, len(keys))
    if other < MIN_MARKERS and not code:
        return keys
    breaks = [*compress(count(), map("\n".__eq__, keys)), len(keys)]
    # Each paragraph's span, its English and other-language markers, and whether it is code.
    paragraphs: list[tuple[int, int, int, int, bool]] = []
    start = 0
    english_total = code_words = words_total = 0
    for end in breaks:
        if end > start:
            part = keys[start:end]
            here_english, here_other = markers.counts(part)
            english_total += here_english
            is_code = False
            if code:
                words = sum(map(is_word, part))
                words_total += words
                is_code = _is_code(len(part), words, here_english)
                code_words += words if is_code else 0
            paragraphs.append((start, end, here_english, here_other, is_code))
        start = end + 1
    # A document is another language's when its markers say so; one whose paragraphs of
    # code hold most of its words is a program, not an article: it is left alone whole
    # (its comments and messages are English, but a program's English).
    program = code and 2 * code_words > words_total
    document = program or _is_other(english_total, other)
    hidden: list[tuple[int, int]] = []
    for start, end, here_english, here_other, is_code in paragraphs:
        is_other = _is_other(here_english, here_other)
        if is_code or program:
            hidden.append((start, end))
        elif here_english and here_other >= MIN_MARKERS:
            # Both languages: an English paragraph quoting another language ("... « C'est
            # une mesure utile », a-t-il dit"), or the reverse. Each sentence and quotation
            # is judged on its own; one with too few markers goes with its paragraph.
            for a, b in _fragments(keys, start, end):
                fragment_english, fragment_other = markers.counts(keys[a:b])
                if _is_other(fragment_english, fragment_other) or (
                    is_other and fragment_english == fragment_other
                ):
                    hidden.append((a, b))
        elif is_other or (here_english <= here_other and document):
            hidden.append((start, end))
    if not hidden:
        return keys
    masked = list(keys)
    for start, end in hidden:
        masked[start:end] = [MASK if is_word(k) else k for k in keys[start:end]]
    return masked


#: Marks that end a sentence or open or close a quotation: where a paragraph's language
#: may change.
_FRAGMENT_ENDS = frozenset('.!?:;"«»“”')


def _fragments(keys: Sequence[str], start: int, end: int) -> list[tuple[int, int]]:
    """The sentences and quotations of ``keys[start:end]``, as token ranges."""
    out = []
    first = start
    for i in range(start, end):
        if keys[i] in _FRAGMENT_ENDS:
            if i > first:
                out.append((first, i))
            first = i + 1
    if end > first:
        out.append((first, end))
    return out
