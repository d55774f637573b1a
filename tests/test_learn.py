"""Learning a spinner's lexicon from aligned original/spun texts."""

from __future__ import annotations

import argparse
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from despin.learn import Substitution, align, learn, write_lexicon
from despin.learn_command import add_learn_parser, register_cli, run_learn
from despin.lexicon import load_lexicon


def pairs_of(lexicon):
    """(spun, restored) of the entries learned from what the texts show."""
    return {(e.spun, e.restored) for e in lexicon if not is_generated(e)}


def generated_of(lexicon):
    """(spun, restored) of the entries generated as inflections of learned pairs."""
    return {(e.spun, e.restored) for e in lexicon if is_generated(e)}


def is_generated(entry):
    return entry.provenance.startswith("learned:inflection;")


# --------------------------------------------------------------------------- align


def test_align_one_word_swaps_with_context():
    subs = align(
        "The government said on Monday it would act.",
        "The authorities mentioned on Monday it would act.",
    )
    assert subs == [
        Substitution("government", "authorities", "The", "said"),
        Substitution("said", "mentioned", "government", "on"),
    ]


def test_align_keeps_phrase_swaps_together():
    subs = align(
        "The rebels took the town without a fight, officials said.",
        "The rebels took the town and not using a battle, officials said.",
    )
    assert subs == [Substitution("without a fight", "and not using a battle", "town", "officials")]


def test_align_length_changing_swap_is_one_phrase():
    subs = align(
        "Residents were preparing to leave.", "Residents have been getting ready to leave."
    )
    assert subs == [Substitution("were preparing", "have been getting ready", "Residents", "to")]


def test_align_insertion_borrows_the_next_word():
    subs = align("Many people came to the rally.", "A great many people came to the rally.")
    assert subs == [Substitution("Many", "A great many", "", "people")]


def test_align_keeps_possessive_suffix_out_of_the_swap():
    subs = align("The city's mayor resigned.", "The metropolis’s mayor resigned.")
    assert subs == [Substitution("city", "metropolis", "The", "mayor")]


def test_align_ignores_case_and_apostrophe_style():
    assert align("They’ve said THE end.", "they've said the end.") == []


def test_align_caps_phrase_length():
    subs = align("a b c d e f g h", "a x1 x2 x3 x4 x5 x6 x7 x8 x9 h")
    assert all(len(s.original_phrase.split()) <= 5 for s in subs)
    assert all(len(s.spun_phrase.split()) <= 5 for s in subs)


# --------------------------------------------------------------------------- learn

SPUN = {"city": "metropolis", "said": "mentioned", "officials": "officers"}
EXPECTED = {("metropolis", "city"), ("mentioned", "said"), ("officers", "officials")}


def spin_words(text: str, table: dict[str, str]) -> str:
    return " ".join(table.get(w, w) for w in text.split(" "))


def test_learn_recovers_swaps_with_channel_weights():
    docs = [
        "the city officials said on monday .",
        "officials in the city said it was over .",
        "the city is quiet , officials said .",
    ]
    pairs = [(d, spin_words(d, SPUN)) for d in docs]
    pairs.append(("the city said no .", "the city said no ."))  # an unspun document
    lex = learn(pairs, name="demo")
    assert pairs_of(lex) == EXPECTED
    weights = {e.spun: e.weight for e in lex}
    # The channel probability given a swap: 3 swaps of 4 occurrences, over the corpus swap
    # rate (9 swaps of 11 occurrences of the learned originals) that restoration applies.
    assert weights["metropolis"] == float(f"{3 / (4 * 9 / 11):.4g}") == 0.9167
    assert weights["officers"] == 1.0  # 3 of 3, above the corpus rate: capped
    assert {e.lexicon for e in lex} == {"demo"}
    assert {e.provenance for e in lex if e.spun == "metropolis"} == {"learned:n=3;docs=3"}


