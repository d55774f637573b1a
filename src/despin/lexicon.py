"""Lexicon files: parse, validate and load the spun-form -> restored-form tables.

A lexicon is a UTF-8 TSV file, reviewed like code::

    # despin-lexicon v1
    # name: news
    # any further comment lines
    spun	restored	weight	context	provenance
    mentioned	said	0.9		seed:001
    Safety Council	Security Council	0.95	doc:\\bUN\\b|United Nations	seed:001

Columns:

``spun``
    the form a spinner writes, one or more words separated by single spaces.
    Matching ignores case unless the context says ``cased``.
``restored``
    what the spinner replaced; written in lower case unless case matters
    (despin carries the case of the text over to it).
``weight``
    the channel probability, 0 < w <= 1: how likely this spinner is to write
    ``spun`` when the original said ``restored``. The decision stage weighs it
    against how plausible each reading is in context.
``context``
    optional constraints, ``;``-separated: ``cased`` (match case exactly),
    ``next:REGEX`` / ``prev:REGEX`` (the next / previous word must fully match),
    ``doc:REGEX`` (the document must contain a match), ``fingerprint`` (the
    spun form is near-certain evidence of spinning on its own).
``provenance``
    where the entry comes from (``seed:001``, ``mythes:first-sense``, ``pps:...``).

Built-in lexicons ship inside the package and load lazily, once.
"""

from __future__ import annotations

import functools
import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

import regex

from despin.resources import lexicon_root

__all__ = [
    "HEADER",
    "Context",
    "Entry",
    "Lexicon",
    "LexiconError",
    "RawLexicon",
    "RawRow",
    "builtin_names",
    "format_lexicon",
    "load_lexicon",
    "parse_lexicon",
]

HEADER = "# despin-lexicon v1"
COLUMNS = ("spun", "restored", "weight", "context", "provenance")
_SPACE_RUN = regex.compile(r"\s{2,}|^\s|\s$|[\t\r\n]")


class LexiconError(ValueError):
    """A lexicon file is malformed. The message names the file, the line and the fault.

    Line 0 stands for the file as a whole (a folder, a file that cannot be read).
    """

    def __init__(self, source: str, line: int, problem: str) -> None:
        self.source = source
        self.line = line
        self.problem = problem
        super().__init__(f"{source}:{line}: {problem}" if line else f"{source}: {problem}")


@dataclass(frozen=True, slots=True)
class Context:
    """Parsed context constraints of an entry (see the module docstring)."""

    cased: bool = False
    fingerprint: bool = False
    prev: regex.Pattern[str] | None = None
    next: regex.Pattern[str] | None = None
    doc: regex.Pattern[str] | None = None

    @property
    def text(self) -> str:
        """The constraint as written in a lexicon file."""
        parts = []
        if self.cased:
            parts.append("cased")
        if self.fingerprint:
            parts.append("fingerprint")
        for key in ("prev", "next", "doc"):
            pattern = getattr(self, key)
            if pattern is not None:
                parts.append(f"{key}:{pattern.pattern}")
        return ";".join(parts)

    @property
    def is_plain(self) -> bool:
        """True when no constraint restricts where the entry applies."""
        return self.prev is None and self.next is None and self.doc is None and not self.cased


_PLAIN = Context()


def parse_context(raw: str) -> Context:
    """Parse a context column (raises ValueError with the reason)."""
    if not raw:
        return _PLAIN
    flags: dict[str, bool] = {"cased": False, "fingerprint": False}
    patterns: dict[str, regex.Pattern[str]] = {}
    for clause in raw.split(";"):
        clause = clause.strip()
        if clause in flags:
            flags[clause] = True
            continue
        key, sep, value = clause.partition(":")
        if not sep or key not in ("prev", "next", "doc"):
            msg = (
                f"unknown context clause {clause!r} (expected cased, fingerprint, "
                "prev:REGEX, next:REGEX or doc:REGEX)"
            )
            raise ValueError(msg)
        if key in patterns:
            msg = f"context clause {key!r} given twice"
            raise ValueError(msg)
        try:
            patterns[key] = regex.compile(value, regex.V0)
        except regex.error as exc:
            msg = f"bad regular expression in {key}: {value!r} ({exc})"
            raise ValueError(msg) from None
    return Context(
        cased=flags["cased"],
        fingerprint=flags["fingerprint"],
        prev=patterns.get("prev"),
        next=patterns.get("next"),
        doc=patterns.get("doc"),
    )


@dataclass(frozen=True, slots=True)
class Entry:
    """One lexicon row: a spinner writes ``spun`` where the original said ``restored``."""

    spun: str
    restored: str
    weight: float
    context: Context = field(default=_PLAIN)
    provenance: str = ""
    lexicon: str = ""
    line: int = 0

    @property
    def source(self) -> str:
        """``lexicon:spun>restored``, the label a change carries."""
        return f"{self.lexicon}:{self.spun}>{self.restored}"


