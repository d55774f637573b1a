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
from collections.abc import Sequence

from despin.resources import lexicon_root

__all__ = ["LanguageModel", "default_model"]

#: Characters no bigram of the table contains (symspell's list is letters only).
_OUTSIDE_TABLE = re.compile(r"[\d'\-]")
#: Lowest probability of a word given the previous word inside a lexicon phrase.
PHRASE_FLOOR = 0.05
_LOG_PHRASE_FLOOR = math.log(PHRASE_FLOOR)


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
        unigrams = dict(zip(words, counts))
        del words, counts
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
        self._unigrams = unigrams
        self._total = meta.get("unigram_total") or float(sum(unigrams.values()))
        self._scale = meta.get("bigram_scale", 1.0)
        # A pair missing from the table occurred fewer times than the smallest kept pair.
        self._missing = meta.get("bigram_min", 1.0) / 2.0
        self._floor = meta.get("unigram_min", 0.0) / 2.0 or min(unigrams.values()) / 2.0

    def __len__(self) -> int:
        return len(self._unigrams)

    def knows(self, word: str) -> bool:
        """True when the word is in the unigram table."""
        return word in self._unigrams

    def unknown(self, words: set[str]) -> set[str]:
        """The words not in the unigram table (a C-level set difference)."""
        return words.difference(self._unigrams)

    def count(self, word: str) -> float:
        """Unigram count on the table's scale (wordfreq estimate for unknown words)."""
        c = self._unigrams.get(word)
        if c is not None:
            return float(c)
        # The table holds symspell's and wordfreq's 200,000 most frequent words: a word
        # outside it is rarer than any of them.
        return self._floor

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
        return math.log(self.count(word) / self._total)

    def cond(self, prev: str, word: str) -> float:
        """log P(word | prev), backing off to a capped unigram estimate."""
        pair = self.bigram(prev, word)
        prev_count = self.count(prev) * self._scale
        if pair:
            return math.log(min(pair / prev_count, 1.0))
        p_indep = self.count(word) / self._total
        if _OUTSIDE_TABLE.search(prev) or _OUTSIDE_TABLE.search(word):
            # The table holds no pair with a digit, apostrophe or hyphen ("the 1990s",
            # "we're alarmed"): its silence says nothing about such a pair.
            return math.log(p_indep)
        p_cap = self._missing / prev_count
        return math.log(min(p_indep, p_cap))

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
