"""despin.check: the corpus invariants, the recovery measurement, and ``despin check``."""

from __future__ import annotations

import dataclasses
import itertools
import json
import re
from pathlib import Path

import pytest

import despin
from despin.changes import Change, Cleaned, build_changes
from despin.check import (
    Violation,
    check_clean,
    check_idempotent,
    check_roundtrip,
    recovery,
)
from despin.check_command import run_checks
from despin.cli import main
from despin.lexicon import HEADER
from despin.testing import sample_news

CLEAN_SEEDS = ("000", "002", "003", "004")


@pytest.fixture(scope="module")
def clean_seeds(seeds_dir):
    return [str(next(seeds_dir.glob(f"{name}_*.txt"))) for name in CLEAN_SEEDS]


def _lexicon(path, *rows, name="broken"):
    lines = [HEADER, f"# name: {name}", "spun\trestored\tweight\tcontext\tprovenance", *rows]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return str(path)


# Rows of a lexicon gone wrong: common clean words "restored" to something else. despin
# weighs even a fingerprint against its language model, so "teh" alone may never win;
# "a" for "the" reads fine to a bigram model and is made often.
BROKEN_ROWS = {"the": "a", "said": "told", "and": "plus", "The": "Teh"}


@pytest.fixture
def broken(tmp_path):
    """A lexicon that rewrites the commonest clean words: ``despin check`` must catch it."""
    rows = [f"{s}\t{r}\t0.99\tfingerprint;cased\ttest:broken" for s, r in BROKEN_ROWS.items()]
    return _lexicon(tmp_path / "broken.tsv", *rows)


def _run(capsys, *argv):
    code = main(["check", *argv])
    out, err = capsys.readouterr()
    return code, out, err


# --- the CLI on real corpora -----------------------------------------------------------


def test_the_clean_control_seeds_pass(capsys, clean_seeds):
    code, out, err = _run(capsys, *clean_seeds)
    assert code == 0, out
    assert "FAIL" not in out
    assert "ok   clean: 0 violations" in out
    assert out.rstrip().endswith("despin check: ok")
    assert "substitutions restored exactly" in out
    assert err == ""


def test_a_broken_lexicon_fails_with_spans(capsys, clean_seeds, broken):
    code, out, _ = _run(capsys, *clean_seeds, "--lexicon", broken)
    assert code == 1
    assert "FAIL clean:" in out
    located = re.findall(
        r"^  (\S+):(\d+):(\d+): clean: clean text was changed at \[(\d+):(\d+)\] '(\w+)' > '(\w+)'",
        out,
        re.M,
    )
    assert located
    for path, _, _, start, end, spun, restored in located:
        assert path in clean_seeds
        assert int(end) - int(start) == len(spun)
        assert BROKEN_ROWS[spun] == restored
        assert f"[{spun}>{restored}]" in out  # the context line
    assert out.rstrip().endswith("violations)")


def test_json_output_parses_and_locates_every_violation(capsys, clean_seeds, broken):
    code, out, _ = _run(capsys, *clean_seeds, "--lexicon", broken, "--format", "json")
    assert code == 1
    report = json.loads(out)
    assert report["ok"] is False
    clean = [v for v in report["violations"] if v["check"] == "clean"]
    assert report["checks"]["clean"] == len(clean) >= 1
    assert sum(report["checks"].values()) == len(report["violations"])
    texts = {path: Path(path).read_bytes().decode("utf-8") for path in clean_seeds}
    for v in clean:
        text = texts[v["document"]]
        assert text[v["start"] : v["end"]] == v["spun"]
        assert BROKEN_ROWS[v["spun"]] == v["restored"]
        assert text.splitlines()[v["line"] - 1][v["column"] - 1 :].startswith(v["spun"])
        assert text[: v["start"]].endswith(v["before"])
        assert text[v["end"] :].startswith(v["after"])
    rec = report["recovery"]
    assert rec["substitutions"] > 0
    assert 0 <= rec["share"] <= 1
    assert len(rec["documents"]) == len(clean_seeds)


