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
- *no name protection*: capitalised words inside a sentence are treated like others;
- *no paragraph mixture*: every paragraph's prior is the document's spin probability
  (not the share of spun paragraphs), and its evidence is integrated over all rates;
- *no paragraph weights in swap rates*: the family swap rates count the unswapped
  originals of clean paragraphs too;
- *no keep recalibration*: the keep reading's prior does not follow the text's swap
  rate (``channel.KEEP_RATE_WEIGHT`` = 0), as before 2026-11-26;
- *no passage gate*: a paragraph's weak forms need the whole document to read as spun
  (``restore.DOCUMENT_FLOOR`` = ``WEAK_GATE``), as before 2026-11-26;
- *no context gate*: a text is restored however few of its candidates the channel reads
  as swaps in context (``restore.CONTEXT_GATE`` = None), as before the gate. Its gain is
  on clean text (``python -m benchmarks.system_text``), not here: what this row shows is
  what it costs spun text;
- *no register gate*: a text is restored however many of its rare words the lexicons do
  not explain (``register.REGISTER_GATE`` = 1.0), as before the gate; the same holds.

The third column is clean dev articles with two middle paragraphs spun at rate 0.7,
where the last two signals matter: precision falls when clean paragraphs are changed.
"""

from __future__ import annotations

import contextlib
import math
from collections.abc import Iterator, Sequence
from typing import Any

import despin
import despin.channel
import despin.despinner
import despin.rates
import despin.restore
from benchmarks import common
from benchmarks.quality import Restoration, score_restoration
from despin.detect import INTERCEPT, Segment


@contextlib.contextmanager
def patched(obj: Any, name: str, value: Any) -> Iterator[None]:
    old = getattr(obj, name)
    setattr(obj, name, value)
    try:
        yield
    finally:
        setattr(obj, name, old)


def _document_prior(paragraphs: Sequence[Segment]) -> tuple[float, list[float]]:
    """spun_share as if every paragraph were spun: the document's prior for all."""
    evidence = []
    for p in paragraphs:
        spin = min(max(p.spin, 1e-12), 1 - 1e-12)
        evidence.append(math.log(spin / (1 - spin)) - INTERCEPT)
    return 1.0, evidence


def evaluate(golds: list[common.Gold]) -> Restoration:
    d = despin.Despinner()
    total = Restoration("ablation")
    for g in golds:
        total.add(score_restoration(g, d.clean(g.spun)))
    return total


#: Each variant: a label and the (object, attribute, stand-in) patches that switch a
#: signal off. A stand-in for a function takes the same arguments.
VARIANTS: list[tuple[str, list[tuple[Any, str, Any]]]] = [
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
                lambda scorer, keys, occ, runs=None: dict.fromkeys(scorer.index.family_mass, 0.5),
            )
        ],
    ),
    ("no joint decoding", [(despin.channel.Scorer, "joint", False)]),
    ("no one sense per discourse", [(despin.restore, "CONSISTENCY", None)]),
    ("no fingerprint prior", [(despin.channel, "_LOG_FP", 0.0)]),
    ("no name protection", [(despin.restore, "_is_name", lambda text, start, end: False)]),
    ("no paragraph mixture", [(despin.rates, "spun_share", _document_prior)]),
    ("no keep recalibration", [(despin.channel, "KEEP_RATE_WEIGHT", 0.0)]),
    ("no passage gate", [(despin.restore, "DOCUMENT_FLOOR", despin.restore.WEAK_GATE)]),
    ("no context gate", [(despin.restore, "CONTEXT_GATE", None)]),
    ("no register gate", [(despin.despinner, "REGISTER_GATE", 1.0)]),
    (
        "no paragraph weights in swap rates",
        [(despin.despinner, "token_runs", lambda spans, paragraphs, spin, gate=None: None)],
    ),
]


def run() -> str:
    dev = common.spun_docs(common.clean_docs("dev"), rates=(0.7,), seed=5)
    seed = common.seed_gold()
    mixed = [m.gold for m in common.mixed_docs(common.clean_docs("dev"), 2, 0.7, seed=13)]
    sets = [("simulator dev, rate 0.7", dev)] + ([("real seed 001", [seed])] if seed else [])
    sets.append(("2 spun paragraphs in clean dev articles", mixed))
    header = "| variant | " + " | ".join(f"{name}: recall / precision" for name, _ in sets) + " |"
    lines = [header, "|---|" + "---:|" * len(sets)]
    for label, patches in VARIANTS:
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
