"""``ping enhance`` and ``places enrich``: spreadsheet in, enriched spreadsheet out, resumable.

The run: read the whole input first, checking every row and building its API item (ids,
coordinates, place names: nothing is sent if any row is bad), open or resume the journal, send
the chunks, and write the output while results arrive: the input is read a second time in step
with the results (which come in input order), and every input column plus the flattened
enrichment columns goes to a first-pass file renamed over the output at the end.

The enrichment columns are learned from the first results (:data:`COLUMN_SAMPLE` rows). When a
later result brings a column the sample did not show (or the format is Parquet, which needs
every column's type before row one) the output is written again once all results are in: the
rows already written are read back from the first pass (CSV, TSV) or were spooled to disk as
they were written (other formats). Slower, never wrong.
"""

from __future__ import annotations

import argparse
import contextlib
import csv
import glob
import json
import logging
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TextIO

from bulk_enrich.cli.errors import EXIT_FAILED, EXIT_OK, CliError, InputError, UsageError
from bulk_enrich.cli.journal import Journal, journal_path, open_journal, parts_dir, remove_tree
from bulk_enrich.cli.mapping import FLAG_FOR_FIELD, ColumnMapping, detect_mapping
from bulk_enrich.cli.progress import Progress, format_duration, logs_through
from bulk_enrich.cli.readers import TableReader, file_sha256, open_table
from bulk_enrich.cli.resultstore import ResultStore
from bulk_enrich.cli.writers import ColumnTypes, check_writable_format, output_format, write_table

logger = logging.getLogger(__name__)

ENRICHED_PREFIX = "enriched."
#: Results whose columns make the output's header before the first row is written.
COLUMN_SAMPLE = 5_000
_FIRST_IN_SOURCE = {"is_success": 0, "error_message": 1, "status_code": 2}
_PLACE_GROUPS = (("status", 0), ("error_message", 1))


def split_list(text: str, what: str) -> list[str]:
    """``"PG, PH"`` -> ``["PG", "PH"]`` (order kept, duplicates dropped)."""
    items: list[str] = []
    for part in text.split(","):
        part = part.strip()
        if part and part not in items:
            items.append(part)
    if not items:
        raise UsageError(f"{what} must list at least one name, e.g. {what} PG,PH")
    return items


@dataclass
class Prepared:
    """The checked input: its ids in row order, the API item of every row sent, and the rows
    not sent (places without a name)."""

    table: TableReader
    mapping: ColumnMapping
    kind: str
    ids: list[str]
    skipped: dict[str, str] = field(default_factory=dict)
    sent: list[dict[str, Any]] = field(default_factory=list)

    def items(self) -> Iterator[dict[str, Any]]:
        """The location (Ping) or place job of every row sent, in row order."""
        return iter(self.sent)


def overrides_from(args: argparse.Namespace) -> dict[str, str | None]:
    """Field -> column given on the command line (``--city-column`` etc.)."""
    return {
        name: getattr(args, f"map_{name}")
        for name in FLAG_FOR_FIELD
        if getattr(args, f"map_{name}", None) is not None
    }


def prepare(args: argparse.Namespace, kind: str) -> Prepared:
    """Open the input, check every row and build its API item before anything is sent.

    A row that cannot be sent (an unreadable coordinate, a duplicate id) raises
    :class:`InputError` naming it. The items are kept: the client holds them for the whole
    run anyway (to match results, and to report the rows of a failed job).
    """
    table = open_table(
        Path(args.input),
        input_format=args.input_format,
        delimiter=args.delimiter,
        encoding=args.encoding,
        sheet=args.sheet,
    )
    mapping = detect_mapping(table.path, table.columns, kind, overrides_from(args))
    ids: list[str] = []
    skipped: dict[str, str] = {}
    first_row: dict[str, int] = {}
    sent: list[dict[str, Any]] = []
    id_column = mapping.column("id")
    build = mapping.location if kind == "ping" else mapping.place_job
    for row in table.rows():
        item = build(row)
        item_id = item["id"] if kind == "ping" else item["place_id"]
        first = first_row.setdefault(item_id, row.number)
        if first != row.number:
            raise InputError(
                table.path,
                f"duplicate id {item_id!r} (first at row {first}); ids must be "
                "unique: name another column with --id-column, or '--id-column -' to number rows",
                row=row.number,
                column=id_column,
                locator=row.where,
            )
        ids.append(item_id)
        if kind == "ping" or "name" in item["inputs"]:
            sent.append(item)
        else:
            skipped[item_id] = "no place name (the API requires one)"
    if not ids:
        raise InputError(table.path, "has a header but no data rows")
    return Prepared(table, mapping, kind, ids, skipped, sent)


def api_origin(base_url: str, org: str | None = None) -> str:
    """What job ids are scoped to: the API root (and organization)."""
    root = base_url.rstrip("/")
    return f"{root}/v1/{org}" if org else root


