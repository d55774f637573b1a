"""Reading JSON Lines input: files or stdin, ``.gz`` and ``.zst``, cut into batches.

A :class:`Reader` numbers every line of every input file, counts blank ones, and yields
:class:`Batch` es of about ``batch_bytes`` for the workers of :mod:`despin.stream`,
each with how far reading stood on disk (for the progress line).
"""

from __future__ import annotations

import contextlib
import gzip
import io
import sys
import zlib
from collections.abc import Generator, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any, cast

from despin.cli import InputError  # one error type for every bad input the CLI reports

__all__ = [
    "DECOMPRESS_ERRORS",
    "Batch",
    "Reader",
    "decompressing",
    "open_binary",
    "zstandard_module",
]

#: What reading a compressed input raises when the input, not the code, is at fault: a
#: stream cut short (EOFError), corrupt gzip data (zlib.error), corrupt zstd data
#: (ValueError, see :class:`_ZstdFrames`). I/O errors are OSError, as for any file.
DECOMPRESS_ERRORS = (EOFError, zlib.error, ValueError)


def open_binary(name: str) -> IO[bytes]:
    """Open ``name`` for reading bytes; ``-`` is stdin; ``.gz``/``.zst`` are decompressed."""
    if name == "-":
        return sys.stdin.buffer
    path = Path(name)
    raw = path.open("rb")
    try:
        return decompressing(raw, name)
    except BaseException:
        raw.close()
        raise


def decompressing(raw: IO[bytes], name: str) -> IO[bytes]:
    """Wrap ``raw`` in a decompressor chosen by the file name; closing it closes ``raw``."""
    if name.endswith(".gz"):
        return cast("IO[bytes]", gzip.GzipFile(fileobj=raw, mode="rb"))  # leaves raw open
    if name.endswith(".zst"):
        return io.BufferedReader(_ZstdFrames(raw, zstandard_module(name)), 1 << 16)
    return raw


class _ZstdFrames(io.RawIOBase):
    """Decompress a ``.zst`` stream of one or more frames; a truncated one is an error.

    zstandard's ``stream_reader`` ends quietly where a cut-off file ends, which would lose
    the rest of the input without a word; here a last frame left unfinished raises
    :class:`EOFError`, as :mod:`gzip` does.
    """

    def __init__(self, raw: IO[bytes], zstandard: Any) -> None:
        self._raw = raw
        self._context = zstandard.ZstdDecompressor()
        self._corrupt = zstandard.ZstdError
        self._frame: Any = None  # the decompressor of the frame being read, if any
        self._out = memoryview(b"")

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        while not self._out:
            chunk = self._raw.read(1 << 16)
            if not chunk:
                if self._frame is not None:
                    msg = "Compressed file ended before the end of its last zstd frame"
                    raise EOFError(msg)
                return 0
            self._out = memoryview(self._decompress(chunk))
        n = min(len(buffer), len(self._out))
        buffer[:n] = self._out[:n]
        self._out = self._out[n:]
        return n

    def _decompress(self, data: bytes) -> bytes:
        parts = []
        while data:
            if self._frame is None:
                self._frame = self._context.decompressobj()
            try:
                parts.append(self._frame.decompress(data))
            except self._corrupt as exc:  # one of DECOMPRESS_ERRORS, as zlib's are
                msg = f"corrupt zstd data: {exc}"
                raise ValueError(msg) from None
            if not self._frame.eof:
                break
            data = self._frame.unused_data  # the next frame starts here
            self._frame = None
        return b"".join(parts)

    def close(self) -> None:
        if not self.closed:
            self._raw.close()
        super().close()


def zstandard_module(name: str) -> Any:
    try:
        import zstandard  # optional extra
    except ImportError:
        msg = f"{name}: .zst files need the zstd extra: pip install 'despin[zstd]'"
        raise InputError(msg) from None
    return zstandard


@dataclass
class Batch:
    """Numbered raw lines of one input file, plus where reading stood after them."""

    label: str
    lines: list[tuple[int, bytes]]
    nbytes: int
    position: int  # bytes of the input files (compressed, as on disk) consumed so far


class Reader:
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

    def batches(self) -> Generator[Batch, None, None]:
        for name in self.files:
            if name == "-":
                yield from self._cut("<stdin>", sys.stdin.buffer, sys.stdin.buffer)
                continue
            with Path(name).open("rb") as raw, decompressing(raw, name) as fh:
                yield from self._cut(name, fh, raw)
            with contextlib.suppress(OSError):
                self._done_bytes += Path(name).stat().st_size

    def _cut(self, label: str, fh: IO[bytes], raw: IO[bytes]) -> Iterator[Batch]:
        lines: list[tuple[int, bytes]] = []
        nbytes = 0
        number = 0
        lines_in = iter(fh)
        while True:
            try:
                line = next(lines_in)
            except StopIteration:
                break
            except (OSError, *DECOMPRESS_ERRORS) as exc:
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
                yield Batch(label, lines, nbytes, self._position(raw))
                lines, nbytes = [], 0
        if lines:
            yield Batch(label, lines, nbytes, self._position(raw))

    def _position(self, raw: IO[bytes]) -> int:
        try:
            return self._done_bytes + raw.tell()
        except (OSError, ValueError):
            return self._done_bytes