@dataclass(frozen=True, slots=True)
class Lexicon:
    """An immutable, validated lexicon: a name and its entries in file order."""

    name: str
    entries: tuple[Entry, ...]
    origin: str = ""
    description: str = ""

    def __len__(self) -> int:
        return len(self.entries)

    def __iter__(self) -> Iterator[Entry]:
        return iter(self.entries)


def _check_form(value: str, column: str) -> None:
    if not value:
        msg = f"empty {column} column"
        raise ValueError(msg)
    if _SPACE_RUN.search(value):
        msg = f"{column} {value!r} has leading, trailing, doubled or non-space whitespace"
        raise ValueError(msg)


def parse_lexicon(text: str, *, source: str = "<string>", name: str | None = None) -> Lexicon:
    r"""Parse lexicon file contents; raise :class:`LexiconError` naming ``source`` and the line.

    >>> lex = parse_lexicon("# despin-lexicon v1\nspun\trestored\tweight\tcontext\tprovenance\n"
    ...                     "mentioned\tsaid\t0.9\t\tseed:001\n", name="demo")
    >>> lex.entries[0].source
    'demo:mentioned>said'
    >>> parse_lexicon("mentioned\tsaid\n", source="x.tsv")
    Traceback (most recent call last):
    ...
    despin.lexicon.LexiconError: x.tsv:1: first line must be '# despin-lexicon v1', found 'mentioned\tsaid'
    """
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    if not lines or lines[0].rstrip("\r") != HEADER:
        found = lines[0] if lines else ""
        raise LexiconError(source, 1, f"first line must be {HEADER!r}, found {found!r}")
    lexicon_name = name
    description = ""
    entries: list[Entry] = []
    seen: dict[tuple[str, str, str], int] = {}
    header_seen = False
    for number, raw_line in enumerate(lines[1:], start=2):
        line = raw_line.rstrip("\r")
        if not line.strip():
            continue
        if line.startswith("#"):
            key, sep, value = line[1:].strip().partition(":")
            if sep and key.strip() == "name" and lexicon_name is None:
                lexicon_name = value.strip()
            elif sep and key.strip() == "description" and not description:
                description = value.strip()
            continue
        cells = line.split("\t")
        if not header_seen:
            if tuple(cells) != COLUMNS:
                expected = "\\t".join(COLUMNS)
                raise LexiconError(source, number, f"expected the column header {expected!r}")
            header_seen = True
            continue
        if len(cells) != len(COLUMNS):
            raise LexiconError(
                source, number, f"expected {len(COLUMNS)} tab-separated columns, found {len(cells)}"
            )
        spun, restored, weight_text, context_text, provenance = cells
        try:
            _check_form(spun, "spun")
            _check_form(restored, "restored")
            weight = float(weight_text)
            if not 0.0 < weight <= 1.0:
                msg = f"weight {weight_text!r} is not in (0, 1]"
                raise ValueError(msg)
            context = parse_context(context_text.strip())
            if not provenance.strip():
                msg = "empty provenance column: say where the entry comes from"
                raise ValueError(msg)
            if spun == restored and context.is_plain:
                msg = f"spun and restored are the same ({spun!r})"
                raise ValueError(msg)
        except ValueError as exc:
            problem = str(exc)
            if problem.startswith("could not convert"):
                problem = f"weight {weight_text!r} is not a number"
            raise LexiconError(source, number, problem) from None
        row_key = (spun.lower(), restored, context_text)
        if row_key in seen:
            first = seen[row_key]
            raise LexiconError(
                source, number, f"duplicate entry {spun!r} > {restored!r} (first at line {first})"
            )
        seen[row_key] = number
        entries.append(Entry(spun, restored, weight, context, provenance.strip(), "", number))
    if not header_seen:
        raise LexiconError(source, len(lines), "no column header line found")
    final_name = lexicon_name or Path(source).stem
    return Lexicon(
        final_name,
        tuple(
            Entry(e.spun, e.restored, e.weight, e.context, e.provenance, final_name, e.line)
            for e in entries
        ),
        source,
        description,
    )


class RawRow(NamedTuple):
    """A lexicon row as text: compiled into a matching option only when a text needs it."""

    spun: str
    restored: str
    weight: float
    context: str
    lexicon: str
    family: str


def family_of(provenance: str) -> str:
    """The source family of an entry: its provenance up to the first ``:`` or ``;``.

    Entries of one family come from one spinner's dictionary (``seed``, ``mythes``,
    ``pps``...); despin estimates a swap rate per family in each document.

    >>> family_of("mythes:sense1;pos=verb")
    'mythes'
    """
    return provenance.partition(";")[0].partition(":")[0].strip() or "user"