def column_order(kind: str, names: list[str]) -> Callable[[str], tuple[Any, ...]]:
    """A sort key giving enrichment columns a stable order whatever order results arrive in."""
    if kind == "ping":
        rank = {code: i for i, code in enumerate(names)}

        def ping_key(column: str) -> tuple[Any, ...]:
            code, _, rest = column.partition(".")
            return (rank.get(code, len(rank)), code, _FIRST_IN_SOURCE.get(rest, 9), rest)

        return ping_key

    groups = dict(_PLACE_GROUPS)

    def place_key(column: str) -> tuple[Any, ...]:
        if column in groups:
            return (groups[column], column)
        if column.startswith("attribute_status."):
            return (3, column)
        if column.startswith("confidence."):
            return (4, column)
        return (2, column)

    return place_key


@dataclass
class Tally:
    """Successes and failures per source (Ping) or per attribute (places)."""

    kind: str
    names: list[str]
    rows: int = 0
    failed_rows: int = 0
    ok: Counter[str] = field(default_factory=Counter)
    failed: Counter[str] = field(default_factory=Counter)
    statuses: Counter[str] = field(default_factory=Counter)

    def __post_init__(self) -> None:
        pattern = "{}.is_success" if self.kind == "ping" else "attribute_status.{}"
        self._keys = [(name, pattern.format(name)) for name in self.names]

    def add(self, row: dict[str, Any]) -> None:
        """Count one result row."""
        self.rows += 1
        row_failed = False
        if self.kind == "ping":
            for code, key in self._keys:
                if row.get(key) is True:
                    self.ok[code] += 1
                else:
                    self.failed[code] += 1
                    row_failed = True
        else:
            status = str(row.get("status") or "unknown")
            self.statuses[status] += 1
            row_failed = status != "completed"
            for attr, key in self._keys:
                if row.get(key) == "RUN":
                    self.ok[attr] += 1
                else:
                    self.failed[attr] += 1
        if row_failed:
            self.failed_rows += 1

    def lines(self) -> list[str]:
        """Summary lines per source or attribute."""
        out = []
        if self.kind == "places":
            out.append("jobs: " + ", ".join(f"{n} {s}" for s, n in sorted(self.statuses.items())))
        label = "source" if self.kind == "ping" else "attribute"
        for name in list(dict.fromkeys([*self.names, *self.ok, *self.failed])):
            out.append(f"{label} {name}: {self.ok[name]:,} succeeded, {self.failed[name]:,} failed")
        return out


class Console:
    """Messages to stderr, silenced by ``--quiet``."""

    def __init__(self, quiet: bool, stream: TextIO, progress: Progress | None = None) -> None:
        self.quiet = quiet
        self.stream = stream
        self.progress = progress

    def say(self, text: str) -> None:
        """Print one line (through the progress display when there is one)."""
        if self.quiet:
            return
        if self.progress is not None:
            self.progress.message(text)
        else:
            print(text, file=self.stream, flush=True)


Runner = Callable[
    [Iterator[dict[str, Any]], Journal, Path, Callable[[Any], None]],
    Iterator[tuple[str, dict[str, Any]]],
]


