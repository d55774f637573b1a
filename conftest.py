"""Repository-level pytest set-up: doctests of optional integrations need their extras."""

from __future__ import annotations

import importlib.util

# src/despin/integrations/dask.py imports dask at module level (it is the dask extra);
# without dask installed its doctests cannot be collected, so they are left out.
collect_ignore_glob = (
    [] if importlib.util.find_spec("dask") is not None else ["src/despin/integrations/*"]
)
