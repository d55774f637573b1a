"""``despin clean/detect --jsonl``: order, workers, compression, errors, accounting, atomicity."""

from __future__ import annotations

import argparse
import base64
import dataclasses
import gzip
import json
import os
import signal
import stat
import subprocess
import sys
import time
from concurrent.futures import Executor, Future, ThreadPoolExecutor
from pathlib import Path

import pytest

from despin import Despinner
from despin import stream as stream_mod
from despin.changes import build_changes
from despin.cli import main
from despin.stream import Job, Progress, Summary, ordered_map, process_batch, run_jsonl

ROOT = Path(__file__).resolve().parents[1]

LEXICON = (
    "# despin-lexicon v1\n"
    "# name: scaletest\n"
    "spun\trestored\tweight\tcontext\tprovenance\n"
    "metropolis\tcity\t0.9\t\ttest:scale\n"
    "mentioned\tsaid\t0.9\t\ttest:scale\n"
    "authorities\tgovernment\t0.9\t\ttest:scale\n"
)

TEXTS = [
    "Local authorities mentioned that the metropolis would reopen its schools.",
    "The weather was fine on Tuesday.",
    "Police in the metropolis mentioned that two men were arrested on Friday.",
    "Shares rose 3% after the results, the company said.",
    "The authorities mentioned that the metropolis had lost power overnight.",
]


@pytest.fixture
def lexicon(tmp_path: Path) -> Path:
    path = tmp_path / "scale.tsv"
    path.write_text(LEXICON, encoding="utf-8")
    return path


@pytest.fixture
def despinner(lexicon: Path) -> Despinner:
    return Despinner([lexicon])


def records(n: int) -> list[dict[str, object]]:
    return [{"id": i, "text": f"{TEXTS[i % len(TEXTS)]} Item {i}.", "n": [i]} for i in range(n)]


def write_jsonl(path: Path, rows: list[object], opener=open) -> Path:
    with opener(path, "wt", encoding="utf-8") as fh:
        for row in rows:
            fh.write((row if isinstance(row, str) else json.dumps(row)) + "\n")
    return path


def jsonl_command(lexicon: Path, *args: str) -> list[str]:
    """``despin clean --jsonl`` with only ``lexicon``, as a subprocess argument list."""
    command = [sys.executable, "-m", "despin", "clean", "--jsonl", "--no-builtin"]
    return [*command, "--lexicon", str(lexicon), *args]


def run(capsys, lexicon: Path, *args: str) -> tuple[int, str, str]:
    code = main([args[0], "--jsonl", "--no-builtin", "--lexicon", str(lexicon), *args[1:]])
    out, err = capsys.readouterr()
    return code, out, err


def read_jsonl(path: Path) -> list[dict[str, object]]:
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8") as fh:
        return [json.loads(line) for line in fh]


def leftovers(directory: Path) -> list[str]:
    return sorted(p.name for p in directory.iterdir() if p.name.endswith(".part"))


# --- order, workers, batches ------------------------------------------------------------


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_clean_matches_in_process_and_keeps_order(
    tmp_path, lexicon, despinner, capsys, monkeypatch, jobs
):
    monkeypatch.setattr(stream_mod, "BATCH_LINES", 7)  # many small batches, all in flight
    rows = records(200)
    src = write_jsonl(tmp_path / "in.jsonl", rows)
    code, out, err = run(capsys, lexicon, "clean", str(src), "--jobs", jobs)
    assert code == 0, err
    got = [json.loads(line) for line in out.splitlines()]
    assert [g["id"] for g in got] == list(range(200))
    for row, rec in zip(rows, got, strict=True):
        expected = despinner.clean(str(row["text"]))
        assert rec["text"] == expected.text
        assert rec["n"] == row["n"]  # other fields untouched
        despin = rec["despin"]
        assert isinstance(despin, dict)
        assert despin["spin"] == expected.spin
        assert despin["changes"] == [c.to_dict() for c in expected.changes]


class StubDespinner(Despinner):
    """Restores every "metropolis" as "city", whatever the scorer thinks: the change log
    path is exercised even while the real restorer's decisions change."""

    def clean(self, text, *, min_confidence=None):
        edits = []
        start = text.find("metropolis")
        while start >= 0:
            edits.append((start, start + 10, "city", 0.9, "stub:metropolis", "stub"))
            start = text.find("metropolis", start + 10)
        return dataclasses.replace(build_changes(text, edits), spin=0.9 if edits else 0.1)


