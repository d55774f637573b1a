"""The ablation benchmark's switches still fit the code they switch off."""

from __future__ import annotations

import inspect
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.ablation import VARIANTS

PATCHES = [(label, obj, name, value) for label, patches in VARIANTS for obj, name, value in patches]


@pytest.mark.parametrize(("label", "obj", "name", "value"), PATCHES, ids=[p[0] for p in PATCHES])
def test_each_switch_replaces_something_that_exists(label, obj, name, value):
    original = getattr(obj, name)  # an AttributeError here: the switch names nothing
    if inspect.isfunction(original):
        # A stand-in takes every argument the code may pass to the original.
        parameters = inspect.signature(original).parameters
        inspect.signature(value).bind(*[None] * len(parameters))
    else:
        assert type(value) is type(original) or original is None or value is None
