"""Generalising learned pairs: a spinner that writes ``metropolis`` for ``city`` writes
``metropolises`` for ``cities``. Used by :func:`despin.learn.learn`; the inflection
rules themselves are :mod:`despin.inflect`'s."""

from __future__ import annotations

import functools
from collections import defaultdict
from collections.abc import Sequence

from despin.lexicon import Entry

__all__ = ["INFLECTED_WEIGHT", "INFLECTION_PROVENANCE", "inflected", "reading", "zipf"]


@functools.lru_cache(maxsize=65536)
def zipf(word: str) -> float:
    from wordfreq import zipf_frequency  # imported lazily: loading it takes a moment

    return float(zipf_frequency(word, "en"))


#: A generated inflection's weight is its source entry's times this: it was not seen.
INFLECTED_WEIGHT = 0.5
#: How a generated inflection's provenance begins (its family stays ``learned``).
INFLECTION_PROVENANCE = "learned:inflection;"
#: Generated forms rarer than this in wordfreq (Zipf) are not written: not real words.
MIN_INFLECTED_ZIPF = 1.5


def _phrasezipf(phrase: str) -> float:
    return min(zipf(word) for word in phrase.split(" "))


def _parts_of_speech(word: str) -> set[str]:
    """:func:`despin.inflect.parts_of_speech`, a participle's adjective reading left out."""
    from despin import inflect

    found = inflect.analyses(word)
    parts = {pos for pos, _, _ in found}
    participle = any(pos == "verb" and tag in ("VBD", "VBN", "VBG") for pos, tag, _ in found)
    if participle and all(lemma == word for pos, _, lemma in found if pos == "adj"):
        parts.discard("adj")
    return parts


@functools.lru_cache(maxsize=65536)
def reading(restored: str, spun: str) -> tuple[str, str, str] | None:
    """The pair as ``(pos, restored lemma, spun lemma)``, or None when that is ambiguous.

    A reading is a part of speech in which both sides are forms of known lemmas with the
    same tag (:func:`despin.inflect.analyses`): ``said`` > ``stated`` is the verb pair
    ``say`` > ``state`` in the past. There must be exactly one: ``attack`` > ``assault``
    reads as a noun pair and as a verb pair, and the spinner's table may treat the two
    differently. When both words are inflected forms of lemmas, their listings as
    lemmas of their own are those forms, not rival readings: participial adjectives
    (``said`` > ``stated``), gerunds (``spending`` > ``passing``) and comparatives
    (``bigger`` > ``larger``).
    """
    from despin import inflect  # imported lazily: the table loads on first use

    left, right = inflect.analyses(restored), inflect.analyses(spun)
    found = {
        (pos, tag, lemma, lemma2)
        for pos, tag, lemma in left
        for pos2, tag2, lemma2 in right
        if pos == pos2 and tag == tag2 and lemma != lemma2
    }
    # Read as forms of other lemmas, the words' own entries (participial adjectives,
    # gerund nouns, comparatives WordNet also lists as lemmas) are those forms, not rivals.
    if any(tag for _, tag, _, _ in found):
        found = {reading for reading in found if reading[1]}
    readings: dict[str, set[tuple[str, str]]] = defaultdict(set)
    for pos, _, lemma, lemma2 in found:
        readings[pos].add((lemma, lemma2))
    if len(readings) != 1:
        return None  # no reading, or several parts of speech: which one the spinner saw is unknown
    ((pos, lemmas),) = readings.items()
    if len(lemmas) != 1:
        return None  # two lemma pairs fit
    ((lemma, lemma2),) = lemmas
    return pos, lemma, lemma2