def test_change_logs_and_counts_go_through(tmp_path, lexicon, capsys):
    stub = StubDespinner([lexicon])
    rows = records(10)
    src = write_jsonl(tmp_path / "in.jsonl", rows)
    args = argparse.Namespace(output=str(tmp_path / "o.jsonl"), jobs=1, on_error="fail")
    assert run_jsonl(stub, [str(src)], args, "clean") == 0
    got = read_jsonl(tmp_path / "o.jsonl")
    for row, rec in zip(rows, got, strict=True):
        expected = stub.clean(str(row["text"]))
        assert rec["text"] == expected.text
        assert rec["despin"] == {
            "spin": expected.spin,
            "changes": [c.to_dict() for c in expected.changes],
        }
    changed = sum(1 for r in got if r["despin"]["changes"])
    changes = sum(len(r["despin"]["changes"]) for r in got)
    assert changes >= changed > 0
    err = capsys.readouterr().err
    assert f"10 documents, 0 blank, 0 malformed; {changed} changed, {changes} changes," in err


def test_jobs_two_output_is_byte_identical_to_jobs_one(tmp_path, lexicon, capsys, monkeypatch):
    monkeypatch.setattr(stream_mod, "BATCH_LINES", 5)
    src = write_jsonl(tmp_path / "in.jsonl", records(120))
    outputs = []
    for jobs in ("1", "2", "0"):
        dst = tmp_path / f"out{jobs}.jsonl"
        code, _, err = run(capsys, lexicon, "clean", str(src), "--jobs", jobs, "-o", str(dst))
        assert code == 0, err
        outputs.append(dst.read_bytes())
    assert outputs[0] == outputs[1] == outputs[2]


def test_negative_jobs_is_an_input_error(tmp_path, lexicon, capsys):
    src = write_jsonl(tmp_path / "in.jsonl", records(2))
    code, _, err = run(capsys, lexicon, "clean", str(src), "--jobs", "-1")
    assert code == 2
    assert "--jobs" in err


class CountingExecutor(Executor):
    """Runs each task at once and counts futures submitted but not yet consumed."""

    def __init__(self) -> None:
        self.in_flight = 0
        self.peak = 0

    def submit(self, fn, /, *args, **kwargs):
        future: Future[object] = Future()
        future.set_result(fn(*args, **kwargs))
        self.in_flight += 1
        self.peak = max(self.peak, self.in_flight)
        return future


@pytest.mark.parametrize("window", [1, 3, 8])
def test_ordered_map_keeps_at_most_window_in_flight(window):
    executor = CountingExecutor()
    pulled = 0

    def items():
        nonlocal pulled
        for i in range(50):
            pulled += 1
            yield i

    got = []
    for value in ordered_map(executor, lambda x: x * x, items(), window):
        got.append(value)
        executor.in_flight -= 1
        # The input is read lazily: never more than `window` ahead of what was consumed.
        assert pulled <= len(got) + window
    assert got == [i * i for i in range(50)]
    assert executor.peak == window


def test_ordered_map_keeps_order_with_uneven_task_times():
    def slow(i: int) -> int:
        time.sleep(0.001 * ((i * 7) % 5))
        return i

    with ThreadPoolExecutor(4) as pool:
        assert list(ordered_map(pool, slow, range(60), window=6)) == list(range(60))


class FirstOnlyExecutor(Executor):
    """Completes the first task only; the others stay pending."""

    def __init__(self) -> None:
        self.futures: list[Future[object]] = []

    def submit(self, fn, /, *args, **kwargs):
        future: Future[object] = Future()
        if not self.futures:
            future.set_result(fn(*args, **kwargs))
        self.futures.append(future)
        return future


def test_ordered_map_cancels_pending_when_closed():
    executor = FirstOnlyExecutor()
    results = ordered_map(executor, abs, range(-10, 0), window=3)
    assert next(results) == 10
    results.close()
    assert len(executor.futures) == 3
    assert all(f.cancelled() for f in executor.futures[1:])


def test_ordered_map_rejects_a_zero_window():
    with pytest.raises(ValueError, match="window"):
        list(ordered_map(CountingExecutor(), abs, [1], 0))


# --- compression ------------------------------------------------------------------------


