"""Streaming JSON Lines: constant memory, input order kept, worker processes, atomic output.

``despin clean --jsonl`` and ``despin detect --jsonl`` read their input line by line
(``.gz`` transparently, ``.zst`` with the ``zstd`` extra), cut it into batches of about
:data:`BATCH_BYTES`, and hand the batches to ``--jobs`` worker processes. Each worker
holds one :class:`~despin.despinner.Despinner` (it pickles as its configuration and
compiles once per process) and does all the per-line work: parse, restore, serialise,
encode. The parent only reads, writes and counts, and keeps at most ``4 * jobs``
batches in flight, so memory stays flat whatever the input size and the output comes
out in input order.

Accounting: every input line is one of

* a **document** (a JSON object whose ``--field`` is a string): written with the
  cleaned text and a ``"despin"`` object (an existing ``"despin"`` key is replaced);
* a **blank** line (only white space): not a document, so not written, but counted;
* a **malformed** line (not UTF-8, not JSON, not an object, or the field missing or
  not a string), reported on stderr as ``FILE:LINE: problem`` and then, by
  ``--on-error``: ``fail`` (default) stops the run with exit status 2 and no output
  file; ``skip`` leaves it out; ``keep`` writes it in its place, untouched, with the
  error added: a JSON object gets ``"despin": {"error", "file", "line"}``; anything
  else (not JSON, not an object) cannot carry a field, so it is wrapped as
  ``{"despin": {"error", "file", "line", "raw": "<the line, verbatim>"}}``, or
  ``"raw_base64"`` when the line is not valid UTF-8. Output stays valid JSON Lines
  either way.

The summary line on stderr adds up to the number of input lines.

Output to a file (``-o``) goes to a temporary file beside it that is renamed into
place only when the run completes; an error, Ctrl-C, SIGTERM or SIGHUP removes it instead, so
an interrupted run never leaves a half-written output file (``-o`` may even name the
input file). Standard output cannot be taken back: what was written stays written.
"""

from __future__ import annotations

import argparse
import base64
import collections
import contextlib
import gzip
import io
import json
import os
import signal
import sys
import threading
from collections.abc import Callable, Generator, Iterable, Iterator, Sequence
from concurrent.futures import Executor, Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path
from types import FrameType
from typing import IO, Any, TypeVar, cast

from despin.cli import InputError  # one error type for every bad input the CLI reports
from despin.despinner import Despinner
from despin.detect import DEFAULT_THRESHOLD
from despin.output import AtomicFile, AtomicOutput
from despin.progress import Progress, Summary

__all__ = [
    "BATCH_BYTES",
    "BATCH_LINES",
    "AtomicFile",
    "AtomicOutput",
    "BatchResult",
    "Job",
    "RecordError",
    "Summary",
    "despin_record",
    "open_binary",
    "ordered_map",
    "process_batch",
    "run_jsonl",
]

#: A batch closes at this many bytes of input: a few tenths of a second of work, so the
#: cost of shipping it to a worker and back (well under a millisecond) is negligible.
BATCH_BYTES = 256 * 1024
#: ... or at this many lines (many tiny documents).
BATCH_LINES = 2048
#: Batches in flight per worker: enough to keep every worker busy, few enough that
#: memory stays flat.
WINDOW_PER_JOB = 4

MODES = ("clean", "detect")
ON_ERROR = ("keep", "skip", "fail")

T = TypeVar("T")
R = TypeVar("R")


# ---------------------------------------------------------------------------------------
# Input


def open_binary(name: str) -> IO[bytes]:
    """Open ``name`` for reading bytes; ``-`` is stdin; ``.gz``/``.zst`` are decompressed."""
    if name == "-":
        return sys.stdin.buffer
    path = Path(name)
    raw = path.open("rb")
    try:
        return _decompressing(raw, name)
    except BaseException:
        raw.close()
        raise


