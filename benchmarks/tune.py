"""Sweep the decision stage's free parameters on the dev split (never the test split).

Run: ``python -m benchmarks.tune``. Prints recall and precision on the dev simulator
sets (rates 0.3 and 0.7) for each setting; the chosen values live in
``src/despin/channel.py`` with a comment pointing here.
"""

from __future__ import annotations

import itertools

import despin
import despin.channel
from benchmarks import common
from benchmarks.quality import Restoration, score_restoration


def evaluate(d: despin.Despinner, golds: list[common.Gold]) -> Restoration:
    total = Restoration("dev")
    for g in golds:
        total.add(score_restoration(g, d.clean(g.spun)))
    return total


def main() -> None:
    docs = common.clean_docs("dev")
    golds = common.spun_docs(docs, rates=(0.3, 0.7), seed=5)
    print("| LM_WEIGHT | min_confidence | recall | precision |")
    print("|---:|---:|---:|---:|")
    for weight, conf in itertools.product((0.5, 0.7, 1.0), (0.5,)):
        despin.channel.LM_WEIGHT = weight
        d = despin.Despinner(min_confidence=conf)
        r = evaluate(d, golds)
        print(f"| {weight} | {conf} | {r.recall:.3f} | {r.precision:.3f} |")


if __name__ == "__main__":
    main()