def test_learn_drops_one_off_edits():
    pairs = [
        ("the city was calm .", "the metropolis was calm ."),
        ("the city was calm again .", "the metropolis was tranquil again ."),
    ]
    assert pairs_of(learn(pairs)) == {("metropolis", "city")}
    assert pairs_of(learn(pairs, min_count=1)) == {("metropolis", "city"), ("tranquil", "calm")}


def test_learn_filters_numbers_but_keeps_spinner_number_patterns():
    docs = [
        "In the 1990s, thousands of people voted for 12 parties.",
        "Back in the 1990s, thousands of people had 12 choices.",
        "By the 1990s, thousands of people came for 12 days.",
    ]
    spun = [
        d.replace("1990s", "Nineties").replace("thousands", "1000's").replace("12", "13")
        for d in docs
    ]
    assert pairs_of(learn(zip(docs, spun, strict=True))) == {
        ("nineties", "1990s"),
        ("1000's", "thousands"),
    }


def test_learn_filters_named_entities_but_not_capitalised_common_words():
    docs = [
        "Talks with Ondrak ended in May after the Security Council met.",
        "Supporters of Ondrak cheered in May when the Security Council voted.",
        "A spokesman for Ondrak said in May that the Security Council erred.",
    ]
    spun = [
        d.replace("Ondrak", "Ondrack").replace("May", "Might").replace("Security", "Safety")
        for d in docs
    ]
    assert pairs_of(learn(zip(docs, spun, strict=True))) == {
        ("might", "may"),
        ("safety", "security"),
    }


def test_learn_filters_inflections_and_article_agreement():
    docs = [
        "prices rise as an army moves .",
        "costs rise when an army arrives .",
        "rents rise if an army stays .",
    ]
    spun = [d.replace("rise", "rises").replace("an army", "a military") for d in docs]
    assert pairs_of(learn(zip(docs, spun, strict=True))) == {("military", "army")}


def test_learn_keeps_repeated_phrase_swaps_whole():
    docs = [f"the {w} fell without a fight on sunday ." for w in ("town", "port", "base")]
    spun = [d.replace("without a fight", "and not using a battle") for d in docs]
    assert pairs_of(learn(zip(docs, spun, strict=True))) == {
        ("and not using a battle", "without a fight")
    }


def test_learn_splits_phrase_stretches_into_attested_swaps():
    docs = [
        "troops were here .",
        "troops were there .",
        "crews are preparing nets .",
        "crews are preparing boats .",
        "they were preparing food .",  # the two swaps side by side, twice
        "we were preparing again .",
    ]
    table = {"were": "have been", "preparing": "getting ready"}
    # 'were preparing' > 'have been getting ready' recurs, but both halves are attested on their
    # own elsewhere: it is two swaps, not a phrase.
    pairs = [(d, spin_words(d, table)) for d in docs]
    lex = learn(pairs)
    assert pairs_of(lex) == {("have been", "were"), ("getting ready", "preparing")}
    counts = {e.restored: e.provenance for e in lex}
    assert counts["were"] == "learned:n=4;docs=4"


def test_learn_drops_inconsistent_spun_forms():
    # 'the' is aligned with 'big' once each from many originals: no majority, small shares.
    pairs = []
    for w in ("red", "tall", "old", "new", "wide", "cold"):
        pairs += [(f"a {w} house .", "a big house .")] * 2
    pairs += [("a small house .", "a big house .")] * 6
    lex = learn(pairs)
    assert pairs_of(lex) == {("big", "small")}


def test_learn_rejects_bad_arguments():
    with pytest.raises(ValueError, match="min_count"):
        learn([], min_count=0)
    with pytest.raises(ValueError, match="name"):
        learn([], name="two\nlines")


def test_learn_on_nothing_gives_an_empty_lexicon(tmp_path):
    lex = learn([])
    assert len(lex) == 0
    write_lexicon(lex, tmp_path / "empty.tsv")
    assert len(load_lexicon(tmp_path / "empty.tsv")) == 0


