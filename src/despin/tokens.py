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

__all__ = [
    "INVISIBLE",
    "SCAN",
    "WORD",
    "ascii_apostrophes",
    "is_word",
    "normalize",
    "spans",
    "split",
    "visible",
]

#: Combining diacritics (the blocks of U+0300, U+1AB0, U+1DC0, U+20D0 and U+FE20): part of
#: the word they follow, so a decomposed (NFD) "résumé" is one word, not "re", "sume" and
#: two marks, and "metropolis" with an accent on its "s" is not the spun "metropolis".
_COMBINING = "\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f"
#: Characters of no width that web text carries: the soft hyphen (a hyphenation hint,
#: HTML's ``&shy;``), zero-width space, non-joiner and joiner, word joiner, and U+FEFF as a
#: zero-width no-break space. After a letter they are part of the word, which reads as it
#: would without them ("metro\u00adpolis" is the spun "metropolis", and pasting them into
#: words is a known way to hide copied text from plagiarism checks); anywhere else they
#: are no token at all, as a space is not.
INVISIBLE = "\u00ad\u200b\u200c\u200d\u2060\ufeff"
#: A hyphen, line break and indent inside a word: a word hyphenated at a line's end
#: ("metro-\npolis", as PDF and OCR text has them) goes on after the break when a
#: lower-case letter follows (:data:`_LINE_END_HYPHEN`), one token whose key drops them
#: (see :func:`visible`).
_LINE_END_BREAK = re.compile(r"-\r?\n[ \t]*")
_LINE_END_HYPHEN = _LINE_END_BREAK.pattern + "(?=[a-z])"
# The standard library's ``re`` is used here, not ``regex``: on this hot path it is about
# twice as fast, and Unicode ``\w`` (letters, digits, underscore) is what a word needs.
# Possessive quantifiers (Python 3.11+) match the same (a word cannot give characters
# back to what follows it) and spare the engine its backtracking state: ~10% faster.
if sys.version_info >= (3, 11):
    _RUN = rf"\w[\w{_COMBINING}{INVISIBLE}]*+"
    _WORD = rf"{_RUN}(?:['\-]{_RUN}|{_LINE_END_HYPHEN}{_RUN})*+"
    # The same on text with no combining marks.
    _ASCII_WORD = rf"\w++(?:['\-]\w++|{_LINE_END_HYPHEN}\w++)*+"
else:  # pragma: no cover
    _RUN = rf"\w[\w{_COMBINING}{INVISIBLE}]*"
    _WORD = rf"{_RUN}(?:['\-]{_RUN}|{_LINE_END_HYPHEN}{_RUN})*"
    _ASCII_WORD = rf"\w+(?:['\-]\w+|{_LINE_END_HYPHEN}\w+)*"
#: A newline, unless it only wraps a line inside a sentence: after a word, a comma or a
#: hyphen and before a lower-case word ("the Security Council said\non Saturday" is
#: hard-wrapped text, "the metro-\npolis" a word hyphenated at a line's end, as PDF and
#: OCR text has them; a wrap is a space to the matcher and the language model, and no
#: paragraph end).
#: (The "\n" comes first, its look-behinds after it: the engine tries this at every space
#: of a text, and a literal fails faster than two look-behinds.)
_NEWLINE = r"\n(?:(?<![\w,\-]\n)(?<![\w,\-]\r\n)|(?![ \t]*[a-z]))"
#: Line breaks other than "\n" are such a newline too: "\r\n" (Windows) and "\r" (old Mac
#: files) as one, and the others ``str.splitlines`` knows (form feed, U+2028 LINE
#: SEPARATOR, U+2029 PARAGRAPH SEPARATOR...). Their key is "\n" (see :func:`normalize`):
#: read as spaces, they made a file's paragraphs one, and a spun paragraph's spin spilled
#: over the clean ones around it. (They come last in the scanners, after the marks, and
#: begin with a plain character class: a branch that begins otherwise costs every text
#: ~10% of the scan.)
LINE_BREAKS = "\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029"
_OTHER_BREAK = (
    r"[\r\v\f\x1c-\x1e\x85\u2028\u2029](?:(?<=\r)\n|(?!(?<=\r)\n))"
    rf"(?:(?<![\w,\-]\r\n)(?<![\w,\-][{LINE_BREAKS}])|(?![ \t]*[a-z]))"
)
#: A word (apostrophes already made ASCII, see :func:`split`).
WORD = re.compile(_WORD)
#: A word, a newline that ends a line of text, or any other single non-space character.
SCAN = re.compile(_WORD + "|" + _NEWLINE + rf"|[^\w\s{INVISIBLE}]|" + _OTHER_BREAK)
#: :data:`SCAN` with ASCII classes, about a quarter faster. On ASCII characters they
#: are the Unicode ones, except that Unicode ``\s`` also holds the separators
#: \x1c-\x1f: excluded here by hand. Any other character is a mark to both, unless
#: Unicode counts it a letter, digit or space: see :func:`_scanner`.
_SCAN_ASCII = re.compile(
    _ASCII_WORD + "|" + _NEWLINE + r"|[^\w\s\x1c-\x1f]|" + _OTHER_BREAK, re.ASCII
)
#: Typographic marks common in news (neither word characters nor spaces in Unicode).
MARKS = "“”‘’«»–—…•"
#: Text whose characters all tokenise the same with ASCII classes (matching the run
#: whole is faster than searching for the first exception).
_ASCII_SAFE = re.compile(f"[\\x00-\\x7f{MARKS}]*")