def test_gzip_in_and_out_round_trip(tmp_path, lexicon, capsys):
    rows = records(40)
    plain = write_jsonl(tmp_path / "in.jsonl", rows)
    packed = write_jsonl(tmp_path / "in.jsonl.gz", rows, opener=gzip.open)
    code, _, err = run(capsys, lexicon, "clean", str(plain), "-o", str(tmp_path / "a.jsonl"))
    assert code == 0, err
    dst = tmp_path / "b.jsonl.gz"
    code, _, err = run(capsys, lexicon, "clean", str(packed), "-o", str(dst), "--jobs", "2")
    assert code == 0, err
    assert dst.read_bytes()[:2] == b"\x1f\x8b"
    assert gzip.decompress(dst.read_bytes()) == (tmp_path / "a.jsonl").read_bytes()
    assert leftovers(tmp_path) == []


def test_gzip_to_stdout_is_decompressed_jsonl(tmp_path, lexicon, capsys):
    packed = write_jsonl(tmp_path / "in.jsonl.gz", records(3), opener=gzip.open)
    code, out, _ = run(capsys, lexicon, "detect", str(packed))
    assert code == 0
    assert [json.loads(line)["id"] for line in out.splitlines()] == [0, 1, 2]


def test_zstd_in_and_out_round_trip(tmp_path, lexicon, capsys):
    zstandard = pytest.importorskip("zstandard")  # the optional zstd extra
    rows = records(30)
    data = "".join(json.dumps(r) + "\n" for r in rows).encode()
    src = tmp_path / "in.jsonl.zst"
    # Two frames, as concatenated or multi-threaded zstd files have.
    compressor = zstandard.ZstdCompressor()
    src.write_bytes(compressor.compress(data[:500]) + compressor.compress(data[500:]))
    (tmp_path / "in.jsonl").write_bytes(data)
    run(capsys, lexicon, "clean", str(tmp_path / "in.jsonl"), "-o", str(tmp_path / "a.jsonl"))
    dst = tmp_path / "b.jsonl.zst"
    code, _, err = run(capsys, lexicon, "clean", str(src), "-o", str(dst))
    assert code == 0, err
    with zstandard.ZstdDecompressor().stream_reader(dst.open("rb")) as fh:
        assert fh.read() == (tmp_path / "a.jsonl").read_bytes()


# --- malformed lines --------------------------------------------------------------------

BAD = [
    json.dumps({"id": 0, "text": TEXTS[0]}),
    "{not json",  # line 2
    json.dumps([1, 2]),  # line 3: not an object
    json.dumps({"id": 3}),  # line 4: field missing
    json.dumps({"id": 4, "text": 12}),  # line 5: not a string
    json.dumps({"id": 5, "text": TEXTS[2]}),
]


def write_bad(path: Path) -> Path:
    data = "\n".join(BAD).encode() + b"\n" + b'{"id": 6, "text": "caf\xe9"}\n'  # line 7: Latin-1
    path.write_bytes(data)
    return path


def test_on_error_fail_stops_with_line_number_and_no_output(tmp_path, lexicon, capsys):
    src = write_bad(tmp_path / "bad.jsonl")
    dst = tmp_path / "out.jsonl"
    code, out, err = run(capsys, lexicon, "clean", str(src), "-o", str(dst))
    assert code == 2
    assert f"{src}:2: not valid JSON" in err
    assert "--on-error" in err
    assert not dst.exists()
    assert leftovers(tmp_path) == []
    assert out == ""


def test_on_error_fail_is_the_default_with_workers_too(tmp_path, lexicon, capsys, monkeypatch):
    monkeypatch.setattr(stream_mod, "BATCH_LINES", 2)
    rows: list[object] = [*records(30), "[oops"]
    rows += records(30)
    src = write_jsonl(tmp_path / "bad.jsonl", rows)
    dst = tmp_path / "out.jsonl"
    dst.write_text("previous run\n")
    code, _, err = run(capsys, lexicon, "clean", str(src), "-o", str(dst), "--jobs", "2")
    assert code == 2
    assert f"{src}:31: not valid JSON" in err
    assert dst.read_text() == "previous run\n"  # a failed run leaves the old output alone
    assert leftovers(tmp_path) == []