def run_enrichment(
    args: argparse.Namespace,
    *,
    kind: str,
    names: list[str],
    options: dict[str, Any],
    origin: str,
    runner_factory: Callable[[], tuple[Runner, Callable[[], None]]],
    stream: TextIO,
) -> int:
    """The shared run: validate, journal, enrich, store, write, summarize."""
    started = time.monotonic()
    output = Path(args.output)
    fmt = output_format(output, args.output_format)
    check_writable_format(fmt)
    if args.chunk_size < 1:
        raise UsageError("--chunk-size must be at least 1")
    if args.concurrency < 1:
        raise UsageError("--concurrency must be at least 1")
    if not args.max_wait > 0:
        raise UsageError("--max-wait must be a positive number of seconds")
    if output.resolve() == Path(args.input).resolve():
        raise UsageError("the output would overwrite the input; choose another -o")
    prepared = prepare(args, kind)
    table = prepared.table
    command = "ping enhance" if kind == "ping" else "places enrich"
    options = json.loads(json.dumps({**options, "mapping": prepared.mapping.as_dict()}))
    fresh = Journal(
        path=journal_path(output),
        command=command,
        input_path=str(table.path.resolve()),
        input_sha256=file_sha256(table.path),
        options=options,
        origin=origin,
    )
    output.parent.mkdir(parents=True, exist_ok=True)
    journal, resumed = open_journal(fresh, restart=args.restart)
    # Temporary files of an earlier run of this output that was killed mid-write.
    for stale in output.parent.glob(f".{glob.escape(output.name)}.*.tmp"):
        with contextlib.suppress(OSError):
            stale.unlink()
    unit = "locations" if kind == "ping" else "places"
    mode = "none" if args.quiet else args.progress
    progress = Progress(mode=mode, unit=unit, stream=stream)
    console = Console(args.quiet, stream)
    console.say(f"input: {table.path.name}, {table.describe()}, {len(prepared.ids):,} rows")
    console.say(f"mapping: {prepared.mapping.describe()}")
    if prepared.skipped:
        console.say(f"{len(prepared.skipped):,} rows have no place name and are not sent")
    if resumed:
        console.say(
            f"resuming: {len(journal.chunks)} recorded job(s) from {journal.path.name} "
            "are reattached, not resubmitted"
        )
    console.progress = progress

    work = parts_dir(output)
    work.mkdir(parents=True, exist_ok=True)
    tally = Tally(kind, names)
    jobs_total = 0

    def on_progress(state: Any) -> None:
        nonlocal jobs_total
        jobs_total = int(getattr(state, "jobs_total", 0) or 0)
        progress.update(
            int(getattr(state, "completed", 0) or 0) + len(prepared.skipped),
            len(prepared.ids),
            int(getattr(state, "jobs_done", 0) or 0),
            jobs_total,
        )

    store = ResultStore(work / "results.spool")
    try:
        runner, close = runner_factory()
        try:
            with logs_through(progress):
                results = runner(prepared.items(), journal, work, on_progress)
                rows_written = write_while_arriving(
                    output, fmt, prepared, results, store, kind, names, tally
                )
        finally:
            progress.close()
            console.progress = None
            close()
        if rows_written is None:
            if fmt != "parquet":
                console.say("a column appeared after the first results: writing the output again")
            rows_written = write_output(output, fmt, prepared, store, kind, names, tally)
    except BaseException:
        store.close()
        if not journal.chunks:  # nothing to resume: leave no journal behind
            journal.delete()
            remove_tree(work)
        raise
    store.close()
    jobs = len(journal.chunks)
    journal.delete()
    remove_tree(work)
    elapsed = time.monotonic() - started
    console.say(
        f"done: {rows_written:,} rows written to {output} "
        f"({tally.failed_rows:,} with a failure), {jobs} job(s), "
        f"{format_duration(elapsed)}"
    )
    for line in tally.lines():
        console.say("  " + line)
    if args.strict and tally.failed_rows:
        console.say(f"--strict: {tally.failed_rows:,} rows failed enrichment")
        return EXIT_FAILED
    return EXIT_OK


def skipped_row(kind: str, item_id: str, names: list[str], reason: str) -> dict[str, Any]:
    """The result row of an item that was never sent."""
    if kind == "ping":
        row: dict[str, Any] = {}
        for code in names:
            row[f"{code}.is_success"] = False
            row[f"{code}.error_message"] = reason
        return row
    return {"status": "not_submitted", "error_message": reason}


def output_columns(
    table: TableReader, found: Iterable[str], kind: str, names: list[str]
) -> tuple[list[str], list[str]]:
    """``(enrichment keys in order, output header)``: input columns first, then enrichment.

    An enrichment column whose name an input column already has gets the ``enriched.`` prefix.
    """
    enrichment = sorted(
        (c for c in found if c not in ("id", "place_id")), key=column_order(kind, names)
    )
    taken = set(table.columns)
    headers = []
    for column in enrichment:
        name = column
        while name in taken:
            name = ENRICHED_PREFIX + name
        taken.add(name)
        headers.append(name)
    return enrichment, [*table.columns, *headers]


def in_input_order(
    ids: Iterable[str], results: Iterator[tuple[str, dict[str, Any]]]
) -> Iterator[tuple[str, dict[str, Any] | None]]:
    """Pair each input id with its result (None for an id that has none, e.g. a skipped row).

    Results must come in the order of ``ids``, skipping ids without a result; anything else is
    a bug worth stopping for rather than a silently shuffled output.
    """
    pending = next(results, None)
    for item_id in ids:
        if pending is not None and pending[0] == item_id:
            yield item_id, pending[1]
            pending = next(results, None)
        else:
            yield item_id, None
    if pending is not None:
        raise CliError(f"internal error: result for {pending[0]!r} arrived out of input order")


#: Formats the first pass writes without spooling: a late column is recovered from the file.
_READ_BACK = {"csv": ",", "tsv": "\t"}