def _noun_phrase(phrase: str) -> bool:
    """Whether the words before a noun phrase's last word are modifiers: nouns or adjectives.

    ``urban center`` and ``work stoppage`` are; ``without a fight`` and ``at present``
    are not (their plurals are not English). Words of one or two letters (``a``, ``at``,
    ``in``, ``up``: WordNet also lists them as nouns or adjectives) never count, nor do
    determiners (WordNet's adjective ``every`` would make ``every quarters``).
    """
    from despin import inflect

    words = phrase.split(" ")
    if "of" in words[1:]:
        words = words[: words.index("of", 1)]
    return all(
        len(word) > 2
        and word not in _DETERMINERS
        and inflect.parts_of_speech(word) & {"noun", "adj"}
        for word in words[:-1]
    )


_DETERMINERS = frozenset(
    [
        "all",
        "any",
        "another",
        "both",
        "each",
        "either",
        "every",
        "few",
        "many",
        "much",
        "neither",
        "no",
        "other",
        "several",
        "some",
        "such",
        "that",
        "these",
        "this",
        "those",
        "what",
        "which",
        "whose",
    ]
)


def _inflections_of(restored: str, spun: str) -> dict[str, str]:
    """The pair's other forms, ``{restored form: spun form}``; {} when it is ambiguous.

    The pair's reading (see :func:`reading`) gives the lemma pair and every tag both
    lemmas have: ``arrived`` > ``came`` gives ``arrive`` > ``come``, ``arrives`` >
    ``comes`` and ``arriving`` > ``coming``. A form is left out when two tags give it different
    spun forms (``returned`` > ``came back`` or ``come back``), when it can be another
    part of speech than the pair's (``reports``, a noun too, from ``reported`` >
    ``accounted``), or when either side is rarer than :data:`MIN_INFLECTED_ZIPF` in
    wordfreq.
    """
    from despin import inflect

    found = reading(restored, spun)
    if found is None:
        return {}
    pos, lemma, lemma2 = found
    if pos == "noun" and not (_noun_phrase(lemma) and _noun_phrase(lemma2)):
        return {}
    forms, forms2 = inflect.inflections(lemma, pos), inflect.inflections(lemma2, pos)
    pairs: dict[str, set[str]] = {lemma: {lemma2}}
    for tag, form in forms.items():
        if tag in forms2:
            pairs.setdefault(form, set()).add(forms2[tag])
    return {
        a: b
        for a, (b, *rest) in pairs.items()
        if not rest  # ``returned`` > ``came back`` or ``come back``: ambiguous
        and a != b
        and a != restored
        and _parts_of_speech(a) == {pos}
        and _phrasezipf(a) >= MIN_INFLECTED_ZIPF
        and _phrasezipf(b) >= MIN_INFLECTED_ZIPF
    }


def inflected(
    entries: Sequence[Entry], counts: dict[tuple[str, str], int], name: str
) -> list[Entry]:
    """Entries for the other inflections of each learned pair (see :func:`_inflections_of`).

    A spinner that writes ``metropolis`` for ``city`` writes ``metropolises`` for
    ``cities``: 50 documents show few of a pair's forms, the rest follow from English
    inflection. A generated entry never replaces an observed one; it carries its own
    provenance (``learned:inflection;from=city>metropolis;n=COUNT``, the family stays the
    learner's) and :data:`INFLECTED_WEIGHT` times its source's weight. When several
    learned pairs give the same pair (``arrive`` > ``come`` from ``arrived`` > ``came``
    and ``arriving`` > ``coming``), the most frequent one is its source.
    """
    observed = {(e.restored, e.spun) for e in entries}
    best: dict[tuple[str, str], tuple[int, Entry]] = {}
    for entry in entries:
        if entry.context.text:
            continue
        count = counts[(entry.restored, entry.spun)]
        for pair in _inflections_of(entry.restored, entry.spun).items():
            old = best.get(pair)
            if pair not in observed and (old is None or count > old[0]):
                best[pair] = (count, entry)
    return [
        Entry(
            spun,
            restored,
            float(f"{source.weight * INFLECTED_WEIGHT:.4g}"),
            provenance=f"{INFLECTION_PROVENANCE}from={source.restored}>{source.spun};n={count}",
            lexicon=name,
        )
        for (restored, spun), (count, source) in best.items()
    ]
