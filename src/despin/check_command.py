"""``despin check``: the invariants of :mod:`despin.check` and the recovery measurement of
:mod:`despin.recovery` over files and folders, with a report for CI logs or machines."""

from __future__ import annotations

import argparse
import json
import math
import sys
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import despin
from despin.check import (
    CHECKS,
    Violation,
    clean_violations,
    idempotent_violations,
    roundtrip_violations,
)
from despin.cli import InputError, add_lexicon_selection, confidence, read_document
from despin.despinner import Despinner
from despin.recovery import RecoveryReport, resolve, score_recovery

__all__ = ["CheckReport", "register_cli", "run_checks"]


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
    d = resolve(despinner)
    files = _expand(paths, pattern)
    texts = [(name, read_document(name)) for name in files]
    found: dict[str, list[Violation]] = {c: [] for c in CHECKS}
    docs = []
    for name, text in texts:
        result = d.clean(text)
        found["clean"].extend(clean_violations(name, text, result))
        found["idempotent"].extend(idempotent_violations(name, text, result, d))
        found["roundtrip"].extend(roundtrip_violations(name, text, result))
        spun = despin.spin(text, rate, seed)
        spun_name = f"{name} (spun: rate={rate:g}, seed={seed})"
        cleaned = d.clean(spun.text)
        # Not idempotence: on spun text a second clean may legitimately go one step further
        # (a restored form that is itself a spun form, or a word whose neighbours changed).
        found["roundtrip"].extend(roundtrip_violations(spun_name, spun.text, cleaned))
        docs.append(score_recovery(name, spun, cleaned))
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