def write_while_arriving(
    output: Path,
    fmt: str,
    prepared: Prepared,
    results: Iterator[tuple[str, dict[str, Any]]],
    store: ResultStore,
    kind: str,
    names: list[str],
    tally: Tally,
) -> int | None:
    """Write the output as results arrive; None when it must be written again from ``store``.

    Returns the number of rows written, or None (with every result in ``store``, counted in
    ``tally``, and no output file) when the header learned from the first
    :data:`COLUMN_SAMPLE` results proved incomplete, or for Parquet. CSV and TSV rows are
    not spooled as they are written: on a late column the rows written so far are read
    back from the first pass's file. Other formats spool every row.
    """
    if fmt == "parquet":
        for item_id, row in results:
            store.put(item_id, row)
        return None
    spool = fmt not in _READ_BACK
    sample: list[tuple[str, dict[str, Any]]] = []
    for item_id, row in results:
        sample.append((item_id, row))
        if len(sample) >= COLUMN_SAMPLE:
            break
    found: dict[str, None] = {}
    for _item_id, row in sample:
        found.update(dict.fromkeys(row))
    enrichment, columns = output_columns(prepared.table, found, kind, names)
    known = set(enrichment)
    known.update(("id", "place_id"))
    late: list[tuple[str, dict[str, Any]]] = []  # the result that brought a new column

    def arriving() -> Iterator[tuple[str, dict[str, Any]]]:
        for pair in sample:
            if spool:
                store.put(*pair)
            yield pair
        sample.clear()
        for item_id, row in results:
            if not known.issuperset(row):
                late.append((item_id, row))
                return
            if spool:
                store.put(item_id, row)
            yield item_id, row

    def rows() -> Iterator[list[Any]]:
        get_skipped = prepared.skipped.get
        matched = in_input_order(prepared.ids, arriving())
        for row, (item_id, result) in zip(prepared.table.rows(), matched, strict=True):
            if late and result is None:
                return  # the rows before the late result are written
            if result is None:
                reason = get_skipped(item_id, "no result was returned")
                result = skipped_row(kind, item_id, names, reason)
            tally.add(result)
            yield [*row.values, *map(result.get, enrichment)]

    first_pass = parts_dir(output) / f"first-pass.{fmt}"
    count = write_table(first_pass, columns, rows(), fmt=fmt)
    if not late:
        first_pass.replace(output)
        return count
    logger.info("result %s has a column not among the first results'; rewriting", late[0][0])
    if not spool:
        _read_back(first_pass, _READ_BACK[fmt], prepared, enrichment, store)
    first_pass.unlink()
    for item_id, row in [*late, *results]:
        store.put(item_id, row)
    return None


def _read_back(
    path: Path, delimiter: str, prepared: Prepared, enrichment: list[str], store: ResultStore
) -> None:
    """Spool the enrichment cells of the rows a first pass wrote (as text), ids from the input.

    ``csv.writer`` leaves a bare carriage return in a cell unquoted (only the line terminator,
    a newline, makes it quote), and ``csv.reader`` would end the record there: lines are split
    on newlines only and each carriage return stands in as a character the file does not hold.
    """
    stand_in = _absent_character(path)
    skip = len(prepared.table.columns)
    with path.open(encoding="utf-8", newline="\n") as fh:
        lines = (line.replace("\r", stand_in) for line in fh)
        reader = csv.reader(lines, delimiter=delimiter)
        next(reader)  # the header
        for item_id, cells in zip(prepared.ids, reader, strict=False):
            values = [cell.replace(stand_in, "\r") for cell in cells[skip:]]
            store.put(item_id, dict(zip(enrichment, values, strict=True)))


def _absent_character(path: Path) -> str:
    """A private-use character that does not occur in the UTF-8 file at ``path``."""
    for code in range(0xE000, 0xF900):
        candidate = chr(code)
        with path.open(encoding="utf-8") as fh:
            if not any(candidate in block for block in iter(lambda: fh.read(1 << 20), "")):
                return candidate
    raise CliError("internal error: no private-use character is free to read the output back")


def write_output(
    output: Path,
    fmt: str,
    prepared: Prepared,
    store: ResultStore,
    kind: str,
    names: list[str],
    tally: Tally,
) -> int:
    """Every input column, then the enrichment columns; one row per input row; atomic.

    The first ``tally.rows`` rows were counted by a first pass and are not counted again.
    """
    table = prepared.table
    enrichment, columns = output_columns(table, store.columns, kind, names)
    types = ColumnTypes()
    counted = tally.rows

    def rows(count: bool) -> Iterator[list[Any]]:
        matched = in_input_order(prepared.ids, store.replay())
        pairs = zip(table.rows(), matched, strict=True)
        for index, (row, (item_id, result)) in enumerate(pairs):
            if result is None:
                reason = prepared.skipped.get(item_id, "no result was returned")
                result = skipped_row(kind, item_id, names, reason)
            values = [*row.values, *map(result.get, enrichment)]
            if count:
                if index >= counted:
                    tally.add(result)
            else:
                types.observe_row(columns, values)
            yield values

    if fmt == "parquet":
        for _values in rows(count=False):  # Parquet needs the column types before row one
            pass
    return write_table(output, columns, rows(count=True), fmt=fmt, types=types)