# --------------------------------------------------------------------------- round trip


def test_written_lexicon_loads_back_unchanged(tmp_path):
    docs = [
        "the city officials said on monday that thousands had left .",
        "officials in the city said thousands were preparing to go .",
        "the city , officials said , was preparing for the storm .",
    ]
    table = {**SPUN, "thousands": "1000’s", "preparing": "getting ready"}
    lex = learn([(d, spin_words(d, table)) for d in docs], name="spinner-x", min_count=1)
    path = tmp_path / "learned.tsv"
    write_lexicon(lex, path)
    back = load_lexicon(path)

    def fields(lexicon):
        return [
            (e.spun, e.restored, e.weight, e.context.text, e.provenance, e.lexicon) for e in lexicon
        ]

    assert back.name == lex.name == "spinner-x"
    assert back.description == lex.description
    assert fields(back) == fields(lex)
    assert ("getting ready", "preparing") in pairs_of(back)


# --------------------------------------------------------------------------- command line


def make_parser():
    parser = argparse.ArgumentParser(prog="despin")
    add_learn_parser(parser.add_subparsers(dest="command", required=True))
    return parser


def run(argv):
    args = make_parser().parse_args(["learn", *argv])
    return run_learn(args)


def write_corpus(root: Path, docs: dict[str, str], table: dict[str, str]):
    (root / "orig").mkdir()
    (root / "spun").mkdir()
    for name, text in docs.items():
        (root / "orig" / name).write_text(text, encoding="utf-8")
        (root / "spun" / name).write_text(spin_words(text, table), encoding="utf-8")


DOCS = {
    "a.txt": "the city officials said on monday .",
    "b.txt": "officials in the city said it was over .",
    "c.txt": "the city is quiet , officials said .",
}


def test_cli_learns_from_file_pairs(tmp_path, capsys):
    write_corpus(tmp_path, DOCS, SPUN)
    argv = []
    for name in DOCS:
        argv += [str(tmp_path / "orig" / name), str(tmp_path / "spun" / name)]
    out = tmp_path / "spinner.tsv"
    assert run([*argv, "-o", str(out), "--min-count", "3"]) == 0
    lex = load_lexicon(out)
    assert lex.name == "spinner"
    assert pairs_of(lex) == EXPECTED
    assert (
        "3 entries learned from 3 document pair(s), 1 other inflections of learned pairs, "
        "0 from the prior (news, agreement 0.00); 4 written to"
    ) in capsys.readouterr().err
    assert generated_of(lex) == {("metropolises", "cities")}


def test_cli_pairs_directories_by_name(tmp_path, capsys):
    write_corpus(tmp_path, DOCS, SPUN)
    (tmp_path / "orig" / "extra.txt").write_text("no partner", encoding="utf-8")
    out = tmp_path / "x.tsv"
    code = run([str(tmp_path / "orig"), str(tmp_path / "spun"), "-o", str(out), "--name", "mine"])
    assert code == 0
    assert load_lexicon(out).name == "mine"
    assert pairs_of(load_lexicon(out)) == EXPECTED
    assert "extra.txt" in capsys.readouterr().err


def test_cli_writes_to_stdout(tmp_path, capsys):
    write_corpus(tmp_path, DOCS, SPUN)
    assert run([str(tmp_path / "orig"), str(tmp_path / "spun"), "-o", "-"]) == 0
    assert "metropolis\tcity\t" in capsys.readouterr().out


def test_cli_rejects_an_odd_number_of_paths(tmp_path, capsys):
    write_corpus(tmp_path, DOCS, SPUN)
    out = tmp_path / "x.tsv"
    assert run([str(tmp_path / "orig" / "a.txt"), "-o", str(out)]) == 2
    err = capsys.readouterr().err
    assert "odd number" in err
    assert "a.txt" in err
    assert not out.exists()


