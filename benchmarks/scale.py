"""Corpus-scale throughput: ``despin clean --jsonl`` with 1 and 2 jobs, and Dask with 2 workers.

Builds a JSONL corpus of about ``--mb`` megabytes from the news articles in
``benchmarks/data/clean/dev`` and, when :mod:`despin.spinner` works, spun copies of
them (``despin.spin``, three seeds), then times:

* ``despin clean --jsonl --jobs 1`` and ``--jobs 2`` (subprocesses, output to a file);
* :func:`despin.integrations.dask.clean_bag` on a ``LocalCluster`` of 2 worker processes
  (one thread each), reading and writing JSONL (cluster start-up not counted);

and prints a markdown table. ``run(mb)`` returns the rows for ``python -m benchmarks``.

    python benchmarks/scale.py --mb 100
    python benchmarks/scale.py --mb 10 --lexicon /tmp/smoke.tsv   # only this lexicon
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SRC = ROOT / "src"
ARTICLES = ROOT / "benchmarks" / "data" / "clean" / "dev"


def _import_path() -> None:
    """Make ``despin`` importable here, in subprocesses and in Dask's spawned workers."""
    if str(SRC) not in sys.path:
        sys.path.insert(0, str(SRC))
    parts = os.environ.get("PYTHONPATH", "").split(os.pathsep)
    if str(SRC) not in parts:
        os.environ["PYTHONPATH"] = os.pathsep.join(p for p in [str(SRC), *parts] if p)


def documents() -> tuple[list[tuple[str, str]], bool]:
    """``(name, text)`` of the dev articles plus their spun copies, and whether spinning worked."""
    clean = [(p.stem, p.read_text(encoding="utf-8")) for p in sorted(ARTICLES.glob("*.txt"))]
    if not clean:
        msg = f"no articles in {ARTICLES}"
        raise FileNotFoundError(msg)
    try:
        from despin import spin

        spun = [
            (f"{name}~spun{seed}", spin(text, rate=0.5, seed=seed).text)
            for seed in range(3)
            for name, text in clean
        ]
    except Exception as exc:  # spinner table missing or broken: clean documents only
        print(f"scale: no spun documents ({exc}); clean ones only", file=sys.stderr)
        return clean, False
    return clean + spun, True


def make_corpus(path: Path, mb: float) -> int:
    """Write about ``mb`` megabytes of JSONL news documents; return the document count."""
    docs, _ = documents()
    target = int(mb * 1e6)
    size = count = 0
    with path.open("w", encoding="utf-8") as fh:
        while size < target:
            name, text = docs[count % len(docs)]
            line = json.dumps({"id": count, "source": name, "text": text}, ensure_ascii=False)
            fh.write(line + "\n")
            size += len(line.encode("utf-8")) + 1
            count += 1
    return count


def _lexicon_args(lexicon: str | None) -> list[str]:
    return [] if lexicon is None else ["--no-builtin", "--lexicon", lexicon]


