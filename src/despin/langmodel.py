"""A small bigram language model: how well a word fits between its neighbours.

The tables (``lexicons/lm/``) hold Google Books unigram and bigram counts as shipped by
symspellpy (see ``scripts/build_ngrams.py``), read as arrays (see
``scripts/build_lm_arrays.py``). Only the frequent bigrams are kept, so a missing
bigram means "rarer than the table's cut-off", not "impossible":
:meth:`LanguageModel.cond` caps the independence estimate at that cut-off, which is
exactly the signal that "advised reporters" or "navy said" are odd while "told
reporters" is common.

The unigram counts were raised at build time with wordfreq's frequencies for the
200,000 most frequent English words (contractions and inflections symspell lacks), so
the runtime needs neither wordfreq's data nor its start-up cost.
"""

from __future__ import annotations

import array
import bisect
import contextlib
import gzip
import math
import re
import sys
import threading
from collections.abc import Iterable, Sequence
from itertools import pairwise
from typing import NamedTuple

from despin.resources import lexicon_root

__all__ = ["LanguageModel", "default_model"]

#: Characters no bigram of the table contains (symspell's list is letters only).
_OUTSIDE_TABLE = re.compile(r"[\d'\-]")
#: Lowest probability of a word given the previous word inside a lexicon phrase.
PHRASE_FLOOR = 0.05
_LOG_PHRASE_FLOOR = math.log(PHRASE_FLOOR)
#: Words whose look-up facts :meth:`LanguageModel.cond` keeps before starting afresh
#: (~150 bytes each). 1 MB of spun news needs ~14,000: at 10,000 it started afresh
#: every ~40 documents and looked the same words up again.
PROFILE_CACHE_SIZE = 30_000


class _Profile(NamedTuple):
    """What :meth:`LanguageModel.cond` needs of a word, looked up once."""

    #: The word's bigram row as a previous word: ``pairs[lo:hi]`` (empty if unknown).
    lo: int
    hi: int
    #: Bigram vocabulary id (-1 if none), as the second word of a pair.
    id: int
    #: Unigram count (:meth:`LanguageModel.count`).
    unigram: float
    #: True when the table holds no pair with this word (a digit, apostrophe, hyphen).
    outside: bool


