"""Streaming JSON Lines: constant memory, order kept, worker processes, atomic output.

Input is read line by line (``.gz`` transparently, ``.zst`` with the ``zstd`` extra),
processed in batches by ``--jobs`` worker processes (each with its own copy of the
:class:`~despin.despinner.Despinner`, which pickles as its configuration), and written
in input order to a temporary file that is renamed into place only when the run
completes, so an interrupted run leaves no half-written output.
"""

from __future__ import annotations

import argparse
import collections
import contextlib
import gzip
import io
import json
import os
import sys
import tempfile
import time
from collections.abc import Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from types import TracebackType
from typing import IO, Any

from despin.despinner import Despinner

__all__ = ["AtomicOutput", "Summary", "open_binary", "process_records", "run_jsonl"]

BATCH = 256


def open_binary(name: str) -> IO[bytes]:
    """Open ``name`` for reading bytes; ``-`` is stdin; ``.gz``/``.zst`` are decompressed."""
    if name == "-":
        return sys.stdin.buffer
    path = Path(name)
    if path.suffix == ".gz":
        return gzip.open(path, "rb")
    if path.suffix == ".zst":
        try:
            import zstandard  # noqa: PLC0415 - optional extra
        except ImportError:
            msg = f"{name}: reading .zst needs the zstd extra (pip install 'despin[zstd]')"
            raise RuntimeError(msg) from None
        return zstandard.ZstdDecompressor().stream_reader(path.open("rb"))  # type: ignore[no-any-return]
    return path.open("rb")


class AtomicOutput:
    """A text sink that is stdout, or a file written via a temporary file and renamed at the end."""

    def __init__(self, path: str | None) -> None:
        self.path = None if path in (None, "-") else Path(path)  # type: ignore[arg-type]
        self._tmp: Path | None = None
        self._raw: IO[bytes] | None = None
        self.stream: IO[str]

    def __enter__(self) -> IO[str]:
        if self.path is None:
            self.stream = sys.stdout
            return self.stream
        directory = self.path.parent if str(self.path.parent) else Path()
        fd, tmp = tempfile.mkstemp(prefix=f".{self.path.name}.", suffix=".part", dir=directory)
        self._tmp = Path(tmp)
        raw: IO[bytes] = os.fdopen(fd, "wb")
        if self.path.suffix == ".gz":
            raw = gzip.GzipFile(fileobj=raw, mode="wb")  # type: ignore[assignment]
        self._raw = raw
        self.stream = io.TextIOWrapper(raw, encoding="utf-8", newline="")
        return self.stream

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if self.path is None:
            with contextlib.suppress(BrokenPipeError):
                sys.stdout.flush()
            return
        assert self._tmp is not None
        try:
            self.stream.close()
        finally:
            if exc_type is None:
                os.replace(self._tmp, self.path)
            else:
                self._tmp.unlink(missing_ok=True)


@dataclass
class Summary:
    """Counts reported at the end of a run."""

    documents: int = 0
    changed: int = 0
    changes: int = 0
    errors: int = 0
    skipped: int = 0
    spin_total: float = 0.0
    bytes_in: int = 0
    started: float = field(default_factory=time.perf_counter)

    def line(self) -> str:
        """One human line."""
        mean = self.spin_total / self.documents if self.documents else 0.0
        secs = time.perf_counter() - self.started
        rate = self.bytes_in / 1e6 / secs if secs > 0 else 0.0
        return (
            f"despin: {self.documents} documents, {self.changed} changed, {self.changes} changes, "
            f"mean spin {mean:.3f}, {self.errors} errors, {self.skipped} skipped, "
            f"{secs:.1f} s, {rate:.2f} MB/s"
        )


# One Despinner per worker process, set by the pool initializer.
_WORKER: Despinner | None = None


def _init_worker(despinner: Despinner) -> None:
    global _WORKER  # noqa: PLW0603 - per-process state of a worker pool
    _WORKER = despinner


def process_records(
    despinner: Despinner, lines: Sequence[tuple[int, bytes]], field_name: str, mode: str
) -> list[tuple[int, str, dict[str, Any] | None, str | None]]:
    """Process numbered JSONL lines; return ``(line_no, output_line, stats, error)`` each.

    A line that is not a JSON object with a string ``field_name`` yields an error
    message (and no output); the caller decides what to do with it.
    """
    out: list[tuple[int, str, dict[str, Any] | None, str | None]] = []
    for number, raw in lines:
        try:
            record = json.loads(raw)
        except (json.JSONDecodeError, UnicodeDecodeError) as exc:
            out.append((number, "", None, f"line {number}: not valid JSON ({exc})"))
            continue
        if not isinstance(record, dict):
            out.append((number, "", None, f"line {number}: not a JSON object"))
            continue
        text = record.get(field_name)
        if not isinstance(text, str):
            problem = "missing" if text is None else f"not a string ({type(text).__name__})"
            out.append((number, "", None, f"line {number}: field {field_name!r} is {problem}"))
            continue
        if mode == "clean":
            result = despinner.clean(text)
            record[field_name] = result.text
            record["despin"] = {
                "spin": result.spin,
                "changes": [c.to_dict() for c in result.changes],
            }
            stats = {"spin": result.spin, "changes": len(result.changes)}
        else:
            detection = despinner.detect(text)
            record["despin"] = detection.to_dict()
            stats = {"spin": detection.spin, "changes": 0}
        out.append((number, json.dumps(record, ensure_ascii=False), stats, None))
    return out


