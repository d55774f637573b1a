"""Dask: clean or score a corpus on a cluster, with one compiled Despinner per worker process.

Needs the ``dask`` extra (``pip install 'despin[dask]'``)::

    import json
    import dask.bag as db
    from despin.integrations.dask import clean_bag

    records = db.read_text("corpus-*.jsonl.gz").map(json.loads)
    clean_bag(records, field="text").map(json.dumps).to_textfiles("clean-*.jsonl.gz")

A bag of records comes back in the same shape as ``despin clean --jsonl`` writes: the
field cleaned and a ``"despin"`` object added (:func:`despin.records.despin_record`).
A dataframe gets the column cleaned plus a ``spin`` and a ``changes`` (count) column.

Why not just ``bag.map(despinner.clean)``? Compiling a :class:`Despinner` (index and
language model) takes a while, and a Despinner pickles as its configuration only, so
every task that unpickles one would compile again. Here the Despinner travels once, as
a single graph key, wrapped in a handle that each worker process resolves to one cached
instance: it compiles once per process and is reused by every partition after that
(threads of a worker share it; a Despinner is thread-safe).
"""

from __future__ import annotations

import collections
import math
import pickle
import threading
import uuid
import weakref
from collections.abc import Iterable
from typing import Any

from dask.delayed import delayed

from despin.despinner import Despinner
from despin.records import RecordError, despin_record
from despin.stream import ON_ERROR

__all__ = ["clean_bag", "clean_dataframe", "detect_bag", "detect_dataframe"]

_CACHE_SIZE = 4  # Despinner configurations kept per process (least recently used dropped)
_DEFAULT_TOKEN = "despin-default"

_lock = threading.Lock()
_instances: collections.OrderedDict[str, Despinner] = collections.OrderedDict()
_stats = {"created": 0, "reused": 0}


def _instance(token: str, payload: bytes | None) -> Despinner:
    """This process's Despinner for ``token``, unpickled (or built) the first time only."""
    with _lock:
        found = _instances.get(token)
        if found is not None:
            _instances.move_to_end(token)
            _stats["reused"] += 1
            return found
    made: Despinner = Despinner() if payload is None else pickle.loads(payload)
    with _lock:
        found = _instances.get(token)
        if found is not None:  # another thread got there first
            _stats["reused"] += 1
            return found
        _instances[token] = made
        _stats["created"] += 1
        while len(_instances) > _CACHE_SIZE:
            _instances.popitem(last=False)
    return made


def _instance_stats() -> dict[str, int]:
    """Per-process counts, for tests: Despinners ``created`` and ``reused``, ``compiled``."""
    with _lock:
        compiled = sum(1 for d in _instances.values() if d._compiled is not None)
        return {**_stats, "cached": len(_instances), "compiled": compiled}


class _Shared:
    """A Despinner handle that pickles as ``(token, pickled Despinner)``.

    Unpickled in a worker, :meth:`get` returns the process's cached instance for the
    token, so the Despinner is unpickled and compiled once per process, not per task.
    In the client process (threaded scheduler) it is the caller's own instance.
    """

    def __init__(self, token: str, payload: bytes | None, local: Despinner | None = None) -> None:
        self.token = token
        self.payload = payload
        self._local = local

    def get(self) -> Despinner:
        if self._local is None:
            self._local = _instance(self.token, self.payload)
        return self._local

    def __reduce__(self) -> tuple[type[_Shared], tuple[str, bytes | None]]:
        return (_Shared, (self.token, self.payload))

    def __dask_tokenize__(self) -> str:
        return self.token

    def __repr__(self) -> str:
        return f"_Shared({self.token!r})"


_handles: weakref.WeakKeyDictionary[Despinner, tuple[tuple[Any, ...], _Shared]] = (
    weakref.WeakKeyDictionary()
)


def _shared(despinner: Despinner | None) -> _Shared:
    """The handle for ``despinner`` (the same one while its configuration is unchanged)."""
    if despinner is None:
        return _Shared(_DEFAULT_TOKEN, None)
    if not isinstance(despinner, Despinner):
        msg = f"despinner must be a despin.Despinner or None, not {type(despinner).__name__}"
        raise TypeError(msg)
    config = (
        tuple(id(s) for s in despinner.lexicon_specs),
        tuple(id(lex) for lex in despinner.lexicons),
        despinner.min_confidence,
    )
    with _lock:
        known = _handles.get(despinner)
        if known is not None and known[0] == config:
            return known[1]
    handle = _Shared(f"despin-{uuid.uuid4().hex}", pickle.dumps(despinner), despinner)
    with _lock:
        _handles[despinner] = (config, handle)
    return handle


def _check_on_error(on_error: str) -> None:
    if on_error not in ON_ERROR:
        msg = f"on_error must be one of {', '.join(ON_ERROR)}, not {on_error!r}"
        raise ValueError(msg)


# ---------------------------------------------------------------------------------------
# Bags