def test_on_error_keep_writes_every_line_back_with_an_error(tmp_path, lexicon, capsys):
    src = write_bad(tmp_path / "bad.jsonl")
    code, out, err = run(capsys, lexicon, "clean", str(src), "--on-error", "keep")
    assert code == 0, err
    got = [json.loads(line) for line in out.splitlines()]
    assert len(got) == 7  # one output line per input line, in place
    errors = {i + 1: g["despin"]["error"] for i, g in enumerate(got) if "error" in g["despin"]}
    assert sorted(errors) == [2, 3, 4, 5, 7]
    assert errors[2].startswith("not valid JSON")
    assert errors[3] == "a JSON array, not an object"
    assert errors[4] == "field 'text' is missing"
    assert errors[5] == "field 'text' is a JSON number, not a string"
    assert errors[7].startswith("not valid UTF-8")
    # Not JSON / not an object: wrapped, the line kept verbatim.
    assert got[1] == {"despin": {"error": errors[2], "file": str(src), "line": 2, "raw": BAD[1]}}
    assert got[2]["despin"]["raw"] == BAD[2]
    # An object: untouched but for the error.
    assert got[3] == {"id": 3, "despin": {"error": errors[4], "file": str(src), "line": 4}}
    assert got[4]["text"] == 12
    # Not UTF-8: the exact bytes, in base64.
    assert base64.b64decode(got[6]["despin"]["raw_base64"]) == b'{"id": 6, "text": "caf\xe9"}'
    for line in (2, 3, 4, 5, 7):
        assert f"despin: {src}:{line}: " in err
    assert "5 malformed (kept)" in err
    assert got[5]["id"] == 5
    assert got[5]["text"] != TEXTS[2] or got[5]["despin"]["changes"] == []


def test_on_error_skip_leaves_lines_out_and_counts_them(tmp_path, lexicon, capsys):
    src = write_bad(tmp_path / "bad.jsonl")
    code, out, err = run(capsys, lexicon, "clean", str(src), "--on-error", "skip")
    assert code == 0, err
    assert [json.loads(line)["id"] for line in out.splitlines()] == [0, 5]
    for line in (2, 3, 4, 5, 7):
        assert f"despin: {src}:{line}: " in err
    assert "7 lines: 2 documents, 0 blank, 5 malformed (skipped)" in err


def test_keep_on_stdin_carries_the_raw_line(lexicon):
    """Malformed stdin lines are kept verbatim: nothing re-reads the input."""
    data = b'{"text": "fine"}\nnot json at all\n'
    proc = subprocess.run(
        jsonl_command(lexicon, "--on-error", "keep"),
        input=data,
        capture_output=True,
        check=False,
        env=_env(),
    )
    assert proc.returncode == 0, proc.stderr
    got = [json.loads(line) for line in proc.stdout.splitlines()]
    assert got[1]["despin"]["raw"] == "not json at all"
    assert got[1]["despin"]["file"] == "<stdin>"
    assert b"<stdin>:2: not valid JSON" in proc.stderr


def test_line_numbers_are_per_file(tmp_path, lexicon, capsys):
    a = write_jsonl(tmp_path / "a.jsonl", records(3))
    b = write_jsonl(tmp_path / "b.jsonl", [*records(1), "oops"])
    code, out, err = run(capsys, lexicon, "clean", str(a), str(b), "--on-error", "skip")
    assert code == 0
    assert f"{b}:2: not valid JSON" in err
    assert len(out.splitlines()) == 4


def test_lone_surrogate_escapes_survive(tmp_path, lexicon, capsys):
    src = tmp_path / "in.jsonl"
    src.write_text('{"text": "odd \\ud800 metropolis"}\n', encoding="utf-8")
    code, out, err = run(capsys, lexicon, "clean", str(src))
    assert code == 0, err
    (record,) = [json.loads(line) for line in out.splitlines()]
    assert record["text"].startswith("odd \ud800 ")


# --- blank lines and the summary --------------------------------------------------------


def test_blank_lines_are_counted_not_written(tmp_path, lexicon, capsys):
    src = tmp_path / "in.jsonl"
    rows = [json.dumps(r) for r in records(3)]
    src.write_text(f"{rows[0]}\n\n{rows[1]}\n   \r\n{rows[2]}\n\n", encoding="utf-8")
    code, out, err = run(capsys, lexicon, "clean", str(src))
    assert code == 0
    assert len(out.splitlines()) == 3
    assert "despin: 6 lines: 3 documents, 3 blank, 0 malformed;" in err


