"""Records: the per-document work of ``despin clean|detect --jsonl``, shared with Dask.

:func:`despin_record` cleans (or scores) one parsed JSON object; :func:`process_batch`
turns a batch of raw lines into encoded output lines, malformed ones handled by the
``--on-error`` policy (see :mod:`despin.stream` for the accounting).
"""

from __future__ import annotations

import base64
import json
import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from despin.despinner import Despinner
from despin.detect import DEFAULT_THRESHOLD

__all__ = ["BatchResult", "Job", "RecordError", "despin_record", "process_batch"]


class RecordError(ValueError):
    """A record despin cannot process: not JSON, not an object, or no string text field."""


def despin_record(
    despinner: Despinner, record: object, field_name: str, mode: str
) -> tuple[dict[str, Any], float, int]:
    """Clean (or detect) one parsed record; return ``(output record, spin, changes)``.

    The output is a copy of ``record`` with ``field_name`` cleaned (``clean`` mode) and
    a ``"despin"`` object added: ``{"spin", "changes": [...]}`` when cleaning, the
    :meth:`Detection.to_dict` form when detecting. Raises :class:`RecordError`.
    """
    if not isinstance(record, dict):
        kind = "null" if record is None else _json_kind(record)
        msg = f"a JSON {kind}, not an object"
        raise RecordError(msg)
    text = record.get(field_name)
    if not isinstance(text, str):
        if field_name not in record:
            msg = f"field {field_name!r} is missing"
        else:
            msg = f"field {field_name!r} is a JSON {_json_kind(text)}, not a string"
        raise RecordError(msg)
    out = dict(record)
    if mode == "clean":
        result = despinner.clean(text)
        out[field_name] = result.text
        out["despin"] = {"spin": result.spin, "changes": [c.to_dict() for c in result.changes]}
        return out, result.spin, len(result.changes)
    detection = despinner.detect(text)
    out["despin"] = detection.to_dict()
    return out, detection.spin, 0


def _json_kind(value: object) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, (int, float)):
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list):
        return "array"
    if isinstance(value, dict):
        return "object"
    return type(value).__name__


def _encode(record: dict[str, Any]) -> bytes:
    """One output line. Lone surrogates (legal in JSON escapes) are kept as escapes."""
    try:
        return json.dumps(record, ensure_ascii=False).encode("utf-8") + b"\n"
    except UnicodeEncodeError:
        return json.dumps(record).encode("ascii") + b"\n"


@dataclass(frozen=True)
class Job:
    """What to do with every line; shipped with each batch (a few bytes)."""

    mode: str = "clean"
    field: str = "text"
    on_error: str = "fail"
    threshold: float | None = None


@dataclass
class BatchResult:
    """What a batch produced: encoded output lines and the counts for the summary."""

    data: bytes = b""
    lines: int = 0
    nbytes: int = 0
    documents: int = 0
    written: int = 0
    changed: int = 0
    changes: int = 0
    spun: int = 0
    spin_total: float = 0.0
    kept: int = 0
    skipped: int = 0
    messages: list[str] = field(default_factory=list)
    failed: str | None = None


def process_batch(
    despinner: Despinner, job: Job, label: str, lines: Sequence[tuple[int, bytes]]
) -> BatchResult:
    """Process numbered raw JSONL lines of file ``label`` according to ``job``.

    With ``on_error="fail"`` processing stops at the first malformed line, whose
    message is in :attr:`BatchResult.failed`; the output before it is in ``data``.
    """
    result = BatchResult(lines=len(lines))
    out: list[bytes] = []
    for number, raw in lines:
        result.nbytes += len(raw)
        record: object = None
        try:
            try:
                record = json.loads(raw, parse_float=_finite_float)
            except UnicodeDecodeError as exc:
                msg = f"not valid UTF-8 (byte {exc.start + 1} of the line)"
                raise RecordError(msg) from None
            except json.JSONDecodeError as exc:
                msg = f"not valid JSON: {exc.msg} at column {exc.colno}"
                raise RecordError(msg) from None
            output, spin, changes = despin_record(despinner, record, job.field, job.mode)
        except RecordError as exc:
            message = f"{label}:{number}: {exc}"
            if job.on_error == "fail":
                result.failed = message
                break
            result.messages.append(message)
            if job.on_error == "skip":
                result.skipped += 1
                continue
            result.kept += 1
            out.append(_encode(_error_record(record, raw, str(exc), label, number)))
            continue
        result.documents += 1
        result.spin_total += spin
        if spin >= DEFAULT_THRESHOLD:
            result.spun += 1
        if changes:
            result.changed += 1
            result.changes += changes
        if job.threshold is not None and spin < job.threshold:
            continue
        result.written += 1
        out.append(_encode(output))
    result.data = b"".join(out)
    return result


def _finite_float(literal: str) -> float:
    """A JSON number as a float; one beyond a double's range is refused, because it
    would be written back as ``Infinity``, which is not JSON."""
    value = float(literal)
    if math.isinf(value):
        msg = f"the number {literal[:40]} is too large for a double (it would become Infinity)"
        raise RecordError(msg)
    return value


def _error_record(
    record: object, raw: bytes, error: str, label: str, number: int
) -> dict[str, Any]:
    info: dict[str, Any] = {"error": error, "file": label, "line": number}
    if isinstance(record, dict):
        return {**record, "despin": info}
    line = raw[:-1] if raw.endswith(b"\n") else raw
    line = line[:-1] if line.endswith(b"\r") else line
    try:
        info["raw"] = line.decode("utf-8")
    except UnicodeDecodeError:
        info["raw_base64"] = base64.b64encode(line).decode("ascii")
    return {"despin": info}