def test_json_output_of_a_clean_run(capsys, clean_seeds):
    code, out, _ = _run(capsys, *clean_seeds, "--format", "json", "--worst", "2")
    assert code == 0
    report = json.loads(out)
    assert report["ok"] is True
    assert report["violations"] == []
    assert report["checks"] == {"clean": 0, "idempotent": 0, "roundtrip": 0}
    assert len(report["recovery"]["worst"]) == 2


def test_min_recovery_turns_the_measurement_into_a_gate(capsys, clean_seeds):
    code, out, _ = _run(capsys, *clean_seeds, "--min-recovery", "0.99")
    assert code == 1
    assert "below --min-recovery 99.0%" in out
    code, _, _ = _run(capsys, *clean_seeds, "--min-recovery", "0")
    assert code == 0


def test_folders_are_read_for_txt_files(capsys, tmp_path):
    (tmp_path / "a").mkdir()
    for i, text in enumerate(sample_news()[:3]):
        (tmp_path / "a" / f"{i}.txt").write_text(text, encoding="utf-8")
    (tmp_path / "a" / "notes.md").write_bytes(b"\xff not read")
    code, out, _ = _run(capsys, str(tmp_path), "--spin-rate", "0.7", "--seed", "3")
    assert code == 0, out
    assert "3 documents" in out
    assert "spin rate 0.7, seed 3" in out


@pytest.mark.parametrize(
    ("setup", "message"),
    [
        (lambda p: str(p / "missing.txt"), "no such file or folder"),
        (
            lambda p: (p / "bad.txt").write_bytes(b"ok\xffno") and str(p / "bad.txt"),
            "not valid UTF-8 at byte offset 2",
        ),
        (lambda p: (p / "empty").mkdir() or str(p / "empty"), "no files matching '*.txt'"),
    ],
    ids=["missing", "undecodable", "empty-folder"],
)
def test_bad_input_exits_2_naming_the_file(capsys, tmp_path, setup, message):
    path = setup(tmp_path)
    code, out, err = _run(capsys, path)
    assert code == 2
    assert out == ""
    assert message in err
    assert path in err


def test_no_builtin_without_a_lexicon_is_bad_input(capsys, tmp_path):
    (tmp_path / "a.txt").write_text("The council met.", encoding="utf-8")
    code, _, err = _run(capsys, str(tmp_path / "a.txt"), "--no-builtin")
    assert code == 2
    assert "--no-builtin" in err


@pytest.mark.parametrize("argv", [["--spin-rate", "0"], ["--spin-rate", "x"], ["--worst", "-1"]])
def test_bad_options_are_usage_errors(capsys, argv):
    with pytest.raises(SystemExit) as exc:
        main(["check", "x.txt", *argv])
    assert exc.value.code == 2


# --- the functions, on the shipped sample corpus ------------------------------------------


def test_the_sample_corpus_is_clean_idempotent_and_round_trips():
    docs = sample_news()
    assert check_clean(docs) == []
    assert check_idempotent(docs) == []
    assert check_roundtrip(docs) == []


def test_spun_sample_news_round_trips():
    spun = {f"#{i}": despin.spin(t, 0.7, i).text for i, t in enumerate(sample_news())}
    assert check_roundtrip(spun) == []


class _Typo(despin.Despinner):
    """Rewrites every lower-case "the" as "teh": a stand-in for a lexicon gone wrong."""

    def clean(self, text: str, *, min_confidence: float | None = None) -> Cleaned:
        edits = [
            (m.start(), m.end(), "teh", 0.99, "typo:the>teh", "test")
            for m in re.finditer(r"\bthe\b", text)
        ]
        return build_changes(text, edits)


def test_texts_may_be_a_string_a_mapping_or_pairs():
    d = _Typo()
    (one,) = check_clean("See the light.", d)
    assert (one.document, one.start, one.end) == ("#0", 4, 7)
    assert [v.document for v in check_clean({"a.txt": "the", "b.txt": "no"}, d)] == ["a.txt"]
    assert [v.document for v in check_clean([("x", "the"), "the"], d)] == ["x", "#1"]


