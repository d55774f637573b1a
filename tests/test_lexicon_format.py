"""Lexicon files: malformed input is rejected with the file, the line and the fault."""

from __future__ import annotations

import pytest

import despin
from despin.lexicon import (
    LexiconError,
    RawRow,
    builtin_names,
    format_lexicon,
    load_builtin_rows,
    load_lexicon,
    parse_lexicon,
    raw_rows,
)

HEAD = "# despin-lexicon v1\n# name: t\nspun\trestored\tweight\tcontext\tprovenance\n"


def write(tmp_path, body, header=HEAD):
    path = tmp_path / "mine.tsv"
    path.write_text(header + body, encoding="utf-8")
    return path


def test_a_good_file_loads_with_its_name_and_entries(tmp_path):
    path = write(
        tmp_path, "mentioned\tsaid\t0.9\t\tseed:001\nMight\tMay\t0.8\tcased;next:^\\d+$\tseed:001\n"
    )
    lex = load_lexicon(path)
    assert lex.name == "t"
    assert [e.source for e in lex] == ["t:mentioned>said", "t:Might>May"]
    assert lex.entries[1].context.cased
    assert lex.entries[1].context.next is not None


@pytest.mark.parametrize(
    ("body", "line", "problem"),
    [
        ("mentioned\tsaid\t0.9\t\n", 4, "5 tab-separated columns, found 4"),
        ("mentioned\tsaid\tlots\t\tseed\n", 4, "weight 'lots' is not a number"),
        ("mentioned\tsaid\t1.5\t\tseed\n", 4, "not in (0, 1]"),
        ("mentioned\tsaid\t0.5\t\t\n", 4, "empty provenance"),
        ("\tsaid\t0.5\t\tseed\n", 4, "empty spun"),
        ("said\tsaid\t0.5\t\tseed\n", 4, "the same"),
        ("mentioned  x\tsaid\t0.5\t\tseed\n", 4, "doubled"),
        ("mentioned\tsaid\t0.5\tnext:(\tseed\n", 4, "bad regular expression"),
        ("mentioned\tsaid\t0.5\tsometimes\tseed\n", 4, "unknown context clause"),
        ("a\tb\t0.5\t\tseed\nc\td\t0.5\t\tseed\na\tb\t0.5\t\tseed\n", 6, "duplicate entry"),
    ],
)
def test_malformed_rows_name_file_line_and_fault(tmp_path, body, line, problem):
    path = write(tmp_path, body)
    with pytest.raises(LexiconError) as info:
        load_lexicon(path)
    assert str(path) in str(info.value)
    assert f":{line}:" in str(info.value)
    assert problem in str(info.value)
    assert info.value.line == line


def test_missing_version_header(tmp_path):
    path = write(tmp_path, "", header="spun\trestored\tweight\tcontext\tprovenance\n")
    with pytest.raises(LexiconError, match=r":1: first line must be"):
        load_lexicon(path)


def test_missing_column_header(tmp_path):
    path = write(tmp_path, "", header="# despin-lexicon v1\nmentioned\tsaid\t0.9\t\tx\n")
    with pytest.raises(LexiconError, match=r":2: expected the column header"):
        load_lexicon(path)


def test_not_utf8_names_the_byte(tmp_path):
    path = tmp_path / "bad.tsv"
    path.write_bytes(HEAD.encode() + b"caf\xe9\tcafe\t0.5\t\tx\n")
    with pytest.raises(LexiconError, match=r"bad.tsv:4: not UTF-8 at byte"):
        load_lexicon(path)


def test_a_byte_order_mark_is_not_a_bad_header(tmp_path):
    # Notepad and Excel's "UTF-8 CSV" write one; the file was rejected as headerless.
    path = tmp_path / "mine.tsv"
    path.write_bytes(b"\xef\xbb\xbf" + (HEAD + "mentioned\tsaid\t0.9\t\tme\n").encode())
    lexicon = load_lexicon(path)
    assert (lexicon.name, [e.spun for e in lexicon.entries]) == ("t", ["mentioned"])