def test_summary_line_adds_up(tmp_path, lexicon, despinner, capsys):
    rows = records(25)
    src = write_jsonl(tmp_path / "in.jsonl", rows)
    code, _, err = run(capsys, lexicon, "clean", str(src), "-o", str(tmp_path / "o.jsonl"))
    assert code == 0
    results = [despinner.clean(str(r["text"])) for r in rows]
    changed = sum(1 for r in results if r.changes)
    changes = sum(len(r.changes) for r in results)
    mean = sum(r.spin for r in results) / len(results)
    (summary,) = [line for line in err.splitlines() if line.startswith("despin: ")]
    assert summary.startswith(
        f"despin: 25 lines: 25 documents, 0 blank, 0 malformed; {changed} changed, "
        f"{changes} changes, mean spin {mean:.3f}; "
    )
    assert "MB/s" in summary


def test_detect_jsonl_with_threshold(tmp_path, lexicon, despinner, capsys):
    rows = records(20)
    src = write_jsonl(tmp_path / "in.jsonl", rows)
    spins = [despinner.detect(str(r["text"])).spin for r in rows]
    threshold = sorted(spins)[10]
    code, out, err = run(capsys, lexicon, "detect", str(src), "--threshold", str(threshold))
    assert code == 0
    got = [json.loads(line) for line in out.splitlines()]
    assert [g["id"] for g in got] == [i for i, s in enumerate(spins) if s >= threshold]
    assert all(g["text"] == rows[g["id"]]["text"] for g in got)  # detect does not clean
    assert got[0]["despin"]["spin"] == round(spins[got[0]["id"]], 4)
    spun = sum(1 for s in spins if s >= 0.5)
    assert f"20 documents, 0 blank, 0 malformed; {spun} spun, {len(got)} written at spin >=" in err


def test_format_does_not_apply_to_jsonl(tmp_path, lexicon, capsys):
    src = write_jsonl(tmp_path / "in.jsonl", records(1))
    code, _, err = run(capsys, lexicon, "clean", str(src), "--format", "diff")
    assert code == 2
    assert "--format diff does not apply to --jsonl" in err


def test_missing_input_file_fails_before_any_output(tmp_path, lexicon, capsys):
    good = write_jsonl(tmp_path / "a.jsonl", records(2))
    dst = tmp_path / "out.jsonl"
    code, _, err = run(
        capsys, lexicon, "clean", str(good), str(tmp_path / "nope.jsonl"), "-o", str(dst)
    )
    assert code == 2
    assert "nope.jsonl: no such file" in err
    assert not dst.exists()