def test_a_violation_reads_well_in_a_ci_log():
    d = _Typo()
    text = "Line one.\nThen the council met on Monday to discuss the budget for the year ahead."
    first = check_clean({"minutes.txt": text}, d)[0]
    assert (first.line, first.column, first.start, first.end) == (2, 6, 15, 18)
    assert first.before == "Line one.\nThen "
    assert first.after.startswith(" council met")
    assert len(first.after) == 40
    shown = str(first)
    assert shown.startswith(
        "minutes.txt:2:6: clean: clean text was changed at [15:18] 'the' > 'teh'"
    )
    assert "…Line one.\\nThen [the>teh] council met" in shown
    assert dataclasses.is_dataclass(first)
    with pytest.raises(dataclasses.FrozenInstanceError):
        first.start = 0  # type: ignore[misc]


# A chain longer than clean()'s passes: the one way idempotence can still break. Coined
# words, which the language model does not know, so their fingerprints prove spinning alone.
CHAIN = ("zorbled", "zarbled", "zurbled", "zirbled", "zerbled", "zyrbled", "zobbled")


def test_clean_follows_a_lexicon_chain_to_its_end(tmp_path):
    # Coined words: a fingerprint that is an English word waits for a text that reads as
    # spun, and this one-sentence text does not.
    chain = _lexicon(
        tmp_path / "chain.tsv",
        f"{CHAIN[0]}\t{CHAIN[1]}\t0.9\tfingerprint\ttest:chain",
        f"{CHAIN[1]}\t{CHAIN[2]}\t0.9\tfingerprint\ttest:chain",
        name="chain",
    )
    d = despin.Despinner([chain])
    text = f"Officials said the files were {CHAIN[0]} last week."
    (change,) = d.clean(text).changes
    assert (change.spun, change.restored) == (CHAIN[0], CHAIN[2])
    assert change.source == f"chain:{CHAIN[0]}>{CHAIN[1]}+chain:{CHAIN[1]}>{CHAIN[2]}"
    assert check_idempotent({"memo": text}, d) == []


def test_check_idempotent_finds_a_chain_and_points_at_the_input(tmp_path):
    from despin.despinner import MAX_PASSES

    steps = CHAIN[: MAX_PASSES + 2]
    rows = [f"{a}\t{b}\t0.9\tfingerprint\ttest:chain" for a, b in itertools.pairwise(steps)]
    d = despin.Despinner([_lexicon(tmp_path / "chain.tsv", *rows, name="chain")])
    text = f"Officials said the files were {CHAIN[0]} last week."
    (v,) = check_idempotent({"memo": text}, d)
    assert v.check == "idempotent"
    assert (v.spun, v.restored) == steps[MAX_PASSES : MAX_PASSES + 2]
    assert text[v.start : v.end] == CHAIN[0]  # offsets in the input, not the first output
    assert v.before.endswith("files were ")


class _Corrupting(despin.Despinner):
    """A despinner whose log lies about the output (what check_roundtrip must catch)."""

    def clean(self, text: str, *, min_confidence: float | None = None) -> Cleaned:
        result = super().clean(text, min_confidence=min_confidence)
        return dataclasses.replace(result, text=result.text.replace("said", "sad"))


class _Misplaced(despin.Despinner):
    def clean(self, text: str, *, min_confidence: float | None = None) -> Cleaned:
        bogus = Change(0, 3, 0, 3, "xyz", "abc", 1.0, "test", "test")
        return Cleaned(text, (bogus,), 0.0)


def test_check_roundtrip_catches_a_log_that_does_not_replay():
    (replay, revert) = check_roundtrip({"doc": "He mentioned it and said so."}, _Corrupting())
    assert "replaying the log differs" in replay.detail
    assert "revert() differs" in revert.detail
    bad, reverted = check_roundtrip({"doc": "abcdef"}, _Misplaced())
    assert bad.detail.startswith("replay failed")
    assert "expected 'xyz', found 'abc'" in bad.detail
    assert (bad.start, bad.end, bad.spun, bad.restored) == (0, 3, "abc", "xyz")
    assert (reverted.start, reverted.spun, reverted.restored) == (0, "a", "x")


