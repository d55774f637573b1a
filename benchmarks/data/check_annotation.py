#!/usr/bin/env python3
"""Verify a despin span annotation against its seed text and print the restored ("gold") text.

Usage:
    python benchmarks/data/check_annotation.py [SEED] [--annotation TSV] [--quiet]

SEED defaults to the ``# source:`` path recorded in the annotation, resolved relative to the
repository root (../shared/seeds/001_a10201b5957d3b0c.txt for seed_001).  TSV defaults to
seed_001.annotation.tsv next to this script.  Standard library only (Python 3.10+).

Checks: header/comment format, sha256 of the seed (if recorded), text[start:end] == spun,
spans sorted and non-overlapping, whole-word boundaries, allowed kind/certainty values,
non-empty original.  Exit status 0 when all checks pass, 1 otherwise.
"""

from __future__ import annotations

import argparse
import hashlib
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO_ROOT = HERE.parents[1]
DEFAULT_ANNOTATION = HERE / "seed_001.annotation.tsv"
DEFAULT_SEED = "../shared/seeds/001_a10201b5957d3b0c.txt"
HEADER = ["start", "end", "spun", "original", "kind", "certainty"]
KINDS = {"word", "inflection", "phrase", "name", "number", "contraction", "case"}
CERTAINTIES = {"high", "medium"}


def is_word_char(c: str) -> bool:
    return c.isalnum() or c == "_"


def load_annotation(path: Path):
    meta: dict[str, str] = {}
    rows: list[tuple[int, int, str, str, str, str, int]] = []
    errors: list[str] = []
    header_seen = False
    with open(path, encoding="utf-8", newline="") as f:
        lines = f.read().split("\n")
    if not lines or lines[0].strip() != "# despin-annotation v1":
        errors.append("first line must be '# despin-annotation v1'")
    for lineno, line in enumerate(lines, 1):
        line = line.rstrip("\r")
        if not line:
            continue
        if line.startswith("#"):
            body = line[1:].strip()
            if ":" in body:
                key, _, val = body.partition(":")
                meta.setdefault(key.strip().lower(), val.strip())
            continue
        fields = line.split("\t")
        if not header_seen:
            if fields != HEADER:
                errors.append(f"line {lineno}: expected header {HEADER}, got {fields}")
            header_seen = True
            continue
        if len(fields) != 6:
            errors.append(f"line {lineno}: expected 6 fields, got {len(fields)}")
            continue
        try:
            start, end = int(fields[0]), int(fields[1])
        except ValueError:
            errors.append(f"line {lineno}: start/end not integers")
            continue
        rows.append((start, end, *fields[2:], lineno))
    if not header_seen:
        errors.append("no header row found")
    return meta, rows, errors


def verify(text: str, rows, errors: list[str]) -> None:
    prev_end, prev_start = -1, -1
    for start, end, spun, original, kind, cert, ln in rows:
        where = f"line {ln} [{start}:{end}] {spun!r}"
        if not (0 <= start < end <= len(text)):
            errors.append(f"{where}: offsets out of range")
            continue
        if text[start:end] != spun:
            errors.append(f"{where}: text has {text[start:end]!r}")
        if start < prev_start:
            errors.append(f"{where}: rows not sorted")
        if start < prev_end:
            errors.append(f"{where}: overlaps previous span (ends {prev_end})")
        prev_start, prev_end = start, max(prev_end, end)
        if spun != spun.strip():
            errors.append(f"{where}: span has leading/trailing whitespace")
        if start > 0 and is_word_char(text[start - 1]) and is_word_char(text[start]):
            errors.append(f"{where}: span starts inside a word")
        if end < len(text) and is_word_char(text[end - 1]) and is_word_char(text[end]):
            errors.append(f"{where}: span ends inside a word")
        if kind not in KINDS:
            errors.append(f"{where}: unknown kind {kind!r}")
        if cert not in CERTAINTIES:
            errors.append(f"{where}: unknown certainty {cert!r}")
        if not original.strip():
            errors.append(f"{where}: empty original")


def restore(text: str, rows) -> str:
    out, pos = [], 0
    for start, end, _spun, original, *_ in sorted(rows):
        out.append(text[pos:start])
        out.append(original)
        pos = end
    out.append(text[pos:])
    return "".join(out)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument(
        "seed", nargs="?", help="seed text file (default: from annotation, relative to repo root)"
    )
    ap.add_argument("--annotation", default=str(DEFAULT_ANNOTATION), help="annotation TSV")
    ap.add_argument("--quiet", action="store_true", help="do not print the gold text")
    args = ap.parse_args(argv)

    meta, rows, errors = load_annotation(Path(args.annotation))
    seed = (
        Path(args.seed) if args.seed else (REPO_ROOT / meta.get("source", DEFAULT_SEED)).resolve()
    )
    raw = seed.read_bytes()
    text = raw.decode("utf-8")  # same as open(seed, encoding="utf-8", newline="").read()
    want_sha = meta.get("sha256")
    if want_sha and hashlib.sha256(raw).hexdigest() != want_sha:
        errors.append(f"sha256 mismatch for {seed}: annotation says {want_sha}")
    verify(text, rows, errors)

    counts: dict[str, int] = {}
    for r in rows:
        counts[r[4]] = counts.get(r[4], 0) + 1
    medium = sum(1 for r in rows if r[5] == "medium")
    print(f"# seed: {seed}", file=sys.stderr)
    print(
        f"# rows: {len(rows)}  by kind: {dict(sorted(counts.items()))}  medium: {medium}",
        file=sys.stderr,
    )
    if errors:
        for e in errors:
            print("ERROR:", e, file=sys.stderr)
        print(f"# {len(errors)} error(s)", file=sys.stderr)
        return 1
    print("# all checks passed", file=sys.stderr)
    if not args.quiet:
        sys.stdout.write(restore(text, rows))
        if not text.endswith("\n"):
            sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