@dataclass(frozen=True, slots=True)
class RawLexicon:
    """A built-in lexicon read without building an :class:`Entry` per row.

    Built-in files are validated by the test suite and ``despin lexicon check``;
    reading them this way keeps ``import despin`` plus the first result fast.
    """

    name: str
    rows: tuple[RawRow, ...]

    def __len__(self) -> int:
        return len(self.rows)


def raw_rows(source: Lexicon | RawLexicon) -> Iterable[RawRow]:
    """The rows of a lexicon as the matcher reads them."""
    if isinstance(source, RawLexicon):
        return source.rows
    return (
        RawRow(e.spun, e.restored, e.weight, e.context.text, e.lexicon, family_of(e.provenance))
        for e in source.entries
    )


@functools.cache
def load_builtin_rows(name: str) -> RawLexicon:
    """Rows of a built-in lexicon, read fast (for the matcher; see :class:`RawLexicon`)."""
    text = lexicon_root().joinpath(f"{name}.tsv").read_text(encoding="utf-8")
    body = text[text.index("\nspun\trestored\t") + 1 :]
    lines = body.split("\n")[1:]
    rows = []
    # ~1,000 distinct provenances for ~80,000 rows: find each one's family once. Originals
    # (~12,000 distinct) and weights repeat too: one object each saves ~5 MB.
    families: dict[str, str] = {}
    shared: dict[str, str] = {}
    weights: dict[str, float] = {}
    new_row = tuple.__new__
    for line in lines:
        if not line or line[0] == "#":
            continue
        spun, restored, weight, context, provenance = line.split("\t")
        family = families.get(provenance)
        if family is None:
            family = families[provenance] = family_of(provenance)
        value = weights.get(weight)
        if value is None:
            value = weights[weight] = float(weight)
        spun = shared.setdefault(spun, spun)
        restored = shared.setdefault(restored, restored)
        # tuple.__new__ skips the named tuple's Python-level constructor: half the cost.
        rows.append(new_row(RawRow, (spun, restored, value, context, name, family)))
    return RawLexicon(name, tuple(rows))


def builtin_names() -> tuple[str, ...]:
    """Names of the lexicons shipped with despin (``news``, ``science``, ...)."""
    root = lexicon_root()
    return tuple(sorted(p.name[: -len(".tsv")] for p in root.iterdir() if p.name.endswith(".tsv")))


@functools.cache
def _load_builtin(name: str) -> Lexicon:
    text = lexicon_root().joinpath(f"{name}.tsv").read_text(encoding="utf-8")
    return parse_lexicon(text, source=f"despin/lexicons/{name}.tsv", name=name)


def load_lexicon(name_or_path: str | os.PathLike[str] | Lexicon) -> Lexicon:
    """Load a built-in lexicon by name (``"news"``) or a lexicon file by path.

    Raises :class:`FileNotFoundError` for a path that does not exist and
    :class:`LexiconError` for a malformed or unreadable file (or a folder).

    >>> len(load_lexicon("news")) > 1000
    True
    """
    if isinstance(name_or_path, Lexicon):
        return name_or_path
    if isinstance(name_or_path, str) and name_or_path in builtin_names():
        return _load_builtin(name_or_path)
    path = Path(name_or_path)
    if not path.exists():
        known = ", ".join(builtin_names())
        msg = f"no lexicon file at {str(path)!r} and no built-in lexicon of that name ({known})"
        raise FileNotFoundError(msg)
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        line = path.read_bytes()[: exc.start].count(b"\n") + 1
        raise LexiconError(str(path), line, f"not UTF-8 at byte {exc.start}") from None
    except IsADirectoryError:
        raise LexiconError(str(path), 0, "is a directory, not a lexicon file") from None
    except OSError as exc:  # no permission, an I/O error
        raise LexiconError(str(path), 0, f"cannot read: {exc.strerror or exc}") from None
    # Editors on Windows (Notepad, Excel's "UTF-8 CSV") start the file with a byte-order mark.
    return parse_lexicon(text.removeprefix("\ufeff"), source=str(path))


def format_lexicon(
    entries: Iterable[Entry], *, name: str, description: str = "", comments: Iterable[str] = ()
) -> str:
    """Write entries in the lexicon file format (the inverse of :func:`parse_lexicon`)."""
    out = [HEADER, f"# name: {name}"]
    if description:
        out.append(f"# description: {description}")
    out.extend(f"# {c}" for c in comments)
    out.append("\t".join(COLUMNS))
    for e in entries:
        weight = f"{e.weight:.4g}"
        out.append("\t".join((e.spun, e.restored, weight, e.context.text, e.provenance)))
    return "\n".join(out) + "\n"