def test_truncated_gzip_is_an_input_error(tmp_path, lexicon, capsys):
    packed = write_jsonl(tmp_path / "in.jsonl.gz", records(400), opener=gzip.open)
    cut = tmp_path / "cut.jsonl.gz"
    cut.write_bytes(packed.read_bytes()[: packed.stat().st_size // 2])
    dst = tmp_path / "out.jsonl"
    code, _, err = run(capsys, lexicon, "clean", str(cut), "-o", str(dst), "--on-error", "keep")
    assert code == 2
    assert f"{cut}: cannot read past line " in err
    assert not dst.exists()
    assert leftovers(tmp_path) == []


def test_unwritable_output_fails_before_any_work(tmp_path, lexicon, capsys):
    src = write_jsonl(tmp_path / "in.jsonl", records(2))
    code, out, err = run(capsys, lexicon, "clean", str(src), "-o", str(tmp_path / "no" / "o.jsonl"))
    assert code == 1
    assert "no output file was written" in err
    assert out == ""


def test_progress_line_has_documents_rate_and_eta():
    import io

    buffer = io.StringIO()
    progress = Progress(True, total_bytes=4_000_000, stream=buffer, interval=0)
    summary = Summary(documents=1234, bytes_in=1_000_000)
    summary.started -= 2.0
    progress.update(summary, position=1_000_000)
    text = buffer.getvalue()
    assert "1234 docs" in text
    assert "MB/s" in text
    assert "25%" in text
    assert "ETA 6s" in text


def test_progress_flag_runs_quietly_into_a_pipe(tmp_path, lexicon, capsys):
    src = write_jsonl(tmp_path / "in.jsonl", records(5))
    code, _, err = run(
        capsys, lexicon, "clean", str(src), "--progress", "-o", str(tmp_path / "o.jsonl")
    )
    assert code == 0
    assert err.count("despin: ") >= 1  # the summary at least; progress lines are time-based


# --- atomic output ----------------------------------------------------------------------


def test_output_file_gets_normal_permissions(tmp_path, lexicon, capsys):
    src = write_jsonl(tmp_path / "in.jsonl", records(2))
    dst = tmp_path / "o.jsonl"
    old = os.umask(0o022)
    try:
        assert run(capsys, lexicon, "clean", str(src), "-o", str(dst))[0] == 0
    finally:
        os.umask(old)
    assert stat.S_IMODE(dst.stat().st_mode) == 0o644


def test_output_may_replace_the_input(tmp_path, lexicon, despinner, capsys):
    rows = records(10)
    src = write_jsonl(tmp_path / "in.jsonl", rows)
    code, _, err = run(capsys, lexicon, "clean", str(src), "-o", str(src))
    assert code == 0, err
    assert [r["text"] for r in read_jsonl(src)] == [
        despinner.clean(str(r["text"])).text for r in rows
    ]


def test_process_batch_fail_stops_at_the_bad_line(despinner):
    lines = [(1, b'{"text": "one"}\n'), (2, b"bad\n"), (3, b'{"text": "three"}\n')]
    result = process_batch(despinner, Job(on_error="fail"), "f.jsonl", lines)
    assert result.failed is not None
    assert result.failed.startswith("f.jsonl:2: not valid JSON")
    assert result.documents == 1
    assert result.data.count(b"\n") == 1


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(
        p for p in (str(ROOT / "src"), env.get("PYTHONPATH", "")) if p
    )
    return env


def _big_input(path: Path, megabytes: float) -> Path:
    paragraph = " ".join(TEXTS * 4)
    row = json.dumps({"text": paragraph}) + "\n"
    path.write_text(row * int(megabytes * 1e6 / len(row)), encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("signum", "jobs", "code"),
    [
        (signal.SIGTERM, "2", 128 + signal.SIGTERM),
        (signal.SIGINT, "1", 130),
        (signal.SIGHUP, "2", 128 + signal.SIGHUP),
    ],
)
def test_interrupted_run_leaves_no_output(tmp_path, lexicon, signum, jobs, code):
    src = _big_input(tmp_path / "big.jsonl", 20)
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    dst = out_dir / "clean.jsonl.gz"
    proc = subprocess.Popen(
        jsonl_command(lexicon, "--jobs", jobs, str(src), "-o", str(dst)),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=_env(),
        # A test runner started in the background may ignore SIGINT; the run must not.
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )
    try:
        deadline = time.monotonic() + 30
        while not leftovers(out_dir):  # the temporary file exists: the run has started
            assert proc.poll() is None, proc.communicate()
            assert time.monotonic() < deadline
            time.sleep(0.05)
        time.sleep(1.0)  # let it write some output
        assert proc.poll() is None, "the input was too small to interrupt the run"
        proc.send_signal(signum)
        _, err = proc.communicate(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    assert proc.returncode == code, err
    assert b"no output file was written" in err
    assert list(out_dir.iterdir()) == []


def test_truncated_zstd_input_stops_with_its_line(tmp_path, lexicon, capsys):
    # zstandard's stream reader ends quietly at the cut: the lines after it would be lost.
    zstandard = pytest.importorskip("zstandard")
    data = "".join(json.dumps(r) + "\n" for r in records(400)).encode()
    packed = zstandard.ZstdCompressor().compress(data)
    src = tmp_path / "in.jsonl.zst"
    src.write_bytes(packed[: len(packed) - 8])
    code, _, err = run(capsys, lexicon, "clean", "--on-error", "skip", str(src))
    assert code == 2
    assert f"{src}: cannot read past line" in err
    assert "zstd frame" in err


def test_a_number_beyond_a_double_is_malformed_not_written_as_infinity(tmp_path, lexicon, capsys):
    # json.loads reads 1e999 as inf and json.dumps wrote it back as Infinity: a valid
    # input line became an output line no strict JSON parser accepts.
    src = tmp_path / "in.jsonl"
    src.write_text('{"id": 1, "text": "x", "score": 1e999}\n{"id": 2, "text": "y"}\n')
    code, out, err = run(capsys, lexicon, "clean", "--on-error", "keep", str(src))
    assert code == 0

    def strict(constant):
        raise AssertionError(f"{constant} is not JSON")

    first, second = (json.loads(line, parse_constant=strict) for line in out.splitlines())
    assert "too large" in first["despin"]["error"]
    assert first["despin"]["raw"] == '{"id": 1, "text": "x", "score": 1e999}'
    assert second["id"] == 2
    assert f"{src}:1: the number 1e999 is too large" in err
