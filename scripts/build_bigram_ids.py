"""Derive the compact bigram index the runtime reads from lexicons/lm/en-bigrams.txt.gz.

The readable bigram list (``w1 w2`` a line, sorted; written by build_ngrams.py) held as
~240,000 Python strings costs ~17 MB. The runtime instead reads:

- en-bigram-words.txt.gz: the distinct words of the bigrams, sorted, one a line;
- en-bigram-pairs.u64le.gz: each bigram as ``id(w1) << 32 | id(w2)`` (ids are positions
  in the word list), unsigned 64-bit little-endian, in the bigram list's order.

Words hold no character below the space, so sorting ``w1 w2`` strings sorts (w1, w2)
pairs word by word: with ids in sorted word order the pair ids come out sorted too, and
en-bigram-counts.u64le.gz stays aligned with them. The script checks both facts.

Usage: python scripts/build_bigram_ids.py   (rerun after build_ngrams.py; a test checks)
"""

from __future__ import annotations

import array
import gzip
import itertools
import sys
from pathlib import Path

LM_DIR = Path(__file__).resolve().parents[1] / "lexicons" / "lm"


def compact(bigrams: list[str]) -> tuple[list[str], array.array[int]]:
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


def main() -> None:
    bigrams = gzip.decompress((LM_DIR / "en-bigrams.txt.gz").read_bytes()).decode("utf-8")
    words, pairs = compact(bigrams.rstrip("\n").split("\n"))
    _write_gz(LM_DIR / "en-bigram-words.txt.gz", ("\n".join(words) + "\n").encode("utf-8"))
    if sys.byteorder != "little":
        pairs.byteswap()
    _write_gz(LM_DIR / "en-bigram-pairs.u64le.gz", pairs.tobytes())
    print(f"wrote {LM_DIR}: {len(words)} words, {len(pairs)} pairs")


def _write_gz(path: Path, data: bytes) -> None:
    with gzip.GzipFile(path, "wb", mtime=0) as fh:
        fh.write(data)


if __name__ == "__main__":
    main()
