"""The ``bulk-enrich`` command line."""

from __future__ import annotations

import sys
from collections.abc import Sequence


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``bulk-enrich`` console script."""
    args = list(sys.argv[1:] if argv is None else argv)
    if args and args[0] == "emulator":
        from bulk_enrich.emulator.cli import main as emulator_main

        return emulator_main(args[1:])
    print("usage: bulk-enrich {emulator,ping,places} ...", file=sys.stderr)
    return 2
