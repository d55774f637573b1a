"""The runtime's compact bigram index is derived from the readable bigram list, not edited."""

from __future__ import annotations

import gzip
import sys
from pathlib import Path

from despin.langmodel import default_model

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "scripts"))

import build_bigram_ids

ROOT = Path(__file__).resolve().parents[1]


def _read(name: str) -> bytes:
    return gzip.decompress((ROOT / "lexicons" / "lm" / name).read_bytes())


def test_compact_bigram_files_are_rebuilt_from_the_bigram_list():
    bigrams = _read("en-bigrams.txt.gz").decode("utf-8").rstrip("\n").split("\n")
    words, pairs = build_bigram_ids.compact(bigrams)
    assert _read("en-bigram-words.txt.gz").decode("utf-8") == "\n".join(words) + "\n"
    if sys.byteorder != "little":
        pairs.byteswap()
    assert _read("en-bigram-pairs.u64le.gz") == pairs.tobytes()


def test_bigram_lookups_agree_with_the_bigram_list():
    bigrams = _read("en-bigrams.txt.gz").decode("utf-8").rstrip("\n").split("\n")
    model = default_model()
    for pair in bigrams[::997]:
        first, second = pair.split(" ")
        assert model.bigram(first, second) > 0
        assert model.bigram(second + "x", first) == 0
    assert model.bigram("told", "reporters") > model.bigram("advised", "reporters")