def _decompressing(raw: IO[bytes], name: str) -> IO[bytes]:
    """Wrap ``raw`` in a decompressor chosen by the file name; closing it closes ``raw``."""
    if name.endswith(".gz"):
        return cast("IO[bytes]", gzip.GzipFile(fileobj=raw, mode="rb"))  # leaves raw open
    if name.endswith(".zst"):
        zstandard = _zstandard(name)
        reader = zstandard.ZstdDecompressor().stream_reader(
            raw, read_across_frames=True, closefd=True
        )
        return io.BufferedReader(reader, 1 << 16)
    return raw


def _zstandard(name: str) -> Any:
    try:
        import zstandard  # optional extra
    except ImportError:
        msg = f"{name}: .zst files need the zstd extra: pip install 'despin[zstd]'"
        raise InputError(msg) from None
    return zstandard


@dataclass
class _Batch:
    """Numbered raw lines of one input file, plus where reading stood after them."""

    label: str
    lines: list[tuple[int, bytes]]
    nbytes: int
    position: int  # bytes of the input files (compressed, as on disk) consumed so far


class _Reader:
    """Cuts the input files into batches; counts blank lines and on-disk progress."""

    def __init__(self, files: Sequence[str], batch_bytes: int, batch_lines: int) -> None:
        self.files = list(files)
        self.batch_bytes = batch_bytes
        self.batch_lines = batch_lines
        self.lines = 0
        self.blank = 0
        self._done_bytes = 0  # on-disk bytes of the files already finished

    def total_bytes(self) -> int | None:
        """On-disk size of all inputs, or None when one is stdin or unreadable."""
        if "-" in self.files:
            return None
        try:
            return sum(Path(f).stat().st_size for f in self.files)
        except OSError:
            return None

    def batches(self) -> Generator[_Batch, None, None]:
        for name in self.files:
            if name == "-":
                yield from self._cut("<stdin>", sys.stdin.buffer, sys.stdin.buffer)
                continue
            with Path(name).open("rb") as raw, _decompressing(raw, name) as fh:
                yield from self._cut(name, fh, raw)
            with contextlib.suppress(OSError):
                self._done_bytes += Path(name).stat().st_size

    def _cut(self, label: str, fh: IO[bytes], raw: IO[bytes]) -> Iterator[_Batch]:
        lines: list[tuple[int, bytes]] = []
        nbytes = 0
        number = 0
        lines_in = iter(fh)
        while True:
            try:
                line = next(lines_in)
            except StopIteration:
                break
            except Exception as exc:  # corrupt or truncated compressed input, I/O error
                msg = f"{label}: cannot read past line {number}: {exc}"
                raise InputError(msg) from None
            number += 1
            self.lines += 1
            if not line.strip():
                self.blank += 1
                continue
            lines.append((number, line))
            nbytes += len(line)
            if nbytes >= self.batch_bytes or len(lines) >= self.batch_lines:
                yield _Batch(label, lines, nbytes, self._position(raw))
                lines, nbytes = [], 0
        if lines:
            yield _Batch(label, lines, nbytes, self._position(raw))

    def _position(self, raw: IO[bytes]) -> int:
        try:
            return self._done_bytes + raw.tell()
        except (OSError, ValueError):
            return self._done_bytes


# ---------------------------------------------------------------------------------------
# Records: the per-document work, shared with the Dask integration


class RecordError(ValueError):
    """A record despin cannot process: not JSON, not an object, or no string text field."""


def despin_record(
    despinner: Despinner, record: object, field_name: str, mode: str
) -> tuple[dict[str, Any], float, int]:
    """Clean (or detect) one parsed record; return ``(output record, spin, changes)``.

    The output is a copy of ``record`` with ``field_name`` cleaned (``clean`` mode) and
    a ``"despin"`` object added: ``{"spin", "changes": [...]}`` when cleaning, the
    :meth:`Detection.to_dict` form when detecting. Raises :class:`RecordError`.
    """
    if not isinstance(record, dict):
        kind = "null" if record is None else _json_kind(record)
        msg = f"a JSON {kind}, not an object"
        raise RecordError(msg)
    text = record.get(field_name)
    if not isinstance(text, str):
        if field_name not in record:
            msg = f"field {field_name!r} is missing"
        else:
            msg = f"field {field_name!r} is a JSON {_json_kind(text)}, not a string"
        raise RecordError(msg)
    out = dict(record)
    if mode == "clean":
        result = despinner.clean(text)
        out[field_name] = result.text
        out["despin"] = {"spin": result.spin, "changes": [c.to_dict() for c in result.changes]}
        return out, result.spin, len(result.changes)
    detection = despinner.detect(text)
    out["despin"] = detection.to_dict()
    return out, detection.spin, 0


