"""The Dask integration on a real two-process LocalCluster, checked against in-process cleaning."""

from __future__ import annotations

import json
import logging
import math
import pickle
import subprocess
import sys
from pathlib import Path

import dask
import dask.bag as db
import dask.dataframe as dd
import pandas as pd
import pytest
from distributed import Client, LocalCluster

from despin import Despinner
from despin.integrations.dask import (
    _instance_stats,
    clean_bag,
    clean_dataframe,
    detect_bag,
    detect_dataframe,
)
from despin.stream import RecordError, despin_record

LEXICON = (
    "# despin-lexicon v1\n"
    "# name: dasktest\n"
    "spun\trestored\tweight\tcontext\tprovenance\n"
    "metropolis\tcity\t0.9\t\ttest:dask\n"
    "mentioned\tsaid\t0.9\t\ttest:dask\n"
    "authorities\tgovernment\t0.9\t\ttest:dask\n"
)

TEXTS = [
    "Local authorities mentioned that the metropolis would reopen its schools.",
    "The weather was fine on Tuesday.",
    "Police in the metropolis mentioned that two men were arrested on Friday.",
    "The authorities mentioned that the metropolis had lost power overnight.",
]

N = 90


@pytest.fixture(scope="module")
def lexicon(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("lexicon") / "dask.tsv"
    path.write_text(LEXICON, encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def despinner(lexicon: Path) -> Despinner:
    return Despinner([lexicon])


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("corpus") / "sample.jsonl"
    with path.open("w", encoding="utf-8") as fh:
        for i in range(N):
            fh.write(json.dumps({"id": i, "text": f"{TEXTS[i % len(TEXTS)]} Story {i}."}) + "\n")
    return path


@pytest.fixture(scope="module")
def client():
    with (
        LocalCluster(
            n_workers=2,
            processes=True,
            threads_per_worker=1,
            dashboard_address=None,
            silence_logs=logging.ERROR,
        ) as cluster,
        Client(cluster) as c,
    ):
        yield c


def bag_of(sample: Path) -> db.Bag:
    bag = db.read_text(str(sample), blocksize=sample.stat().st_size // 6 + 1).map(json.loads)
    assert bag.npartitions >= 5
    return bag


def created(client: Client) -> int:
    return sum(s["created"] for s in client.run(_instance_stats).values())


def test_clean_bag_on_a_cluster_matches_in_process(client, sample, despinner):
    before = created(client)
    bag = clean_bag(bag_of(sample), field="text", despinner=despinner)
    got = bag.compute()
    rows = [json.loads(line) for line in sample.read_text().splitlines()]
    assert got == [despin_record(despinner, row, "text", "clean")[0] for row in rows]
    assert [g["text"] for g in got] == [despinner.clean(r["text"]).text for r in rows]
    # One Despinner per worker process, not one per partition or per record.
    after = created(client)
    assert 1 <= after - before <= 2
    stats = client.run(_instance_stats).values()
    assert sum(s["compiled"] for s in stats) == sum(s["cached"] for s in stats)
    # The same Despinner again: the workers reuse the instance they have.
    assert clean_bag(bag_of(sample), despinner=despinner).count().compute() == N
    assert created(client) == after


def test_detect_bag_on_a_cluster(client, sample, despinner):
    got = detect_bag(bag_of(sample), despinner=despinner).compute()
    assert [g["id"] for g in got] == list(range(N))
    expected = [despinner.detect(g["text"]).spin for g in got]
    assert [g["despin"]["spin"] for g in got] == [round(s, 4) for s in expected]


def test_clean_dataframe_on_a_cluster(client, despinner):
    texts: list[str | None] = [f"{TEXTS[i % len(TEXTS)]} Item {i}." for i in range(40)]
    texts[7] = None
    frame = pd.DataFrame({"id": range(40), "text": texts})
    ddf = dd.from_pandas(frame, npartitions=4)
    result = clean_dataframe(ddf, column="text", despinner=despinner)
    assert list(result.columns) == ["id", "text", "spin", "changes"]
    got = result.compute()
    assert got["id"].tolist() == list(range(40))
    for i, text in enumerate(texts):
        row = got.iloc[i]
        if text is None:
            assert pd.isna(row["text"])
            assert math.isnan(row["spin"])
            assert row["changes"] == 0
            continue
        expected = despinner.clean(text)
        assert row["text"] == expected.text
        assert row["spin"] == expected.spin
        assert row["changes"] == len(expected.changes)
    assert str(got["changes"].dtype) == "int64"

    spins = detect_dataframe(ddf, despinner=despinner).compute()
    assert spins["text"].tolist()[:3] == texts[:3]  # detect leaves the text alone
    assert spins["spin"].iloc[0] == despinner.detect(str(texts[0])).spin


def test_dataframe_needs_the_column(despinner):
    ddf = dd.from_pandas(pd.DataFrame({"body": ["x"]}), npartitions=1)
    with pytest.raises(KeyError, match="body"):
        clean_dataframe(ddf, despinner=despinner)


def test_bag_on_error(despinner):
    items = [{"text": TEXTS[0]}, {"id": 1}, "plain string", {"text": 5}]
    bag = db.from_sequence(items, npartitions=2)
    with dask.config.set(scheduler="sync"):
        with pytest.raises(RecordError, match="of its partition: "):
            clean_bag(bag, despinner=despinner).compute()
        kept = clean_bag(bag, despinner=despinner, on_error="keep").compute()
        skipped = clean_bag(bag, despinner=despinner, on_error="skip").compute()
    assert len(kept) == 4
    assert kept[1] == {"id": 1, "despin": {"error": "field 'text' is missing"}}
    assert kept[2] == {"despin": {"error": "a JSON string, not an object", "raw": "plain string"}}
    assert len(skipped) == 1
    assert skipped[0]["text"] == despinner.clean(TEXTS[0]).text
    with pytest.raises(ValueError, match="on_error"):
        clean_bag(bag, despinner=despinner, on_error="ignore")


def test_despinner_pickles_as_its_configuration(despinner):
    despinner.clean(TEXTS[0])  # compiled now
    assert despinner._compiled is not None
    copy = pickle.loads(pickle.dumps(despinner))
    assert copy._compiled is None  # compiled again, once, where it lands
    assert copy.min_confidence == despinner.min_confidence
    assert copy.clean(TEXTS[2]) == despinner.clean(TEXTS[2])


def test_import_despin_does_not_import_dask_or_hypothesis():
    code = (
        "import sys, despin, despin.cli, despin.stream, despin.integrations\n"
        "heavy = sorted({m.split('.')[0] for m in sys.modules}"
        " & {'dask', 'distributed', 'hypothesis', 'pandas', 'numpy', 'zstandard'})\n"
        "print(heavy)\n"
    )
    env_path = str(Path(__file__).resolve().parents[1] / "src")
    proc = subprocess.run(
        [sys.executable, "-c", f"import sys; sys.path.insert(0, {env_path!r})\n{code}"],
        capture_output=True,
        text=True,
        check=True,
    )
    assert proc.stdout.strip() == "[]"
