"""Clean text from outside the news: the manual pages and documentation a Debian machine carries.

Run: ``python -m benchmarks.system_text [--limit N]`` from the repository root. Needs
``groff`` to render manual pages (Debian: ``apt-get install groff-base``, present on most
installs); prints a table and writes nothing.

Every page is clean text that despin has never seen: English technical prose (the manual
pages under ``/usr/share/man/man*`` and the READMEs and text files under
``/usr/share/doc``), the Python standard library's source files (code whose identifiers
are words), the translated manual pages of every other language folder
(``/usr/share/man/de``, ``fr``...), and WordNet's example sentences (``wordnet-base``), a
stress test of clean English at its densest in thesaurus words. despin must change none of it; each change counted
here is a wrong one. A page is one document, as a user's corpus would hold it.
"""

from __future__ import annotations

import argparse
import gzip
import random
import re
import shutil
import subprocess
import sysconfig
import time
from collections.abc import Iterator
from pathlib import Path

import despin
from despin.tokens import is_word, split

MAN = Path("/usr/share/man")
DOC = Path("/usr/share/doc")
WORDNET = Path("/usr/share/wordnet")
#: Sentences a document in the WordNet set (about 330 words).
EXAMPLES_PER_DOCUMENT = 40


def render(page: Path) -> str:
    """A manual page as plain text (``groff -man``, overstrikes removed)."""
    source = gzip.decompress(page.read_bytes()) if page.suffix == ".gz" else page.read_bytes()
    rendered = subprocess.run(
        ["groff", "-Tutf8", "-man", "-P", "-cbou"],
        input=source,
        capture_output=True,
        check=False,
        env={"GROFF_NO_SGR": "1", "PATH": "/usr/bin:/bin"},
    )
    return rendered.stdout.decode("utf-8", errors="replace")


def man_sets() -> dict[str, list[Path]]:
    """Manual pages by language: ``en`` for the untranslated sections, else the folder's name."""
    sets = {"en": sorted(MAN.glob("man[1-8]/*"))}
    for folder in sorted(MAN.iterdir()) if MAN.is_dir() else []:
        if folder.is_dir() and not folder.name.startswith("man"):
            pages = sorted(folder.glob("man[1-8]/*"))
            if pages:
                sets[folder.name] = pages
    return sets


def doc_texts(limit: int | None) -> Iterator[tuple[str, str]]:
    """Plain-text documentation (READMEs, *.txt, *.md) under /usr/share/doc, decoded as UTF-8."""
    count = 0
    for path in sorted(DOC.rglob("*")):
        name = path.name.lower().removesuffix(".gz")
        if not (name.startswith("readme") or name.endswith((".txt", ".md"))):
            continue
        if not path.is_file() or path.is_symlink():
            continue
        raw = path.read_bytes()
        if path.suffix == ".gz":
            try:
                raw = gzip.decompress(raw)
            except OSError:
                continue
        try:
            yield str(path), raw.decode("utf-8")
        except UnicodeDecodeError:
            continue
        count += 1
        if limit is not None and count >= limit:
            return


def python_sources(limit: int | None) -> Iterator[tuple[str, str]]:
    """The Python standard library's own source files: code, comments and docstrings."""
    root = Path(sysconfig.get_paths()["stdlib"])
    paths = sorted(p for p in root.rglob("*.py") if "site-packages" not in p.parts)
    for path in paths[:limit] if limit else paths:
        try:
            yield str(path), path.read_text(encoding="utf-8")
        except (UnicodeDecodeError, OSError):
            continue


def wordnet_examples(limit: int | None) -> Iterator[tuple[str, str]]:
    """WordNet 3.0's example sentences ("dropped anchor in the bay"), 40 to a document.

    A stress test, not a sample of real text: each sentence was written to show off one
    thesaurus word in its proper sense, so these documents are as dense in the spinner's
    vocabulary as clean English gets.
    """
    examples: list[str] = []
    for pos in ("noun", "verb", "adj", "adv"):
        path = WORDNET / f"data.{pos}"
        if not path.is_file():
            continue
        for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
            gloss = line.partition("| ")[2]
            if line.startswith(" ") or not gloss:
                continue
            examples.extend(q.strip() for q in re.findall(r'"([^"]{30,})"', gloss))
    random.Random(3).shuffle(examples)
    step = EXAMPLES_PER_DOCUMENT
    for n, i in enumerate(range(0, len(examples) - step + 1, step)):
        if limit is not None and n >= limit:
            return
        chunk = examples[i : i + step]
        yield f"wordnet-{n}", " ".join(x if x.endswith((".", "!", "?")) else x + "." for x in chunk)


def measure(texts: Iterator[tuple[str, str]]) -> tuple[int, int, int, int, list[str]]:
    """Documents, words, changes, documents changed, and a few of the changes."""
    documents = words = changes = changed = 0
    examples: list[str] = []
    for name, text in texts:
        if not text.strip():
            continue
        result = despin.clean(text)
        documents += 1
        words += sum(map(is_word, split(text)[0]))
        if result.changes:
            changed += 1
            changes += len(result.changes)
            if len(examples) < 6:
                c = result.changes[0]
                examples.append(f"{Path(name).name}: {c.spun!r} > {c.restored!r}")
    return documents, words, changes, changed, examples


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--limit", type=int, default=None, help="at most N documents a set")
    args = parser.parse_args()
    if shutil.which("groff") is None:
        raise SystemExit("groff is needed to render manual pages (apt-get install groff-base)")
    started = time.perf_counter()
    print("| clean set | documents | words | changes | documents changed | per 1,000 words |")
    print("|---|---:|---:|---:|---:|---:|")
    rows: list[tuple[str, Iterator[tuple[str, str]]]] = [
        ("/usr/share/doc READMEs and text files", doc_texts(args.limit)),
        ("Python standard library source files (*.py)", python_sources(args.limit)),
        (
            "WordNet 3.0 example sentences (a stress test: each shows off a thesaurus word)",
            wordnet_examples(args.limit),
        ),
    ]
    for language, pages in man_sets().items():
        chosen = pages[: args.limit] if args.limit else pages
        rows.append((f"manual pages, {language}", ((str(p), render(p)) for p in chosen)))
    found: list[str] = []
    for label, texts in rows:
        documents, words, changes, changed, examples = measure(texts)
        if not documents:
            continue
        rate = 1000 * changes / words if words else 0.0
        print(f"| {label} | {documents:,} | {words:,} | {changes} | {changed} | {rate:.4f} |")
        found.extend(f"{label}: {e}" for e in examples)
    print(f"\n{time.perf_counter() - started:.0f} s. First change of some changed documents:")
    for line in found:
        print(f"- {line}")


if __name__ == "__main__":
    main()