def _json_kind(value: object) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, (int, float)):
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list):
        return "array"
    if isinstance(value, dict):
        return "object"
    return type(value).__name__


def _encode(record: dict[str, Any]) -> bytes:
    """One output line. Lone surrogates (legal in JSON escapes) are kept as escapes."""
    try:
        return json.dumps(record, ensure_ascii=False).encode("utf-8") + b"\n"
    except UnicodeEncodeError:
        return json.dumps(record).encode("ascii") + b"\n"


@dataclass(frozen=True)
class Job:
    """What to do with every line; shipped with each batch (a few bytes)."""

    mode: str = "clean"
    field: str = "text"
    on_error: str = "fail"
    threshold: float | None = None


@dataclass
class BatchResult:
    """What a batch produced: encoded output lines and the counts for the summary."""

    data: bytes = b""
    lines: int = 0
    nbytes: int = 0
    documents: int = 0
    written: int = 0
    changed: int = 0
    changes: int = 0
    spun: int = 0
    spin_total: float = 0.0
    kept: int = 0
    skipped: int = 0
    messages: list[str] = field(default_factory=list)
    failed: str | None = None


def process_batch(
    despinner: Despinner, job: Job, label: str, lines: Sequence[tuple[int, bytes]]
) -> BatchResult:
    """Process numbered raw JSONL lines of file ``label`` according to ``job``.

    With ``on_error="fail"`` processing stops at the first malformed line, whose
    message is in :attr:`BatchResult.failed`; the output before it is in ``data``.
    """
    result = BatchResult(lines=len(lines))
    out: list[bytes] = []
    for number, raw in lines:
        result.nbytes += len(raw)
        record: object = None
        try:
            try:
                record = json.loads(raw)
            except UnicodeDecodeError as exc:
                msg = f"not valid UTF-8 (byte {exc.start + 1} of the line)"
                raise RecordError(msg) from None
            except json.JSONDecodeError as exc:
                msg = f"not valid JSON: {exc.msg} at column {exc.colno}"
                raise RecordError(msg) from None
            output, spin, changes = despin_record(despinner, record, job.field, job.mode)
        except RecordError as exc:
            message = f"{label}:{number}: {exc}"
            if job.on_error == "fail":
                result.failed = message
                break
            result.messages.append(message)
            if job.on_error == "skip":
                result.skipped += 1
                continue
            result.kept += 1
            out.append(_encode(_error_record(record, raw, str(exc), label, number)))
            continue
        result.documents += 1
        result.spin_total += spin
        if spin >= DEFAULT_THRESHOLD:
            result.spun += 1
        if changes:
            result.changed += 1
            result.changes += changes
        if job.threshold is not None and spin < job.threshold:
            continue
        result.written += 1
        out.append(_encode(output))
    result.data = b"".join(out)
    return result


def _error_record(
    record: object, raw: bytes, error: str, label: str, number: int
) -> dict[str, Any]:
    info: dict[str, Any] = {"error": error, "file": label, "line": number}
    if isinstance(record, dict):
        return {**record, "despin": info}
    line = raw[:-1] if raw.endswith(b"\n") else raw
    line = line[:-1] if line.endswith(b"\r") else line
    try:
        info["raw"] = line.decode("utf-8")
    except UnicodeDecodeError:
        info["raw_base64"] = base64.b64encode(line).decode("ascii")
    return {"despin": info}


# ---------------------------------------------------------------------------------------
# Workers


# One Despinner per worker process, set by the pool initializer.
_WORKER: Despinner | None = None


def _init_worker(despinner: Despinner) -> None:
    """Pool initializer: keep the Despinner, compile it once, leave signals to the parent."""
    global _WORKER  # per-process state of a worker pool
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C reaches the parent, which stops us
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    if hasattr(signal, "SIGHUP"):
        signal.signal(signal.SIGHUP, signal.SIG_IGN)
    _WORKER = despinner
    despinner.clean("")  # compile now, in parallel with the other workers