#: The surfaces of the newline tokens :data:`SCAN` finds: their key is "\n".
_BREAK_TOKENS = frozenset(["\r\n", *LINE_BREAKS])
#: Typographic apostrophes made ASCII and invisible characters dropped.
_UNSEEN = str.maketrans({"’": "'", "ʼ": "'", **dict.fromkeys(INVISIBLE)})
#: Cyrillic and Greek letters drawn like Latin ones (from Unicode's confusables), by the
#: Latin letter they pass for. Writing a few of them into English words is the other way
#: to hide copied text from plagiarism checks: "mеtropolis" with a Cyrillic "е".
_LOOKALIKES = {
    "a": "а",
    "c": "с",
    "d": "ԁ",
    "e": "е",
    "h": "һ",
    "i": "і",
    "j": "ј",
    "l": "ӏ",
    "o": "оο",
    "p": "р",
    "q": "ԛ",
    "s": "ѕ",
    "w": "ԝ",
    "x": "х",
    "y": "у",
    "A": "АΑ",
    "B": "ВΒ",
    "C": "С",
    "E": "ЕΕ",
    "H": "НΗ",
    "I": "ІΙ",
    "J": "Ј",
    "K": "КΚ",
    "M": "МΜ",
    "N": "Ν",
    "O": "ОΟ",
    "P": "РΡ",
    "Q": "Ԛ",
    "S": "Ѕ",
    "T": "ТΤ",
    "W": "Ԝ",
    "X": "ХΧ",
    "Y": "ҮΥ",
    "Z": "Ζ",
}
_HOMOGLYPHS = str.maketrans({c: latin for latin, cs in _LOOKALIKES.items() for c in cs})
_HAS_HOMOGLYPH = re.compile("[" + "".join(_LOOKALIKES.values()) + "]")
_HAS_LATIN = re.compile("[A-Za-z]")


def visible(word: str) -> str:
    """``word`` as a reader sees it, case kept: without invisible characters (see
    :data:`INVISIBLE`), with ASCII apostrophes, and with the Cyrillic and Greek look-alikes
    of a word that also holds Latin letters made Latin (a word all in Cyrillic or Greek is
    left as it is), and a word hyphenated at a line's end joined. Context rules that look
    at case compare this.

    >>> visible("Sa\u200bfety")
    'Safety'
    >>> visible("Metro-\\n  polis")
    'Metropolis'
    >>> visible("\u0421\u0435\u043b\u043e")  # Russian "Село": not a mixed word
    'Село'
    """
    if "\n" in word:
        word = _LINE_END_BREAK.sub("", word)
    if word.isascii():
        return word
    word = word.translate(_UNSEEN)
    if _HAS_HOMOGLYPH.search(word) and _HAS_LATIN.search(word):
        word = word.translate(_HOMOGLYPHS)
    return word


def normalize(word: str) -> str:
    """The lookup key of a word or phrase: :func:`visible`, in lower case.

    >>> normalize("1000’s")
    "1000's"
    >>> normalize("Safety Council")
    'safety council'
    >>> normalize("metro\u00adpolis") == normalize("m\u0435tropolis") == "metropolis"
    True
    >>> normalize("\\r\\n") == normalize("\\u2029") == "\\n"  # every line break token
    True
    """
    if word in _BREAK_TOKENS:
        return "\n"
    return visible(word).lower()


class _Keys(dict[str, str]):
    """Surface -> key (:func:`normalize`), filled on first lookup, up to a size limit.

    A lookup costs about half a ``str.lower`` call, and the keys it returns are shared
    objects whose hashes are already computed, which every later lookup of the stages
    reuses. Frequent words come first, so the limit covers most tokens of any text;
    past it, keys are computed on each lookup.
    """

    limit = 50_000

    def __missing__(self, surface: str) -> str:
        key = normalize(surface)
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
