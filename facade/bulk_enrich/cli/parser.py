"""The argument parser of ``bulk-enrich``: commands, options and ``--help`` examples."""

from __future__ import annotations

import argparse
import textwrap

from bulk_enrich import __version__
from bulk_enrich.cli.formats import INPUT_FORMATS, OUTPUT_FORMATS, PROGRESS_MODES
from bulk_enrich.cli.helptext import (
    ENHANCE_EPILOG,
    ENRICH_EPILOG,
    MAIN_EPILOG,
    PING_CONFIG,
    PING_MAPPING,
    PLACE_CONFIG,
    PLACE_MAPPING,
)
from bulk_enrich.cli.parser_options import add_file_options, add_spend_options
from bulk_enrich.engine.defaults import DEFAULT_MAX_WAIT

DEFAULT_PING_CHUNK = 10_000
DEFAULT_PLACE_CHUNK = 10_000
DEFAULT_PING_CONCURRENCY = 8
DEFAULT_PLACE_CONCURRENCY = 4


def _para(text: str) -> str:
    return textwrap.fill(text, width=96)


def _formatter(prog: str) -> argparse.HelpFormatter:
    return argparse.RawDescriptionHelpFormatter(prog, max_help_position=32, width=100)


def _ping_connection() -> argparse.ArgumentParser:
    parent = argparse.ArgumentParser(add_help=False)
    group = parent.add_argument_group("connection")
    group.add_argument("--api-key", metavar="KEY", help="Ping.Data key (prefer the env var)")
    group.add_argument("--base-url", metavar="URL", help="API root, e.g. http://127.0.0.1:8765")
    group.add_argument(
        "--environment",
        default="production",
        metavar="ENV",
        help="production (default) or staging: the documented host and key variables",
    )
    return parent


def _place_connection() -> argparse.ArgumentParser:
    parent = argparse.ArgumentParser(add_help=False)
    group = parent.add_argument_group("connection")
    group.add_argument("--api-key", metavar="KEY", help="Place Enrichment key (prefer env var)")
    group.add_argument("--base-url", metavar="URL", help="API root (or ROOT/v1/ORG)")
    group.add_argument("--org", metavar="ORG", help="organization slug")
    return parent


def _common() -> argparse.ArgumentParser:
    parent = argparse.ArgumentParser(add_help=False)
    parent.add_argument("-v", "--verbose", action="count", default=0, help="log more (-vv: debug)")
    parent.add_argument("--json", action="store_true", help="print the server's answer as JSON")
    return parent


def _run_options(
    parser: argparse.ArgumentParser, *, chunk: int, concurrency: int, unit: str
) -> None:
    parser.add_argument("input", metavar="INPUT", help="CSV, TSV, XLSX, Parquet, JSONL or JSON")
    parser.add_argument(
        "-o",
        "--output",
        required=True,
        metavar="OUTPUT",
        help="where to write; format from the extension: .csv .tsv .xlsx .parquet .jsonl .json",
    )
    run = parser.add_argument_group("run")
    run.add_argument(
        "--chunk-size",
        type=int,
        default=chunk,
        metavar="N",
        help=f"{unit} per job (default {chunk:,}); part of what a resumed run must match",
    )
    run.add_argument(
        "--concurrency",
        type=int,
        default=concurrency,
        metavar="N",
        help=f"jobs in flight at once (default {concurrency})",
    )
    run.add_argument(
        "--max-wait",
        type=float,
        default=DEFAULT_MAX_WAIT,
        metavar="SECONDS",
        help=f"give up on a job unfinished after this long (default {DEFAULT_MAX_WAIT:g}, "
        "24 h); the jobs keep running and the same command resumes them",
    )
    run.add_argument(
        "--restart", action="store_true", help="discard a recorded unfinished run, start over"
    )
    run.add_argument("--strict", action="store_true", help="exit 1 if any row failed enrichment")
    run.add_argument("-q", "--quiet", action="store_true", help="print nothing but errors")
    run.add_argument(
        "--progress",
        choices=PROGRESS_MODES,
        default="auto",
        help="bar on a terminal, plain lines otherwise (auto), or none",
    )
    run.add_argument("-v", "--verbose", action="count", default=0, help="log more (-vv: debug)")
    files = parser.add_argument_group("input and output files")
    files.add_argument("--input-format", choices=INPUT_FORMATS, help="override the extension")
    files.add_argument("--output-format", choices=OUTPUT_FORMATS, help="override the extension")
    files.add_argument("--delimiter", metavar="C", help="CSV delimiter (default: detected)")
    files.add_argument("--encoding", metavar="ENC", help="CSV encoding (default: detected)")
    files.add_argument("--sheet", metavar="NAME", help="XLSX worksheet (default: the first)")
    add_file_options(files)
    add_spend_options(parser)


