#!/usr/bin/env python3
"""Benchmark: learn an unseen spinner's lexicon from 50 aligned documents.

Target (issue): from 50 aligned documents produced by a spinner it has not seen,
``despin.learn.learn`` recovers at least 90% of that spinner's substitutions with
at least 95% precision.

Setup. The clean dev articles (``benchmarks/data/clean/dev/*.txt``) are cut into
50 documents: the first 50 files when there are that many, otherwise the
articles' paragraphs dealt into 50 contiguous chunks of near-equal size, so no
text is repeated. Each document is spun by ``despin.spinner.spin`` at rate 0.7
with seed 1; the spinner's change log is the ground truth (``Change.spun`` is the
original substring, ``Change.restored`` the spinner's replacement). When
``despin.spinner`` is missing or broken, a stand-in spinner built from the
hand-annotated swaps of ``benchmarks/data/seed_001.annotation.tsv`` is used and
the report says so.

Figures:

* ``recoverable``: distinct (original > spun) pairs, case-folded, that the spinner
  applied at least ``MIN_COUNT`` (2) times across the 50 documents: what a
  learner could be expected to see often enough to trust;
* ``recall``: the share of recoverable pairs among the learned entries;
* ``precision``: the share of learned entries that are real spinner pairs (applied
  at least once).

Both count the entries learned from what the documents show. The entries ``learn()``
generates as other inflections of a learned pair (provenance ``learned:inflection``)
are about forms the 50 documents need not contain, so they are scored apart: the
share of them the spinner's own table (``despin.spinner``) would write.

Run ``python benchmarks/learn_eval.py`` (prints a markdown table), or call
:func:`evaluate` for the figures as a dict.
"""

from __future__ import annotations

import random
import re
import sys
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
for _path in (ROOT, ROOT / "src"):  # run as a script too: benchmarks.* and despin
    if str(_path) not in sys.path:
        sys.path.insert(0, str(_path))

from despin.learn import known_rows, learn  # noqa: E402
from despin.learn_command import DEFAULT_KNOWN  # noqa: E402
from despin.learn_prior import PRIOR_PROVENANCE  # noqa: E402
from despin.tokens import normalize  # noqa: E402

CLEAN_DEV = HERE / "data" / "clean" / "dev"
ANNOTATION = HERE / "data" / "seed_001.annotation.tsv"
N_DOCS = 50
RATE = 0.7
SEED = 1
MIN_COUNT = 2
MIN_FILES = 20
WAIT_SECONDS = 20 * 60
POLL_SECONDS = 30
TARGET_RECALL = 0.90
TARGET_PRECISION = 0.95

_WORD = re.compile(r"\w+(?:['’\-]\w+)*")

#: A spinner: text -> (spun text, [(original substring, replacement), ...]).
Spinner = Callable[[str], tuple[str, list[tuple[str, str]]]]


def _key(text: str) -> str:
    return " ".join(normalize(text).split())


def wait_for_articles(
    folder: Path = CLEAN_DEV,
    min_files: int = MIN_FILES,
    timeout: float = WAIT_SECONDS,
    poll: float = POLL_SECONDS,
) -> list[Path]:
    """The clean articles, waiting (polling) up to ``timeout`` seconds for ``min_files`` of them."""
    deadline = time.monotonic() + timeout
    while True:
        files = sorted(folder.glob("*.txt"))
        if len(files) >= min_files:
            return files
        if time.monotonic() >= deadline:
            msg = f"only {len(files)} clean articles in {folder} after {timeout:.0f}s"
            raise RuntimeError(msg)
        print(
            f"waiting for articles: {len(files)}/{min_files} in {folder}",
            file=sys.stderr,
        )
        time.sleep(poll)


def make_documents(files: list[Path], n: int = N_DOCS) -> list[str]:
    """``n`` documents: whole articles when there are enough, else paragraph chunks."""
    texts = [f.read_text(encoding="utf-8") for f in files]
    if len(texts) >= n:
        return texts[:n]
    paragraphs = [p.strip() for t in texts for p in t.split("\n\n") if p.strip()]
    if len(paragraphs) < n:
        msg = f"need at least {n} paragraphs to make {n} documents, found {len(paragraphs)}"
        raise RuntimeError(msg)
    docs = []
    for i in range(n):
        lo, hi = len(paragraphs) * i // n, len(paragraphs) * (i + 1) // n
        docs.append("\n\n".join(paragraphs[lo:hi]) + "\n")
    return docs


