#!/usr/bin/env python3
"""Build benchmarks/data/science/tortured_sentences.tsv: tortured phrases in academic sentences.

Run from the repository root, after scripts/build_science_lexicon.py::

    python scripts/make_tortured_sentences.py

A seeded, deterministic sample of science-lexicon rows is set into sentence templates of
ordinary academic English, once as the tortured phrase and once as the expected term, so a
benchmark can measure restoration of each phrase in a sentence context. Columns:
``spun_sentence``, ``expected_sentence``, ``spun_phrase``, ``expected_phrase``.

Only rows that apply anywhere are sampled: a ``doc:`` constraint (the phrase is also ordinary
English and needs its technical term elsewhere in the paper) or a ``cased`` one cannot be
satisfied by one sentence, and would make the benchmark measure the sentence, not the
restoration. Each row gets the template chosen by the same seeded generator, so the file only
changes when the lexicon, the templates or the seed do.
"""

from __future__ import annotations

import argparse
import random
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from despin.lexicon import load_lexicon  # noqa: E402

LEXICON = ROOT / "lexicons" / "science.tsv"
OUT = ROOT / "benchmarks" / "data" / "science" / "tortured_sentences.tsv"
SEED = 20210714  # arXiv:2107.06751, Cabanac, Labbe & Magazinov, submitted 14 July 2021
SAMPLE = 300

#: Academic sentences with one slot. "{}" sits where a noun phrase of either number reads
#: naturally (no verb agrees with it); "{cap}" starts the sentence with it.
TEMPLATES = (
    "In this paper we apply {} to the classification of satellite images.",
    "We compare the {} with two baseline methods on three public data sets.",
    "The results obtained with the {} are summarised in Table 2.",
    "Previous studies have used the {} for similar problems in medical imaging [12].",
    "Little is known about the role of the {} in the early stages of the disease.",
    "A detailed description of the {} is given in Section 3.",
    "The main contribution of this work is a new framework based on the {}.",
    "To the best of our knowledge, no study has examined the {} in this setting.",
    "We report the mean and standard deviation over ten runs for the {}.",
    "Figure 4 shows the effect of the sample size on the {}.",
    "The proposed approach relies on the {} to reduce the computational cost.",
    "Several authors have questioned the reliability of the {} under real conditions [7, 9].",
    "In the second experiment, we evaluated the {} on data collected in 2019.",
    "These findings suggest that the {} could be useful in clinical practice.",
    "The limitations of the {} are discussed at the end of the paper.",
    "Our analysis of the {} is based on a survey of 1,200 households.",
    "We thank the reviewers for their comments on the {}.",
    "The code used for the {} is available from the authors on request.",
    "{cap} and related methods have become central topics in recent research.",
    "{cap} and two related measures were examined in a cohort of 412 patients.",
)


def _fill(template: str, phrase: str) -> str:
    if "{cap}" in template:
        return template.replace("{cap}", phrase[:1].upper() + phrase[1:])
    return template.format(phrase)


def make_rows(lexicon_path: Path, seed: int, size: int) -> list[tuple[str, str, str, str]]:
    lexicon = load_lexicon(lexicon_path)
    eligible = sorted(
        (e for e in lexicon if e.context.doc is None and not e.context.cased),
        key=lambda e: (e.spun, e.restored),
    )
    rng = random.Random(seed)
    sample = rng.sample(eligible, min(size, len(eligible)))
    rows = []
    for entry in sorted(sample, key=lambda e: (e.spun, e.restored)):
        template = TEMPLATES[rng.randrange(len(TEMPLATES))]
        rows.append(
            (
                _fill(template, entry.spun),
                _fill(template, entry.restored),
                entry.spun,
                entry.restored,
            )
        )
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--lexicon", type=Path, default=LEXICON)
    parser.add_argument("--out", type=Path, default=OUT)
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument("--size", type=int, default=SAMPLE)
    args = parser.parse_args(argv)
    rows = make_rows(args.lexicon, args.seed, args.size)
    lines = ["spun_sentence\texpected_sentence\tspun_phrase\texpected_phrase"]
    for row in rows:
        if any("\t" in cell or "\n" in cell for cell in row):
            msg = f"a tab or newline in {row!r}"
            raise SystemExit(msg)
        lines.append("\t".join(row))
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"wrote {args.out}: {len(rows)} sentences (seed {args.seed})", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
