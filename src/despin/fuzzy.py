"""Stage 1b, fuzzy matching: spun forms written a little differently.

Spun copies are often re-typed, re-flowed or OCRed, so a spun form turns up as
``1,000's``, ``1000 's``, ``metro-polis`` or ``metropolls``. Two cheap passes, run
only on text the exact matcher has already found spun (or holding a fingerprint):

* *joins*: two or three adjacent tokens glued back together, commas and hyphens
  dropped (``1`` ``,`` ``000's`` -> ``1000's``; ``1000`` ``'`` ``s`` -> ``1000's``),
  and hyphenated words closed up (``metro-polis``), looked up exactly;
* *near spellings*: a word the language model has never seen, of six letters or
  more, compared with RapidFuzz against the one-word spun forms that share its first
  two letters (a typo rarely hits those, and it keeps the search short); a match needs a
  similarity of :data:`MIN_SCORE` and is reported with that score, which scales the
  restoration's confidence.
"""

from __future__ import annotations

from collections.abc import Sequence

from rapidfuzz import fuzz, process

from despin.index import Index, Occurrence
from despin.langmodel import LanguageModel
from despin.tokens import is_word

__all__ = ["MIN_SCORE", "fuzzy_occurrences"]

#: Lowest RapidFuzz ratio (0-100) for a near spelling to count.
MIN_SCORE = 88.0
_GLUE = {",", "'", "-", "."}
#: Endings that make another form of a word, not a typo of it: "twelvemonths" is the
#: plural of "twelvemonth" (its restoration is "years", not "year"), so a near spelling
#: that differs from a lexicon form only in these endings is no match.
_ENDINGS = ("ies", "ied", "ing", "es", "ed", "s", "d", "y", "e")


def _stems(word: str) -> set[str]:
    return {word} | {
        word[: -len(e)] for e in _ENDINGS if word.endswith(e) and len(word) > len(e) + 2
    }


def _other_form(word: str, form: str) -> bool:
    """Whether ``word`` and ``form`` could be one stem with different inflectional endings.

    A dropped or doubled ending letter ("advisd") reads as another form too: better to
    leave a typo alone than to restore it with the wrong tense or number.

    >>> _other_form("twelvemonths", "twelvemonth"), _other_form("studies", "study")
    (True, True)
    >>> _other_form("frobnicates", "frobnicated"), _other_form("metropolls", "metropolis")
    (True, False)
    """
    return word != form and not _stems(word).isdisjoint(_stems(form))


def _joined(keys: Sequence[str], i: int, k: int) -> str | None:
    parts = keys[i : i + k]
    if len(parts) < k or not is_word(parts[0]) or not is_word(parts[-1]):
        return None
    if not any(p in _GLUE for p in parts):
        return None
    return "".join(p for p in parts if p not in {",", "-"})


def fuzzy_occurrences(
    index: Index,
    model: LanguageModel,
    keys: Sequence[str],
    spans: Sequence[tuple[int, int]],
    occurrences: Sequence[Occurrence],
) -> list[Occurrence]:
    """Occurrences the exact scan missed, each with its match score (0..1)."""
    covered: set[int] = set()
    for occ in occurrences:
        covered.update(range(occ.first, occ.last + 1))
    found: list[Occurrence] = []
    n = len(keys)
    i = 0
    while i < n:
        if i in covered:
            i += 1
            continue
        match = None
        for k in (3, 2):
            if any(j in covered for j in range(i, min(i + k, n))):
                continue
            # The tokens must touch: "1000 's" (one space) or "1,000's" (none).
            if i + k > n or spans[i + k - 1][0] - spans[i][1] > k:
                continue
            joined = _joined(keys, i, k)
            if joined is not None and joined in index.single:
                match = (i + k - 1, joined, 0.97)
                break
        key = keys[i]
        if match is None and "-" in key and key.replace("-", "") in index.single:
            # A line-break hyphenation left inside one word: "metro-polis".
            match = (i, key.replace("-", ""), 0.97)
        if (
            match is None
            and len(key) >= 6
            and key.isalpha()
            and not model.knows(key)
            and key not in index.single
        ):
            candidates = index.spelling_buckets.get(key[:2], ())
            best = process.extractOne(key, candidates, scorer=fuzz.ratio, score_cutoff=MIN_SCORE)
            if best is not None and not _other_form(key, best[0]):
                match = (i, best[0], best[1] / 100.0)
        if match is not None:
            last, form, score = match
            pattern = index.pattern((form,))
            if not pattern.special:
                prev = keys[i - 1] if i > 0 and is_word(keys[i - 1]) else None
                nxt = keys[last + 1] if last + 1 < n and is_word(keys[last + 1]) else None
                found.append(Occurrence(i, last, 0, (form,), pattern.options, prev, nxt, score))
                i = last + 1
                continue
        i += 1
    return found