# --- recovery ---------------------------------------------------------------------------


class _Oracle(despin.Despinner):
    """Restores exactly what the spinner changed (it knows the answer)."""

    def __init__(self, spuns):
        super().__init__()
        self.answers = {s.text: s for s in spuns}

    def clean(self, text: str, *, min_confidence: float | None = None) -> Cleaned:
        s = self.answers[text]
        return build_changes(
            text, ((c.out_start, c.out_end, c.spun, 1.0, "oracle", "") for c in s.changes)
        )


class _Nothing(despin.Despinner):
    def clean(self, text: str, *, min_confidence: float | None = None) -> Cleaned:
        return Cleaned(text, (), 0.0)


def test_recovery_scores_a_perfect_and_an_idle_despinner():
    docs = sample_news()[:4]
    spuns = [despin.spin(t, 0.6, 1) for t in docs]
    perfect = recovery(docs, rate=0.6, seed=1, despinner=_Oracle(spuns))
    assert perfect.substitutions == sum(len(s.changes) for s in spuns) > 0
    assert perfect.restored == perfect.substitutions
    assert perfect.share == 1.0
    assert perfect.spurious == 0
    idle = recovery(docs, rate=0.6, seed=1, despinner=_Nothing())
    assert (idle.restored, idle.changes, idle.share) == (0, 0, 0.0)


def test_recovery_of_despin_on_the_sample_corpus():
    report = recovery({f"doc{i}": t for i, t in enumerate(sample_news())}, rate=0.5, seed=0)
    assert report.substitutions > 300
    assert 0.3 < report.share < 1.0
    assert report.spurious < report.changes
    worst = report.worst(3)
    assert len(worst) == 3
    assert [d.share for d in worst] == sorted(d.share for d in worst)
    assert worst[0].share == min(d.share for d in report.documents)
    assert "substitutions restored exactly" in str(report)
    summary = json.loads(json.dumps(report.to_dict(worst=3)))
    assert summary["worst"] == [d.document for d in worst]
    assert summary["restored"] == sum(d["restored"] for d in summary["documents"])


class _Scripted(despin.Despinner):
    """Restores the first substitution, gets the second wrong, and rewrites a word the
    spinner left alone."""

    def __init__(self, spun):
        super().__init__()
        self.spun = spun

    def clean(self, text: str, *, min_confidence: float | None = None) -> Cleaned:
        first, second = self.spun.changes[:2]
        untouched = next(
            m
            for m in re.finditer(r"\w+", text)
            if not any(c.out_start < m.end() and m.start() < c.out_end for c in self.spun.changes)
        )
        edits = sorted(
            [
                (first.out_start, first.out_end, first.spun, 1.0, "t", ""),
                (second.out_start, second.out_end, "wrong", 1.0, "t", ""),
                (untouched.start(), untouched.end(), "other", 1.0, "t", ""),
            ]
        )
        return build_changes(text, edits)


def test_recovery_counts_exact_restorations_and_spurious_changes():
    text = "The city government said on Monday it would vote."
    s = despin.spin(text, 1.0, 0)
    assert len(s.changes) >= 2
    report = recovery([text], rate=1.0, seed=0, despinner=_Scripted(s))
    (doc,) = report.documents
    assert (doc.substitutions, doc.restored, doc.changes, doc.spurious) == (
        len(s.changes),
        1,
        3,
        1,
    )


def test_run_checks_reports_what_it_read(clean_seeds):
    report = run_checks(clean_seeds, rate=0.5, seed=0)
    assert report.ok
    assert report.documents == tuple(clean_seeds)
    assert report.lexicons == ("news",)
    assert report.recovery is not None
    assert report.recovery.substitutions > 0


def test_violation_to_dict_round_trips():
    v = Violation("clean", "d", 0, 3, "the", "teh", "", " end", 1, 1, "x")
    assert Violation(**v.to_dict()) == v
