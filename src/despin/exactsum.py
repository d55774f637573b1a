"""Exact column sums of the detector's rate vectors, with integers instead of ``math.fsum``.

A document's evidence is the column-wise sum of one short float vector per counted
word. ``math.fsum`` returns the correctly rounded sum but costs about 30 ns a value,
the largest single cost of a clean document. Here each vector is turned once into one
integer holding its columns as fixed-point fields (exactly: the values are multiples of
``2**-SCALE``), so a document's sum is a C-level ``sum()`` of integers, and each column
divided back is again the correctly rounded exact sum: bit for bit what ``fsum`` gives.

A value finer than ``2**-SCALE`` (possible with a user lexicon) does not pack;
:func:`pack` returns None and the caller sums with ``fsum`` instead.

>>> vectors = [(0.1, -2.5), (0.2, 1e-3), (0.3, 6.0)]
>>> total = sum(pack(v) or 0 for v in vectors)
>>> unpack(total, 2) == [math.fsum(c) for c in zip(*vectors)]
True
"""

from __future__ import annotations

import math
from collections.abc import Sequence

__all__ = ["SCALE", "pack", "unpack"]

#: Values are held as multiples of 2**-SCALE (the news lexicon needs 2**-73 at most).
SCALE = 80
#: Largest magnitude a value may have (the detector's log-ratios stay within +-14).
_LIMIT = 32.0
#: Bits per column: a value, its sign, and 42 bits of headroom for the sum's growth; a
#: whole number of bytes, so :func:`unpack` can cut the columns apart with ``to_bytes``.
_WIDTH = SCALE + 6 + 42
_BYTES = _WIDTH // 8
_HALF = 1 << (_WIDTH - 1)
_UNIT = 1 << SCALE
#: Per column count, HALF in every column: adding it makes each column non-negative.
_BIAS: dict[int, int] = {}


def pack(vector: Sequence[float]) -> int | None:
    """One integer holding every column of ``vector`` exactly, or None if one cannot be."""
    packed = 0
    for j, value in enumerate(vector):
        scaled = math.ldexp(value, SCALE)
        if not (abs(value) < _LIMIT and scaled.is_integer()):
            return None
        packed += int(scaled) << (j * _WIDTH)
    return packed


def unpack(packed: int, size: int) -> list[float]:
    """The ``size`` columns of a sum of :func:`pack` results, each correctly rounded."""
    bias = _BIAS.get(size)
    if bias is None:
        bias = _BIAS[size] = sum(_HALF << (j * _WIDTH) for j in range(size))
    # Each column of a sum lies within +-HALF, so with HALF added to every column the
    # columns are plain base-2**WIDTH digits: no borrow crosses from one to the next.
    raw = (packed + bias).to_bytes(size * _BYTES, "little")
    # int / int is correctly rounded (half to even), as fsum is.
    return [
        (int.from_bytes(raw[k : k + _BYTES], "little") - _HALF) / _UNIT
        for k in range(0, size * _BYTES, _BYTES)
    ]
