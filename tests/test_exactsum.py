"""despin.exactsum: packed integer sums give bit for bit what math.fsum gives."""

from __future__ import annotations

import math
import random
from collections import Counter

from hypothesis import given
from hypothesis import strategies as st

from despin import Despinner
from despin.detect import RATES
from despin.exactsum import pack, unpack

_VALUE = st.floats(min_value=-14.0, max_value=6.0, allow_nan=False, allow_infinity=False)
_VECTOR = st.tuples(*[_VALUE] * len(RATES))


@given(st.lists(_VECTOR, max_size=60), st.data())
def test_packed_sums_equal_fsum(vectors, data):
    packed = [pack(v) for v in vectors]
    if any(p is None for p in packed):
        return  # a value finer than 2**-SCALE: the callers fall back to fsum
    removed = (
        data.draw(st.lists(st.sampled_from(range(len(vectors))), unique=True)) if vectors else []
    )
    kept = [v for i, v in enumerate(vectors) if i not in removed]
    total = sum(packed) - sum(packed[i] for i in removed)
    expected = [math.fsum(col) for col in zip(*kept)] or [0.0] * len(RATES)
    assert unpack(total, len(RATES)) == expected


def test_values_too_fine_or_too_large_do_not_pack():
    assert pack((1e-30, 0.0)) is None
    assert pack((0.5, 64.0)) is None
    assert pack((0.1, -13.8)) is not None


def test_document_sum_falls_back_to_fsum_for_unpackable_vectors():
    lexical = Despinner()._compile().lexical
    rng = random.Random(7)
    words = sorted(lexical.counted)[:200]
    # A hand-made word whose vector is finer than the packed grid.
    lexical._keys["zzfine"] = tuple(1e-30 * (k + 1) for k in range(len(RATES)))
    lexical.counted = lexical.counted | {"zzfine"}
    for _ in range(20):
        keys = [rng.choice(words) for _ in range(300)] + ["zzfine"] * rng.randint(0, 2)
        rng.shuffle(keys)
        got = lexical.document(keys, [])
        counts = Counter(k for k in keys if k in lexical.counted)
        total = [math.fsum(col) for col in zip(*(lexical._keys[k] for k in counts.elements()))]
        expected = lexical._sum(total, counts, Counter(), [])
        assert got == expected
