"""Corpus invariants to call from your own tests, and ``despin check`` to run them in CI.

Three invariants must hold on any corpus, for any lexicon:

* :func:`check_clean`: clean text comes back unchanged (every change is a violation);
* :func:`check_idempotent`: cleaning the output again changes nothing;
* :func:`check_roundtrip`: the change log replays and reverts exactly.

:func:`recovery` measures, rather than checks, how much of a simulated spinner's work
(:func:`despin.spin`) despin undoes on the same corpus. A lexicon that rewrites
ordinary words shows up as :func:`check_clean` violations, each with its span and context.

>>> check_clean({"note.txt": "The council said on Monday it would vote."})
[]
>>> report = recovery(["Officials said the city would act."], rate=1.0)
>>> report.substitutions > 0 and 0.0 <= report.share <= 1.0
True
"""

from __future__ import annotations

import argparse
import json
import math
import sys
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import despin
from despin.changes import Change, Cleaned, apply_changes
from despin.cli import InputError, add_lexicon_selection, confidence, read_document
from despin.despinner import Despinner

__all__ = [
    "CheckReport",
    "DocumentRecovery",
    "RecoveryReport",
    "Violation",
    "check_clean",
    "check_idempotent",
    "check_roundtrip",
    "recovery",
    "register_cli",
    "run_checks",
]

#: Documents: one text, ``{name: text}``, or texts and ``(name, text)`` pairs.
Texts = str | Mapping[str, str] | Iterable[str | tuple[str, str]]

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


def _named(texts: Texts) -> list[tuple[str, str]]:
    """Documents as (name, text); unnamed ones are called ``#0``, ``#1``, ..."""
    if isinstance(texts, str):
        return [("#0", texts)]
    if isinstance(texts, Mapping):
        return [(str(k), v) for k, v in texts.items()]
    named = []
    for i, item in enumerate(texts):
        if isinstance(item, tuple):
            name, text = item
            named.append((str(name), text))
        else:
            named.append((f"#{i}", item))
    return named


def _despinner(despinner: Despinner | None) -> Despinner:
    return despin._get_default() if despinner is None else despinner


def _clean_violations(name: str, text: str, result: Cleaned) -> list[Violation]:
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


def _idempotent_violations(name: str, text: str, first: Cleaned, d: Despinner) -> list[Violation]:
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


def _roundtrip_violations(name: str, text: str, result: Cleaned) -> list[Violation]:
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
    d = _despinner(despinner)
    return [v for name, text in _named(texts) for v in _clean_violations(name, text, d.clean(text))]


def check_idempotent(texts: Texts, despinner: Despinner | None = None) -> list[Violation]:
    """Changes a second clean makes to the first one's output (offsets in the input)."""
    d = _despinner(despinner)
    return [
        v
        for name, text in _named(texts)
        for v in _idempotent_violations(name, text, d.clean(text), d)
    ]


def check_roundtrip(texts: Texts, despinner: Despinner | None = None) -> list[Violation]:
    """Logs that fail ``apply_changes(text, changes) == output`` or ``revert() == text``."""
    d = _despinner(despinner)
    return [
        v for name, text in _named(texts) for v in _roundtrip_violations(name, text, d.clean(text))
    ]


