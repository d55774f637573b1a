"""The register test: rare words no spinner's dictionary explains show a writer's own.

A spinner puts rare words into a text only from its dictionary: "metropolis" for
"city". Around them, the words of a spun news article are a news article's. A writer
with a rich vocabulary (an academic abstract, a literary essay, a book review) uses rare
words everywhere, and many of them are words no thesaurus offers as a synonym
("historiographic", "telos"). The detector, which weighs each word alone, can read
such a text as spun; its share of rare words that the lexicons do not hold as spun
forms says it is not. Where that share is above :data:`REGISTER_GATE`, only
fingerprints are restored (see :func:`despin.restore.decide`'s ``corroborated``).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from despin.index import Index
from despin.langmodel import LanguageModel

__all__ = ["RARE_ZIPF", "REGISTER_GATE", "unexplained_share"]

#: A word rarer than this (Zipf: log10 of its frequency per billion words) is rare.
RARE_ZIPF = 3.5
#: Above this share of rare words the lexicons do not explain, a text is not restored
#: but for fingerprints. Documents spun by the simulator (dev and test, rates 0.15-0.95,
#: ~480 documents) have at most 0.078, the real spun seed 0.022; clean texts that read
#: as spun and lost words have more: an academic abstract on historiography 0.097 (15
#: changes before: "narrative" > "story"), a book review of our own writing 0.133.
REGISTER_GATE = 0.09
#: Words shorter than this are left out (short rare tokens are mostly abbreviations).
_MIN_LENGTH = 4


def unexplained_share(
    surfaces: Sequence[str], keys: Sequence[str], index: Index, model: LanguageModel
) -> float:
    """The share of a text's lower-case words that are rare and not a spun form.

    Capitalised words are left out (names, and words at a sentence's start); so are
    masked words (another language, code), which are not alphabetic keys.

    >>> from despin.langmodel import default_model
    >>> from despin.lexicon import load_builtin_rows
    >>> from despin.tokens import split
    >>> index, model = Index([load_builtin_rows("news")]), default_model()
    >>> text = "the telos of historiographic practice"  # "practice" is common
    >>> round(unexplained_share(*split(text), index, model), 2)
    0.67
    """
    words = Counter(
        key
        for surface, key in zip(surfaces, keys)
        if len(key) >= _MIN_LENGTH and surface[0].islower() and key.isalpha()
    )
    if not words:
        return 0.0
    # Each distinct word is looked up once: a text repeats most of its words.
    cut = model.total * 10.0 ** (RARE_ZIPF - 9.0)
    single = index.single
    rare = sum(n for key, n in words.items() if key not in single and model.count(key) < cut)
    return rare / words.total()