def test_a_folder_or_unreadable_file_is_a_lexicon_error(tmp_path, monkeypatch):
    with pytest.raises(LexiconError, match="is a directory") as info:
        load_lexicon(tmp_path)
    assert str(info.value) == f"{tmp_path}: is a directory, not a lexicon file"
    path = write(tmp_path, "mentioned\tsaid\t0.9\t\tme\n")

    def refuse(self, *args, **kwargs):
        raise PermissionError(13, "Permission denied", str(self))

    monkeypatch.setattr("pathlib.Path.read_text", refuse)
    with pytest.raises(LexiconError, match="cannot read: Permission denied"):
        load_lexicon(path)


def test_missing_file_and_unknown_name():
    with pytest.raises(FileNotFoundError, match="no lexicon file"):
        load_lexicon("/no/such/lexicon.tsv")
    with pytest.raises(FileNotFoundError, match="news"):
        load_lexicon("newz")


def test_format_round_trips_every_builtin():
    for name in builtin_names():
        lex = load_lexicon(name)
        text = format_lexicon(lex.entries, name=lex.name, description=lex.description)
        again = parse_lexicon(text, name=lex.name)
        assert [(e.spun, e.restored, e.context.text, e.provenance) for e in again] == [
            (e.spun, e.restored, e.context.text, e.provenance) for e in lex
        ]
        assert all(abs(a.weight - b.weight) < 1e-3 for a, b in zip(again, lex))


def test_builtin_lexicons_have_provenance_and_no_identity():
    assert "news" in builtin_names()
    for name in builtin_names():
        for e in load_lexicon(name):
            assert e.provenance
            assert e.spun != e.restored or not e.context.is_plain


def test_user_lexicon_adds_to_and_can_replace_builtins(tmp_path):
    path = write(tmp_path, "frobnicated\tsaid\t0.95\tfingerprint\tuser:test\n")
    text = "The minister frobnicated on Monday that the plan was fine."
    assert despin.clean(text).text == text
    mine = despin.Despinner(extra_lexicons=[path])
    assert mine.clean(text).text == "The minister said on Monday that the plan was fine."
    only_mine = despin.Despinner([path])
    assert [lex.name for lex in only_mine.lexicons] == ["t"]


def _lex(name: str, body: str):
    header = f"# despin-lexicon v1\n# name: {name}\nspun\trestored\tweight\tcontext\tprovenance\n"
    return parse_lexicon(header + body, name=name)


def test_a_later_lexicon_overrides_an_earlier_ones_pair():
    from despin.index import Index

    first = _lex("first", "metropolis\tcity\t0.4\t\ta\nadvised\ttold\t0.9\t\ta\n")
    second = _lex("second", "Metropolis\tCity\t0.8\t\tb\nadvised\ttold\t0.5\tnext:^AFP$\tb\n")

    def rows(index, form):
        return [(o.spun, o.restored, o.weight) for o in index.pattern((form,)).options]

    both = Index([first, second])
    # The same pair in another case is the same pair; another context is another entry.
    assert rows(both, "metropolis") == [("Metropolis", "City", 0.8)]
    assert rows(both, "advised") == [("advised", "told", 0.9), ("advised", "told", 0.5)]
    alone = Index([first])
    assert rows(alone, "metropolis") == [("metropolis", "city", 0.4)]


def test_a_user_pair_replaces_the_builtin_row_in_the_matcher():
    user = _lex("mine", "metropolis\tcity\t0.05\t\tmine:test\n")
    d = despin.Despinner(["news", user])
    options = d._compile().index.pattern(("metropolis",)).options
    to_city = [o for o in options if o.restored.lower() == "city"]
    assert [(o.weight, o.source) for o in to_city] == [(0.05, "mine:metropolis>city")]
    assert len(options) == len(despin.Despinner()._compile().index.pattern(("metropolis",)).options)


@pytest.mark.parametrize("name", builtin_names())
def test_fast_builtin_rows_equal_the_checked_parse(name):
    """The column-wise loader the matcher uses reads every row as parse_lexicon does."""
    fast = load_builtin_rows(name)
    checked = tuple(raw_rows(load_lexicon(name)))
    assert fast.rows == checked
    assert all(type(row) is RawRow for row in fast.rows)
