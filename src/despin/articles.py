"""A/an agreement: the indefinite article a restored word needs.

Spinners that tidy their output fix the article after a swap ("an army" > "a military",
"an office" > "a workplace"). Restoring the word alone would then write "a army", and
the language model, asked about "a office", would wrongly count that against the
restoration. So a reading after "a" or "an" is scored, and written, with the article it
needs (see :meth:`despin.channel.Scorer` and :func:`despin.restore.decide`).

The choice follows the sound, not the letter, for the common exceptions: "an hour", "an
honest", "a union", "a European", "a one-off", "an 8", "an 11".
"""

from __future__ import annotations

import re

__all__ = ["ARTICLES", "article_for"]

#: The keys of the indefinite article.
ARTICLES = frozenset({"a", "an"})

#: Words written with a consonant letter that begin with a vowel sound.
_VOWEL_SOUND = re.compile(r"(?:hour|honest|honou?r|heir)")
#: Words written with a vowel letter that begin with a consonant sound ("uni" but for
#: "unin-", "unim-", "unid-": "an uninformed", "an unimportant", "an unidentified").
_CONSONANT_SOUND = re.compile(
    r"(?:uni(?![nmd])|us[eua]|uti|ur[aeio]|eu|ewe|one(?![a-z])|once|ubiq|uk)"
)
#: Numbers read with a vowel sound: 8, 80, 800, 8,000 ..., 11, 18, 11,000, 1100 and 18xx.
_VOWEL_NUMBER = re.compile(r"(?:8|1[18](?:\d\d)?(?!\d))")


def article_for(word: str) -> str | None:
    """``"a"`` or ``"an"`` for a word key (lower case), None if it starts with neither
    a letter nor a digit.

    >>> [article_for(w) for w in ("office", "city", "hour", "union", "uninformed", "8", "1990s")]
    ['an', 'a', 'an', 'a', 'an', 'an', 'a']
    """
    if not word or not word[0].isalnum():
        return None
    if word[0].isdigit():
        return "an" if _VOWEL_NUMBER.match(word) else "a"
    if _VOWEL_SOUND.match(word):
        return "an"
    if word[0] in "aeiou":
        return "a" if _CONSONANT_SOUND.match(word) else "an"
    return "a"