def _work(task: tuple[Job, str, list[tuple[int, bytes]]]) -> BatchResult:
    assert _WORKER is not None, "worker used without _init_worker"
    job, label, lines = task
    return process_batch(_WORKER, job, label, lines)


def ordered_map(
    executor: Executor, fn: Callable[[T], R], items: Iterable[T], window: int
) -> Iterator[R]:
    """Like ``executor.map`` but lazy: at most ``window`` items are in flight at once.

    ``Executor.map`` submits the whole input up front, which for a corpus means the
    whole corpus in memory; this reads ahead only ``window`` items and yields results
    in input order. Closing the iterator cancels what has not started.
    """
    if window < 1:
        msg = f"window must be at least 1, not {window}"
        raise ValueError(msg)
    pending: collections.deque[Future[R]] = collections.deque()
    try:
        for item in items:
            if len(pending) >= window:
                yield pending.popleft().result()
            pending.append(executor.submit(fn, item))
        while pending:
            yield pending.popleft().result()
    finally:
        for future in pending:
            future.cancel()


# ---------------------------------------------------------------------------------------
# The run


class _Stop(Exception):
    """A malformed line under --on-error fail."""


class _Terminated(BaseException):
    """SIGTERM, turned into an exception so that cleanup runs."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum


@contextlib.contextmanager
def _signals_raise() -> Iterator[None]:
    """SIGINT, SIGTERM and SIGHUP raise (once) so that the temporary output file is removed.

    A signal the caller ignores (``nohup``, a background job) stays ignored, and a second
    signal during the clean-up is ignored rather than cutting it short.
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    fired = False

    def handler(signum: int, frame: FrameType | None) -> None:
        nonlocal fired
        if fired:
            return
        fired = True
        if signum == signal.SIGINT:
            raise KeyboardInterrupt
        raise _Terminated(signum)

    wanted = [signal.SIGINT, signal.SIGTERM]
    if hasattr(signal, "SIGHUP"):
        wanted.append(signal.SIGHUP)
    previous = {}
    for signum in wanted:
        if signal.getsignal(signum) is not signal.SIG_IGN:
            previous[signum] = signal.signal(signum, handler)
    try:
        yield
    finally:
        for signum, old in previous.items():
            signal.signal(signum, old)


def _say(message: str) -> None:
    """A line on stderr; a vanished terminal (SIGHUP) must not turn clean-up into a crash."""
    with contextlib.suppress(OSError, ValueError):
        print(f"despin: {message}", file=sys.stderr, flush=True)


def _job_count(jobs: int) -> int:
    if jobs < 0:
        msg = f"--jobs must be 0 (one per CPU) or more, not {jobs}"
        raise InputError(msg)
    return jobs or os.cpu_count() or 1


def _check_inputs(files: Sequence[str]) -> None:
    if list(files).count("-") > 1:
        msg = "standard input ('-') can be read only once"
        raise InputError(msg)
    for name in files:
        if name == "-":
            continue
        path = Path(name)
        if not path.exists():
            msg = f"{name}: no such file"
            raise InputError(msg)
        if path.is_dir():
            msg = f"{name}: is a directory"
            raise InputError(msg)
        if name.endswith(".zst"):
            _zstandard(name)


def _check_args(args: argparse.Namespace, mode: str) -> None:
    if mode not in MODES:
        msg = f"mode must be one of {MODES}, not {mode!r}"
        raise ValueError(msg)
    fmt = getattr(args, "format", None)
    expected = "text" if mode == "clean" else "json"
    if fmt not in (None, expected):
        msg = f"--format {fmt} does not apply to --jsonl (the output is JSON Lines)"
        raise InputError(msg)
    on_error = getattr(args, "on_error", "fail")
    if on_error not in ON_ERROR:
        msg = f"--on-error must be one of {', '.join(ON_ERROR)}, not {on_error!r}"
        raise InputError(msg)


