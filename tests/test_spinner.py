"""The spinner simulator: replayable, revertible, deterministic, case- and offset-exact."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from despin.changes import apply_changes
from despin.spinner import Spun, _table, spin
from despin.tokens import WORD, normalize

NEWS = (
    "The government said on Tuesday that it would send more troops to the northern province "
    "after militants attacked a police station near the border, killing at least twelve people,"
    " officials told reporters. The attack, which began shortly before dawn, was the deadliest "
    "in the region since the military launched a major offensive against the insurgents last "
    "year. A spokesman for the interior ministry said the fighters arrived in pickup trucks and"
    " opened fire on the building before setting it alight. Local officials said several "
    "civilians were among the dead, including two children who lived in a house next to the "
    "station. The country's president condemned the violence in a televised address and "
    'promised that those responsible would be found and punished. "We will not allow a small '
    'group of criminals to destroy the peace that our people have worked so hard to build," he '
    "said. Opposition leaders, however, accused the government of failing to protect residents "
    "and called for an independent investigation into the security forces. The city of Kandar, "
    "the provincial capital, has been under a curfew since Monday, and residents reported long "
    "queues at markets as families rushed to buy food and fuel. Aid agencies warned that "
    "thousands of people had already fled their homes and that the number could rise sharply if"
    " the fighting spread to nearby villages. The United Nations said it was deeply concerned "
    "about the situation and urged all sides to respect international law. According to a "
    "senior military officer, the army has deployed helicopters and armoured vehicles to the "
    "area and expects to regain control of the main roads within days. Analysts said the "
    "militants appear to have grown stronger in recent months, taking advantage of a political "
    "crisis in the capital and a sharp economic downturn that has left many young men without "
    "work. Prices for basic goods have risen by more than a third this year, and the national "
    "currency has lost much of its value against the dollar. The finance minister told "
    "parliament last week that the country would seek emergency loans from international "
    "lenders, but critics said the plan would force deep cuts to public spending. Meanwhile, "
    "the ruling party has been weakened by a series of corruption scandals, and several senior "
    "members have resigned. Elections are scheduled for next spring, although some officials "
    "have suggested they could be delayed if the security situation does not improve. Residents"
    ' of the border town said they felt abandoned. "Nobody came to help us for hours," one '
    'shopkeeper told a local newspaper. "We heard the shooting and we hid in the basement until'
    ' morning."'
)

# words a news text is made of, so generated texts actually hit the table
VOCAB = sorted({normalize(w) for w in WORD.findall(NEWS)})
SEPARATORS = [" ", "  ", ", ", ". ", "\n", " - ", "’s ", "'s ", " (", ") ", "\u00a0", "\t"]


def _swappable(word: str) -> bool:
    return word in _table().entries


def _news_like() -> st.SearchStrategy[str]:
    word = st.sampled_from(VOCAB).flatmap(lambda w: st.sampled_from([w, w.capitalize(), w.upper()]))
    piece = st.tuples(word, st.sampled_from(SEPARATORS)).map("".join)
    return st.lists(piece, max_size=40).map("".join)


def _env() -> dict[str, str]:
    """The environment for a fresh interpreter that imports despin the way this one does."""
    env = dict(os.environ)
    here = Path(sys.modules["despin.spinner"].__file__ or "").absolute().parent.parent
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(here), env.get("PYTHONPATH")) if p)
    return env


def _check(text: str, spun: Spun) -> None:
    assert apply_changes(text, spun.changes) == spun.text
    assert spun.revert() == text
    assert spun.original == text
    for c in spun.changes:
        assert text[c.start : c.end] == c.spun
        assert spun.text[c.out_start : c.out_end] == c.restored
        assert c.spun != c.restored
        assert c.confidence == 1.0
        assert c.source.startswith("spinner:")
        assert c.reason == "simulated spinner substitution"


@given(st.text(), st.floats(0.0, 1.0), st.integers(-(2**70), 2**70))
def test_replay_and_revert_arbitrary_text(text: str, rate: float, seed: int) -> None:
    _check(text, spin(text, rate, seed))


@given(_news_like(), st.floats(0.0, 1.0), st.integers(0, 1000), st.booleans())
def test_replay_and_revert_news_like(text: str, rate: float, seed: int, keep: bool) -> None:
    spun = spin(text, rate, seed, keep_case=keep)
    _check(text, spun)
    assert (spun.rate, spun.seed) == (rate, seed)


@given(st.text(), st.integers())
def test_rate_zero_is_identity(text: str, seed: int) -> None:
    spun = spin(text, 0, seed)
    assert spun.text == text
    assert spun.changes == ()


@settings(max_examples=50)
@given(_news_like(), st.floats(0.0, 1.0), st.floats(0.0, 1.0), st.integers(0, 50))
def test_higher_rate_swaps_a_superset(text: str, r1: float, r2: float, seed: int) -> None:
    low, high = sorted((r1, r2))
    swapped_low = {(c.start, c.end, c.restored) for c in spin(text, low, seed).changes}
    swapped_high = {(c.start, c.end, c.restored) for c in spin(text, high, seed).changes}
    assert swapped_low <= swapped_high


def test_rate_one_changes_a_news_paragraph() -> None:
    words = WORD.findall(NEWS)
    spun = spin(NEWS, 1.0)
    _check(NEWS, spun)
    changed = sum(len(WORD.findall(c.spun)) for c in spun.changes)
    assert changed / len(words) >= 0.30


def test_rate_one_swaps_every_swappable_word() -> None:
    spun = spin(NEWS, 1.0, seed=3)
    for m in WORD.finditer(NEWS):
        word = m.group()
        if word.islower() and _swappable(word):
            # swapped on its own, or inside a swapped or protected phrase
            inside = any(c.start <= m.start() < c.end for c in spun.changes)
            phrase = any(" " in f and word in f.split(" ") for f in _table().entries)
            assert inside or phrase, word


def test_deterministic_and_seed_dependent() -> None:
    a = spin(NEWS, 0.5, seed=11)
    assert a == spin(NEWS, 0.5, seed=11)
    assert a.text != spin(NEWS, 0.5, seed=12).text


def test_deterministic_across_fresh_interpreters() -> None:
    code = (
        "import json, sys; from despin.spinner import spin; "
        "s = spin(sys.stdin.read(), 0.5, 42); "
        "print(json.dumps([s.text, [c.to_dict() for c in s.changes]]))"
    )
    env = _env()
    outs = []
    for hashseed in ("1", "2"):
        env["PYTHONHASHSEED"] = hashseed
        proc = subprocess.run(
            [sys.executable, "-c", code],
            input=NEWS,
            env=env,
            capture_output=True,
            text=True,
            encoding="utf-8",
            check=True,
        )
        outs.append(json.loads(proc.stdout))
    assert outs[0] == outs[1]
    here = spin(NEWS, 0.5, 42)
    assert outs[0] == [here.text, [c.to_dict() for c in here.changes]]


def test_spinner_reads_only_its_own_table() -> None:
    """The simulator must stay independent of despin's restoration lexicons."""
    code = (
        "import sys; from despin.spinner import spin; opened = []; "
        "sys.addaudithook(lambda e, a: opened.append(str(a[0])) if e == 'open' else None); "
        "spin('The city said so.', 1.0); "
        "print('\\n'.join(p for p in opened if not p.endswith(('.py', '.pyc'))))"
    )
    proc = subprocess.run(
        [sys.executable, "-c", code], env=_env(), capture_output=True, text=True, check=True
    )
    opened = [line for line in proc.stdout.splitlines() if line]
    assert opened, "the table should be read lazily, on the first spin() call"
    assert all(p.endswith("spinner.tsv.gz") for p in opened), opened