def _mapping_options(parser: argparse.ArgumentParser, fields: list[tuple[str, str, str]]) -> None:
    group = parser.add_argument_group(
        "column mapping",
        _para(
            "Columns are found from common header names; name one explicitly with these flags "
            "(header name, case-insensitive, or 1-based position), or '-' to ignore a field "
            "('--id-column -' numbers the rows)."
        ),
    )
    for flag, dest, what in fields:
        group.add_argument(flag, dest=dest, metavar="COLUMN", help=what)


def build_parser() -> argparse.ArgumentParser:
    """The whole ``bulk-enrich`` parser."""
    parser = argparse.ArgumentParser(
        prog="bulk-enrich",
        description="Enrich spreadsheets of locations with Ping.Data and Place Enrichment: "
        "resumable, chunked, with progress.",
        epilog=MAIN_EPILOG,
        formatter_class=_formatter,
    )
    parser.add_argument("--version", action="version", version=f"bulk-enrich {__version__}")
    top = parser.add_subparsers(dest="api", metavar="COMMAND")
    top.required = True
    top.add_parser(
        "emulator",
        help="serve both APIs locally (see 'bulk-enrich emulator --help')",
        add_help=False,
    )
    _build_ping(top)
    _build_places(top)
    return parser


def _build_ping(top: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    conn = _ping_connection()
    common = _common()
    ping = top.add_parser(
        "ping",
        help="Ping.Data: bulk enhance a spreadsheet, jobs, datasources, usage",
        description="Ping.Data commands.",
        epilog="examples:\n"
        "  bulk-enrich ping enhance sov.csv -o sov.enriched.csv --sources PG,PH\n"
        "  bulk-enrich ping status JOB_ID\n"
        "  bulk-enrich ping datasources\n\n" + PING_CONFIG,
        formatter_class=_formatter,
    )
    sub = ping.add_subparsers(dest="command", metavar="COMMAND")
    sub.required = True

    _add_enhance(sub, conn)
    _add_ping_queries(sub, conn, common)


def _add_enhance(
    sub: argparse._SubParsersAction[argparse.ArgumentParser], conn: argparse.ArgumentParser
) -> None:
    enhance = sub.add_parser(
        "enhance",
        parents=[conn],
        help="enrich every row of a spreadsheet (resumable)",
        description=_para(
            "Enhance every location of INPUT with the given datasources and write every input "
            "column, then PG.latitude, PH.fema_flood_zone, ... to OUTPUT, one row per input "
            "row. Rows that fail enrichment are kept, with SOURCE.is_success false and "
            "SOURCE.error_message."
        ),
        epilog=ENHANCE_EPILOG,
        formatter_class=_formatter,
    )
    enhance.add_argument(
        "--sources",
        required=True,
        metavar="CODES",
        help="datasource codes, comma-separated (e.g. PG,PH; see 'ping datasources')",
    )
    _run_options(
        enhance, chunk=DEFAULT_PING_CHUNK, concurrency=DEFAULT_PING_CONCURRENCY, unit="locations"
    )
    api = enhance.add_argument_group("API options")
    api.add_argument(
        "--include-raw-response", action="store_true", help="ask for raw source responses"
    )
    api.add_argument("--no-cache", action="store_true", help="ask the server not to use its cache")
    api.add_argument("--timeout", type=float, metavar="SEC", help="per-location server timeout")
    api.add_argument(
        "--allow-partial",
        action="store_true",
        help="run even when the remaining daily or monthly quota cannot cover every location",
    )
    _mapping_options(enhance, PING_MAPPING)


def _add_ping_queries(
    sub: argparse._SubParsersAction[argparse.ArgumentParser],
    conn: argparse.ArgumentParser,
    common: argparse.ArgumentParser,
) -> None:
    status = sub.add_parser(
        "status",
        parents=[conn, common],
        help="show a bulk enhance job's status",
        epilog="example:\n  bulk-enrich ping status 3c90c3cc-0d44-4b50-8888-8dd25736052a --json",
        formatter_class=_formatter,
    )
    status.add_argument("job_id", metavar="JOB_ID")

    download = sub.add_parser(
        "download",
        parents=[conn, common],
        help="download a finished job's output files",
        epilog="example:\n  bulk-enrich ping download 3c90c3cc-0d44-4b50-8888-8dd25736052a -d out/",
        formatter_class=_formatter,
    )
    download.add_argument("job_id", metavar="JOB_ID")
    download.add_argument("-d", "--dir", default=".", metavar="DIR", help="target directory")

    sub.add_parser(
        "datasources",
        parents=[conn, common],
        help="list the datasources your key may use",
        epilog="example:\n  bulk-enrich ping datasources",
        formatter_class=_formatter,
    )

    usage = sub.add_parser(
        "usage",
        parents=[conn, common],
        help="credit usage per datasource",
        epilog="examples:\n  bulk-enrich ping usage\n  bulk-enrich ping usage --start -7d",
        formatter_class=_formatter,
    )
    usage.add_argument("--start", metavar="WHEN", help="-5m, -1h, -30d or ISO 8601 (UTC)")
    usage.add_argument("--end", metavar="WHEN", help="as --start (default: now)")


def _build_places(top: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    conn = _place_connection()
    common = _common()
    places = top.add_parser(
        "places",
        help="Place Enrichment: enrich a spreadsheet of places, batches, results",
        description="Place Enrichment commands.",
        epilog="examples:\n"
        "  bulk-enrich places enrich stores.csv -o out.csv --org acme --attributes websites\n"
        "  bulk-enrich places batches --org acme --query stores\n"
        "  bulk-enrich places results BATCH_ID -o results.csv --org acme\n\n" + PLACE_CONFIG,
        formatter_class=_formatter,
    )
    sub = places.add_subparsers(dest="command", metavar="COMMAND")
    sub.required = True

    _add_enrich(sub, conn)
    _add_place_queries(sub, conn, common)


def _add_enrich(
    sub: argparse._SubParsersAction[argparse.ArgumentParser], conn: argparse.ArgumentParser
) -> None:
    enrich = sub.add_parser(
        "enrich",
        parents=[conn],
        help="enrich every row of a spreadsheet of places (resumable)",
        description=_para(
            "Enrich every place of INPUT with the given attributes and write every input "
            "column, then status, error_message, website, phone, ..., "
            "attribute_status.ATTRIBUTE to OUTPUT, one row per input row. An output column "
            "whose name an input column already has is prefixed 'enriched.'. Rows without a "
            "place name are not sent; their status is not_submitted."
        ),
        epilog=ENRICH_EPILOG,
        formatter_class=_formatter,
    )
    enrich.add_argument(
        "--attributes",
        required=True,
        metavar="NAMES",
        help="attributes, comma-separated (e.g. websites,phoneNumbers,openingHours)",
    )
    enrich.add_argument("--batch-name", metavar="NAME", help="batch name (default: INPUT's name)")
    _run_options(
        enrich, chunk=DEFAULT_PLACE_CHUNK, concurrency=DEFAULT_PLACE_CONCURRENCY, unit="places"
    )
    _mapping_options(enrich, PLACE_MAPPING)


def _add_place_queries(
    sub: argparse._SubParsersAction[argparse.ArgumentParser],
    conn: argparse.ArgumentParser,
    common: argparse.ArgumentParser,
) -> None:
    batch = sub.add_parser(
        "batch",
        parents=[conn, common],
        help="show a batch's status",
        epilog="example:\n  bulk-enrich places batch 6f1c... --org acme",
        formatter_class=_formatter,
    )
    batch.add_argument("batch_id", metavar="BATCH_ID")

    batches = sub.add_parser(
        "batches",
        parents=[conn, common],
        help="list batches",
        epilog="examples:\n  bulk-enrich places batches --org acme\n"
        '  bulk-enrich places batches --query "stores"',
        formatter_class=_formatter,
    )
    batches.add_argument("--query", metavar="TEXT", help="case-insensitive name substring")
    batches.add_argument("--limit", type=int, default=50, metavar="N", help="at most N (50)")

    reprocess = sub.add_parser(
        "reprocess",
        parents=[conn, common],
        help="run a batch's failed jobs again (--all: every job)",
        epilog="examples:\n  bulk-enrich places reprocess 6f1c... --org acme\n"
        "  bulk-enrich places reprocess 6f1c... --all --attributes websites",
        formatter_class=_formatter,
    )
    reprocess.add_argument("batch_id", metavar="BATCH_ID")
    reprocess.add_argument("--all", action="store_true", help="every job, not only failed ones")
    reprocess.add_argument("--attributes", metavar="NAMES", help="attributes, comma-separated")

    cancel = sub.add_parser(
        "cancel",
        parents=[conn, common],
        help="delete a batch: its unfinished jobs stop (finished ones stay billed)",
        epilog="example:\n  bulk-enrich places cancel 6f1c... --org acme",
        formatter_class=_formatter,
    )
    cancel.add_argument("batch_id", metavar="BATCH_ID")

    results = sub.add_parser(
        "results",
        parents=[conn, common],
        help="write a batch's job results to a file",
        epilog="example:\n  bulk-enrich places results 6f1c... -o results.csv --org acme",
        formatter_class=_formatter,
    )
    results.add_argument("batch_id", metavar="BATCH_ID")
    results.add_argument(
        "-o", "--output", required=True, metavar="FILE", help=".csv .xlsx .parquet .jsonl .json"
    )