def test_cli_rejects_a_missing_file(tmp_path, capsys):
    write_corpus(tmp_path, DOCS, SPUN)
    missing = tmp_path / "nope.txt"
    assert run([str(tmp_path / "orig" / "a.txt"), str(missing), "-o", str(tmp_path / "x")]) == 2
    assert "nope.txt" in capsys.readouterr().err


def test_cli_rejects_a_file_paired_with_a_directory(tmp_path, capsys):
    write_corpus(tmp_path, DOCS, SPUN)
    assert run([str(tmp_path / "orig" / "a.txt"), str(tmp_path / "spun"), "-o", "-"]) == 2
    assert "both be files or both be directories" in capsys.readouterr().err


def test_cli_names_undecodable_file_and_offset(tmp_path, capsys):
    write_corpus(tmp_path, DOCS, SPUN)
    bad = tmp_path / "spun" / "b.txt"
    bad.write_bytes(b"officers in the \xff metropolis")
    assert run([str(tmp_path / "orig"), str(tmp_path / "spun"), "-o", "-"]) == 2
    err = capsys.readouterr().err
    assert "b.txt" in err
    assert "offset 16" in err


def test_register_cli_hook_adds_the_command():
    parser = argparse.ArgumentParser(prog="despin")
    register_cli(parser.add_subparsers(dest="command"))
    args = parser.parse_args(["learn", "a", "b", "-o", "x.tsv"])
    assert args.func is run_learn
    assert (args.paths, args.output, args.min_count, args.name) == (["a", "b"], "x.tsv", 2, None)


def test_cli_rejects_a_bad_min_count(tmp_path):
    with pytest.raises(SystemExit) as info:
        make_parser().parse_args(["learn", "a", "b", "-o", "x", "--min-count", "0"])
    assert info.value.code == 2


# --------------------------------------------------------------------------- property

VOCAB = [
    "apple", "brick", "cloud", "drum", "eagle", "flint", "grape", "harbor",
    "igloo", "jungle", "kettle", "lemon", "marble", "nickel", "otter", "pencil",
]  # fmt: skip
#: The test spinner's synonyms: disjoint from VOCAB and no inflection of any VOCAB word.
SYNONYM = {w: f"zq{w[::-1]}" for w in VOCAB}


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    swapped=st.sets(st.sampled_from(VOCAB), min_size=1),
    docs=st.lists(
        st.lists(st.sampled_from(VOCAB), min_size=1, max_size=12), min_size=50, max_size=50
    ),
    rnd=st.randoms(use_true_random=False),
    min_count=st.integers(1, 3),
)
def test_learn_recovers_exactly_the_substitutions_applied_often_enough(
    swapped, docs, rnd, min_count
):
    table = {w: SYNONYM[w] for w in swapped}
    applied: Counter[str] = Counter()
    seen: Counter[str] = Counter()
    pairs = []
    for words in docs:
        out = []
        for w in words:
            seen[w] += 1
            if w in table and rnd.random() < 0.6:
                applied[w] += 1
                out.append(table[w])
            else:
                out.append(w)
        pairs.append((" ".join(words) + ".", " ".join(out) + "."))

    lex = learn(pairs, min_count=min_count)

    expected = {(table[w], w) for w, n in applied.items() if n >= min_count}
    assert pairs_of(lex) == expected
    assert generated_of(lex) == set()  # made-up spun words have no inflections
    learned = {w for _, w in expected}
    rate = sum(applied[w] for w in learned) / sum(seen[w] for w in learned) if learned else 1
    for e in lex:
        n = applied[e.restored]
        assert e.weight == float(f"{min(1.0, n / max(rate * seen[e.restored], n)):.4g}")
        assert e.provenance.startswith(f"learned:n={applied[e.restored]};")


