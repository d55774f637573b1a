"""The despin command line: formats, inputs, outputs and clear errors."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

import despin
from despin.cli import main

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "examples" / "sample_spun.txt"


def run(args, capsys, stdin_text=None, monkeypatch=None):
    if stdin_text is not None:
        import io

        monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(stdin_text.encode("utf-8"))))
    code = main(args)
    out, err = capsys.readouterr()
    return code, out, err


def test_clean_text_to_stdout_matches_the_api(capsys):
    code, out, _err = run(["clean", str(SAMPLE)], capsys)
    assert code == 0
    assert out == despin.clean(SAMPLE.read_text(encoding="utf-8")).text


def test_clean_json_is_a_replayable_change_log(capsys):
    code, out, _err = run(["clean", "--format", "json", str(SAMPLE)], capsys)
    assert code == 0
    record = json.loads(out)
    assert set(record) == {"text", "spin", "changes"}
    changes = [despin.Change.from_dict(c) for c in record["changes"]]
    assert changes
    assert despin.apply_changes(SAMPLE.read_text(encoding="utf-8"), changes) == record["text"]


def test_spun_seed_json_replays(seeds_dir, capsys):
    (path,) = seeds_dir.glob("001_*.txt")
    code, out, _err = run(["clean", "--format", "json", str(path)], capsys)
    assert code == 0
    record = json.loads(out)
    changes = [despin.Change.from_dict(c) for c in record["changes"]]
    assert len(changes) > 50
    assert despin.apply_changes(path.read_text(encoding="utf-8"), changes) == record["text"]
    assert record["spin"] > 0.99


def test_clean_diff_plain_and_coloured(capsys):
    code, out, _err = run(["clean", "--format", "diff", "--color", "never", str(SAMPLE)], capsys)
    assert code == 0
    assert "[-" in out
    assert "+}" in out
    code, out, _err = run(["clean", "--format", "diff", "--color", "always", str(SAMPLE)], capsys)
    assert "\x1b[" in out


def test_stdin_and_output_file(tmp_path, capsys, monkeypatch):
    target = tmp_path / "out.txt"
    code, out, _err = run(
        ["clean", "-", "-o", str(target)], capsys, SAMPLE.read_text(encoding="utf-8"), monkeypatch
    )
    assert code == 0
    assert out == ""
    assert target.read_text(encoding="utf-8") == despin.clean(SAMPLE.read_text("utf-8")).text


def test_min_confidence_and_no_builtin(tmp_path, capsys):
    code, out, _err = run(["clean", "--min-confidence", "1.0", str(SAMPLE)], capsys)
    assert code == 0
    assert out == SAMPLE.read_text(encoding="utf-8")
    code, _out, err = run(["clean", "--no-builtin", str(SAMPLE)], capsys)
    assert code == 2
    assert "--no-builtin" in err


def test_undecodable_bytes_name_the_file_and_offset(tmp_path, capsys):
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"The metropolis \xff fell.")
    code, out, err = run(["clean", str(bad)], capsys)
    assert code == 2
    assert out == ""
    assert "bad.txt" in err
    assert "byte offset 15" in err


def test_missing_file(capsys):
    code, _out, err = run(["clean", "/no/such/file.txt"], capsys)
    assert code == 2
    assert "no such file" in err


def test_bad_min_confidence_is_refused(capsys):
    with pytest.raises(SystemExit) as info:
        main(["clean", "--min-confidence", "2", str(SAMPLE)])
    assert info.value.code == 2
    assert "min-confidence" in capsys.readouterr().err


def test_detect_json_text_and_threshold(seeds_dir, capsys):
    spun = next(seeds_dir.glob("001_*.txt"))
    clean = next(seeds_dir.glob("000_*.txt"))
    code, out, _err = run(["detect", str(spun), str(clean)], capsys)
    assert code == 0
    records = [json.loads(line) for line in out.splitlines()]
    assert [r["file"] for r in records] == [str(spun), str(clean)]
    assert records[0]["spin"] > 0.99 > 0.1 > records[1]["spin"]
    assert records[0]["evidence"]
    code, out, _err = run(["detect", "--threshold", "0.5", str(spun), str(clean)], capsys)
    assert [json.loads(line)["file"] for line in out.splitlines()] == [str(spun)]
    code, out, _err = run(["detect", "--format", "text", str(spun)], capsys)
    assert "\tspun\t" in out


def test_lexicon_check_good_and_bad(tmp_path, capsys):
    good = tmp_path / "good.tsv"
    good.write_text(
        "# despin-lexicon v1\nspun\trestored\tweight\tcontext\tprovenance\nfoo\tbar\t0.5\t\tme\n",
        encoding="utf-8",
    )
    bad = tmp_path / "bad.tsv"
    bad.write_text("# despin-lexicon v1\nspun\trestored\n", encoding="utf-8")
    code, out, _err = run(["lexicon", "check", str(good)], capsys)
    assert code == 0
    assert "1 entries" in out
    code, _out, err = run(["lexicon", "check", str(good), str(bad)], capsys)
    assert code == 1
    assert "bad.tsv:2" in err


def test_lexicon_option_takes_builtin_names(tmp_path, capsys):
    text = "We apply counterfeit consciousness to colossal information."
    path = tmp_path / "abstract.txt"
    path.write_text(text, encoding="utf-8")
    assert despin.clean(text).text == text
    code, out, _err = run(["clean", "--lexicon", "science", str(path)], capsys)
    assert code == 0
    assert out == "We apply artificial intelligence to big data."


def test_python_dash_m_and_any_working_directory(tmp_path):
    # The installed package (or src/ on PYTHONPATH) must work without the source tree as cwd.
    result = subprocess.run(
        [sys.executable, "-m", "despin", "clean", "--format", "json", "-"],
        input="Residents advised AFP information company that 1000's of individuals had fled.",
        capture_output=True,
        text=True,
        cwd=tmp_path,
        check=False,
        env={**os.environ, "PYTHONPATH": str(Path(despin.__file__).resolve().parents[1])},
    )
    assert result.returncode == 0, result.stderr
    record = json.loads(result.stdout)
    assert "news agency" in record["text"]


def test_zst_input_without_the_extra_is_a_clear_error(tmp_path, capsys, monkeypatch):
    path = tmp_path / "article.txt.zst"
    path.write_bytes(b"\x28\xb5\x2f\xfd")
    monkeypatch.setitem(sys.modules, "zstandard", None)  # as if the extra were not installed
    code, out, err = run(["clean", str(path)], capsys)
    assert code == 2
    assert out == ""
    assert "zstd extra" in err
    assert "article.txt.zst" in err


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("article.txt.gz", b"not gzip at all"),  # a bad header
        ("cut.txt.gz", None),  # a .gz cut short
    ],
)
def test_corrupt_or_truncated_gz_input_is_a_clear_error(tmp_path, capsys, name, data):
    import gzip

    if data is None:
        data = gzip.compress(SAMPLE.read_bytes())[:200]
    path = tmp_path / name
    path.write_bytes(data)
    code, out, err = run(["clean", str(path)], capsys)
    assert code == 2
    assert out == ""
    assert err.startswith(f"despin: {path}: cannot ")
    assert err.count("\n") == 1  # one line, no traceback


def test_truncated_zst_input_is_an_error_not_a_short_text(tmp_path, capsys):
    zstandard = pytest.importorskip("zstandard")
    packed = zstandard.ZstdCompressor().compress(SAMPLE.read_bytes())
    path = tmp_path / "article.txt.zst"
    path.write_bytes(packed[: len(packed) // 2])
    code, out, err = run(["clean", str(path)], capsys)
    assert code == 2
    assert out == ""
    assert f"{path}: cannot decompress" in err
    path.write_bytes(packed)
    code, out, _err = run(["clean", str(path)], capsys)
    assert code == 0
    assert out == despin.clean(SAMPLE.read_text(encoding="utf-8")).text


def test_corrupt_zst_input_is_a_clear_error(tmp_path, capsys):
    zstandard = pytest.importorskip("zstandard")
    packed = bytearray(zstandard.ZstdCompressor().compress(SAMPLE.read_bytes()))
    packed[len(packed) // 2 : len(packed) // 2 + 40] = bytes(40)
    path = tmp_path / "article.txt.zst"
    path.write_bytes(bytes(packed))
    code, out, err = run(["clean", str(path)], capsys)
    assert code == 2
    assert out == ""
    assert f"{path}: cannot decompress: corrupt zstd data" in err


def test_unreadable_input_is_a_clear_error(tmp_path, capsys, monkeypatch):
    def refuse(name):
        raise PermissionError(13, "Permission denied", name)

    monkeypatch.setattr("despin.batches.open_binary", refuse)
    code, out, err = run(["clean", str(SAMPLE)], capsys)
    assert code == 2
    assert out == ""
    assert err == f"despin: {SAMPLE}: cannot read: Permission denied\n"


def test_a_folder_given_as_lexicon_is_a_clear_error(tmp_path, capsys):
    with pytest.raises(despin.LexiconError, match="is a directory"):
        despin.load_lexicon(tmp_path)
    code, out, err = run(["clean", "--lexicon", str(tmp_path), str(SAMPLE)], capsys)
    assert (code, out) == (2, "")
    assert err == f"despin: {tmp_path}: is a directory, not a lexicon file\n"
    code, _out, err = run(["lexicon", "check", str(tmp_path)], capsys)
    assert code == 1
    assert "is a directory" in err
    code, _out, err = run(["check", "--lexicon", str(tmp_path), str(SAMPLE)], capsys)
    assert code == 2
    assert "Traceback" not in err


def test_output_to_a_folder_or_a_missing_folder_is_a_clear_error(tmp_path, capsys):
    target = tmp_path / "out"
    target.mkdir()
    code, out, err = run(["clean", "-o", str(target), str(SAMPLE)], capsys)
    assert (code, out) == (1, "")
    assert err == f"despin: {target}: is a directory; name an output file\n"
    assert list(tmp_path.iterdir()) == [target]  # no temporary file left behind
    missing = tmp_path / "nowhere" / "out.txt"
    code, _out, err = run(["clean", "-o", str(missing), str(SAMPLE)], capsys)
    assert code == 2
    assert "no such directory" in err
    assert str(missing.parent) in err


def test_standard_input_named_twice_is_refused_not_closed_midway(capsys, monkeypatch):
    # The first read used to close stdin, and the second failed on the closed file.
    code, out, err = run(["clean", "-", "-"], capsys, "The metropolis.", monkeypatch)
    assert (code, out) == (2, "")
    assert err == "despin: standard input ('-') can be read only once\n"


@pytest.mark.parametrize("value", ["nan", "1.5", "-0.1"])
def test_detect_threshold_outside_0_1_is_refused(capsys, value):
    # --threshold nan used to print every document, 1.5 none, silently.
    with pytest.raises(SystemExit) as info:
        main(["detect", "--threshold", value, str(SAMPLE)])
    assert info.value.code == 2
    assert "--threshold" in capsys.readouterr().err


def test_json_offsets_are_code_points_as_documented(tmp_path, capsys):
    # README and docs/scale.md promise code points (not UTF-16 units, not bytes) and
    # count a byte-order mark: check the CLI's JSON against exactly that.
    text = (
        "\ufeff😀 Résumé: officials within the metropolis mentioned 1000’s of 👨‍👩‍👧 people fled."
    )
    path = tmp_path / "emoji.txt"
    path.write_bytes(text.encode("utf-8"))
    code, out, _err = run(["clean", "--format", "json", str(path)], capsys)
    assert code == 0
    record = json.loads(out)
    assert record["changes"]
    for c in record["changes"]:
        assert text[c["start"] : c["end"]] == c["spun"]
        assert record["text"][c["out_start"] : c["out_end"]] == c["restored"]
    changes = [despin.Change.from_dict(c) for c in record["changes"]]
    assert despin.apply_changes(text, changes) == record["text"]
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "Unicode code points" in readme
    assert "UTF-16" in (ROOT / "docs" / "scale.md").read_text(encoding="utf-8")
