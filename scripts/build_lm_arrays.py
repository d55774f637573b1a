"""Derive the arrays the runtime language model reads from the readable n-gram tables.

build_ngrams.py writes the tables in readable form: en-unigrams.tsv.gz (``# key: value``
header lines, then ``word<TAB>count``) and en-bigrams.txt.gz (``w1 w2`` a line, sorted).
Parsing ~200,000 count strings and holding ~240,000 bigram strings would cost start-up
time and ~17 MB, so the runtime reads instead:

- en-unigram-words.txt.gz: the unigram table's header lines, then its words, one a line;
- en-unigram-counts.u64le.gz: their counts, same order;
- en-bigram-words.txt.gz: the distinct words of the bigrams, sorted, one a line;
- en-bigram-pairs.u64le.gz: each bigram as ``id(w1) << 32 | id(w2)`` (ids are positions
  in that word list), in the bigram list's order, beside en-bigram-counts.u64le.gz.

Integers are unsigned 64-bit little-endian. Words hold no character below the space, so
sorting ``w1 w2`` strings sorts (w1, w2) pairs word by word: with ids in sorted word
order the pair ids come out sorted too, and the bigram counts stay aligned with them.
The script checks both facts.

Usage: python scripts/build_lm_arrays.py   (after build_ngrams.py; tests/test_ngrams.py
checks that the arrays match the tables)
"""

from __future__ import annotations

import array
import gzip
import itertools
import sys
from pathlib import Path

LM_DIR = Path(__file__).resolve().parents[1] / "lexicons" / "lm"


def unigram_arrays(table: str) -> tuple[str, array.array[int]]:
    """The header and words (one text) and the counts of a readable unigram table."""
    lines = table.rstrip("\n").split("\n")
    header = list(itertools.takewhile(lambda line: line.startswith("#"), lines))
    rows = [line.split("\t") for line in lines[len(header) :]]
    if any(len(row) != 2 for row in rows):
        msg = "a unigram line is not word<TAB>count"
        raise ValueError(msg)
    words = "\n".join(header + [word for word, _count in rows]) + "\n"
    return words, array.array("Q", (int(count) for _word, count in rows))


def bigram_arrays(bigrams: list[str]) -> tuple[list[str], array.array[int]]:
    """The sorted word list and the pair ids of a sorted bigram list."""
    pairs_of_words = [b.split(" ") for b in bigrams]
    if any(len(p) != 2 or min(min(w) for w in p) <= " " for p in pairs_of_words):
        msg = "a bigram is not two words of printable characters"
        raise ValueError(msg)
    words = sorted({w for p in pairs_of_words for w in p})
    ids = {w: i for i, w in enumerate(words)}
    pairs = array.array("Q", (ids[a] << 32 | ids[b] for a, b in pairs_of_words))
    if any(x >= y for x, y in itertools.pairwise(pairs)):
        msg = "pair ids are not strictly increasing: the bigram list is not sorted"
        raise ValueError(msg)
    return words, pairs


def read(name: str) -> str:
    return gzip.decompress((LM_DIR / name).read_bytes()).decode("utf-8")


def main() -> None:
    words, counts = unigram_arrays(read("en-unigrams.tsv.gz"))
    _write_gz(LM_DIR / "en-unigram-words.txt.gz", words.encode("utf-8"))
    _write_gz(LM_DIR / "en-unigram-counts.u64le.gz", _little_endian(counts))
    bigram_words, pairs = bigram_arrays(read("en-bigrams.txt.gz").rstrip("\n").split("\n"))
    _write_gz(LM_DIR / "en-bigram-words.txt.gz", ("\n".join(bigram_words) + "\n").encode("utf-8"))
    _write_gz(LM_DIR / "en-bigram-pairs.u64le.gz", _little_endian(pairs))
    print(f"wrote {LM_DIR}: {len(counts)} unigrams, {len(bigram_words)} words, {len(pairs)} pairs")


def _little_endian(values: array.array[int]) -> bytes:
    if sys.byteorder != "little":
        values = array.array("Q", values)
        values.byteswap()
    return values.tobytes()


def _write_gz(path: Path, data: bytes) -> None:
    with gzip.GzipFile(path, "wb", mtime=0) as fh:
        fh.write(data)


if __name__ == "__main__":
    main()