@dataclass(frozen=True, slots=True)
class DocumentRecovery:
    """How much of the spinner's work on one document despin undid.

    ``restored`` of the ``substitutions`` read exactly as the original after cleaning;
    of despin's ``changes`` to the spun text, ``spurious`` lie outside every substitution.
    """

    document: str
    substitutions: int
    restored: int
    changes: int
    spurious: int

    @property
    def share(self) -> float:
        """Restored share of the substitutions (NaN when there were none)."""
        return self.restored / self.substitutions if self.substitutions else math.nan

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready fields, with the share (``null`` when undefined)."""
        share = None if math.isnan(self.share) else round(self.share, 4)
        return {**asdict(self), "share": share}


@dataclass(frozen=True, slots=True)
class RecoveryReport:
    """:func:`recovery` over a corpus: totals, per document, and the worst documents."""

    rate: float
    seed: int
    documents: tuple[DocumentRecovery, ...]

    @property
    def substitutions(self) -> int:
        return sum(d.substitutions for d in self.documents)

    @property
    def restored(self) -> int:
        return sum(d.restored for d in self.documents)

    @property
    def changes(self) -> int:
        return sum(d.changes for d in self.documents)

    @property
    def spurious(self) -> int:
        return sum(d.spurious for d in self.documents)

    @property
    def share(self) -> float:
        """Restored share of all substitutions (NaN when the spinner made none)."""
        return self.restored / self.substitutions if self.substitutions else math.nan

    def worst(self, n: int = 5) -> list[DocumentRecovery]:
        """The ``n`` documents with the lowest restored share (most substitutions first on ties)."""
        scored = [d for d in self.documents if d.substitutions]
        return sorted(scored, key=lambda d: (d.share, -d.substitutions, d.document))[:n]

    def __str__(self) -> str:
        share = "n/a" if math.isnan(self.share) else f"{self.share:.1%}"
        return (
            f"recovery at spin rate {self.rate:g}, seed {self.seed}: "
            f"{self.restored}/{self.substitutions} substitutions restored exactly ({share}); "
            f"despin made {self.changes} changes, {self.spurious} outside any substitution"
        )

    def to_dict(self, worst: int = 5) -> dict[str, Any]:
        """JSON-ready summary with every document and the ``worst`` names."""
        share = None if math.isnan(self.share) else round(self.share, 4)
        return {
            "rate": self.rate,
            "seed": self.seed,
            "substitutions": self.substitutions,
            "restored": self.restored,
            "share": share,
            "changes": self.changes,
            "spurious": self.spurious,
            "worst": [d.document for d in self.worst(worst)],
            "documents": [d.to_dict() for d in self.documents],
        }


def _score(name: str, spun: despin.Spun, cleaned: Cleaned) -> DocumentRecovery:
    """Score ``cleaned`` (a clean of ``spun.text``) against the spinner's own log.

    A substitution at ``[out_start, out_end)`` of the spun text counts as restored when
    no change of despin crosses its edges and, with despin's changes inside it applied,
    it reads exactly the original; a change inside no substitution is spurious.
    """
    changes = cleaned.changes
    restored = 0
    inside_any = 0
    k = 0
    for sub in spun.changes:
        a, b = sub.out_start, sub.out_end
        while k < len(changes) and changes[k].end <= a:
            k += 1
        inside: list[Change] = []
        crossing = False
        j = k
        while j < len(changes) and changes[j].start < b:
            c = changes[j]
            crossing = crossing or c.start < a or c.end > b
            inside.append(c)
            j += 1
        if not crossing:
            inside_any += len(inside)
        region = spun.text[a:b]
        for c in reversed(inside):
            region = region[: c.start - a] + c.restored + region[c.end - a :]
        if not crossing and region == sub.spun:
            restored += 1
    spurious = len(changes) - inside_any
    return DocumentRecovery(name, len(spun.changes), restored, len(changes), spurious)


def recovery(
    texts: Texts,
    rate: float = 0.5,
    seed: int = 0,
    despinner: Despinner | None = None,
) -> RecoveryReport:
    """Spin each text with :func:`despin.spin` (``rate``, ``seed``), clean it, and report the
    share of the spinner's substitutions restored exactly, overall and per document."""
    d = _despinner(despinner)
    docs = []
    for name, text in _named(texts):
        spun = despin.spin(text, rate, seed)
        docs.append(_score(name, spun, d.clean(spun.text)))
    return RecoveryReport(float(rate), int(seed), tuple(docs))


