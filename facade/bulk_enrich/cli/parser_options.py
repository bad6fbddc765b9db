"""The flags ``ping enhance`` and ``places enrich`` share beyond the basics: where the header
is, how the output is written and made safe to open, and what spares credits (pre-flight,
dry run, dedupe, the result cache)."""

from __future__ import annotations

import argparse

CSV_FORMULA_MODES = ("escape", "raw")


def add_file_options(group: argparse._ArgumentGroup) -> None:
    """``--header-row``, ``--output-encoding``, ``--output-delimiter``, ``--csv-formulas``."""
    group.add_argument(
        "--header-row",
        type=int,
        metavar="N",
        help="the header's line (CSV) or sheet row (XLSX), counting from 1 "
        "(default: the first row naming known columns, below any title rows)",
    )
    group.add_argument(
        "--output-encoding",
        metavar="ENC",
        help="CSV/TSV output encoding, e.g. utf-8-sig for Excel (default utf-8)",
    )
    group.add_argument(
        "--output-delimiter",
        metavar="C",
        help="CSV output delimiter (default ','; line endings follow a CSV input's)",
    )
    group.add_argument(
        "--csv-formulas",
        choices=CSV_FORMULA_MODES,
        default="escape",
        help="escape (default): prefix ' to CSV/TSV text starting with = + - @ tab or CR "
        "(numbers excepted), so no spreadsheet runs it as a formula; raw: write as is",
    )


def add_spend_options(parser: argparse.ArgumentParser) -> None:
    """``--dry-run``, ``--no-dedupe``, ``--cache``, ``--cache-max-age``."""
    group = parser.add_argument_group("credits")
    group.add_argument(
        "--dry-run",
        action="store_true",
        help="read and map the whole input, check names and quota, print what would be "
        "sent and what it costs; create no job and write no output",
    )
    group.add_argument(
        "--no-dedupe",
        dest="dedupe",
        action="store_false",
        help="send identical locations once per row (default: once per run, result copied)",
    )
    group.add_argument(
        "--cache",
        metavar="PATH",
        help="SQLite file of results kept across runs: a location already there is not sent",
    )
    group.add_argument(
        "--cache-max-age",
        metavar="AGE",
        help="with --cache (required): use results younger than AGE (30d, 12h, 90m, "
        "seconds) or 'forever'",
    )