class LanguageModel:
    """Unigram and bigram log-probabilities over lower-cased words."""

    def __init__(
        self,
        unigram_words: str,
        unigram_counts: bytes,
        bigram_words: str,
        bigram_pairs: bytes,
        bigram_counts: bytes,
    ) -> None:
        meta: dict[str, float] = {}
        body_start = 0
        for line in unigram_words[:4000].splitlines(keepends=True):
            if not line.startswith("#"):
                break
            body_start += len(line)
            key, sep, value = line.lstrip("# ").partition(":")
            if sep:
                with contextlib.suppress(ValueError):
                    meta[key.strip()] = float(value)
        # Words and counts come as a word list and a machine array (written by
        # scripts/build_lm_arrays.py): a few C-level calls build the table.
        words = unigram_words[body_start:].rstrip("\n").split("\n")
        counts = _u64(unigram_counts)
        if len(words) != len(counts):
            msg = "n-gram table: unigram words and counts differ in length"
            raise ValueError(msg)
        # The words are sorted (build_ngrams.py writes them so; checked below on a sample
        # and in tests/test_ngrams.py in full): a word's count is found by bisection, and
        # the table costs a list and an array, not a 200,000-entry dict (~55 ms of
        # start-up and ~8 MB). Each word is looked up once per profile (see _profile).
        if any(a >= b for a, b in pairwise(words[:1001])):
            msg = "n-gram table's unigram words are not sorted"
            raise ValueError(msg)
        # A bigram is a pair of word ids, ``id(w1) << 32 | id(w2)``, in a sorted array
        # searched with bisect, beside its count: a few MB where the pairs as strings took
        # ~17 MB.
        vocabulary = bigram_words.rstrip("\n").split("\n")
        self._word_ids = dict(zip(vocabulary, range(len(vocabulary))))
        self._bigram_pairs = _u64(bigram_pairs)
        self._bigram_counts = _u64(bigram_counts)
        if len(self._bigram_counts) != len(self._bigram_pairs):
            msg = "n-gram table: bigram pairs and counts differ in length"
            raise ValueError(msg)
        if any(a >= b for a, b in zip(self._bigram_pairs[:1000], self._bigram_pairs[1:1001])):
            msg = "n-gram table's bigrams are not sorted"
            raise ValueError(msg)
        self._words = words
        self._counts = counts
        self._total = meta.get("unigram_total") or float(sum(counts))
        self._scale = meta.get("bigram_scale", 1.0)
        # A pair missing from the table occurred fewer times than the smallest kept pair.
        self._missing = meta.get("bigram_min", 1.0) / 2.0
        self._floor = meta.get("unigram_min", 0.0) / 2.0 or min(counts, default=2) / 2.0
        self._profiles: dict[str, _Profile] = {}

    def __len__(self) -> int:
        return len(self._words)

    @property
    def total(self) -> float:
        """The unigram counts' total: a count over it is a word's probability."""
        return self._total

    def _position(self, word: str) -> int:
        """The word's index in the sorted unigram table, -1 if it is not there."""
        words = self._words
        i = bisect.bisect_left(words, word)
        return i if i < len(words) and words[i] == word else -1

    def knows(self, word: str) -> bool:
        """True when the word is in the unigram table."""
        return self._position(word) >= 0

    def unknown(self, words: Iterable[str]) -> set[str]:
        """The words not in the unigram table."""
        return {w for w in words if self._position(w) < 0}

    def count(self, word: str) -> float:
        """Unigram count on the table's scale (an estimate for unknown words).

        >>> model = default_model()
        >>> model.count("well-known") > model.count("renowned") > model.count("jury-rigged")
        True
        """
        i = self._position(word)
        if i >= 0:
            return float(self._counts[i])
        if "-" in word.strip("-"):
            return self._compound_count(word)
        # The table holds symspell's and wordfreq's 200,000 most frequent words: a word
        # outside it is rarer than any of them.
        return self._floor

    def _compound_count(self, word: str) -> float:
        """A hyphenated compound's count: that of its rarest pair of adjacent parts.

        Neither source table holds "self-employed" or "well-known" (wordfreq and
        symspell split words at hyphens), and at the floor of unknown words such a
        compound looked rarer than any word, which made every hyphenated spun form
        ("self-employed" > "freelance", "face-to-face" > "opposite") strong evidence of
        spinning in clean text. A compound occurs no more often than each pair of its
        parts, and a fixed one about as often as its rarest pair ("face to" in
        "face-to-face"); a pair the table lacks is rarer than its rarest kept pair.
        """
        parts = [p for p in word.split("-") if p]
        pairs = [self.bigram(a, b) or self._missing for a, b in pairwise(parts)]
        return max(min(pairs, default=0.0) / self._scale, self._floor)

    def bigram(self, prev: str, word: str) -> int:
        """Raw count of the pair in the table, 0 when it is not there."""
        ids = self._word_ids
        first = ids.get(prev)
        second = ids.get(word)
        if first is None or second is None:
            return 0
        key = first << 32 | second
        pairs = self._bigram_pairs
        i = bisect.bisect_left(pairs, key)
        if i < len(pairs) and pairs[i] == key:
            return self._bigram_counts[i]
        return 0

    def logp(self, word: str) -> float:
        """log P(word)."""
        return math.log((self._profiles.get(word) or self._profile(word)).unigram / self._total)

    def logps(self, words: Sequence[str]) -> list[float]:
        """:meth:`logp` of each of ``words``, in one call (a form's options at once)."""
        profiles, total, log = self._profiles, self._total, math.log
        return [log((profiles.get(w) or self._profile(w)).unigram / total) for w in words]

    def cond(self, prev: str, word: str) -> float:
        """log P(word | prev), backing off to a capped unigram estimate.

        The arithmetic of :meth:`bigram` and :meth:`count` on cached word profiles (see
        :meth:`conds`, which must agree with it bit for bit).
        """
        profiles = self._profiles
        before = profiles.get(prev) or self._profile(prev)
        after = profiles.get(word) or self._profile(word)
        prev_count = before.unigram * self._scale
        hi = before.hi
        if hi and after.id >= 0:
            key = before.id << 32 | after.id
            pairs = self._bigram_pairs
            i = bisect.bisect_left(pairs, key, before.lo, hi)
            if i < hi and pairs[i] == key:
                pair = self._bigram_counts[i]
                if pair:
                    return math.log(min(pair / prev_count, 1.0))
        p_indep = after.unigram / self._total
        if before.outside or after.outside:
            # The table holds no pair with a digit, apostrophe or hyphen ("the 1990s",
            # "we're alarmed"): its silence says nothing about such a pair.
            return math.log(p_indep)
        p_cap = self._missing / prev_count
        return math.log(min(p_indep, p_cap))

    def conds(self, prev: str, words: Sequence[str]) -> list[float]:
        """:meth:`cond` of each of ``words`` after ``prev``, with the loop inlined.

        A chain asks for rows of transitions: the previous word's profile is looked
        up once per row. Each word's look-ups (ids, counts, bigram row) come from one
        cached profile, and a pair is searched in the previous word's row only.
        """
        profiles = self._profiles
        before = profiles.get(prev) or self._profile(prev)
        lo, hi, base = before.lo, before.hi, before.id << 32
        prev_count = before.unigram * self._scale
        cap = self._missing / prev_count
        total = self._total
        pairs, counts = self._bigram_pairs, self._bigram_counts
        log, bisect_left = math.log, bisect.bisect_left
        out = []
        for word in words:
            after = profiles.get(word) or self._profile(word)
            if hi and after.id >= 0:
                key = base | after.id
                i = bisect_left(pairs, key, lo, hi)
                if i < hi and pairs[i] == key:
                    pair = counts[i]
                    if pair:
                        p = pair / prev_count
                        out.append(log(p if p < 1.0 else 1.0))
                        continue
            p_indep = after.unigram / total
            if before.outside or after.outside:
                out.append(log(p_indep))  # see cond
            else:
                out.append(log(cap if cap < p_indep else p_indep))  # min(p_indep, cap)
        return out

    def conds_to(self, words: Sequence[str], nxt: str) -> list[float]:
        """:meth:`cond` of ``nxt`` after each of ``words``: a column, where :meth:`conds`
        gives a row (the readings of an occurrence before the same next word)."""
        profiles = self._profiles
        after = profiles.get(nxt) or self._profile(nxt)
        wid, outside = after.id, after.outside
        p_indep = after.unigram / self._total
        scale, missing = self._scale, self._missing
        pairs, counts = self._bigram_pairs, self._bigram_counts
        log, bisect_left = math.log, bisect.bisect_left
        out = []
        for word in words:
            before = profiles.get(word) or self._profile(word)
            prev_count = before.unigram * scale
            hi = before.hi
            if hi and wid >= 0:
                key = before.id << 32 | wid
                i = bisect_left(pairs, key, before.lo, hi)
                if i < hi and pairs[i] == key:
                    pair = counts[i]
                    if pair:
                        p = pair / prev_count
                        out.append(log(p if p < 1.0 else 1.0))
                        continue
            if before.outside or outside:
                out.append(log(p_indep))  # see cond
            else:
                cap = missing / prev_count
                out.append(log(cap if cap < p_indep else p_indep))  # min(p_indep, cap)
        return out

    def weighted_table(
        self, prevs: Sequence[str], words: Sequence[str], weight: float
    ) -> list[list[float]]:
        """``weight * cond(prev, word)`` for each of ``prevs`` (rows) and ``words`` (columns).

        A chain prices every reading of a link against every reading of the next, nearly
        all of them pairs it has not seen. What :meth:`cond` computes from one word only
        (its profile, ``weight * log`` of its unigram estimate or of the cap) is done
        once per row or column, so a pair costs a bisect and a comparison. Bit for bit
        ``weight * cond(prev, word)``: each log is of the same number, chosen by the
        same test.
        """
        profiles = self._profiles
        total, scale, missing = self._total, self._scale, self._missing
        pairs, counts = self._bigram_pairs, self._bigram_counts
        log, bisect_left = math.log, bisect.bisect_left
        afters = [profiles.get(w) or self._profile(w) for w in words]
        indep = [a.unigram / total for a in afters]
        # The unigram estimate, weighted; a word no pair can hold keeps it whatever the cap.
        plain = [weight * log(p) for p in indep]
        limits = [-1.0 if a.outside else p for a, p in zip(afters, indep)]
        known = [(t, a.id) for t, a in enumerate(afters) if a.id >= 0]
        highest = max(limits, default=-1.0)
        table = []
        for prev in prevs:
            before = profiles.get(prev) or self._profile(prev)
            prev_count = before.unigram * scale
            if before.outside:
                row = plain.copy()
            else:
                cap = missing / prev_count
                if not cap < highest:  # no column above the cap: ~94% of rows in spun news
                    row = plain.copy()
                else:
                    capped = weight * log(cap)
                    # cond's log(min(p_indep, cap)) where the table could hold the pair.
                    row = [capped if cap < p else w for p, w in zip(limits, plain)]
            hi = before.hi
            if hi:
                lo, base = before.lo, before.id << 32
                for t, wid in known:
                    key = base | wid
                    i = bisect_left(pairs, key, lo, hi)
                    if i < hi and pairs[i] == key:
                        pair = counts[i]
                        if pair:
                            p = pair / prev_count
                            row[t] = weight * log(p if p < 1.0 else 1.0)
            table.append(row)
        return table

    def _profile(self, word: str) -> _Profile:
        wid = self._word_ids.get(word)
        lo = hi = 0
        if wid is None:
            wid = -1
        else:
            pairs = self._bigram_pairs
            lo = bisect.bisect_left(pairs, wid << 32)
            hi = bisect.bisect_left(pairs, (wid + 1) << 32, lo)
        profile = _Profile(lo, hi, wid, self.count(word), _OUTSIDE_TABLE.search(word) is not None)
        if len(self._profiles) >= PROFILE_CACHE_SIZE:
            self._profiles.clear()
        self._profiles[word] = profile
        return profile

    def sequence(
        self, words: Sequence[str], prev: str | None, nxt: str | None, *, floor: bool = True
    ) -> float:
        """log P(words, next | prev): the fit of a phrase between its neighbours.

        The phrase's own inner transitions are floored at :data:`PHRASE_FLOOR`: a
        lexicon phrase is a known unit ("grievous bodily harm"), and the pruned
        bigram table would otherwise price a rare collocation as a random sequence.
        ``floor=False`` prices the words as plain text (the channel's reading of a spun
        phrase as written, which is no known unit).
        """
        score = 0.0
        left = prev
        for k, w in enumerate(words):
            if left is None:
                step = self.logp(w)
            else:
                step = self.cond(left, w)
            if k > 0 and floor:
                step = max(step, _LOG_PHRASE_FLOOR)
            score += step
            left = w
        if nxt is not None and left is not None:
            score += self.cond(left, nxt)
        return score


def _u64(data: bytes) -> array.array[int]:
    """Unsigned 64-bit little-endian integers as a machine array."""
    values = array.array("Q")
    values.frombytes(data)
    if sys.byteorder != "little":
        values.byteswap()
    return values


_lock = threading.Lock()
_model: LanguageModel | None = None


def default_model() -> LanguageModel:
    """The shipped model, loaded once on first use (thread-safe)."""
    global _model
    if _model is None:
        with _lock:
            if _model is None:
                root = lexicon_root().joinpath("lm")

                def read(name: str) -> bytes:
                    return gzip.decompress(root.joinpath(name).read_bytes())

                _model = LanguageModel(
                    read("en-unigram-words.txt.gz").decode("utf-8"),
                    read("en-unigram-counts.u64le.gz"),
                    read("en-bigram-words.txt.gz").decode("utf-8"),
                    read("en-bigram-pairs.u64le.gz"),
                    read("en-bigram-counts.u64le.gz"),
                )
    return _model
