"""The runtime's n-gram arrays are derived from the readable tables, not edited."""

from __future__ import annotations

import gzip
import itertools
import sys
from pathlib import Path

from despin.langmodel import default_model

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "scripts"))

import build_lm_arrays

LM = Path(__file__).resolve().parents[1] / "lexicons" / "lm"


def _read(name: str) -> bytes:
    return gzip.decompress((LM / name).read_bytes())


def _little_endian(values) -> bytes:
    if sys.byteorder != "little":
        values.byteswap()
    return values.tobytes()


def test_unigram_arrays_are_rebuilt_from_the_unigram_table():
    words, counts = build_lm_arrays.unigram_arrays(_read("en-unigrams.tsv.gz").decode("utf-8"))
    assert _read("en-unigram-words.txt.gz").decode("utf-8") == words
    assert _read("en-unigram-counts.u64le.gz") == _little_endian(counts)


def test_bigram_arrays_are_rebuilt_from_the_bigram_list():
    bigrams = _read("en-bigrams.txt.gz").decode("utf-8").rstrip("\n").split("\n")
    words, pairs = build_lm_arrays.bigram_arrays(bigrams)
    assert _read("en-bigram-words.txt.gz").decode("utf-8") == "\n".join(words) + "\n"
    assert _read("en-bigram-pairs.u64le.gz") == _little_endian(pairs)


def test_lookups_agree_with_the_readable_tables():
    model = default_model()
    table = _read("en-unigrams.tsv.gz").decode("utf-8").rstrip("\n").split("\n")
    rows = [line.split("\t") for line in table if not line.startswith("#")]
    for word, count in rows[::991]:
        assert model.count(word) == float(count)
    bigrams = _read("en-bigrams.txt.gz").decode("utf-8").rstrip("\n").split("\n")
    for pair in bigrams[::997]:
        first, second = pair.split(" ")
        assert model.bigram(first, second) > 0
        assert model.bigram(second + "x", first) == 0
    assert model.bigram("told", "reporters") > model.bigram("advised", "reporters")


def test_unigram_words_are_strictly_sorted_for_bisection():
    # The runtime finds a word's count by bisection (LanguageModel._position).
    table = _read("en-unigram-words.txt.gz").decode("utf-8").rstrip("\n").split("\n")
    words = [line for line in table if not line.startswith("#")]
    assert all(a < b for a, b in itertools.pairwise(words))
    model = default_model()
    assert len(model) == len(words)
    assert all(model.knows(w) for w in words[::4999])
    assert not model.knows(words[0][:-1] + "\uffff")
    assert model.unknown({"the", "zzzqxv", words[-1]}) == {"zzzqxv"}
