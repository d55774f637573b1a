"""The ``despin`` command line: clean, detect, check lexicons, learn, check corpora.

Every input byte is accounted for: undecodable input names the file and byte offset,
a malformed JSONL line names its line number, and nothing is dropped silently.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Sequence
from typing import IO, Any

from despin.changes import Cleaned
from despin.despinner import DEFAULT_LEXICONS, Despinner
from despin.lexicon import LexiconError, builtin_names, load_lexicon

__all__ = ["main"]

_NO_INPUT = "despin: no input: give FILE arguments or pipe text on standard input"


class InputError(Exception):
    """Bad input the user must fix; the message says what and where."""


def read_document(name: str) -> str:
    """Read one input file (``-`` for stdin) as strict UTF-8, naming the byte offset of bad bytes."""
    from despin.batches import DECOMPRESS_ERRORS, open_binary  # here: keeps start-up light

    label = "<stdin>" if name == "-" else name
    try:
        fh = open_binary(name)
        try:
            data = fh.read()
        finally:
            if name != "-":  # standard input stays open for whoever reads it next
                fh.close()
    except FileNotFoundError:
        msg = f"{label}: no such file"
        raise InputError(msg) from None
    except IsADirectoryError:
        msg = f"{label}: is a directory"
        raise InputError(msg) from None
    except OSError as exc:  # no permission, a bad .gz header, an I/O error
        msg = f"{label}: cannot read: {exc.strerror or exc}"
        raise InputError(msg) from None
    except DECOMPRESS_ERRORS as exc:  # a truncated or corrupt .gz / .zst
        msg = f"{label}: cannot decompress: {exc}"
        raise InputError(msg) from None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        msg = (
            f"{label}: not valid UTF-8 at byte offset {exc.start} "
            f"(byte 0x{data[exc.start]:02x}); decode or fix the file first"
        )
        raise InputError(msg) from None


def _despinner(args: argparse.Namespace) -> Despinner:
    specs: list[str | os.PathLike[str]] = []
    if not args.no_builtin:
        specs.extend(args.builtin or DEFAULT_LEXICONS)
    specs.extend(args.lexicon or [])
    if not specs:
        msg = "--no-builtin given without any --lexicon: there is nothing to apply"
        raise InputError(msg)
    return Despinner(specs, min_confidence=args.min_confidence)


def _inputs(files: Sequence[str]) -> list[str]:
    if not files:
        if sys.stdin is None or sys.stdin.isatty():
            raise InputError(_NO_INPUT)
        return ["-"]
    if list(files).count("-") > 1:
        msg = "standard input ('-') can be read only once"
        raise InputError(msg)
    return list(files)


def _open_output(path: str | None) -> Any:
    from despin.output import AtomicOutput

    return AtomicOutput(path)


def _color(out: IO[str], args: argparse.Namespace) -> bool:
    if args.color == "always":
        return True
    if args.color == "never" or os.environ.get("NO_COLOR"):
        return False
    return bool(getattr(out, "isatty", lambda: False)())


def _emit_cleaned(
    result: Cleaned, name: str, many: bool, args: argparse.Namespace, out: IO[str]
) -> None:
    if args.format == "json":
        record = result.to_dict()
        if many:
            record = {"file": name, **record}
        out.write(json.dumps(record, ensure_ascii=False) + "\n")
    elif args.format == "diff":
        out.write(result.diff(color=_color(out, args)))
    else:
        out.write(result.text)


def cmd_clean(args: argparse.Namespace) -> int:
    despinner = _despinner(args)
    files = _inputs(args.files)
    if args.jsonl:
        from despin.stream import run_jsonl

        return run_jsonl(despinner, files, args, mode="clean")
    with _open_output(args.output) as out:
        for name in files:
            text = read_document(name)
            _emit_cleaned(despinner.clean(text), name, len(files) > 1, args, out)
    return 0


def cmd_detect(args: argparse.Namespace) -> int:
    despinner = _despinner(args)
    files = _inputs(args.files)
    if args.jsonl:
        from despin.stream import run_jsonl

        return run_jsonl(despinner, files, args, mode="detect")
    with _open_output(args.output) as out:
        for name in files:
            detection = despinner.detect(read_document(name))
            if args.threshold is not None and detection.spin < args.threshold:
                continue
            if args.format == "text":
                label = "spun" if detection.is_spun else "clean"
                lo, hi = detection.interval
                words = f"{detection.words} words"
                if detection.other_language_words:
                    words += f" (+{detection.other_language_words} in another language)"
                out.write(
                    f"{name}\t{detection.spin:.3f}\t[{lo:.3f}, {hi:.3f}]\t{label}\t"
                    f"{words}\t{len(detection.evidence)} findings\n"
                )
            else:
                out.write(
                    json.dumps({"file": name, **detection.to_dict()}, ensure_ascii=False) + "\n"
                )
    return 0


def cmd_lexicon_check(args: argparse.Namespace) -> int:
    status = 0
    for path in args.paths:
        try:
            lexicon = load_lexicon(path)
        except (LexiconError, FileNotFoundError) as exc:
            print(f"despin: {exc}", file=sys.stderr)
            status = 1
            continue
        fingerprints = sum(1 for e in lexicon.entries if e.context.fingerprint)
        print(
            f"{path}: ok, lexicon {lexicon.name!r}, {len(lexicon)} entries, {fingerprints} fingerprints"
        )
    return status


def cmd_lexicon_list(args: argparse.Namespace) -> int:
    for name in builtin_names():
        lexicon = load_lexicon(name)
        print(f"{name}\t{len(lexicon)} entries\t{lexicon.description}")
    return 0


def confidence(value: str) -> float:
    """An argparse type: a number in [0, 1] (a probability: a confidence, a spin threshold)."""
    try:
        share = float(value)
    except ValueError:
        share = float("nan")
    if not 0.0 <= share <= 1.0:
        msg = f"must be a number in [0, 1], not {value!r}"
        raise argparse.ArgumentTypeError(msg)
    return share


def add_lexicon_selection(p: argparse.ArgumentParser) -> None:
    """The options that choose lexicons and the confidence cut-off (shared by subcommands)."""
    p.add_argument(
        "--lexicon",
        action="append",
        metavar="PATH",
        help="add a lexicon file or built-in name (repeatable)",
    )
    p.add_argument(
        "--builtin",
        action="append",
        metavar="NAME",
        help=f"use this built-in lexicon (repeatable; default: {', '.join(DEFAULT_LEXICONS)})",
    )
    p.add_argument("--no-builtin", action="store_true", help="use no built-in lexicon")
    p.add_argument(
        "--min-confidence",
        type=confidence,
        default=0.5,
        metavar="X",
        help="only make restorations with at least this confidence (0..1, default 0.5)",
    )


def _add_lexicon_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("files", nargs="*", metavar="FILE", help="input files ('-' or none: stdin)")
    p.add_argument("-o", "--output", metavar="FILE", help="write here instead of stdout")
    add_lexicon_selection(p)
    p.add_argument(
        "--jsonl",
        action="store_true",
        help="input is JSON Lines (.gz, .zst too), one document a line; streams any size",
    )
    p.add_argument(
        "--field", default="text", help="the JSONL field holding the text (default: text)"
    )
    p.add_argument(
        "--jobs",
        type=int,
        default=1,
        metavar="N",
        help="worker processes for --jsonl (0: one per CPU; default 1)",
    )
    p.add_argument(
        "--progress",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="--jsonl progress on stderr (default: only on a terminal)",
    )
    p.add_argument(
        "--on-error",
        choices=("keep", "skip", "fail"),
        default="fail",
        help="malformed JSONL line: write it back with an error field (keep), leave it out "
        "(skip), or stop with no output (fail, the default); each is reported with its line",
    )
    p.add_argument("--color", choices=("auto", "always", "never"), default="auto")


def build_parser() -> argparse.ArgumentParser:
    """The argument parser (exposed for tests and documentation)."""
    parser = argparse.ArgumentParser(
        prog="despin", description="Undo machine spinning (thesaurus synonym swaps) of text."
    )
    sub = parser.add_subparsers(dest="command", required=True)

    p_clean = sub.add_parser("clean", help="restore spun text")
    _add_lexicon_options(p_clean)
    p_clean.add_argument("--format", choices=("text", "json", "diff"), default="text")
    p_clean.set_defaults(func=cmd_clean)

    p_detect = sub.add_parser("detect", help="spin probability per document")
    _add_lexicon_options(p_detect)
    p_detect.add_argument("--format", choices=("text", "json"), default="json")
    p_detect.add_argument(
        "--threshold", type=confidence, metavar="P", help="print only documents with spin >= P"
    )
    p_detect.set_defaults(func=cmd_detect)

    p_lex = sub.add_parser("lexicon", help="lexicon tools")
    lex_sub = p_lex.add_subparsers(dest="lexicon_command", required=True)
    p_check = lex_sub.add_parser("check", help="validate lexicon files")
    p_check.add_argument("paths", nargs="+", metavar="PATH")
    p_check.set_defaults(func=cmd_lexicon_check)
    p_list = lex_sub.add_parser("list", help="list the built-in lexicons")
    p_list.set_defaults(func=cmd_lexicon_list)

    for module in ("despin.learn_command", "despin.check_command"):
        try:
            mod = __import__(module, fromlist=["register"])
        except ImportError:  # pragma: no cover - optional pieces during development
            continue
        register = getattr(mod, "register_cli", None)
        if register is not None:
            register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``despin`` command."""
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        code: int = args.func(args)
    except InputError as exc:
        print(f"despin: {exc}", file=sys.stderr)
        return 2
    except (LexiconError, FileNotFoundError) as exc:
        print(f"despin: {exc}", file=sys.stderr)
        return 2
    except BrokenPipeError:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 1
    except OSError as exc:  # the output cannot be written (a folder, a full disk, ...)
        print(f"despin: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("despin: interrupted; no output file was written", file=sys.stderr)
        return 130
    return code