def _worker_batch(
    lines: Sequence[tuple[int, bytes]], field_name: str, mode: str
) -> list[tuple[int, str, dict[str, Any] | None, str | None]]:
    assert _WORKER is not None
    return process_records(_WORKER, lines, field_name, mode)


def _batches(files: Iterable[str], summary: Summary) -> Iterator[list[tuple[int, bytes]]]:
    number = 0
    batch: list[tuple[int, bytes]] = []
    for name in files:
        with open_binary(name) as fh:
            for raw in fh:
                number += 1
                summary.bytes_in += len(raw)
                if not raw.strip():
                    continue
                batch.append((number, raw))
                if len(batch) >= BATCH:
                    yield batch
                    batch = []
    if batch:
        yield batch


class Progress:
    """A one-line progress display on stderr: documents, MB/s, and ETA when the size is known."""

    def __init__(self, enabled: bool, total_bytes: int | None) -> None:
        self.enabled = enabled
        self.total = total_bytes
        self.last = 0.0

    def update(self, summary: Summary, final: bool = False) -> None:
        if not self.enabled:
            return
        now = time.perf_counter()
        if not final and now - self.last < 0.5:
            return
        self.last = now
        secs = max(now - summary.started, 1e-9)
        mbps = summary.bytes_in / 1e6 / secs
        eta = ""
        if self.total and summary.bytes_in and self.total >= summary.bytes_in:
            remaining = (self.total - summary.bytes_in) / max(summary.bytes_in / secs, 1e-9)
            eta = f", ETA {remaining:.0f} s"
        sys.stderr.write(
            f"\rdespin: {summary.documents} docs, {summary.bytes_in / 1e6:.1f} MB, "
            f"{summary.documents / secs:.0f} docs/s, {mbps:.2f} MB/s{eta}   "
        )
        if final:
            sys.stderr.write("\n")
        sys.stderr.flush()


def run_jsonl(despinner: Despinner, files: Sequence[str], args: argparse.Namespace, mode: str) -> int:
    """The ``--jsonl`` mode of ``despin clean`` and ``despin detect``."""
    summary = Summary()
    on_error: str = getattr(args, "on_error", "fail")
    field_name: str = getattr(args, "field", "text")
    jobs = max(1, int(getattr(args, "jobs", 1)))
    threshold = getattr(args, "threshold", None)
    total = None
    if all(f != "-" and not f.endswith((".gz", ".zst")) for f in files):
        with contextlib.suppress(OSError):
            total = sum(Path(f).stat().st_size for f in files)
    progress = Progress(bool(getattr(args, "progress", False)) or sys.stderr.isatty(), total)
    pool: ProcessPoolExecutor | None = None
    if jobs > 1:
        pool = ProcessPoolExecutor(jobs, initializer=_init_worker, initargs=(despinner,))
    try:
        with AtomicOutput(getattr(args, "output", None)) as out:
            batches = _batches(files, summary)
            if pool is None:
                results: Iterable[list[tuple[int, str, dict[str, Any] | None, str | None]]] = (
                    process_records(despinner, b, field_name, mode) for b in batches
                )
            else:
                results = _ordered_map(pool, batches, field_name, mode, window=jobs * 4)
            for batch in results:
                for number, line, stats, error in batch:
                    if error is not None:
                        summary.errors += 1
                        if on_error == "fail":
                            msg = f"{error} (use --on-error keep|skip to continue past it)"
                            raise _JsonlError(msg)
                        print(f"despin: {error}", file=sys.stderr)
                        if on_error == "skip":
                            summary.skipped += 1
                            continue
                        raw = _raw_line(files, number)
                        out.write(json.dumps({"despin_error": error, "line": number, "raw": raw}, ensure_ascii=False) + "\n")
                        continue
                    assert stats is not None
                    summary.documents += 1
                    summary.spin_total += stats["spin"]
                    if stats["changes"]:
                        summary.changed += 1
                        summary.changes += stats["changes"]
                    if threshold is not None and stats["spin"] < threshold:
                        continue
                    out.write(line + "\n")
                progress.update(summary)
    except _JsonlError as exc:
        print(f"despin: {exc}", file=sys.stderr)
        return 1
    finally:
        if pool is not None:
            pool.shutdown(cancel_futures=True)
    progress.update(summary, final=True)
    print(summary.line(), file=sys.stderr)
    return 0


class _JsonlError(Exception):
    pass


def _ordered_map(
    pool: ProcessPoolExecutor,
    batches: Iterator[list[tuple[int, bytes]]],
    field_name: str,
    mode: str,
    window: int,
) -> Iterator[list[tuple[int, str, dict[str, Any] | None, str | None]]]:
    """Like ``pool.map`` but with at most ``window`` batches in flight (constant memory)."""
    pending: collections.deque[Future[list[tuple[int, str, dict[str, Any] | None, str | None]]]]
    pending = collections.deque()
    for batch in batches:
        pending.append(pool.submit(_worker_batch, batch, field_name, mode))
        if len(pending) >= window:
            yield pending.popleft().result()
    while pending:
        yield pending.popleft().result()


def _raw_line(files: Sequence[str], number: int) -> str:
    """Re-read line ``number`` (for --on-error keep) as text, undecodable bytes escaped."""
    count = 0
    for name in files:
        if name == "-":
            return ""
        with open_binary(name) as fh:
            for raw in fh:
                count += 1
                if count == number:
                    return raw.decode("utf-8", "backslashreplace").rstrip("\r\n")
    return ""
