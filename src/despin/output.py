"""Where results go: standard output, or a file replaced atomically when the run succeeds.

An output file is written to a temporary file beside it (so the final rename is atomic),
compressed by its suffix (``.gz``, ``.zst``), and removed if the run fails or is
interrupted: a half-written output never replaces anything.
"""

from __future__ import annotations

import contextlib
import gzip
import io
import os
import stat
import sys
import tempfile
from pathlib import Path
from types import TracebackType
from typing import IO, Any, Protocol

__all__ = ["AtomicFile", "AtomicOutput"]


class _Sink(Protocol):
    def write(self, data: bytes, /) -> object: ...

    def flush(self) -> object: ...


class _TextSink:
    """Bytes to a text stream that has no binary buffer (a StringIO standing in for stdout)."""

    def __init__(self, stream: IO[str]) -> None:
        self.stream = stream

    def write(self, data: bytes, /) -> int:
        return self.stream.write(data.decode("utf-8"))

    def flush(self) -> None:
        self.stream.flush()


def _stdout_sink() -> _Sink:
    stdout = sys.stdout
    buffer = getattr(stdout, "buffer", None)
    if buffer is None:
        return _TextSink(stdout)
    stdout.flush()  # keep what was written as text before our bytes
    sink: _Sink = buffer
    return sink


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def _zstandard(name: str) -> Any:
    from despin.batches import zstandard_module as load

    return load(name)


class AtomicFile:
    """A binary sink: stdout, or a file written via a temporary file renamed at the end.

    The temporary file sits beside the target (so the rename is atomic), is compressed
    by the target's suffix (``.gz``, ``.zst``), gets the permissions a new file would
    get (or the existing target's), and is removed if the block exits with an exception.
    """

    def __init__(self, path: str | os.PathLike[str] | None) -> None:
        self.path = None if path is None or str(path) == "-" else Path(path)
        self.tmp: Path | None = None
        self._file: IO[bytes] | None = None
        self._stream: Any = None

    def __enter__(self) -> _Sink:
        if self.path is None:
            return _stdout_sink()
        directory = self.path.parent
        # Found out now, not at the final rename (after all the work), and named plainly:
        # the temporary file's name would only confuse.
        if self.path.is_dir():
            msg = f"{self.path}: is a directory; name an output file"
            raise IsADirectoryError(msg)
        if not directory.is_dir():
            msg = f"{self.path}: cannot write, no such directory {str(directory)!r}"
            raise FileNotFoundError(msg)
        fd, tmp = tempfile.mkstemp(prefix=f".{self.path.name}.", suffix=".part", dir=directory)
        self.tmp = Path(tmp)
        try:
            self._file = os.fdopen(fd, "wb")
            name = self.path.name
            if name.endswith(".gz"):
                self._stream = gzip.GzipFile(
                    filename=name[:-3], mode="wb", compresslevel=6, fileobj=self._file
                )
            elif name.endswith(".zst"):
                zstandard = _zstandard(name)
                self._stream = zstandard.ZstdCompressor(level=3).stream_writer(
                    self._file, closefd=False
                )
            else:
                self._stream = self._file
        except BaseException:
            self._discard()
            raise
        sink: _Sink = self._stream
        return sink

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
        if exc_type is not None:
            self._discard()
            return
        try:
            self._finish()
        except BaseException:
            self._discard()
            raise

    def _finish(self) -> None:
        assert self.path is not None
        assert self.tmp is not None
        assert self._file is not None
        if self._stream is not self._file:
            self._stream.close()
        self._file.flush()
        os.fsync(self._file.fileno())
        self._file.close()
        try:
            mode = stat.S_IMODE(self.path.stat().st_mode)
        except OSError:
            mode = 0o666 & ~_umask()
        self.tmp.chmod(mode)
        self.tmp.replace(self.path)
        self.tmp = None

    def _discard(self) -> None:
        for closable in (self._stream, self._file):
            if closable is not None:
                with contextlib.suppress(Exception):
                    closable.close()
        if self.tmp is not None:
            self.tmp.unlink(missing_ok=True)
            self.tmp = None


class AtomicOutput:
    """The text form of :class:`AtomicFile` (UTF-8), for the non-JSONL commands."""

    def __init__(self, path: str | os.PathLike[str] | None) -> None:
        self._file = AtomicFile(path)
        self._text: io.TextIOWrapper | None = None

    def __enter__(self) -> IO[str]:
        sink = self._file.__enter__()
        if self._file.path is None:
            return sys.stdout
        self._text = io.TextIOWrapper(sink, encoding="utf-8", newline="")  # type: ignore[arg-type]
        return self._text

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if self._text is not None:
            text, self._text = self._text, None
            if exc_type is not None:
                with contextlib.suppress(Exception):
                    text.detach()
            else:
                try:
                    text.flush()
                    text.detach()
                except BaseException:
                    self._file.__exit__(*sys.exc_info())
                    raise
        self._file.__exit__(exc_type, exc, tb)