@dataclass(frozen=True, slots=True)
class CheckReport:
    """What :func:`run_checks` found: violations per invariant and the recovery measured."""

    documents: tuple[str, ...]
    characters: int
    violations: tuple[Violation, ...]
    recovery: RecoveryReport | None = None
    lexicons: tuple[str, ...] = ()
    checks: tuple[str, ...] = field(default=CHECKS)

    @property
    def ok(self) -> bool:
        """True when no invariant is violated (recovery is a measurement, not a check)."""
        return not self.violations

    def by_check(self, check: str) -> list[Violation]:
        return [v for v in self.violations if v.check == check]

    def to_dict(self, worst: int = 5) -> dict[str, Any]:
        """JSON-ready report."""
        return {
            "ok": self.ok,
            "documents": list(self.documents),
            "characters": self.characters,
            "lexicons": list(self.lexicons),
            "checks": {c: len(self.by_check(c)) for c in self.checks},
            "violations": [v.to_dict() for v in self.violations],
            "recovery": None if self.recovery is None else self.recovery.to_dict(worst),
        }

    def format_text(self, worst: int = 5, shown: int = 20) -> str:
        """A report for a CI log: each check, its violations (at most ``shown`` each), recovery."""
        lines = [
            f"despin check: {len(self.documents)} documents, {self.characters:,} characters; "
            f"lexicons: {', '.join(self.lexicons) or '-'}"
        ]
        for check in self.checks:
            found = self.by_check(check)
            status = "ok  " if not found else "FAIL"
            lines.append(f"{status} {check}: {len(found)} violations")
            lines.extend(f"  {v}" for v in found[:shown])
            if len(found) > shown:
                lines.append(f"  ... and {len(found) - shown} more (--format json lists all)")
        if self.recovery is not None:
            lines.append(str(self.recovery))
            bad = self.recovery.worst(worst)
            if bad:
                lines.append("  worst documents:")
                width = max(len(d.document) for d in bad)
                lines.extend(
                    f"    {d.document:<{width}}  {d.restored:>4}/{d.substitutions:<4} "
                    f"{d.share:6.1%}  ({d.spurious} spurious)"
                    for d in bad
                )
        return "\n".join(lines) + "\n"


def _expand(paths: Sequence[str | Path], pattern: str) -> list[str]:
    """Files named, and files matching ``pattern`` under folders named (sorted)."""
    files: list[str] = []
    for p in paths:
        path = Path(p)
        if path.is_dir():
            found = sorted(f for f in path.rglob(pattern) if f.is_file())
            if not found:
                msg = f"{path}: no files matching {pattern!r} in this folder"
                raise InputError(msg)
            files.extend(str(f) for f in found)
        elif not path.exists():
            msg = f"{path}: no such file or folder"
            raise InputError(msg)
        else:
            files.append(str(path))
    return files


def run_checks(
    paths: Sequence[str | Path],
    despinner: Despinner | None = None,
    *,
    rate: float = 0.5,
    seed: int = 0,
    pattern: str = "*.txt",
) -> CheckReport:
    """Read files and folders (``pattern`` under folders) and run every check on them.

    The corpus must be clean: all three invariants are checked on it; replay/revert is
    also checked on its spun copies (``despin.spin(text, rate, seed)``, named
    ``FILE (spun ...)``, offsets in the spun text), where despin does make changes, and
    recovery is measured on those. Bad input (a missing path,
    undecodable bytes) raises :class:`despin.cli.InputError` naming the file.
    """
    d = _despinner(despinner)
    files = _expand(paths, pattern)
    texts = [(name, read_document(name)) for name in files]
    found: dict[str, list[Violation]] = {c: [] for c in CHECKS}
    docs = []
    for name, text in texts:
        result = d.clean(text)
        found["clean"].extend(_clean_violations(name, text, result))
        found["idempotent"].extend(_idempotent_violations(name, text, result, d))
        found["roundtrip"].extend(_roundtrip_violations(name, text, result))
        spun = despin.spin(text, rate, seed)
        spun_name = f"{name} (spun: rate={rate:g}, seed={seed})"
        cleaned = d.clean(spun.text)
        # Not idempotence: on spun text a second clean may legitimately go one step further
        # (a restored form that is itself a spun form, or a word whose neighbours changed).
        found["roundtrip"].extend(_roundtrip_violations(spun_name, spun.text, cleaned))
        docs.append(_score(name, spun, cleaned))
    return CheckReport(
        documents=tuple(files),
        characters=sum(len(t) for _, t in texts),
        violations=tuple(v for c in CHECKS for v in found[c]),
        recovery=RecoveryReport(float(rate), int(seed), tuple(docs)),
        lexicons=tuple(lex.name for lex in d.lexicons),
    )


