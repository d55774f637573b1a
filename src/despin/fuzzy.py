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
from itertools import compress, count

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
    vocabulary = set(keys)
    # Words worth a near-spelling search: long, alphabetic, unseen by the model and lexicon.
    unknown = model.unknown(
        k for k in vocabulary if len(k) >= 6 and k.isalpha() and k not in index.single
    )
    found: list[Occurrence] = []
    n = len(keys)
    next_free = 0
    for i in _candidates(keys, vocabulary, unknown):
        if i < next_free or i in covered:
            continue
        match = None
        for k in (3, 2):
            if not covered.isdisjoint(range(i, min(i + k, n))):
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
        if match is None and key in unknown:
            best = _near_spelling(index, key)
            if best is not None:
                match = (i, best[0], best[1] / 100.0)
        if match is not None:
            last, form, score = match
            pattern = index.pattern((form,))
            if not pattern.special:
                prev = keys[i - 1] if i > 0 and is_word(keys[i - 1]) else None
                nxt = keys[last + 1] if last + 1 < n and is_word(keys[last + 1]) else None
                found.append(Occurrence(i, last, 0, (form,), pattern.options, prev, nxt, score))
                next_free = last + 1
    return found


def _near_spelling(index: Index, key: str) -> tuple[str, float] | None:
    """The closest one-word spun form within :data:`MIN_SCORE`, with its score.

    Cached on the index: names and rare words recur from one document to the next.
    """
    cache = index.near_spellings
    if key in cache:
        return cache[key]
    # Imported here: only spun text with an unknown word needs RapidFuzz, and importing
    # it costs ~10 ms of start-up.
    from rapidfuzz import fuzz, process

    candidates = index.spelling_buckets.get(key[:2], ())
    best = process.extractOne(key, candidates, scorer=fuzz.ratio, score_cutoff=MIN_SCORE)
    found = None if best is None or _other_form(key, best[0]) else (best[0], best[1])
    if len(cache) > 50_000:
        cache.clear()
    cache[key] = found
    return found


def _candidates(keys: Sequence[str], vocabulary: set[str], unknown: set[str]) -> list[int]:
    """Positions where a fuzzy match can start, in order: the word before a glue mark
    (a join is word, mark, word: :func:`_joined` wants words at both ends), and
    hyphenated or unknown words. Found with C-level passes over the keys, so the search
    visits a few positions instead of every token."""
    near = {g - 1 for g in compress(count(), map(_GLUE.__contains__, keys)) if g}
    wanted = unknown.union(k for k in vocabulary if "-" in k)
    if wanted:
        near.update(compress(count(), map(wanted.__contains__, keys)))
    return sorted(near)
