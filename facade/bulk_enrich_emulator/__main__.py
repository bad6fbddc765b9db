"""``python -m bulk_enrich_emulator``: serve both APIs (see ``--help``)."""

from __future__ import annotations

import sys

from .cli import main

if __name__ == "__main__":
    sys.exit(main(prog="python -m bulk_enrich_emulator"))
