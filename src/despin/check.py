"""Corpus invariants to call from your own tests (``despin check`` runs them in CI).

Three invariants must hold on any corpus, for any lexicon:

* :func:`check_clean`: clean text comes back unchanged (every change is a violation);
* :func:`check_idempotent`: cleaning the output again changes nothing;
* :func:`check_roundtrip`: the change log replays and reverts exactly.

:func:`recovery` (from :mod:`despin.recovery`) measures, rather than checks, how much of
a simulated spinner's work (:func:`despin.spin`) despin undoes on the same corpus. A
lexicon that rewrites ordinary words shows up as :func:`check_clean` violations, each
with its span and context.

>>> check_clean({"note.txt": "The council said on Monday it would vote."})
[]
>>> report = recovery(["Officials said the city would act."], rate=1.0)
>>> report.substitutions > 0 and 0.0 <= report.share <= 1.0
True
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass
from typing import Any

from despin.changes import Change, Cleaned, apply_changes
from despin.despinner import Despinner
from despin.recovery import DocumentRecovery, RecoveryReport, Texts, named_texts, recovery, resolve

__all__ = [
    "DocumentRecovery",
    "RecoveryReport",
    "Violation",
    "check_clean",
    "check_idempotent",
    "check_roundtrip",
    "recovery",
]

CONTEXT = 40  # characters of context shown on each side of a violation
CHECKS = ("clean", "idempotent", "roundtrip")
_WHAT = {
    "clean": "clean text was changed",
    "idempotent": "a second clean changed the output again",
    "roundtrip": "the change log does not replay or revert exactly",
}


@dataclass(frozen=True, slots=True)
class Violation:
    """One broken invariant: ``check`` failed on ``document`` at ``[start, end)``.

    ``spun`` > ``restored`` is what despin rewrote there (for ``roundtrip``: what
    should be there > what was rebuilt); ``before``/``after`` are up to 40 characters
    of context. ``line``/``column`` (1-based) locate ``start`` in the document.
    """

    check: str
    document: str
    start: int
    end: int
    spun: str
    restored: str
    before: str
    after: str
    line: int
    column: int
    detail: str = ""

    def __str__(self) -> str:
        def show(s: str) -> str:
            return s.replace("\r", "\\r").replace("\n", "\\n").replace("\t", "\\t")

        where = f"{self.document}:{self.line}:{self.column}"
        text = f"…{show(self.before)}[{show(self.spun)}>{show(self.restored)}]{show(self.after)}…"
        head = (
            f"{where}: {self.check}: {_WHAT.get(self.check, self.check)} at "
            f"[{self.start}:{self.end}] {self.spun!r} > {self.restored!r}"
        )
        tail = f" ({self.detail})" if self.detail else ""
        return f"{head}{tail}\n    {text}"

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready fields."""
        return asdict(self)


def _violation(
    check: str,
    document: str,
    text: str,
    start: int,
    end: int,
    spun: str,
    restored: str,
    detail: str = "",
    *,
    context: str | None = None,
    at: int | None = None,
) -> Violation:
    """A violation at ``[start, end)`` of ``text``; context from ``context`` around ``at``
    when the rewrite was seen in another text (the first clean's output)."""
    ctx, a = (text, start) if context is None else (context, start if at is None else at)
    b = a + len(spun)
    line = text.count("\n", 0, start) + 1
    column = start - (text.rfind("\n", 0, start) + 1) + 1
    return Violation(
        check,
        document,
        start,
        end,
        spun,
        restored,
        ctx[max(0, a - CONTEXT) : a],
        ctx[b : b + CONTEXT],
        line,
        column,
        detail,
    )


def clean_violations(name: str, text: str, result: Cleaned) -> list[Violation]:
    return [
        _violation("clean", name, text, c.start, c.end, c.spun, c.restored, c.source)
        for c in result.changes
    ]


def _input_offset(result: Cleaned, pos: int, *, end: bool = False) -> int:
    """The input offset of output offset ``pos`` (a rewritten span maps to its input span)."""
    shift = 0
    for c in result.changes:
        if pos < c.out_start or (end and pos == c.out_start):
            break
        if pos < c.out_end or (end and pos == c.out_end):
            return c.end if end else c.start
        shift = c.end - c.out_end
    return pos + shift


def idempotent_violations(name: str, text: str, first: Cleaned, d: Despinner) -> list[Violation]:
    second = d.clean(first.text)
    found = []
    for c in second.changes:
        start = _input_offset(first, c.start)
        end = max(start, _input_offset(first, c.end, end=True))
        detail = f"{c.source}; offsets in the input, context from the first clean's output"
        found.append(
            _violation(
                "idempotent",
                name,
                text,
                start,
                end,
                c.spun,
                c.restored,
                detail,
                context=first.text,
                at=c.start,
            )
        )
    return found


def _first_difference(a: str, b: str) -> int:
    n = min(len(a), len(b))
    return next((i for i in range(n) if a[i] != b[i]), n)


def roundtrip_violations(name: str, text: str, result: Cleaned) -> list[Violation]:
    found = []
    try:
        replayed = apply_changes(text, result.changes)
    except ValueError as exc:
        bad = _misfit(text, result.changes)
        start, end = (bad.start, bad.end) if bad else (0, 0)
        found.append(
            _violation(
                "roundtrip",
                name,
                text,
                start,
                end,
                text[start:end],
                bad.spun if bad else "",
                f"replay failed: {exc}",
            )
        )
    else:
        if replayed != result.text:
            i = _first_difference(replayed, result.text)
            found.append(
                _violation(
                    "roundtrip",
                    name,
                    replayed,
                    i,
                    i + 1,
                    replayed[i : i + 1],
                    result.text[i : i + 1],
                    "replaying the log differs from the output here (offset in the output)",
                )
            )
    reverted = result.revert()
    if reverted != text:
        i = _first_difference(text, reverted)
        found.append(
            _violation(
                "roundtrip",
                name,
                text,
                i,
                i + 1,
                text[i : i + 1],
                reverted[i : i + 1],
                "revert() differs from the input here",
            )
        )
    return found


def _misfit(text: str, changes: Sequence[Change]) -> Change | None:
    """The first change whose span does not hold its ``spun`` text, or overlaps the last."""
    pos = 0
    for c in sorted(changes, key=lambda c: (c.start, c.end)):
        if c.start < pos or text[c.start : c.end] != c.spun:
            return c
        pos = c.end
    return None


def check_clean(texts: Texts, despinner: Despinner | None = None) -> list[Violation]:
    """Every change despin makes to texts known to be clean, as a violation.

    >>> text = "Police said the fire started within the metropolis."
    >>> found = check_clean({"note.txt": text})
    >>> [(v.document, text[v.start : v.end] == v.spun) for v in found][:1]
    [('note.txt', True)]
    """
    d = resolve(despinner)
    return [
        v for name, text in named_texts(texts) for v in clean_violations(name, text, d.clean(text))
    ]


def check_idempotent(texts: Texts, despinner: Despinner | None = None) -> list[Violation]:
    """Changes a second clean makes to the first one's output (offsets in the input)."""
    d = resolve(despinner)
    return [
        v
        for name, text in named_texts(texts)
        for v in idempotent_violations(name, text, d.clean(text), d)
    ]


def check_roundtrip(texts: Texts, despinner: Despinner | None = None) -> list[Violation]:
    """Logs that fail ``apply_changes(text, changes) == output`` or ``revert() == text``."""
    d = resolve(despinner)
    return [
        v
        for name, text in named_texts(texts)
        for v in roundtrip_violations(name, text, d.clean(text))
    ]