@pytest.mark.parametrize("shape", [str.lower, str.capitalize, str.upper])
def test_case_is_kept(shape) -> None:
    word = "city"
    assert _swappable(word)
    text = f"({shape(word)}), then"
    spun = spin(text, 1.0)
    (change,) = spun.changes
    assert change.spun == shape(word)
    assert change.restored == shape(change.restored.lower())
    assert spun.text.startswith("(")
    assert spun.text.endswith("), then")


def test_keep_case_false_writes_the_table_form() -> None:
    spun = spin("CITY", 1.0, keep_case=False)
    (change,) = spun.changes
    assert change.restored == change.restored.lower()
    assert change.restored in _table().entries["city"]


def test_sentence_initial_capital_carries_over() -> None:
    spun = spin("Government sources said so.", 1.0)
    first = spun.changes[0]
    assert first.start == 0
    assert first.restored[0].isupper()


@pytest.mark.parametrize("apostrophe", ["'", "’"])
def test_possessive_suffix_is_kept(apostrophe: str) -> None:
    text = f"the city{apostrophe}s mayor"
    spun = spin(text, 1.0)
    change = next(c for c in spun.changes if c.start == 4)
    assert change.spun == "city"
    assert spun.text[change.out_end :].startswith(f"{apostrophe}s ")