def _bag_partition(
    records: Iterable[Any], shared: _Shared, field: str, mode: str, on_error: str
) -> list[Any]:
    despinner = shared.get()
    out: list[Any] = []
    for index, record in enumerate(records):
        try:
            out.append(despin_record(despinner, record, field, mode)[0])
        except RecordError as exc:
            if on_error == "fail":
                msg = f"record {index} of its partition: {exc} (on_error='keep' or 'skip')"
                raise RecordError(msg) from None
            if on_error == "keep":
                info = {"error": str(exc)}
                if isinstance(record, dict):
                    out.append({**record, "despin": info})
                else:
                    out.append({"despin": {**info, "raw": record}})
    return out


def _map_bag(bag: Any, field: str, despinner: Despinner | None, mode: str, on_error: str) -> Any:
    _check_on_error(on_error)
    handle = delayed(_shared(despinner), pure=True)
    return bag.map_partitions(_bag_partition, handle, field, mode, on_error)


def clean_bag(
    bag: Any, field: str = "text", despinner: Despinner | None = None, *, on_error: str = "fail"
) -> Any:
    """Clean the ``field`` of every record (a dict) of a ``dask.bag.Bag``; lazy.

    Each record comes back as ``despin clean --jsonl`` writes it: ``field`` cleaned,
    plus ``"despin": {"spin": ..., "changes": [...]}``. A record that is not a dict or
    lacks a string ``field`` raises (``on_error="fail"``), is dropped (``"skip"``), or is
    kept with ``"despin": {"error": ...}`` (``"keep"``; a non-dict is wrapped as
    ``{"despin": {"error": ..., "raw": record}}``). ``despinner=None`` uses the built-in
    lexicons, built on each worker.
    """
    return _map_bag(bag, field, despinner, "clean", on_error)


def detect_bag(
    bag: Any, field: str = "text", despinner: Despinner | None = None, *, on_error: str = "fail"
) -> Any:
    """Add ``"despin": Detection.to_dict()`` to every record of a bag; see :func:`clean_bag`."""
    return _map_bag(bag, field, despinner, "detect", on_error)


# ---------------------------------------------------------------------------------------
# Dataframes


def _frame_partition(
    part: Any, shared: _Shared, column: str, mode: str, spin_column: str, changes_column: str
) -> Any:
    despinner = shared.get()
    values = part[column].tolist()
    texts: list[Any] = []
    spins: list[float] = []
    counts: list[int] = []
    for value in values:
        if not isinstance(value, str):  # missing or not text: left alone
            texts.append(value)
            spins.append(math.nan)
            counts.append(0)
        elif mode == "clean":
            result = despinner.clean(value)
            texts.append(result.text)
            spins.append(result.spin)
            counts.append(len(result.changes))
        else:
            texts.append(value)
            spins.append(despinner.detect(value).spin)
            counts.append(0)
    new: dict[str, Any] = {spin_column: spins}
    if mode == "clean":
        series = type(part[column])
        new[column] = series(texts, index=part.index, dtype=part[column].dtype, name=column)
        new[changes_column] = counts
    return part.assign(**new)


def _map_frame(
    df: Any,
    column: str,
    despinner: Despinner | None,
    mode: str,
    spin_column: str,
    changes_column: str,
) -> Any:
    if column not in df.columns:
        msg = f"no column {column!r} (the columns are {list(df.columns)})"
        raise KeyError(msg)
    if mode == "clean" and str(df[column].dtype) == "category":
        msg = (
            f"column {column!r} is categorical; cleaned texts are new values: "
            f"convert it first, e.g. df[{column!r}] = df[{column!r}].astype(str)"
        )
        raise TypeError(msg)
    extra: dict[str, Any] = {spin_column: 0.0}
    if mode == "clean":
        extra[changes_column] = 0
    meta = df._meta.assign(**extra)
    handle = delayed(_shared(despinner), pure=True)
    return df.map_partitions(
        _frame_partition, handle, column, mode, spin_column, changes_column, meta=meta
    )


def clean_dataframe(
    df: Any,
    column: str = "text",
    despinner: Despinner | None = None,
    *,
    spin_column: str = "spin",
    changes_column: str = "changes",
) -> Any:
    """Clean ``column`` of a ``dask.dataframe.DataFrame``; add spin and change-count columns.

    Returns a lazy dataframe with ``column`` cleaned, ``spin_column`` (float, the
    document's spin probability) and ``changes_column`` (int, how many changes were
    made); existing columns of those names are replaced. Values that are not strings
    (missing text) are left as they are, with spin NaN and 0 changes.
    """
    return _map_frame(df, column, despinner, "clean", spin_column, changes_column)


def detect_dataframe(
    df: Any, column: str = "text", despinner: Despinner | None = None, *, spin_column: str = "spin"
) -> Any:
    """Add ``spin_column``: the spin probability of each ``column`` value (NaN if not text)."""
    return _map_frame(df, column, despinner, "detect", spin_column, "")
