"""Optional integrations with other frameworks, each in its own module.

Nothing here is imported by ``import despin``: ``despin.integrations.dask`` needs the
``dask`` extra (``pip install 'despin[dask]'``) and imports Dask only when it is itself
imported.
"""

from __future__ import annotations
