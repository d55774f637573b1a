"""What a streaming run tells its user: a progress line while it runs, a summary at the end."""

from __future__ import annotations

import sys
import time
from dataclasses import dataclass, field
from typing import IO, TYPE_CHECKING

if TYPE_CHECKING:
    from despin.records import BatchResult

__all__ = ["Progress", "Summary"]


@dataclass
class Summary:
    """Counts reported at the end of a run; ``lines`` is the sum of the other line counts."""

    mode: str = "clean"
    lines: int = 0
    documents: int = 0
    blank: int = 0
    kept: int = 0
    skipped: int = 0
    written: int = 0
    changed: int = 0
    changes: int = 0
    spun: int = 0
    spin_total: float = 0.0
    bytes_in: int = 0
    threshold: float | None = None
    started: float = field(default_factory=time.perf_counter)

    def add(self, result: BatchResult) -> None:
        self.documents += result.documents
        self.kept += result.kept
        self.skipped += result.skipped
        self.written += result.written
        self.changed += result.changed
        self.changes += result.changes
        self.spun += result.spun
        self.spin_total += result.spin_total
        self.bytes_in += result.nbytes

    @property
    def mean_spin(self) -> float:
        return self.spin_total / self.documents if self.documents else 0.0

    def line(self) -> str:
        """One human line: every input line accounted for, then the results and the speed.

        ``despin: `` goes in front of it on stderr.
        """
        secs = time.perf_counter() - self.started
        rate = self.bytes_in / 1e6 / secs if secs > 0 else 0.0
        malformed = self.kept + self.skipped
        parts = [f"{self.documents} documents", f"{self.blank} blank"]
        if self.kept:
            parts.append(f"{self.kept} malformed (kept)")
        if self.skipped:
            parts.append(f"{self.skipped} malformed (skipped)")
        if not malformed:
            parts.append("0 malformed")
        if self.mode == "clean":
            result = f"{self.changed} changed, {self.changes} changes"
        else:
            result = f"{self.spun} spun"
        if self.threshold is not None:
            result += f", {self.written} written at spin >= {self.threshold:g}"
        return (
            f"{self.lines} lines: {', '.join(parts)}; {result}, "
            f"mean spin {self.mean_spin:.3f}; {self.bytes_in / 1e6:.1f} MB in {secs:.1f} s, "
            f"{rate:.2f} MB/s"
        )


def _duration(seconds: float) -> str:
    seconds = max(0, round(seconds))
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    if hours:
        return f"{hours}h{minutes:02d}m"
    if minutes:
        return f"{minutes}m{secs:02d}s"
    return f"{secs}s"


class Progress:
    """Progress on stderr: documents, MB/s and, when the input size is known, % and ETA.

    On a terminal one line is redrawn in place; elsewhere (``--progress`` into a log) a
    plain line is printed every ``interval`` seconds.
    """

    def __init__(
        self,
        enabled: bool,
        total_bytes: int | None,
        stream: IO[str] | None = None,
        interval: float | None = None,
    ) -> None:
        self.stream = stream if stream is not None else sys.stderr
        self.enabled = enabled
        self.tty = bool(getattr(self.stream, "isatty", lambda: False)())
        self.interval = interval if interval is not None else (0.25 if self.tty else 5.0)
        self.total = total_bytes or None
        self.last = time.perf_counter()
        self.shown = False

    def text(self, summary: Summary, position: int, now: float) -> str:
        secs = max(now - summary.started, 1e-9)
        parts = [
            f"{summary.documents} docs",
            f"{summary.bytes_in / 1e6:.1f} MB",
            f"{summary.bytes_in / 1e6 / secs:.2f} MB/s",
        ]
        if self.total and position:
            fraction = min(position / self.total, 1.0)
            eta = secs * (1 - fraction) / fraction
            filled = int(fraction * 20)
            parts.insert(0, f"[{'#' * filled}{'.' * (20 - filled)}] {fraction:4.0%}")
            parts.append(f"ETA {_duration(eta)}")
        return "despin: " + "  ".join(parts)

    def update(self, summary: Summary, position: int) -> None:
        if not self.enabled:
            return
        now = time.perf_counter()
        if now - self.last < self.interval:
            return
        self.last = now
        line = self.text(summary, position, now)
        if self.tty:
            self.stream.write(f"\r\x1b[K{line}")
        else:
            self.stream.write(line + "\n")
        self.stream.flush()
        self.shown = True

    def clear(self) -> None:
        """Erase the progress line (before a message or the summary)."""
        if self.enabled and self.tty and self.shown:
            self.stream.write("\r\x1b[K")
            self.stream.flush()
            self.shown = False