def test_cli_no_inflect_writes_only_what_the_texts_show(tmp_path, capsys):
    write_corpus(tmp_path, DOCS, SPUN)
    out = tmp_path / "x.tsv"
    assert run([str(tmp_path / "orig"), str(tmp_path / "spun"), "-o", str(out)]) == 0
    assert generated_of(load_lexicon(out)) == {("metropolises", "cities")}
    assert (
        run([str(tmp_path / "orig"), str(tmp_path / "spun"), "-o", str(out), "--no-inflect"]) == 0
    )
    lex = load_lexicon(out)
    assert pairs_of(lex) == EXPECTED
    assert generated_of(lex) == set()
    assert ", 0 other inflections of learned pairs," in capsys.readouterr().err


ONE_OFF = [
    ("The city said so.", "The metropolis said so."),
    ("A city in the north.", "A metropolis in the north."),
    ("Officials were told on Monday.", "Officials were advised on Monday."),
]


def test_a_one_off_swap_is_kept_only_when_a_known_lexicon_vouches_for_it():
    alone = {(e.spun, e.restored) for e in learn(ONE_OFF, inflect=False)}
    assert alone == {("metropolis", "city")}
    vouched = learn(ONE_OFF, inflect=False, known=[("advised", "told")])
    by_pair = {(e.spun, e.restored): e for e in vouched}
    assert set(by_pair) == {("metropolis", "city"), ("advised", "told")}
    assert by_pair[("advised", "told")].provenance.endswith(";known")
    assert not by_pair[("metropolis", "city")].provenance.endswith(";known")
    # Vouching is about the pair, not the word: another original is still a one-off.
    assert {(e.spun, e.restored) for e in learn(ONE_OFF, known=[("advised", "said")])} == alone | {
        ("metropolises", "cities")
    }


def test_a_known_swap_splits_a_one_off_phrase_stretch():
    # "grid operator" > "power system manipulator" is one changed stretch seen once: on its
    # own it stays a phrase; a lexicon that knows "manipulator" > "operator" splits it.
    pairs = [
        ("The grid operator said so.", "The power system manipulator said so."),
        ("A city in the north.", "A metropolis in the north."),
        ("The city was calm.", "The metropolis was calm."),
    ]
    alone = {(e.spun, e.restored) for e in learn(pairs, inflect=False)}
    assert ("manipulator", "operator") not in alone
    vouched = {
        (e.spun, e.restored): e
        for e in learn(pairs, inflect=False, known=[("manipulator", "operator")])
    }
    assert ("manipulator", "operator") in vouched
    assert vouched[("manipulator", "operator")].provenance.endswith(";known")
    assert ("power system manipulator", "grid operator") not in vouched


def test_known_pairs_reads_plain_pairs_of_builtin_and_file_lexicons(tmp_path):
    from despin.learn import known_pairs

    pairs = set(known_pairs(["news"]))
    assert ("metropolis", "city") in pairs
    path = tmp_path / "mine.tsv"
    path.write_text(
        "# despin-lexicon v1\n# name: mine\nspun\trestored\tweight\tcontext\tprovenance\n"
        "advised\ttold\t0.5\t\tx\nMight\tMay\t0.5\tcased\tx\n",
        encoding="utf-8",
    )
    assert known_pairs([path]) == [("advised", "told")]


def test_cli_known_and_no_known(tmp_path, capsys):
    orig, spun = tmp_path / "o.txt", tmp_path / "s.txt"
    orig.write_text("\n".join(o for o, _ in ONE_OFF), encoding="utf-8")
    spun.write_text("\n".join(s for _, s in ONE_OFF), encoding="utf-8")
    out = tmp_path / "out.tsv"
    assert run([str(orig), str(spun), "-o", str(out), "--no-inflect"]) == 0
    default = {(e.spun, e.restored) for e in load_lexicon(out)}
    assert ("advised", "told") in default  # the built-in news lexicon vouches for it
    assert run([str(orig), str(spun), "-o", str(out), "--no-inflect", "--no-known"]) == 0
    assert {(e.spun, e.restored) for e in load_lexicon(out)} == {("metropolis", "city")}
