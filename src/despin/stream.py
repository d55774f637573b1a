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
import collections
import contextlib
import os
import signal
import sys
import threading
from collections.abc import Callable, Generator, Iterable, Iterator, Sequence
from concurrent.futures import Executor, Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path
from types import FrameType
from typing import TypeVar

from despin.batches import Batch, Reader, open_binary, zstandard_module
from despin.cli import InputError  # one error type for every bad input the CLI reports
from despin.despinner import Despinner
from despin.output import AtomicFile, AtomicOutput
from despin.progress import Progress, Summary
from despin.records import BatchResult, Job, RecordError, despin_record, process_batch

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
            zstandard_module(name)


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
    reader = Reader(files, BATCH_BYTES, BATCH_LINES)
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
    reader: Reader,
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
    pool: Executor, job: Job, batches: Iterator[Batch], window: int
) -> Generator[tuple[int, BatchResult], None, None]:
    """Results in input order, each with the input position after its batch (for progress)."""
    positions: collections.deque[int] = collections.deque()

    def tasks() -> Iterator[tuple[Job, str, list[tuple[int, bytes]]]]:
        for batch in batches:
            positions.append(batch.position)
            yield job, batch.label, batch.lines

    for result in ordered_map(pool, _work, tasks(), window):
        yield positions.popleft(), result
