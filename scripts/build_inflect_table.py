#!/usr/bin/env python3
"""Build ``src/despin/data/inflect.tsv.gz``: the inflection table despin ships.

:mod:`despin.inflect` needs two things from a dictionary: irregular forms (WordNet's
exception lists, kept whole: a few thousand rows) and which parts of speech a lemma
has (WordNet's index files, kept for single words that wordfreq rates at least
``MIN_ZIPF``, so the table stays small, and that some synset spells in lower case:
the index lower-cases names, which would make ``begin`` a noun). Run where WordNet is installed (Debian:
``apt-get install wordnet-base``)::

    python scripts/build_inflect_table.py [--wordnet-dir /usr/share/wordnet]

The output is deterministic (rows in source or sorted order, gzip without a timestamp).
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import sys
from pathlib import Path

from wordfreq import zipf_frequency

sys.path.insert(0, str(Path(__file__).resolve().parent))

import inflect

_inflect = inflect.load_despin("inflect")
MIN_ZIPF = 1.5


def common_words(directory: Path, pos: str) -> set[str]:
    """Lemmas written in lower case in at least one synset of ``data.<pos>``.

    WordNet's index lower-cases everything, so ``begin`` is a noun there (Menachem
    Begin); a lemma whose every synset spells it with a capital is a name, not a word of
    that part of speech.
    """
    words: set[str] = set()
    path = directory / f"data.{pos}"
    if path.is_file():
        with path.open(encoding="utf-8") as handle:
            for line in handle:
                if line.startswith(" "):
                    continue
                fields = line.split(" ")
                count = int(fields[3], 16)
                for word in fields[4 : 4 + 2 * count : 2]:
                    word = word.split("(", 1)[0].replace("_", " ")  # drop adj markers: (a), (p)
                    if word == word.lower():
                        words.add(word)
    return words


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--wordnet-dir", default=inflect.WORDNET_DIR)
    parser.add_argument("-o", "--output", default=str(_inflect.TABLE))
    args = parser.parse_args(argv)
    directory = Path(args.wordnet_dir)
    sources = [
        *sorted(directory.glob("index.*")),
        *sorted(directory.glob("data.*")),
        *sorted(directory.glob("*.exc")),
    ]
    if not any(p.name == "verb.exc" for p in sources):
        print(f"no WordNet exception files in {directory}", file=sys.stderr)
        return 2
    full = _inflect.read_wordnet(str(directory))
    lower = {pos: common_words(directory, pos) for pos in full.lemmas}
    lemmas = {
        pos: frozenset(
            w
            for w in words
            if " " not in w and w in lower[pos] and zipf_frequency(w, "en") >= MIN_ZIPF
        )
        for pos, words in full.lemmas.items()
    }
    digest = hashlib.sha256(b"".join(p.read_bytes() for p in sources)).hexdigest()[:16]
    text = _inflect.format_table(
        _inflect.Tables(full.exc, lemmas),
        (
            "built by scripts/build_inflect_table.py",
            f"source: WordNet {directory} ({', '.join(p.name for p in sources)}; sha256 {digest}...)",
            f"irregular forms: every exception row; lemmas: single words with wordfreq zipf >= {MIN_ZIPF},"
            " in lower case in some synset",
        ),
    )
    Path(args.output).write_bytes(gzip.compress(text.encode("utf-8"), 9, mtime=0))
    rows = text.count("\n")
    print(f"wrote {args.output}: {rows} lines", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
