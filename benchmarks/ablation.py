"""What each signal of the decision stage adds (dev split and the real seed).

Run: ``python -m benchmarks.ablation``. Each row switches one signal off:

- *no bigram context*: occurrences are scored by unigram frequency only (the language
  model sees no neighbours), so "advised reporters" looks as good as "told reporters";
- *no joint decoding*: each occurrence is scored against its neighbours as written, not
  against their readings ("authorities forces" judged next to the spun word, not "government");
- *no per-family rates*: every lexicon family gets the same swap rate (0.5) instead of
  its EM estimate in the document;
- *no one sense per discourse*: each occurrence of a form is read on its own, not leaning
  toward how the text's other occurrences of the same form read;
- *no fingerprint prior*: fingerprint forms are priced by the language model alone;
- *no name protection*: capitalised words inside a sentence are treated like others.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from typing import Any

import despin
import despin.channel
import despin.despinner
import despin.restore
from benchmarks import common
from benchmarks.quality import Restoration, score_restoration


@contextlib.contextmanager
def patched(obj: Any, name: str, value: Any) -> Iterator[None]:
    old = getattr(obj, name)
    setattr(obj, name, value)
    try:
        yield
    finally:
        setattr(obj, name, old)


def evaluate(golds: list[common.Gold]) -> Restoration:
    d = despin.Despinner()
    total = Restoration("ablation")
    for g in golds:
        total.add(score_restoration(g, d.clean(g.spun)))
    return total


def run() -> str:
    dev = common.spun_docs(common.clean_docs("dev"), rates=(0.7,), seed=5)
    seed = common.seed_gold()
    sets = [("simulator dev, rate 0.7", dev)] + ([("real seed 001", [seed])] if seed else [])
    variants: list[tuple[str, list[tuple[Any, str, Any]]]] = [
        ("full model", []),
        (
            "no bigram context",
            [(despin.channel.Scorer, "context", False)],
        ),
        (
            "no per-family rates",
            [
                (
                    despin.despinner,
                    "family_rates",
                    lambda scorer, keys, occ: dict.fromkeys(scorer.index.family_mass, 0.5),
                )
            ],
        ),
        ("no joint decoding", [(despin.channel.Scorer, "joint", False)]),
        ("no one sense per discourse", [(despin.restore, "CONSISTENCY", None)]),
        ("no fingerprint prior", [(despin.channel, "_LOG_FP", 0.0)]),
        ("no name protection", [(despin.restore, "_is_name", lambda text, start, end: False)]),
    ]
    header = "| variant | " + " | ".join(f"{name}: recall / precision" for name, _ in sets) + " |"
    lines = [header, "|---|" + "---:|" * len(sets)]
    for label, patches in variants:
        with contextlib.ExitStack() as stack:
            for obj, name, value in patches:
                stack.enter_context(patched(obj, name, value))
            cells = []
            for _name, golds in sets:
                r = evaluate(golds)
                cells.append(f"{r.recall:.1%} / {r.precision:.1%}")
        lines.append(f"| {label} | " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    print(run())
