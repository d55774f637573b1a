"""Speed and memory of despin, side by side with baselines measured in the same run.

Run: ``python -m benchmarks.speed [--quick]``.

- Throughput (MB/s of UTF-8 input, one core, documents processed one by one) of
  ``despin.clean`` on clean news and on fully spun news (``despin.spin`` at rate 1.0),
  next to ``ftfy.fix_text`` (the pre-processing step users already run) and a bare
  ``re.findall(r"\\w+")`` pass (the floor no tokenising tool beats).
- Import time, time to the first result (lexicon and model loading), peak RSS: each in a
  fresh interpreter.
- Scaling: the same clean corpus at 1, 10 and 100 MB with 1 and 2 worker processes.

The corpora are our own clean news articles (benchmarks/data/clean), repeated to size;
spun copies use a different seed per repetition. Timings take the best of ``repeat``
runs, as RapidFuzz's benchmarks do.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import platform
import re
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import despin
from benchmarks import common

WORD = re.compile(r"\w+")


def corpus(kind: str, megabytes: float) -> list[str]:
    """Documents totalling about ``megabytes`` MB: clean news, or fully spun news."""
    base = [t for _n, t in common.clean_docs("dev") + common.clean_docs("test")]
    out: list[str] = []
    size = 0
    rep = 0
    target = megabytes * 1e6
    while size < target:
        for k, text in enumerate(base):
            doc = text if kind == "clean" else despin.spin(text, rate=1.0, seed=rep * 1000 + k).text
            out.append(doc)
            size += len(doc.encode("utf-8"))
            if size >= target:
                break
        rep += 1
    return out


def mb(docs: list[str]) -> float:
    return sum(len(d.encode("utf-8")) for d in docs) / 1e6


def best_rate(fn: Callable[[str], object], docs: list[str], repeat: int = 3) -> float:
    """Best MB/s over ``repeat`` passes of ``fn`` over every document."""
    size = mb(docs)
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        for d in docs:
            fn(d)
        best = min(best, time.perf_counter() - start)
    return size / best


def fresh(code: str) -> dict[str, float]:
    """Run ``code`` in a fresh interpreter; it prints a JSON dict."""
    out = subprocess.run(
        [sys.executable, "-c", code], check=True, capture_output=True, text=True
    ).stdout
    result: dict[str, float] = json.loads(out.strip().splitlines()[-1])
    return result


# Peak RSS is read from /proc/self/status (VmHWM): on Linux, getrusage's ru_maxrss
# survives exec and would report the benchmark's own (larger) parent process.
PEAK_RSS = """
def peak_mb():
    try:
        with open("/proc/self/status") as fh:
            for line in fh:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    import resource
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
"""

STARTUP = (
    PEAK_RSS
    + """
import json, time
t0 = time.perf_counter()
import despin
t1 = time.perf_counter()
despin.clean("The official mentioned on Saturday that the metropolis had fallen.")
t2 = time.perf_counter()
print(json.dumps({"import": t1 - t0, "first": t2 - t1, "rss_mb": peak_mb()}))
"""
)

PEAK = (
    PEAK_RSS.replace("{", "{{").replace("}", "}}")
    + """
import json
import despin
with open({path!r}, encoding="utf-8") as fh:
    docs = json.load(fh)
before = peak_mb()
for d in docs:
    despin.clean(d)
print(json.dumps({{"rss_mb": peak_mb(), "corpus_rss_mb": before}}))
"""
)


def _clean_len(text: str) -> int:
    return len(despin.clean(text).text)


def scaling(
    docs_1mb: list[str], sizes: tuple[int, ...], jobs: tuple[int, ...]
) -> list[dict[str, float]]:
    """Seconds to clean ``size`` MB (the 1 MB corpus repeated) with ``jobs`` processes.

    The corpus is cleaned once untimed first, so that the 1 MB run does not carry the
    patterns compiled and the caches filled on first use (which made it look slow and
    the larger runs look better than linear).
    """
    for d in docs_1mb:
        despin.clean(d)
    rows = []
    for n_jobs in jobs:
        for size in sizes:
            docs = docs_1mb * size
            start = time.perf_counter()
            if n_jobs == 1:
                for d in docs:
                    despin.clean(d)
            else:
                ctx = multiprocessing.get_context("fork" if sys.platform != "win32" else "spawn")
                with ctx.Pool(n_jobs) as pool:
                    for _ in pool.imap(_clean_len, docs, chunksize=64):
                        pass
            seconds = time.perf_counter() - start
            rows.append({"jobs": n_jobs, "mb": size * mb(docs_1mb), "seconds": seconds})
    return rows


def _forget(d: despin.Despinner) -> None:
    """Empty the decision stage's context caches, as a stream of new text finds them."""
    d._compile().scorer.clear_caches()