def _despin_spinner() -> Spinner | None:
    """``despin.spinner.spin`` at RATE/SEED, or None when it is missing or does not work."""
    try:
        from despin.spinner import spin

        probe = spin("The government said the city was ready.", rate=1.0, seed=SEED)
        if probe.revert() != "The government said the city was ready.":
            return None
    except Exception as exc:  # any failure means "not usable yet"
        print(f"despin.spinner unavailable ({type(exc).__name__}: {exc})", file=sys.stderr)
        return None

    def run(text: str) -> tuple[str, list[tuple[str, str]]]:
        spun = spin(text, rate=RATE, seed=SEED)
        return spun.text, [(c.spun, c.restored) for c in spun.changes]

    return run


def _annotation_spinner() -> Spinner:
    """A stand-in spinner: the swaps a human annotated in a real spinner's output."""
    table: dict[tuple[str, ...], list[str]] = {}
    for line in ANNOTATION.read_text(encoding="utf-8").splitlines():
        cells = line.split("\t")
        if line.startswith("#") or len(cells) != 6 or cells[0] == "start":
            continue
        spun, original, kind = cells[2], cells[3], cells[4]
        if kind in {"word", "phrase", "number"}:
            form = tuple(_key(original).split())
            if spun.lower() not in table.setdefault(form, []):
                table[form].append(spun.lower())
    longest = max(len(f) for f in table)

    def run(text: str) -> tuple[str, list[tuple[str, str]]]:
        rng = random.Random(SEED)
        toks = [(m.start(), m.end(), _key(m.group())) for m in _WORD.finditer(text)]
        out, log, pos, i = [], [], 0, 0
        while i < len(toks):
            for n in range(min(longest, len(toks) - i), 0, -1):
                form = tuple(t[2] for t in toks[i : i + n])
                if form in table:
                    break
            else:
                i += 1
                continue
            if rng.random() < RATE:
                start, end = toks[i][0], toks[i + n - 1][1]
                source = text[start:end]
                replacement = rng.choice(table[form])
                if source[:1].isupper():
                    replacement = replacement[:1].upper() + replacement[1:]
                out += [text[pos:start], replacement]
                log.append((source, replacement))
                pos = end
            i += n
        out.append(text[pos:])
        return "".join(out), log

    return run


