"""The change log: frozen spans over the input, and the functions that replay and revert them.

Every rewrite despin makes is a :class:`Change`. A change log is enough to rebuild the
output from the input (:func:`apply_changes`) and the input from the output
(:meth:`Cleaned.revert`), so users can audit, filter and undo what despin did without
trusting anything else.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass
from typing import Any

__all__ = ["Change", "Cleaned", "apply_changes", "render_diff", "revert_changes"]


@dataclass(frozen=True, slots=True)
class Change:
    """One substitution: ``spun`` at ``[start, end)`` of the input became ``restored``.

    ``out_start``/``out_end`` locate ``restored`` in the output of the run that made
    the change. ``confidence`` is the posterior probability (0..1) that the
    restoration is right; ``source`` names the lexicon and entry
    (``news:mentioned>said``); ``reason`` says why in a short sentence.

    >>> c = Change(4, 13, 4, 8, "mentioned", "said", 0.97, "news:mentioned>said", "a reason")
    >>> "She mentioned it"[c.start:c.end] == c.spun
    True
    """

    start: int
    end: int
    out_start: int
    out_end: int
    spun: str
    restored: str
    confidence: float
    source: str
    reason: str

    def to_dict(self) -> dict[str, Any]:
        """Return a JSON-ready dict of the fields."""
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Change:
        """Rebuild a change from :meth:`to_dict` output (for logs read back from JSON)."""
        try:
            return cls(
                start=int(data["start"]),
                end=int(data["end"]),
                out_start=int(data["out_start"]),
                out_end=int(data["out_end"]),
                spun=str(data["spun"]),
                restored=str(data["restored"]),
                confidence=float(data["confidence"]),
                source=str(data["source"]),
                reason=str(data["reason"]),
            )
        except KeyError as exc:
            msg = f"change record is missing the field {exc.args[0]!r}: {data!r}"
            raise ValueError(msg) from None


def _check_text(text: object, what: str = "text") -> str:
    if isinstance(text, str):
        return text
    if isinstance(text, (bytes, bytearray, memoryview)):
        msg = (
            f"{what} must be str, not {type(text).__name__}: decode it first, "
            f"for example {what}.decode('utf-8')"
        )
        raise TypeError(msg)
    msg = f"{what} must be str, not {type(text).__name__}"
    raise TypeError(msg)


def apply_changes(text: str, changes: Iterable[Change]) -> str:
    """Replay a change log, or any subset of it, on ``text``.

    Spans refer to ``text`` (the input of the run that produced the log); the
    changes may come in any order but must not overlap, and each one's ``spun``
    must be what ``text`` holds at its span. A log that does not fit the text
    raises :class:`ValueError` rather than producing a silently corrupted result.

    >>> c = Change(4, 13, 4, 8, "mentioned", "said", 0.97, "news:mentioned>said", "")
    >>> apply_changes("She mentioned it", [c])
    'She said it'
    >>> apply_changes("She mentioned it", [])
    'She mentioned it'
    """
    text = _check_text(text)
    ordered = sorted(changes, key=lambda c: (c.start, c.end))
    parts: list[str] = []
    pos = 0
    for change in ordered:
        if change.start < pos:
            msg = f"changes overlap at offset {change.start}: {change!r}"
            raise ValueError(msg)
        if change.end > len(text) or text[change.start : change.end] != change.spun:
            found = text[change.start : change.end]
            msg = (
                f"change does not fit the text at [{change.start}:{change.end}]: "
                f"expected {change.spun!r}, found {found!r}"
            )
            raise ValueError(msg)
        parts.append(text[pos : change.start])
        parts.append(change.restored)
        pos = change.end
    parts.append(text[pos:])
    return "".join(parts)


def revert_changes(output: str, changes: Sequence[Change]) -> str:
    """Rebuild the input from an output and the (sorted) log that produced it.

    >>> c = Change(4, 13, 4, 8, "mentioned", "said", 0.97, "news:mentioned>said", "")
    >>> revert_changes("She said it", [c])
    'She mentioned it'
    """
    parts: list[str] = []
    pos = 0
    for change in changes:
        parts.append(output[pos : change.out_start])
        parts.append(change.spun)
        pos = change.out_end
    parts.append(output[pos:])
    return "".join(parts)


def render_diff(text: str, changes: Sequence[Change], *, color: bool = False) -> str:
    """Show ``changes`` inline in ``text``: ``[-spun-]{+restored+}``, or coloured for a terminal.

    >>> c = Change(4, 13, 4, 8, "mentioned", "said", 0.97, "news:mentioned>said", "")
    >>> render_diff("She mentioned it", [c])
    'She [-mentioned-]{+said+} it'
    """
    if color:
        old, new = "\x1b[31;9m{}\x1b[0m", "\x1b[32m{}\x1b[0m"
    else:
        old, new = "[-{}-]", "{{+{}+}}"
    parts: list[str] = []
    pos = 0
    for change in sorted(changes, key=lambda c: c.start):
        parts.append(text[pos : change.start])
        parts.append(old.format(change.spun) + new.format(change.restored))
        pos = change.end
    parts.append(text[pos:])
    return "".join(parts)


@dataclass(frozen=True, slots=True)
class Cleaned:
    """The result of :func:`despin.clean`: the cleaned ``text``, its ``changes`` and ``spin``.

    ``spin`` is the document's spin probability (the same figure
    :func:`despin.detect` reports). ``revert()`` rebuilds the input from the
    output and the log alone.
    """

    text: str
    changes: tuple[Change, ...]
    spin: float

    def revert(self) -> str:
        """Return the input exactly, rebuilt from the output and the change log."""
        return revert_changes(self.text, self.changes)

    def diff(self, *, color: bool = False) -> str:
        """The input with every change shown inline (see :func:`render_diff`)."""
        return render_diff(self.revert(), self.changes, color=color)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form: ``{"text": ..., "spin": ..., "changes": [...]}``."""
        return {
            "text": self.text,
            "spin": self.spin,
            "changes": [c.to_dict() for c in self.changes],
        }


def build_changes(text: str, edits: Iterable[tuple[int, int, str, float, str, str]]) -> Cleaned:
    """Assemble a :class:`Cleaned` from sorted, non-overlapping ``(start, end, restored, ...)``.

    This is the one place output offsets are computed, so every producer of
    changes (the restorer, the spinner, learned lexicons) gets them right the same way.
    """
    out: list[str] = []
    changes: list[Change] = []
    pos = 0
    out_len = 0
    for start, end, restored, confidence, source, reason in edits:
        if start < pos or end < start or end > len(text):
            msg = f"edit [{start}:{end}] is out of order or out of bounds"
            raise ValueError(msg)
        gap = text[pos:start]
        out.append(gap)
        out_len += len(gap)
        spun = text[start:end]
        if spun == restored:
            out.append(spun)
            out_len += len(spun)
            pos = end
            continue
        out.append(restored)
        changes.append(
            Change(
                start,
                end,
                out_len,
                out_len + len(restored),
                spun,
                restored,
                confidence,
                source,
                reason,
            )
        )
        out_len += len(restored)
        pos = end
    out.append(text[pos:])
    return Cleaned("".join(out), tuple(changes), 0.0)