def run_jsonl(
    despinner: Despinner, files: Sequence[str], args: argparse.Namespace, mode: str
) -> int:
    """The ``--jsonl`` mode of ``despin clean`` and ``despin detect``; returns the exit status.

    0: done (malformed lines, if any, were kept or skipped as asked); 2: bad input or
    options, or a malformed line under ``--on-error fail``; 1: the output cannot be
    written, or a worker process died; 130 / 143 / 129: interrupted by SIGINT / SIGTERM /
    SIGHUP. In every case but 0 no output file is left.
    """
    try:
        _check_args(args, mode)
        _check_inputs(files)
        jobs = _job_count(int(getattr(args, "jobs", 1)))
    except InputError as exc:
        _say(str(exc))
        return 2
    job = Job(
        mode=mode,
        field=getattr(args, "field", "text"),
        on_error=getattr(args, "on_error", "fail"),
        threshold=getattr(args, "threshold", None),
    )
    reader = _Reader(files, BATCH_BYTES, BATCH_LINES)
    summary = Summary(mode=mode, threshold=job.threshold)
    output = getattr(args, "output", None)
    to_file = output not in (None, "-")
    wanted = getattr(args, "progress", None)
    if wanted is None:  # auto: on a terminal, unless the records are printed there too
        enabled = sys.stderr.isatty() and (to_file or not sys.stdout.isatty())
    else:
        enabled = bool(wanted)
    progress = Progress(enabled, reader.total_bytes())
    lost = "no output file was written" if to_file else "the output is incomplete"
    try:
        with _signals_raise():
            _run(despinner, reader, job, jobs, output, summary, progress)
    except _Stop as exc:
        progress.clear()
        _say(f"{exc} (--on-error keep or skip continues past bad lines)")
        _say(f"stopped; {lost}")
        return 2
    except InputError as exc:
        progress.clear()
        _say(f"{exc}; {lost}")
        return 2
    except BrokenPipeError:
        raise  # the command's caller handles a closed pipe (despin clean ... | head)
    except OSError as exc:
        progress.clear()
        _say(f"{exc}; {lost}")
        return 1
    except BrokenProcessPool:
        progress.clear()
        _say(f"a worker process died (out of memory?); {lost}")
        return 1
    except KeyboardInterrupt:
        progress.clear()
        _say(f"interrupted; {lost}")
        return 130
    except _Terminated as exc:
        progress.clear()
        _say(f"terminated; {lost}")
        return 128 + exc.signum
    progress.clear()
    summary.lines = reader.lines
    summary.blank = reader.blank
    _say(summary.line())
    return 0


def _run(
    despinner: Despinner,
    reader: _Reader,
    job: Job,
    jobs: int,
    output: str | None,
    summary: Summary,
    progress: Progress,
) -> None:
    batches = reader.batches()
    pool: ProcessPoolExecutor | None = None
    results: Generator[tuple[int, BatchResult], None, None] | None = None
    with AtomicFile(output) as out:
        try:
            if jobs == 1:
                results = (
                    (b.position, process_batch(despinner, job, b.label, b.lines)) for b in batches
                )
            else:
                pool = ProcessPoolExecutor(jobs, initializer=_init_worker, initargs=(despinner,))
                results = _paired(pool, job, batches, window=WINDOW_PER_JOB * jobs)
            for position, result in results:
                if result.data:
                    out.write(result.data)
                summary.add(result)
                if result.messages:
                    progress.clear()
                    for message in result.messages:
                        _say(message)
                if result.failed is not None:
                    raise _Stop(result.failed)
                progress.update(summary, position)
        finally:
            if results is not None:
                results.close()
            if pool is not None:
                pool.shutdown(wait=True, cancel_futures=True)
            batches.close()


def _paired(
    pool: Executor, job: Job, batches: Iterator[_Batch], window: int
) -> Generator[tuple[int, BatchResult], None, None]:
    """Results in input order, each with the input position after its batch (for progress)."""
    positions: collections.deque[int] = collections.deque()

    def tasks() -> Iterator[tuple[Job, str, list[tuple[int, bytes]]]]:
        for batch in batches:
            positions.append(batch.position)
            yield job, batch.label, batch.lines

    for result in ordered_map(pool, _work, tasks(), window):
        yield positions.popleft(), result