def evaluate() -> dict[str, float]:
    """Spin 50 documents with an unseen spinner, learn its lexicon, score it."""
    files = wait_for_articles()
    docs = make_documents(files)
    spinner = _despin_spinner()
    spinner_name = "despin.spinner.spin"
    if spinner is None:
        spinner, spinner_name = _annotation_spinner(), "seed_001 annotation stand-in"
    applied: Counter[tuple[str, str]] = Counter()
    pairs = []
    for doc in docs:
        spun, log = spinner(doc)
        pairs.append((doc, spun))
        applied.update((_key(o), _key(s)) for o, s in log)

    started = time.perf_counter()
    # As ``despin learn`` does by default: the built-in news lexicon vouches for one-offs
    # and is the prior for the words the documents never show.
    known = known_rows(DEFAULT_KNOWN)
    lexicon = learn(
        pairs,
        min_count=MIN_COUNT,
        name="unseen-spinner",
        known=[(k.spun, k.restored) for k in known],
        prior=known,
    )
    seconds = time.perf_counter() - started

    # Entries learn() generated as inflections of learned pairs are claims about forms the
    # 50 documents need not show: they are scored against the spinner's own table instead.
    # Prior entries are the known lexicon's, not learned: counted apart.
    prior = [e for e in lexicon if _from_prior(e)]
    observed = [e for e in lexicon if not _inflected(e) and not _from_prior(e)]
    learned = {(_key(e.restored), _key(e.spun)) for e in observed}
    recoverable = {pair for pair, n in applied.items() if n >= MIN_COUNT}
    true_learned = learned & set(applied)
    recall = len(learned & recoverable) / len(recoverable) if recoverable else 1.0
    precision = len(true_learned) / len(learned) if learned else 1.0
    inflected = {(_key(e.restored), _key(e.spun)) for e in lexicon if _inflected(e)}
    share = float(lexicon.description.rpartition("agreement ")[2] or "nan")
    table = _spinner_table() if spinner_name == "despin.spinner.spin" else None
    if table is not None and inflected:
        right = {(o, s) for o, s in inflected if s in table.get(o, ())}
        inflected_precision = len(right) / len(inflected)
    else:
        right, inflected_precision = set(), float("nan")
    evaluate.last_details = {  # type: ignore[attr-defined]
        "spinner": spinner_name,
        "missed": sorted(recoverable - learned, key=lambda p: -applied[p]),
        "false": sorted(learned - set(applied)),
        "false_inflected": sorted(inflected - right),
    }
    evaluate.last_lexicon = lexicon  # type: ignore[attr-defined]
    return {
        "documents": float(len(docs)),
        "articles": float(len(files)),
        "swaps_applied": float(sum(applied.values())),
        "distinct_pairs": float(len(applied)),
        "recoverable_pairs": float(len(recoverable)),
        "learned_entries": float(len(lexicon)),
        "observed_entries": float(len(observed)),
        "inflected_entries": float(len(inflected)),
        "prior_entries": float(len(prior)),
        "agreement": share,
        "recall": recall,
        "precision": precision,
        "inflected_precision": inflected_precision,
        "learn_seconds": seconds,
        "uses_despin_spinner": float(spinner_name == "despin.spinner.spin"),
    }


def _inflected(entry: object) -> bool:
    """Whether learn() generated the entry as an inflection of a learned pair."""
    return str(getattr(entry, "provenance", "")).startswith("learned:inflection")


def _from_prior(entry: object) -> bool:
    """Whether learn() took the entry from the known lexicon's prior."""
    return str(getattr(entry, "provenance", "")).startswith(PRIOR_PROVENANCE)


def _spinner_table() -> dict[str, tuple[str, ...]] | None:
    """The spinner's own table (form > replacements): ground truth for generated entries."""
    try:
        from despin.spinner import _table

        return dict(_table().entries)
    except Exception as exc:  # the figures then say nan
        print(f"spinner table unavailable ({type(exc).__name__}: {exc})", file=sys.stderr)
        return None


def heldout(lexicon: object | None = None) -> dict[str, float]:
    """Restoration recall on held-out articles spun by the same spinner.

    The learned lexicon (loaded back from its file) against the built-in ``news``
    lexicon, both scored like the quality benchmark: the test articles, spun by
    ``despin.spin`` at rate 0.7 with a seed the learner never saw.
    """
    import tempfile

    import despin
    from benchmarks import common
    from benchmarks.quality import Restoration, score_restoration
    from despin.learn import write_lexicon

    if lexicon is None:
        evaluate()
        lexicon = evaluate.last_lexicon  # type: ignore[attr-defined]
    golds = common.spun_docs(common.clean_docs("test"), rates=(RATE,), seed=SEED + 40)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "learned.tsv"
        write_lexicon(lexicon, path)  # type: ignore[arg-type]
        learned = despin.Despinner([path])
        builtin = despin.Despinner()
        # The learned lexicon over the built-in one (its pairs override the built-in's).
        combined = despin.Despinner(["news", path])
        out = {}
        for name, d in (("learned", learned), ("builtin", builtin), ("combined", combined)):
            total = Restoration(name)
            for g in golds:
                total.add(score_restoration(g, d.clean(g.spun)))
            out[f"{name}_recall"] = total.recall
            out[f"{name}_precision"] = total.precision
    return out


