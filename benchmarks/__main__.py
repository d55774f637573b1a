"""Run every benchmark and write the tables the README shows.

Run: ``python -m benchmarks [--quick]`` from the repository root (with despin installed,
``pip install '.[bench]'``). Writes ``benchmarks/out/results.md`` and prints it.
"""

from __future__ import annotations

import argparse
import platform
import time
from pathlib import Path

from benchmarks import ablation, quality, science, speed

OUT = Path(__file__).resolve().parent / "out"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="smaller speed corpora (1 and 10 MB)")
    parser.add_argument("--no-scale", action="store_true", help="skip the JSONL/Dask scale run")
    args = parser.parse_args()
    started = time.perf_counter()
    parts = [
        f"# despin benchmarks ({time.strftime('%Y-%m-%d')}, {platform.node() or 'this machine'}, "
        f"{platform.machine()}, Python {platform.python_version()})",
        "",
        "## Quality",
        "",
        quality.run("test")[0],
        "### What each signal adds (dev split and the seed)",
        "",
        ablation.run(),
        "## Science: tortured phrases",
        "",
        science.run()[0],
        "## Speed and memory",
        "",
        speed.run(args.quick)[0],
    ]
    try:
        from benchmarks import learn_eval

        figures = learn_eval.evaluate()
        figures.update(learn_eval.heldout(learn_eval.evaluate.last_lexicon))  # type: ignore[attr-defined]
        parts += [
            "## despin learn (unseen spinner, 50 aligned documents)",
            "",
            learn_eval.markdown(figures),
            "",
        ]
    except ImportError:
        pass
    if not args.no_scale:
        try:
            from benchmarks import scale

            rows = scale.run(10.0 if args.quick else 100.0)
            parts += ["## Corpus scale (JSONL through the CLI and Dask)", "", scale.table(rows), ""]
        except (ImportError, AttributeError):
            pass
    parts.append(f"_all benchmarks took {time.perf_counter() - started:.0f} s_")
    text = "\n".join(parts) + "\n"
    OUT.mkdir(exist_ok=True)
    (OUT / "results.md").write_text(text, encoding="utf-8")
    print(text)


if __name__ == "__main__":
    main()
