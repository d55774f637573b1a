"""The change log: frozen spans over the input, and the functions that replay and revert them.

Every rewrite despin makes is a :class:`Change`. A change log is enough to rebuild the
output from the input (:func:`apply_changes`) and the input from the output
(:meth:`Cleaned.revert`), so users can audit, filter and undo what despin did without
trusting anything else.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass
from typing import Any

__all__ = ["Change", "Cleaned", "apply_changes", "compose", "render_diff", "revert_changes"]


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


def check_text(text: object, what: str = "text") -> str:
    """``text`` itself when it is a str; a TypeError naming the type (bytes: decode first)."""
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
    text = check_text(text)
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


def _touch(a0: int, a1: int, b0: int, b1: int) -> bool:
    """Whether two spans share text, an empty one lies strictly inside the other, or both
    are empty at one point (an insertion where the first run deleted)."""
    if max(a0, b0) < min(a1, b1) or a0 == a1 == b0 == b1:
        return True
    return (a0 == a1 and b0 < a0 < b1) or (b0 == b1 and a0 < b0 < a1)


def compose(text: str, first: Cleaned, second: Cleaned) -> Cleaned:
    """One log from two runs: ``first`` over ``text``, then ``second`` over ``first.text``.

    A change of the second run that touches one of the first becomes a single change
    from the input to the final text (``unexampled > new``, then ``new > young``, is
    ``unexampled > young``, at the lower of the two confidences); the others keep their
    own text, moved to the input's offsets. A pair that undoes itself disappears.
    """
    mid = first.text
    items = sorted(
        [(c.out_start, c.out_end, 0, c) for c in first.changes]
        + [(c.start, c.end, 1, c) for c in second.changes],
        key=lambda t: (t[0], t[1]),
    )
    groups: list[list[tuple[int, int, int, Change]]] = []
    for item in items:
        if groups and any(_touch(g[0], g[1], item[0], item[1]) for g in groups[-1]):
            groups[-1].append(item)
        else:
            groups.append([item])
    firsts = first.changes
    out_ends = [c.out_end for c in firsts]

    def to_input(pos: int, *, end: bool) -> int:
        # A mid-text position outside every first-run change, mapped back to the input
        # by the offset the last change before it left (out_end - end). An end edge sits
        # before an empty first-run change at the same point, a start edge after it.
        i = bisect.bisect_right(out_ends, pos)
        while end and i and firsts[i - 1].out_start == pos:
            i -= 1
        return pos - (firsts[i - 1].out_end - firsts[i - 1].end) if i else pos

    edits: list[tuple[int, int, str, float, str, str]] = []
    for group in groups:
        m0 = min(g[0] for g in group)
        m1 = max(g[1] for g in group)
        region = mid[m0:m1]
        seconds = sorted((g for g in group if g[2] == 1), key=lambda g: (g[0], g[1]))
        for b0, b1, _kind, c in reversed(seconds):  # right to left keeps offsets valid
            region = region[: b0 - m0] + c.restored + region[b1 - m0 :]
        members = [g[3] for g in group]
        # A group's edge is either a first-run change's own edge or a point outside them.
        own = [g[3] for g in group if g[2] == 0]
        edits.append(
            (
                min([c.start for c in own if c.out_start == m0] or [to_input(m0, end=False)]),
                max([c.end for c in own if c.out_end == m1] or [to_input(m1, end=True)]),
                region,
                min(c.confidence for c in members),
                "+".join(dict.fromkeys(c.source for c in members)),
                "; then ".join(c.reason for c in members),
            )
        )
    composed = build_changes(text, edits)
    return Cleaned(composed.text, composed.changes, first.spin)