def time_cli(src: Path, dst: Path, jobs: int, lexicon: str | None) -> tuple[float, float, float]:
    """Wall and CPU seconds for ``despin clean --jsonl`` (workers included), peak RSS (MB)."""
    # The CLI runs under a small wrapper that reports its own peak RSS (VmHWM): the
    # ru_maxrss of wait4 would include this benchmark's RSS, which Linux carries
    # across fork and exec.
    cmd = [
        sys.executable,
        "-c",
        _PEAK_WRAPPER,
        "clean",
        "--jsonl",
        "--no-progress",
        "--jobs",
        str(jobs),
        *_lexicon_args(lexicon),
        str(src),
        "-o",
        str(dst),
    ]
    started = time.perf_counter()
    proc = subprocess.Popen(cmd, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - started
    proc.returncode = os.waitstatus_to_exitcode(status)
    err = proc.stderr.read().decode() if proc.stderr else ""
    if proc.returncode != 0:
        msg = f"{' '.join(cmd)} failed ({proc.returncode}): {err}"
        raise RuntimeError(msg)
    peak = [line for line in err.splitlines() if line.startswith("PEAK_MB=")]
    rss = float(peak[-1].split("=")[1]) if peak else usage.ru_maxrss / 1024
    return seconds, usage.ru_utime + usage.ru_stime, rss


_PEAK_WRAPPER = """
import sys
from despin.cli import main
code = main(sys.argv[1:])
try:
    with open("/proc/self/status") as fh:
        for line in fh:
            if line.startswith("VmHWM:"):
                print(f"PEAK_MB={int(line.split()[1]) / 1024:.0f}", file=sys.stderr)
except OSError:
    pass
sys.exit(code)
"""


def _cpu_seconds() -> float:
    import resource

    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def time_dask(src: Path, out_dir: Path, workers: int, lexicon: str | None) -> tuple[float, float]:
    """Wall and CPU seconds (client and workers) for clean_bag on a LocalCluster.

    Cluster start-up is not counted; reading, cleaning and writing JSONL are.
    """
    import logging

    import dask.bag as db
    from distributed import Client, LocalCluster

    from despin import Despinner
    from despin.integrations.dask import clean_bag

    despinner = Despinner() if lexicon is None else Despinner([lexicon])
    blocksize = max(1 << 20, src.stat().st_size // (workers * 8))
    with (
        LocalCluster(
            n_workers=workers,
            processes=True,
            threads_per_worker=1,
            dashboard_address=None,
            silence_logs=logging.ERROR,
        ) as cluster,
        Client(cluster) as client,
    ):
        cpu = -sum(client.run(_cpu_seconds).values()) - _cpu_seconds()
        started = time.perf_counter()
        records = db.read_text(str(src), blocksize=blocksize).map(json.loads)
        cleaned = clean_bag(records, despinner=despinner)
        cleaned.map(lambda r: json.dumps(r, ensure_ascii=False)).to_textfiles(
            str(out_dir / "*.jsonl")
        )
        seconds = time.perf_counter() - started
        cpu += sum(client.run(_cpu_seconds).values()) + _cpu_seconds()
        return seconds, cpu


def run(mb: float = 100.0, lexicon: str | None = None) -> list[dict[str, object]]:
    """Time the three paths on an ``mb``-megabyte corpus; one dict per path."""
    _import_path()
    rows: list[dict[str, object]] = []
    with tempfile.TemporaryDirectory(prefix="despin-scale-") as tmp:
        work = Path(tmp)
        src = work / "corpus.jsonl"
        count = make_corpus(src, mb)
        size = src.stat().st_size / 1e6
        base: float | None = None
        for jobs in (1, 2):
            load = os.getloadavg()[0]
            seconds, cpu, rss = time_cli(src, work / f"out{jobs}.jsonl", jobs, lexicon)
            base = base or seconds
            name = f"despin clean --jsonl --jobs {jobs}"
            rows.append(_row(name, size, count, seconds, cpu, base, rss, load))
        (work / "dask").mkdir()
        load = os.getloadavg()[0]
        seconds, cpu = time_dask(src, work / "dask", 2, lexicon)
        name = "dask clean_bag, LocalCluster 2 workers"
        rows.append(_row(name, size, count, seconds, cpu, base, None, load))
    return rows


def _row(
    path: str,
    size: float,
    docs: int,
    seconds: float,
    cpu: float,
    base: float,
    rss: float | None,
    load: float,
) -> dict[str, object]:
    return {
        "path": path,
        "mb": round(size, 1),
        "documents": docs,
        "seconds": round(seconds, 2),
        "cpu_seconds": round(cpu, 2),
        "mb_per_s": round(size / seconds, 2),
        "mb_per_cpu_s": round(size / cpu, 2) if cpu > 0 else None,
        "speedup": round(base / seconds, 2),
        "peak_rss_mb": None if rss is None else round(rss),
        "load_before": round(load, 2),
    }


def table(rows: Sequence[dict[str, object]]) -> str:
    """The rows as a markdown table."""
    lines = [
        "| path | MB | documents | seconds | MB/s | speed-up | CPU s | MB/CPU s | peak RSS MB (parent process) |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for r in rows:
        rss = "" if r["peak_rss_mb"] is None else str(r["peak_rss_mb"])
        lines.append(
            f"| {r['path']} | {r['mb']} | {r['documents']} | {r['seconds']} | {r['mb_per_s']} "
            f"| {r['speedup']}x | {r['cpu_seconds']} | {r['mb_per_cpu_s']} | {rss} |"
        )
    loads = ", ".join(str(r["load_before"]) for r in rows)
    lines.append("")
    lines.append(
        f"{os.cpu_count()} CPUs; 1-minute load average before each run: {loads} "
        "(other work on the machine lowers MB/s and speed-up, not MB per CPU second)."
    )
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--mb", type=float, default=100.0, help="corpus size (default 100)")
    parser.add_argument(
        "--lexicon",
        metavar="PATH",
        help="use only this lexicon file (default: the built-in lexicons)",
    )
    args = parser.parse_args(argv)
    print(table(run(args.mb, args.lexicon)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