def run(quick: bool = False) -> tuple[str, dict[str, float]]:
    import ftfy

    size = 1.0 if quick else 2.0
    clean_docs = corpus("clean", size)
    spun_docs = corpus("spun", size)
    despin.clean("warm up")
    for d in clean_docs[:50] + spun_docs[:50]:
        despin.clean(d)
    figures: dict[str, float] = {}
    lines = [
        f"Machine: {platform.machine()}, {platform.python_implementation()} "
        f"{platform.python_version()}, one core per process.",
        "",
        '| text | despin.clean | ftfy.fix_text | bare `re.findall(r"\\w+")` |',
        "|---|---:|---:|---:|",
    ]
    for label, docs in (("clean news", clean_docs), ("fully spun news", spun_docs)):
        ours = best_rate(despin.clean, docs)
        theirs = best_rate(ftfy.fix_text, docs)
        floor = best_rate(WORD.findall, docs)
        figures[f"{label}/despin"] = ours
        figures[f"{label}/ftfy"] = theirs
        figures[f"{label}/regex"] = floor
        lines.append(
            f"| {label} ({mb(docs):.1f} MB) | {ours:.2f} MB/s | {theirs:.2f} MB/s | {floor:.1f} MB/s |"
        )
    # The spun corpus repeats its articles (spun again with other seeds), so the decision
    # stage's context caches hit more than on a stream of new text: measured again with
    # them emptied before each document.
    cold = despin.Despinner()
    ours = best_rate(lambda doc: (_forget(cold), cold.clean(doc)), spun_docs)
    figures["fully spun news, caches emptied/despin"] = ours
    lines.append(f"| fully spun news, caches emptied before each document | {ours:.2f} MB/s | | |")
    start = fresh(STARTUP)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "spun.json"
        path.write_text(json.dumps(spun_docs[: len(spun_docs) // 2]), encoding="utf-8")
        peak = fresh(PEAK.format(path=str(path)))
    figures.update(
        {"import_s": start["import"], "first_s": start["first"], "peak_rss_mb": peak["rss_mb"]}
    )
    lines += [
        "",
        "| start-up and memory (fresh interpreter) | value |",
        "|---|---:|",
        f"| `import despin` | {start['import'] * 1000:.0f} ms |",
        f"| first result (lexicons and model loaded) | {start['first'] * 1000:.0f} ms |",
        f"| import + first result | {(start['import'] + start['first']) * 1000:.0f} ms |",
        f"| peak RSS after the first result | {start['rss_mb']:.0f} MB |",
        f"| peak RSS after cleaning 1 MB of fully spun news (corpus in memory: {peak['corpus_rss_mb']:.0f} MB) | {peak['rss_mb']:.0f} MB |",
    ]
    sizes = (1, 10) if quick else (1, 10, 100)
    base = corpus("clean", 1.0)
    rows = scaling(base, sizes, (1, 2))
    lines += ["", "| clean news | 1 job | 2 jobs |", "|---|---:|---:|"]
    for size_mb in sizes:
        one = next(
            r for r in rows if r["jobs"] == 1 and round(r["mb"]) == round(size_mb * mb(base))
        )
        two = next(
            r for r in rows if r["jobs"] == 2 and round(r["mb"]) == round(size_mb * mb(base))
        )
        lines.append(
            f"| {one['mb']:.0f} MB | {one['seconds']:.1f} s ({one['mb'] / one['seconds']:.2f} MB/s) | "
            f"{two['seconds']:.1f} s ({two['mb'] / two['seconds']:.2f} MB/s) |"
        )
        figures[f"scale/{size_mb}MB/1"] = one["seconds"]
        figures[f"scale/{size_mb}MB/2"] = two["seconds"]
    first = rows[0]["seconds"]
    last_one = [r for r in rows if r["jobs"] == 1][-1]
    ratio = last_one["seconds"] / (first * sizes[-1])
    lines.append("")
    lines.append(
        f"Linearity: the {sizes[-1]} MB run took {ratio:.2f} x ({sizes[-1]} x the 1 MB time)."
    )
    figures["linearity"] = ratio
    return "\n".join(lines) + "\n", figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="1 and 10 MB only")
    args = parser.parse_args()
    text, _ = run(args.quick)
    print(text)


if __name__ == "__main__":
    main()
