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
#: Bits per column: a value, its sign, and 40 bits of headroom for the sum's growth.
_WIDTH = SCALE + 6 + 40
_MASK = (1 << _WIDTH) - 1
_HALF = 1 << (_WIDTH - 1)
_UNIT = 1 << SCALE


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
    out = []
    for _ in range(size):
        field = packed & _MASK
        if field >= _HALF:
            field -= 1 << _WIDTH
        # int / int is correctly rounded (half to even), as fsum is.
        out.append(field / _UNIT)
        packed = (packed - field) >> _WIDTH
    return out