def markdown(figures: dict[str, float]) -> str:
    """The figures as a small markdown table."""
    rows = [
        ("documents (from articles)", f"{figures['documents']:.0f} ({figures['articles']:.0f})"),
        ("spinner swaps applied", f"{figures['swaps_applied']:.0f}"),
        ("distinct (original > spun) pairs", f"{figures['distinct_pairs']:.0f}"),
        (f"recoverable pairs (applied >= {MIN_COUNT}x)", f"{figures['recoverable_pairs']:.0f}"),
        (
            "entries (observed + generated inflections + prior)",
            f"{figures['learned_entries']:.0f} ({figures['observed_entries']:.0f}"
            f" + {figures['inflected_entries']:.0f} + {figures['prior_entries']:.0f})",
        ),
        ("agreement with the news lexicon (prior)", f"{figures['agreement']:.2f}"),
        (f"recall (target >= {TARGET_RECALL:.0%})", f"{figures['recall']:.1%}"),
        (f"precision (target >= {TARGET_PRECISION:.0%})", f"{figures['precision']:.1%}"),
        (
            "generated inflections the spinner's table has",
            f"{figures['inflected_precision']:.1%}",
        ),
        ("learn() time", f"{figures['learn_seconds']:.2f} s"),
    ]
    for key, label in (
        ("learned_recall", "held-out restoration recall, learned lexicon"),
        ("learned_precision", "held-out restoration precision, learned lexicon"),
        ("data_only_recall", "held-out recall, learned lexicon without the prior (--no-prior)"),
        ("data_only_precision", "held-out precision, learned lexicon without the prior"),
        ("data_only_news_recall", "held-out recall, news + learned lexicon without the prior"),
        (
            "data_only_news_precision",
            "held-out precision, news + learned lexicon without the prior",
        ),
        ("builtin_recall", "held-out restoration recall, built-in news lexicon"),
        ("builtin_precision", "held-out restoration precision, built-in news lexicon"),
    ):
        if key in figures:
            rows.append((label, f"{figures[key]:.1%}"))
    lines = ["| learn: unseen spinner, rate 0.7, seed 1 | value |", "|---|---:|"]
    lines += [f"| {name} | {value} |" for name, value in rows]
    return "\n".join(lines)


def main() -> int:
    figures = evaluate()
    figures.update(heldout(evaluate.last_lexicon))  # type: ignore[attr-defined]
    # The same spinner learned without the built-in lexicon's word (--no-known), and with
    # --min-count 1 instead: what each policy gives on its own.
    files = wait_for_articles()
    spinner = _despin_spinner()
    if spinner is not None:
        pairs = [(doc, spinner(doc)[0]) for doc in make_documents(files)]
        known = known_rows(DEFAULT_KNOWN)
        vouched = [(k.spun, k.restored) for k in known]
        data_only = heldout(learn(pairs, min_count=MIN_COUNT, name="unseen-spinner", known=vouched))
        figures["data_only_recall"] = data_only["learned_recall"]
        figures["data_only_precision"] = data_only["learned_precision"]
        figures["data_only_news_recall"] = data_only["combined_recall"]
        figures["data_only_news_precision"] = data_only["combined_precision"]
        for label, lexicon in (
            ("--no-known", learn(pairs, min_count=MIN_COUNT, name="unseen-spinner")),
            ("--no-known --min-count 1", learn(pairs, min_count=1, name="unseen-spinner")),
        ):
            other = heldout(lexicon)
            print(
                f"with {label}: held-out recall {other['learned_recall']:.1%} "
                f"(precision {other['learned_precision']:.1%}) against the built-in "
                f"lexicon's {other['builtin_recall']:.1%}"
            )
    details = evaluate.last_details  # type: ignore[attr-defined]
    print(f"spinner: {details['spinner']}\n")
    print(markdown(figures))
    if details["missed"]:
        shown = ", ".join(f"{o}>{s}" for o, s in details["missed"][:15])
        print(f"\nmissed ({len(details['missed'])}): {shown}")
    if details["false"]:
        shown = ", ".join(f"{o}>{s}" for o, s in details["false"][:15])
        print(f"false ({len(details['false'])}): {shown}")
    if details["false_inflected"]:
        shown = ", ".join(f"{o}>{s}" for o, s in details["false_inflected"][:15])
        print(f"generated, not in the spinner's table ({len(details['false_inflected'])}): {shown}")
    ok = figures["recall"] >= TARGET_RECALL and figures["precision"] >= TARGET_PRECISION
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
