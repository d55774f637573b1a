"""``despin learn ORIGINAL SPUN [...] -o spinner.tsv``: :func:`despin.learn.learn` on files."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TextIO

from despin.learn import INFLECTION_PROVENANCE, known_rows, learn, lexicon_text, write_lexicon
from despin.learn_prior import PRIOR_PROVENANCE

__all__ = ["DEFAULT_KNOWN", "add_learn_parser", "register_cli", "run_learn"]

#: Lexicons that vouch for one-off substitutions, and serve as the prior for the words the
#: documents never show, unless ``--known``/``--no-known``/``--no-prior`` say else.
DEFAULT_KNOWN = ("news",)


class _UsageError(Exception):
    """A problem with the command's inputs, reported on stderr with exit status 2."""


def _positive_int(value: str) -> int:
    try:
        number = int(value)
    except ValueError:
        msg = f"expected a whole number, got {value!r}"
        raise argparse.ArgumentTypeError(msg) from None
    if number < 1:
        msg = f"must be at least 1, got {number}"
        raise argparse.ArgumentTypeError(msg)
    return number


def add_learn_parser(
    subparsers: argparse._SubParsersAction[argparse.ArgumentParser],
) -> argparse.ArgumentParser:
    """Add the ``learn`` command to a CLI's subparsers (its handler is :func:`run_learn`)."""
    parser = subparsers.add_parser(
        "learn",
        help="learn a spinner's lexicon from original/spun text pairs",
        description=(
            "Align each ORIGINAL text with its SPUN version and write the substitutions the "
            "spinner made as a despin lexicon file. Give files in pairs, or two directories "
            "whose files are paired by name."
        ),
    )
    parser.add_argument(
        "paths",
        nargs="+",
        metavar="ORIGINAL SPUN",
        help="pairs of original and spun files (or two directories of files paired by name)",
    )
    parser.add_argument(
        "-o", "--output", required=True, help="lexicon file to write ('-' for stdout)"
    )
    parser.add_argument(
        "--min-count",
        type=_positive_int,
        default=2,
        help="keep substitutions seen at least this many times (default: 2)",
    )
    parser.add_argument(
        "--name", default=None, help="lexicon name (default: the output file's stem)"
    )
    parser.add_argument(
        "--known",
        action="append",
        metavar="LEXICON",
        help="a lexicon (built-in name or file) whose plain pairs vouch for substitutions "
        "seen fewer than --min-count times and, weighted by how well they predict this "
        "spinner, stand in for the words the documents never show; repeatable "
        "(default: news)",
    )
    parser.add_argument(
        "--no-known",
        dest="known",
        action="store_const",
        const=[],
        help="keep only substitutions seen --min-count times, whatever other lexicons say",
    )
    parser.add_argument(
        "--no-prior",
        dest="prior",
        action="store_false",
        help="write only what the documents show: known lexicons vouch for one-offs but "
        "add no pairs of their own",
    )
    parser.add_argument(
        "--no-inflect",
        dest="inflect",
        action="store_false",
        help="do not add the other inflections of learned pairs (cities > metropolises "
        "from city > metropolis), nor count a pair's forms together",
    )
    parser.set_defaults(func=run_learn, known=None)
    return parser


def register_cli(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """The hook :mod:`despin.cli` looks for: add the ``learn`` command."""
    add_learn_parser(subparsers)


def _read(path: Path) -> str:
    try:
        data = path.read_bytes()
    except OSError as exc:
        msg = f"cannot read {str(path)!r}: {exc.strerror or exc}"
        raise _UsageError(msg) from None
    try:
        return data.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError as exc:
        msg = f"{str(path)!r} is not UTF-8 text: undecodable byte at offset {exc.start}"
        raise _UsageError(msg) from None


def _pair_paths(paths: Sequence[str], stderr: TextIO) -> list[tuple[Path, Path]]:
    if len(paths) % 2:
        msg = (
            f"expected ORIGINAL SPUN pairs, got {len(paths)} paths (an odd number): "
            f"{paths[-1]!r} has no partner"
        )
        raise _UsageError(msg)
    pairs: list[tuple[Path, Path]] = []
    for left, right in zip(paths[::2], paths[1::2], strict=True):
        orig, spun = Path(left), Path(right)
        for p in (orig, spun):
            if not p.exists():
                msg = f"no such file or directory: {str(p)!r}"
                raise _UsageError(msg)
        if orig.is_dir() != spun.is_dir():
            msg = (
                f"{left!r} and {right!r} must both be files or both be directories "
                "(directories are paired file by file, by name)"
            )
            raise _UsageError(msg)
        if not orig.is_dir():
            pairs.append((orig, spun))
            continue
        names_o = {p.name for p in orig.iterdir() if p.is_file() and not p.name.startswith(".")}
        names_s = {p.name for p in spun.iterdir() if p.is_file() and not p.name.startswith(".")}
        common = sorted(names_o & names_s)
        if not common:
            msg = f"no file names in common between the directories {left!r} and {right!r}"
            raise _UsageError(msg)
        unpaired = sorted(names_o ^ names_s)
        if unpaired:
            shown = ", ".join(unpaired[:5]) + (", ..." if len(unpaired) > 5 else "")
            print(
                f"despin learn: warning: skipping {len(unpaired)} file(s) present in only one "
                f"of {left!r} and {right!r}: {shown}",
                file=stderr,
            )
        pairs.extend((orig / n, spun / n) for n in common)
    return pairs


def run_learn(args: argparse.Namespace) -> int:
    """Run ``despin learn``: 0 on success, 2 (with a message on stderr) on bad input."""
    try:
        pairs = _pair_paths(args.paths, sys.stderr)
        texts = [(_read(o), _read(s)) for o, s in pairs]
        output = str(args.output)
        name = args.name or (Path(output).stem if output != "-" else "learned")
        known = known_rows(DEFAULT_KNOWN if args.known is None else args.known)
        lexicon = learn(
            texts,
            min_count=args.min_count,
            name=name,
            inflect=getattr(args, "inflect", True),
            known=[(k.spun, k.restored) for k in known],
            prior=known if getattr(args, "prior", True) else (),
        )
        if output == "-":
            sys.stdout.write(lexicon_text(lexicon))
        else:
            try:
                write_lexicon(lexicon, output)
            except OSError as exc:
                msg = f"cannot write {output!r}: {exc.strerror or exc}"
                raise _UsageError(msg) from None
    except (_UsageError, ValueError) as exc:
        print(f"despin learn: error: {exc}", file=sys.stderr)
        return 2
    where = "stdout" if output == "-" else repr(output)
    generated = sum(e.provenance.startswith(INFLECTION_PROVENANCE) for e in lexicon)
    prior = sum(e.provenance.startswith(PRIOR_PROVENANCE) for e in lexicon)
    learned = len(lexicon) - generated - prior
    print(
        f"despin learn: {learned} entries learned from {len(pairs)} document pair(s), "
        f"{generated} other inflections of learned pairs, {prior} from the prior "
        f"({lexicon.description.partition('; prior: ')[2] or 'none'}); "
        f"{len(lexicon)} written to {where}",
        file=sys.stderr,
    )
    return 0
