"""Restoration and detection quality over every evaluation set; writes a markdown table.

Run: ``python -m benchmarks.quality`` (or ``python -m benchmarks`` for everything).

Restoration, per substitution of the ground truth (spans in the spun text):
- recall: the output reads exactly the original over that span;
- precision: of despin's changes, those inside a ground-truth span that is then
  restored exactly;
- token error rate (TER): word-level edit distance to the original / original words,
  before and after;
- wrong changes per 1,000 words of clean text.
Detection: ROC AUC, flag rates at the default threshold, Brier score, reliability table.
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Sequence
from dataclasses import dataclass

from rapidfuzz.distance import Levenshtein

import despin
from benchmarks import common
from benchmarks.calibrate import PRIOR
from despin.tokens import SCAN


@dataclass
class Restoration:
    name: str
    subs: int = 0
    restored: int = 0
    changes: int = 0
    correct: int = 0
    words: int = 0
    err_before: int = 0
    err_after: int = 0

    def add(self, other: Restoration) -> None:
        for f in ("subs", "restored", "changes", "correct", "words", "err_before", "err_after"):
            setattr(self, f, getattr(self, f) + getattr(other, f))

    @property
    def recall(self) -> float:
        return self.restored / self.subs if self.subs else float("nan")

    @property
    def precision(self) -> float:
        return self.correct / self.changes if self.changes else float("nan")


def _words(text: str) -> list[str]:
    return SCAN.findall(text)


def score_restoration(gold: common.Gold, result: despin.Cleaned, name: str = "") -> Restoration:
    """Score one document region by region.

    Ground-truth spans and despin's changes are merged into regions where they
    overlap, so a restoration at a different granularity ("such because the" >
    "such as the" against the annotation's "because" > "as") is judged by what the
    output reads: a region is right when the output there equals the original.
    """
    r = Restoration(name or gold.name)
    r.subs = len(gold.truth)
    r.changes = len(result.changes)
    items = [(a, b, 0, original) for a, b, original in gold.truth]
    items += [(c.start, c.end, 1, c.restored) for c in result.changes]
    items.sort(key=lambda t: (t[0], t[1]))
    region: list[tuple[int, int, int, str]] = []
    end = -1

    def close(region: list[tuple[int, int, int, str]]) -> None:
        if not region:
            return
        lo = min(t[0] for t in region)
        hi = max(t[1] for t in region)
        texts = []
        for kind in (0, 1):
            piece = gold.spun[lo:hi]
            for a, b, _k, repl in sorted((t for t in region if t[2] == kind), reverse=True):
                piece = piece[: a - lo] + repl + piece[b - lo :]
            texts.append(piece)
        truths = sum(1 for t in region if t[2] == 0)
        if texts[0] == texts[1] and truths:
            r.restored += truths
            r.correct += len(region) - truths

    for item in items:
        if item[0] >= end:
            close(region)
            region = []
        region.append(item)
        end = max(end, item[1])
    close(region)
    orig_words = _words(gold.original)
    r.words = len(orig_words)
    r.err_before = Levenshtein.distance(_words(gold.spun), orig_words)
    r.err_after = Levenshtein.distance(_words(result.text), orig_words)
    return r


def auc(pos: Sequence[float], neg: Sequence[float]) -> float:
    """ROC AUC by the rank-sum (Mann-Whitney) statistic, ties counted half."""
    if not pos or not neg:
        return float("nan")
    allv = sorted([(v, 1) for v in pos] + [(v, 0) for v in neg])
    rank_sum = 0.0
    i = 0
    while i < len(allv):
        j = i
        while j < len(allv) and allv[j][0] == allv[i][0]:
            j += 1
        avg = (i + j + 1) / 2
        rank_sum += avg * sum(1 for t in allv[i:j] if t[1] == 1)
        i = j
    n1, n0 = len(pos), len(neg)
    return (rank_sum - n1 * (n1 + 1) / 2) / (n1 * n0)


def prior_weights(labels: Sequence[int]) -> list[float]:
    """Weights that make the spun share of the set equal to the calibration prior."""
    n1 = sum(labels)
    n0 = len(labels) - n1
    return [PRIOR / n1 if y else (1 - PRIOR) / n0 for y in labels]


def reliability(
    scores: Sequence[float], labels: Sequence[int], bins: int = 5
) -> list[tuple[str, int, float, float]]:
    """Per bin of predicted spin: count, mean prediction, fraction spun (prior-weighted)."""
    weights = prior_weights(labels)
    rows = []
    for b in range(bins):
        lo, hi = b / bins, (b + 1) / bins
        idx = [i for i, s in enumerate(scores) if lo <= s < hi or (b == bins - 1 and s == 1.0)]
        if not idx:
            rows.append((f"{lo:.1f}-{hi:.1f}", 0, float("nan"), float("nan")))
            continue
        total = sum(weights[i] for i in idx)
        mean = sum(weights[i] * scores[i] for i in idx) / total
        frac = sum(weights[i] * labels[i] for i in idx) / total
        rows.append((f"{lo:.1f}-{hi:.1f}", len(idx), mean, frac))
    return rows


def fmt(x: float, pct: bool = False) -> str:
    if x != x:  # nan
        return "n/a"
    return f"{100 * x:.1f}%" if pct else f"{x:.3f}"


def restoration_table(d: despin.Despinner, split: str) -> tuple[list[str], dict[str, float]]:
    lines = [
        "| set | substitutions | recall | precision | TER before | TER after |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    figures: dict[str, float] = {}
    sets: list[tuple[str, list[common.Gold]]] = []
    docs = common.clean_docs(split)
    for rate in common.RATES:
        sets.append(
            (f"simulator {split}, rate {rate:.2f}", common.spun_docs(docs, rates=(rate,), seed=7))
        )
    # A tidier spinner makes "a"/"an" agree with its swaps ("an army" > "a military").
    sets.append(
        (
            f"simulator {split}, rate 0.70, articles fixed",
            common.spun_docs(docs, rates=(0.7,), seed=7, fix_articles=True),
        )
    )
    seed = common.seed_gold()
    if seed is not None:
        sets.append(("real spun seed 001 (our annotation)", [seed]))
    sets.append(("README sample (our writing)", [common.sample_gold()]))
    for label, golds in sets:
        total = Restoration(label)
        for g in golds:
            total.add(score_restoration(g, d.clean(g.spun)))
        lines.append(
            f"| {label} | {total.subs} | {fmt(total.recall, True)} | {fmt(total.precision, True)} | "
            f"{fmt(total.err_before / total.words, True)} | {fmt(total.err_after / total.words, True)} |"
        )
        figures[f"{label}/recall"] = total.recall
        figures[f"{label}/precision"] = total.precision
    return lines, figures


CONFIDENCE_STEPS = (0.5, 0.7, 0.9, 0.95, 0.98)


def confidence_table(d: despin.Despinner, split: str) -> tuple[list[str], dict[str, float]]:
    """Recall and precision when only changes at or above a confidence are kept.

    What a user gets from ``min_confidence`` (or from filtering the log): each row
    replays the subset of the default run's changes that reach the threshold.
    """
    golds = common.spun_docs(common.clean_docs(split), seed=7)
    seed = common.seed_gold()
    runs = [(g, d.clean(g.spun)) for g in golds]
    seed_run = [(seed, d.clean(seed.spun))] if seed is not None else []
    lines = [
        "| min confidence | simulator (all rates): recall / precision | real seed 001: recall / precision |",
        "|---:|---:|---:|",
    ]
    figures: dict[str, float] = {}
    for threshold in CONFIDENCE_STEPS:
        cells = []
        for label, pairs in (("simulator", runs), ("seed", seed_run)):
            total = Restoration(label)
            for gold, result in pairs:
                kept = tuple(c for c in result.changes if c.confidence >= threshold)
                text = despin.apply_changes(gold.spun, kept)
                total.add(score_restoration(gold, despin.Cleaned(text, kept, result.spin)))
            cells.append(f"{fmt(total.recall, True)} / {fmt(total.precision, True)}")
            figures[f"confidence {threshold}/{label}/precision"] = total.precision
            figures[f"confidence {threshold}/{label}/recall"] = total.recall
        lines.append(f"| {threshold:.2f} | {cells[0]} | {cells[1] if seed_run else 'n/a'} |")
    return lines, figures


def clean_table(d: despin.Despinner) -> tuple[list[str], dict[str, float]]:
    lines = [
        "| clean set | documents | words | changes | wrong changes / 1,000 words |",
        "|---|---:|---:|---:|---:|",
    ]
    figures = {}
    sets = [
        ("own clean news, dev", common.clean_docs("dev")),
        ("own clean news, test", common.clean_docs("test")),
        ("odd clean texts, dev (MT, non-native, OCR, legal)", common.odd_docs("dev")),
        ("odd clean texts, test (MT, non-native, OCR, legal)", common.odd_docs("test")),
        ("clean seeds 000, 002-004", [(p.name, common.read(p)) for p in common.SEED_CLEAN]),
        (
            "clean news in six other languages (de, es, fr, it, nl, pt)",
            common.other_language_docs(),
        ),
    ]
    for label, docs in sets:
        words = changes = 0
        for _name, text in docs:
            words += len([w for w in _words(text) if w[0].isalnum()])
            changes += len(d.clean(text).changes)
        rate = 1000 * changes / words if words else float("nan")
        lines.append(f"| {label} | {len(docs)} | {words} | {changes} | {rate:.2f} |")
        figures[f"{label}/wrong_per_1000"] = rate
    return lines, figures


def mixed_table(d: despin.Despinner, split: str) -> tuple[list[str], dict[str, float]]:
    """Spun paragraphs inside clean articles: the clean ones must come back unchanged."""
    lines = [
        "| spun paragraphs in a clean article | documents | recall | precision | changes in clean paragraphs | per 1,000 clean words |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    figures: dict[str, float] = {}
    docs = common.clean_docs(split)
    for spun_paragraphs, rate in ((1, 0.7), (2, 0.7), (2, 0.95)):
        mixed = common.mixed_docs(docs, spun_paragraphs, rate, seed=13)
        total = Restoration("mixed")
        outside = words = 0
        for m in mixed:
            result = d.clean(m.gold.spun)
            total.add(score_restoration(m.gold, result))
            outside += sum(
                1 for c in result.changes for a, b in m.clean_spans if c.start < b and c.end > a
            )
            words += m.clean_words
        label = f"{spun_paragraphs} at rate {rate:.2f}"
        per_1000 = 1000 * outside / words
        lines.append(
            f"| {label} | {len(mixed)} | {fmt(total.recall, True)} | "
            f"{fmt(total.precision, True)} | {outside} | {per_1000:.2f} |"
        )
        figures[f"mixed {label}/recall"] = total.recall
        figures[f"mixed {label}/clean_per_1000"] = per_1000
    return lines, figures


def detection_table(d: despin.Despinner, split: str) -> tuple[list[str], dict[str, float]]:
    docs = common.clean_docs(split)
    spun = common.spun_docs(docs, seed=11)
    clean_texts = [t for _n, t in docs] + [t for _n, t in common.odd_docs(split)]
    if split == "test":
        clean_texts += [common.read(p) for p in common.SEED_CLEAN]
    pos = [d.detect(g.spun).spin for g in spun]
    neg = [d.detect(t).spin for t in clean_texts]
    pos30 = [d.detect(g.spun).spin for g in spun if g.rate == 0.3]
    # Single paragraphs of 40-80 words.
    paras = [p for _n, t in docs for p in common.paragraphs(t)]
    if split == "test":
        paras += [
            p
            for p in common.read(common.DATA / "odd" / "paragraphs.txt").split("\n\n")
            if p.strip()
        ]
    ppos = [
        d.detect(despin.spin(p, rate=r, seed=i).text).spin
        for i, p in enumerate(paras)
        for r in (0.3, 0.7)
    ]
    pneg = [d.detect(p).spin for p in paras]
    scores = pos + neg
    labels = [1] * len(pos) + [0] * len(neg)
    weights = prior_weights(labels)
    brier = sum(w * (s - y) ** 2 for w, s, y in zip(weights, scores, labels))
    flagged_clean = sum(1 for s in neg if s >= 0.5) / len(neg)
    caught = sum(1 for s in pos if s >= 0.5) / len(pos)
    caught30 = sum(1 for s in pos30 if s >= 0.5) / len(pos30)
    figures = {
        "auc_docs": auc(pos, neg),
        "auc_paragraphs": auc(ppos, pneg),
        "clean_flagged": flagged_clean,
        "spun_caught": caught,
        "spun_caught_rate30": caught30,
        "brier": brier,
    }
    lines = [
        f"| metric ({split}) | value |",
        "|---|---:|",
        f"| documents: ROC AUC ({len(pos)} spun, {len(neg)} clean) | {figures['auc_docs']:.4f} |",
        f"| clean documents flagged at 0.5 | {fmt(flagged_clean, True)} |",
        f"| spun documents caught at 0.5 (all rates) | {fmt(caught, True)} |",
        f"| spun documents caught at 0.5 (rate 0.30) | {fmt(caught30, True)} |",
        f"| paragraphs 40-80 words: ROC AUC ({len(ppos)} spun, {len(pneg)} clean) | {figures['auc_paragraphs']:.4f} |",
        f"| Brier score (documents, weighted to {PRIOR:.0%} spun) | {brier:.4f} |",
        "",
        f"Reliability (documents, weighted to the calibration prior of {PRIOR:.0%} spun):",
        "",
        "| predicted spin | documents | mean predicted | fraction spun |",
        "|---|---:|---:|---:|",
    ]
    for label, n, mean, frac in reliability(scores, labels):
        lines.append(f"| {label} | {n} | {fmt(mean)} | {fmt(frac)} |")
    return lines, figures


def run(split: str = "test") -> tuple[str, dict[str, float]]:
    d = despin.Despinner()
    started = time.perf_counter()
    out = [f"### Restoration ({split} split)", ""]
    lines, figures = restoration_table(d, split)
    out += [*lines, "", f"### Filtering the log by confidence ({split} split)", ""]
    lines, f_conf = confidence_table(d, split)
    figures.update(f_conf)
    out += [*lines, "", "### Clean text", ""]
    lines, f2 = clean_table(d)
    figures.update(f2)
    out += [*lines, "", f"### Spun paragraphs in clean articles ({split} split)", ""]
    lines, f_mixed = mixed_table(d, split)
    figures.update(f_mixed)
    out += [*lines, "", f"### Detection ({split} split)", ""]
    lines, f3 = detection_table(d, split)
    out += lines
    figures.update(f3)
    out += ["", f"_quality run took {time.perf_counter() - started:.0f} s_"]
    return "\n".join(out) + "\n", figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--split", default="test", choices=("dev", "test"))
    args = parser.parse_args()
    text, _ = run(args.split)
    print(text)


if __name__ == "__main__":
    main()