def _rate(value: str) -> float:
    try:
        rate = float(value)
    except ValueError:
        rate = math.nan
    if not 0.0 < rate <= 1.0:
        msg = f"must be a number in (0, 1], not {value!r}"
        raise argparse.ArgumentTypeError(msg)
    return rate


def _count(value: str) -> int:
    try:
        n = int(value)
    except ValueError:
        n = -1
    if n < 0:
        msg = f"must be a whole number >= 0, not {value!r}"
        raise argparse.ArgumentTypeError(msg)
    return n


def cmd_check(args: argparse.Namespace) -> int:
    """``despin check``: 0 when every invariant holds, 1 when one is violated (or recovery
    is below ``--min-recovery``); bad input raises :class:`InputError` (status 2)."""
    from despin.cli import _despinner as from_args  # the CLI's lexicon options, one meaning

    report = run_checks(
        args.paths, from_args(args), rate=args.spin_rate, seed=args.seed, pattern=args.glob
    )
    failures = [f"{len(report.violations)} violations"] if report.violations else []
    share = report.recovery.share if report.recovery is not None else math.nan
    if args.min_recovery is not None and not share >= args.min_recovery:
        shown = "n/a" if math.isnan(share) else f"{share:.1%}"
        failures.append(f"recovery {shown} below --min-recovery {args.min_recovery:.1%}")
    if args.format == "json":
        record = report.to_dict(args.worst)
        record["ok"] = not failures
        record["failures"] = failures
        sys.stdout.write(json.dumps(record, ensure_ascii=False, indent=2) + "\n")
    else:
        sys.stdout.write(report.format_text(args.worst, args.show))
        verdict = "FAIL (" + "; ".join(failures) + ")" if failures else "ok"
        sys.stdout.write(f"despin check: {verdict}\n")
    return 1 if failures else 0


def register_cli(subparsers: Any) -> None:
    """Add ``despin check`` to the ``despin`` command (called by :mod:`despin.cli`)."""
    p = subparsers.add_parser(
        "check",
        help="check a clean corpus: no change, idempotent, exact replay; measure recovery",
        description=(
            "Run despin's invariants on a corpus known to be clean (files, or folders read "
            "for --glob files): clean text comes back unchanged, a second clean changes "
            "nothing, change logs replay and revert exactly. Then spin each document with "
            "despin's spinner simulator and report the share of its substitutions restored. "
            "Exit status: 0 ok, 1 an invariant is violated (or recovery is below "
            "--min-recovery), 2 bad input."
        ),
    )
    p.add_argument("paths", nargs="+", metavar="DIR|FILE", help="clean documents to check")

    add_lexicon_selection(p)
    p.add_argument(
        "--spin-rate",
        type=_rate,
        default=0.5,
        metavar="R",
        help="spin rate of the recovery measurement, in (0, 1] (default 0.5)",
    )
    p.add_argument("--seed", type=int, default=0, help="spinner seed (default 0)")
    p.add_argument(
        "--min-recovery",
        type=confidence,
        metavar="X",
        help="also fail when less than this share of substitutions is restored (0..1)",
    )
    p.add_argument(
        "--worst",
        type=_count,
        default=5,
        metavar="N",
        help="list the N documents with the lowest recovery (default 5)",
    )
    p.add_argument(
        "--show",
        type=_count,
        default=20,
        metavar="N",
        help="print at most N violations per check in text output (default 20)",
    )
    p.add_argument(
        "--glob",
        default="*.txt",
        metavar="PATTERN",
        help="files to read under folders, recursively (default: *.txt)",
    )
    p.add_argument("--format", choices=("text", "json"), default="text")
    p.set_defaults(func=cmd_check)
