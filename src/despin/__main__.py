"""``python -m despin``: the same as the ``despin`` command."""

from __future__ import annotations

import sys

from despin.cli import main

if __name__ == "__main__":
    sys.exit(main())