def test_mixed_case_and_unknown_words_untouched() -> None:
    text = "ciTY zzqx 1234 the of and"
    assert spin(text, 1.0).text == text


def test_offsets_are_exact_with_unicode() -> None:
    text = "Ünïcödé 🙂 — the city’s government said: “people”.\n\tCITY!"
    spun = spin(text, 1.0, seed=5)
    _check(text, spun)
    assert spun.text.startswith("Ünïcödé 🙂 — the ")
    assert spun.text.endswith("!")


def test_spun_is_frozen() -> None:
    spun = spin("The city.", 1.0)
    with pytest.raises(AttributeError):
        spun.text = "x"  # type: ignore[misc]


@pytest.mark.parametrize("bad", [b"city", bytearray(b"city")])
def test_bytes_are_rejected_with_a_hint(bad: object) -> None:
    with pytest.raises(TypeError, match="decode"):
        spin(bad)  # type: ignore[arg-type]


def test_non_text_rejected() -> None:
    with pytest.raises(TypeError):
        spin(None)  # type: ignore[arg-type]


@pytest.mark.parametrize("rate", [-0.01, 1.01, float("nan"), float("inf")])
def test_rate_out_of_range(rate: float) -> None:
    with pytest.raises(ValueError, match="rate"):
        spin("city", rate)


def test_names_written_as_names_are_protected() -> None:
    assert _table().entries["united nations"] == ()
    spun = spin("The United Nations said the city was calm.", 1.0)
    assert spun.text.startswith("The United Nations ")
    assert any(c.spun == "city" for c in spun.changes)


def test_protected_name_in_lower_case_is_ordinary_text() -> None:
    # "the city" is also a name (the City of London) but not when written like this
    assert _table().entries["the city"] == ()
    assert any(c.spun == "city" for c in spin("the city", 1.0).changes)


@pytest.mark.parametrize(("rate", "seed"), [(True, 0), ("0.5", 0), (0.5, 1.0), (0.5, "1")])
def test_bad_rate_or_seed_types(rate: object, seed: object) -> None:
    with pytest.raises(TypeError):
        spin("city", rate, seed)  # type: ignore[arg-type]


def test_result_records_rate_and_seed() -> None:
    spun = spin("city", 1, 3)
    assert (spun.rate, spun.seed) == (1.0, 3)
    assert isinstance(spun.rate, float)


def test_fix_articles_makes_a_or_an_agree_with_the_swap() -> None:
    text = "An army unit and an official met a union leader. AN ARMY. She spent an hour there."
    plain = spin(text, rate=1.0, seed=0)
    tidy = spin(text, rate=1.0, seed=0, fix_articles=True)
    assert "A ground forces unit" in tidy.text
    assert "An ground forces" in plain.text
    assert "A REGULAR ARMY" in spin(text, rate=1.0, seed=2, fix_articles=True).text
    assert tidy.revert() == text
    assert apply_changes(text, tidy.changes) == tidy.text
    # the article is part of the swap's change, so the log still maps input to output
    assert ("An army", "A ground forces") in [(c.spun, c.restored) for c in tidy.changes]


@given(_news_like(), st.floats(0.0, 1.0), st.integers(0, 1000))
def test_replay_and_revert_with_fixed_articles(text: str, rate: float, seed: int) -> None:
    _check(text, spin(text, rate, seed, fix_articles=True))
