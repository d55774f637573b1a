"""Tortured phrases: restoration in sentences, detection, and clean scientific prose.

Run: ``python -m benchmarks.science``. Reads ``benchmarks/data/science`` (our own
sentences built from the PPS list's phrases, and our own clean abstracts) and, when it
is beside the checkout, the PPS list itself for per-phrase coverage.
"""

from __future__ import annotations

import csv

import despin
from benchmarks import common

DATA = common.DATA / "science"


def run() -> tuple[str, dict[str, float]]:
    d = despin.Despinner(["news", "science"])
    rows = list(
        csv.DictReader((DATA / "tortured_sentences.tsv").open(encoding="utf-8"), delimiter="\t")
    )
    pps = {
        e.spun.lower() for e in despin.load_lexicon("science") if e.provenance.startswith("pps:")
    }
    restored = detected = pps_total = pps_restored = 0
    for row in rows:
        out = d.clean(row["spun_sentence"]).text
        is_pps = row["spun_phrase"].lower() in pps
        pps_total += is_pps
        # Case-insensitive: despin keeps the text's own case for words the spinner did
        # not change ("arrhenius condition" > "arrhenius equation"), while the expected
        # sentence takes the list's capitals ("Arrhenius equation").
        if out.casefold() == row["expected_sentence"].casefold():
            restored += 1
            pps_restored += is_pps
        if any(
            e.spun.lower() == row["spun_phrase"].lower()
            for e in d.detect(row["spun_sentence"]).evidence
        ):
            detected += 1
    abstracts = sorted((DATA / "clean_abstracts").glob("*.txt"))
    words = changes = 0
    for path in abstracts:
        text = path.read_text(encoding="utf-8")
        words += len(text.split())
        changes += len(d.clean(text).changes)
    figures = {
        "pps_sentences_restored": pps_restored / pps_total,
        "sentences_restored": restored / len(rows),
        "phrases_detected": detected / len(rows),
        "abstract_changes_per_1000": 1000 * changes / words,
    }
    lines = [
        "| metric | value |",
        "|---|---:|",
        f"| PPS-list phrases in sentences restored exactly (whole sentence equal, ignoring case), {pps_total} sentences | {figures['pps_sentences_restored']:.1%} |",
        f"| all science-lexicon phrases (PPS + thesaurus candidates), {len(rows)} sentences | {figures['sentences_restored']:.1%} |",
        f"| tortured phrases reported by `detect` as evidence | {figures['phrases_detected']:.1%} |",
        f"| changes on {len(abstracts)} clean abstracts ({words} words) | {changes} ({figures['abstract_changes_per_1000']:.2f} / 1,000 words) |",
    ]
    return "\n".join(lines) + "\n", figures


if __name__ == "__main__":
    print(run()[0])
