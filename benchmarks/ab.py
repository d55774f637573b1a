"""Compare the speed of two despin source trees in one process, interleaved, on CPU time.

Run: ``python -m benchmarks.ab OLD_TREE NEW_TREE [--kind clean|spun] [--rounds N]`` from the
repository root, where each tree is a checkout (``git worktree add /tmp/old HEAD~3``).

This machine's speed drifts by 10% and more within an hour, so two versions measured in
separate benchmark runs cannot be compared. Here both are imported side by side (each
tree's ``src`` in turn, the modules of the first removed before the second is loaded),
each warmed on the corpus once as it is loaded, and then timed in alternating order, round after round, on
``time.process_time``: the drift falls on both alike.
"""

from __future__ import annotations

import argparse
import importlib
import sys
import time
from pathlib import Path
from typing import Any

from benchmarks.speed import corpus, mb


def load(tree: Path, docs: list[str]) -> Any:
    """A :class:`Despinner` of the despin in ``tree/src``, warmed on ``docs`` while its
    package is the one importable as ``despin`` (so it reads its own lexicons and tables)."""
    for name in [m for m in sys.modules if m == "despin" or m.startswith("despin.")]:
        del sys.modules[name]
    src = str(tree.resolve() / "src")
    sys.path.insert(0, src)
    try:
        module = importlib.import_module("despin")
    finally:
        sys.path.remove(src)
    if not str(module.__file__).startswith(src):
        raise SystemExit(f"{tree} has no despin package under src/")
    cleaner = module.Despinner()
    for doc in docs:
        cleaner.clean(doc)
    return cleaner


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("trees", nargs=2, type=Path, help="two source trees: old, new")
    parser.add_argument("--kind", choices=("clean", "spun"), default="clean")
    parser.add_argument("--megabytes", type=float, default=1.0)
    parser.add_argument("--rounds", type=int, default=6)
    args = parser.parse_args()
    docs = corpus(args.kind, args.megabytes)
    cleaners = [load(tree, docs) for tree in args.trees]
    size = mb(docs)
    best = [float("inf")] * 2
    total = [0.0] * 2
    for r in range(args.rounds):
        for i in (0, 1) if r % 2 == 0 else (1, 0):
            start = time.process_time()
            for doc in docs:
                cleaners[i].clean(doc)
            spent = time.process_time() - start
            best[i] = min(best[i], spent)
            total[i] += spent
    for i, tree in enumerate(args.trees):
        print(
            f"{tree}: best {size / best[i]:.2f} MB/s, mean {size * args.rounds / total[i]:.2f} MB/s"
        )
    print(f"new / old, by the best round: {best[0] / best[1]:.3f}")


if __name__ == "__main__":
    main()
