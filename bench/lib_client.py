"""bulk-enrich's side of the polling and memory scenarios, using the library as users would.

``python -m bench.lib_client ping-poll --count N ...`` submits one job and waits for it on the
library's adaptive schedule; ``ping-download --job ID --format csv|parquet -o OUT`` reattaches
to a finished job, streams its output to disk, and converts it incrementally (CSV in one pass
when the first rows show every column, Parquet in two), so memory does not grow with the result.
"""

from __future__ import annotations

import argparse
import itertools
import json
import marshal
import struct
import sys
import tempfile
import time
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from bulk_enrich import PingData
from bulk_enrich.cli.writers import ColumnTypes, write_table
from bulk_enrich.ping.operations import iter_file_results

_LENGTH = struct.Struct("<I")  # a spooled row's length in bytes


def run_ping_poll(args: argparse.Namespace) -> None:
    """Submit one job of ``--count`` locations, wait for it, print when it was seen done."""
    from bench.datagen import location_dicts

    locations = location_dicts(args.count)
    with PingData(api_key=args.api_key, base_url=args.base_url) as ping:
        job = ping.submit(locations, args.sources.split(","))
        job.wait(timeout=args.timeout)
        known = time.time()
    print(json.dumps({"job_id": job.id, "known_at": known}))


#: Rows whose columns make the CSV header of the one-pass conversion.
SAMPLE = 5_000


class _LateColumn(Exception):
    """A row brought a column the first rows did not have."""


def run_ping_download(args: argparse.Namespace) -> None:
    """Download a finished job's output to disk and convert it to CSV or Parquet."""
    with (
        PingData(api_key=args.api_key, base_url=args.base_url) as ping,
        tempfile.TemporaryDirectory(prefix="bench-dl-", dir=args.output.parent) as tmp,
    ):
        job = ping.job(args.job)
        paths = job.download(tmp, validate=False)  # the conversion parses it, once
        size = sum(p.stat().st_size for p in paths)
        count = None
        if args.format == "csv":
            count = _one_pass(paths, job.id, args.output)
        if count is None:
            count = _two_passes(paths, job.id, args.output, args.format, Path(tmp))
    print(json.dumps({"rows": count, "result_bytes": size}))


def _one_pass(paths: list[Path], job_id: str, output: Path) -> int | None:
    """Columns from the first :data:`SAMPLE` rows, then every row written as it is parsed;
    None (and no file) if a later row brings a new column."""
    results = (result.to_row() for _, result in iter_file_results(paths, job_id))
    sample = list(itertools.islice(results, SAMPLE))
    columns: dict[str, None] = {}
    for row in sample:
        columns.update(dict.fromkeys(row))
    names = list(columns)

    def rows() -> Iterator[list[Any]]:
        for row in sample:
            yield list(map(row.get, names))
        sample.clear()
        for row in results:
            if not columns.keys() >= row.keys():
                raise _LateColumn
            yield list(map(row.get, names))

    try:
        return write_table(output, names, rows(), fmt="csv")
    except _LateColumn:
        return None


def _two_passes(paths: list[Path], job_id: str, output: Path, fmt: str, tmp: Path) -> int:
    """One pass parses and flattens each location, learning the columns (and, for Parquet,
    their types) and spooling the flat row with ``marshal``; the second writes the rows under
    the full header."""
    columns: dict[str, None] = {}
    types = ColumnTypes()
    spool = tmp / "rows.marshal"
    with open(spool, "wb") as fh:
        for _, result in iter_file_results(paths, job_id):
            row = result.to_row()
            columns.update(dict.fromkeys(row))
            if fmt == "parquet":
                types.observe_row(row, row.values())
            data = marshal.dumps(row)
            fh.write(_LENGTH.pack(len(data)))
            fh.write(data)
    names = list(columns)

    def rows() -> Iterator[list[Any]]:
        # Length-prefixed records read whole: marshal.load() on a file reads it in many
        # small calls, some 85 us a row against 10 us for marshal.loads().
        with open(spool, "rb") as fh:
            read, loads, unpack = fh.read, marshal.loads, _LENGTH.unpack
            while head := read(_LENGTH.size):
                row = loads(read(unpack(head)[0]))
                yield list(map(row.get, names))

    return write_table(output, names, rows(), fmt=fmt, types=types)


def main(argv: Sequence[str] | None = None) -> int:
    """Command line of the library-based bench client."""
    parser = argparse.ArgumentParser(prog="python -m bench.lib_client")
    sub = parser.add_subparsers(dest="command", required=True)
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--base-url", required=True)
    common.add_argument("--api-key", required=True)
    common.add_argument("--timeout", type=float, default=900.0)
    p = sub.add_parser("ping-poll", parents=[common])
    p.add_argument("--count", type=int, required=True)
    p.add_argument("--sources", default="PG")
    p = sub.add_parser("ping-download", parents=[common])
    p.add_argument("--job", required=True)
    p.add_argument("--format", choices=("csv", "parquet"), default="csv")
    p.add_argument("-o", "--output", type=Path, required=True)
    args = parser.parse_args(argv)
    {"ping-poll": run_ping_poll, "ping-download": run_ping_download}[args.command](args)
    return 0


if __name__ == "__main__":
    sys.exit(main())
