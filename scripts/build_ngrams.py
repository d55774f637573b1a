"""Build despin's compact n-gram table from symspellpy's Google Books counts (build time only).

symspellpy (MIT) ships ~82,765 English unigram counts and ~243,342 bigram counts derived
from Google Books n-grams. wordfreq has unigrams only, and phrase frequencies it estimates
from the words' own frequencies, so it carries no collocation signal: "told reporters" is
frequent while "advised reporters" never occurs. despin's context model needs exactly that.

Output, in lexicons/lm/ (a layout the runtime reads with a few C-level calls and a
small peak of memory):
- en-unigrams.tsv.gz: ``# key: value`` header lines giving the totals, then
  ``word<TAB>count`` lines;
- en-bigrams.txt.gz: the bigrams ``w1 w2``, one a line, sorted;
- en-bigram-counts.u64le.gz: their counts, unsigned 64-bit little-endian, same order. The
bigram counts come from a larger corpus than the unigram counts; ``bigram_scale`` is the
ratio of the two totals, used to put them on one scale.

The runtime reads these tables as arrays: rerun scripts/build_lm_arrays.py after this
script (tests/test_ngrams.py checks that the two agree).

Usage: python scripts/build_ngrams.py && python scripts/build_lm_arrays.py
"""

from __future__ import annotations

import array
import gzip
import hashlib
import importlib.metadata
import sys
from pathlib import Path

import symspellpy
import wordfreq

ROOT = Path(__file__).resolve().parents[1]
OUT_DIR = ROOT / "lexicons" / "lm"


def main() -> None:
    src = Path(symspellpy.__file__).parent
    uni_path = src / "frequency_dictionary_en_82_765.txt"
    bi_path = src / "frequency_bigramdictionary_en_243_342.txt"
    unigrams: dict[str, int] = {}
    for line in uni_path.read_text(encoding="utf-8").splitlines():
        word, count = line.split(" ")
        unigrams[word] = unigrams.get(word, 0) + int(count)
    bigrams: dict[str, int] = {}
    for line in bi_path.read_text(encoding="utf-8").splitlines():
        w1, w2, count = line.split(" ")
        bigrams[f"{w1} {w2}"] = bigrams.get(f"{w1} {w2}", 0) + int(count)
    uni_total = sum(unigrams.values())
    # symspell's list floors some words at 300,000 and misses most contractions and
    # inflections ("we're", "halts"); wordfreq knows them. Take the larger estimate,
    # and add wordfreq's frequent words that symspell lacks, on symspell's scale.
    raised = added = 0
    for word in wordfreq.top_n_list("en", 200_000):
        estimate = int(wordfreq.word_frequency(word, "en") * uni_total)
        if estimate <= 0 or " " in word:
            continue
        if word not in unigrams:
            unigrams[word] = estimate
            added += 1
        elif unigrams[word] < estimate:
            unigrams[word] = estimate
            raised += 1
    # wordfreq's word list leaves out tokens with digits, but decades are words spinners
    # spell out ("the 1990s" > "the Nineties"): the model must know how common they are.
    # (Only those as frequent as the table's rarest word: the floor for unknown words stays.)
    floor = min(unigrams.values())
    for decade in range(1800, 2100, 10):
        word = f"{decade}s"
        estimate = int(wordfreq.word_frequency(word, "en") * uni_total)
        if estimate >= floor and estimate > unigrams.get(word, 0):
            unigrams[word] = estimate
            added += 1
    bi_total = sum(bigrams.values())
    # The bigram table is pruned to frequent pairs, so its total underestimates the corpus;
    # estimate the scale from the most frequent word instead: P(the) * bigram corpus size
    # ~ sum of counts of bigrams starting with "the" (a frequent word loses little to pruning).
    the_mass = sum(c for k, c in bigrams.items() if k.startswith("the "))
    scale = the_mass / unigrams["the"]
    min_bigram = min(bigrams.values())
    lines = [
        "# despin n-gram table v1",
        f"# source: symspellpy {symspellpy.__version__ if hasattr(symspellpy, '__version__') else ''}"
        " (MIT), frequency_dictionary_en_82_765.txt and frequency_bigramdictionary_en_243_342.txt,"
        " derived from Google Books n-grams",
        f"# sha256 unigrams: {hashlib.sha256(uni_path.read_bytes()).hexdigest()}",
        f"# sha256 bigrams: {hashlib.sha256(bi_path.read_bytes()).hexdigest()}",
        f"# wordfreq {importlib.metadata.version('wordfreq')}: {raised} unigram counts raised, {added} words added",
        f"# unigram_total: {uni_total}",
        f"# unigram_min: {min(unigrams.values())}",
        f"# bigram_total: {bi_total}",
        f"# bigram_scale: {scale:.6g}",
        f"# bigram_min: {min_bigram}",
    ]
    lines += [f"{w}\t{c}" for w, c in sorted(unigrams.items())]
    keys = sorted(bigrams)
    OUT_DIR.mkdir(parents=True, exist_ok=True)
    _write_gz(OUT_DIR / "en-unigrams.tsv.gz", ("\n".join(lines) + "\n").encode("utf-8"))
    _write_gz(OUT_DIR / "en-bigrams.txt.gz", ("\n".join(keys) + "\n").encode("utf-8"))
    counts = array.array("Q", (bigrams[k] for k in keys))
    if sys.byteorder != "little":
        counts.byteswap()
    _write_gz(OUT_DIR / "en-bigram-counts.u64le.gz", counts.tobytes())
    print(f"wrote {OUT_DIR}: {len(unigrams)} unigrams, {len(bigrams)} bigrams, scale {scale:.4g}")


def _write_gz(path: Path, data: bytes) -> None:
    with gzip.GzipFile(path, "wb", mtime=0) as fh:
        fh.write(data)


if __name__ == "__main__":
    main()
