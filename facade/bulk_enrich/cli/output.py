"""The last stage of a spreadsheet run: input cells and results joined into the output.

The output is written while results arrive, a job's results at a time (a
:class:`~bulk_enrich.batches.ResultBatch`), in input order: every input column (from the rows
spooled by :mod:`bulk_enrich.cli.prepare`) plus the flattened result columns, as blocks of rows
(:mod:`bulk_enrich.cli.blocks`), to a first-pass file renamed over the output at the end.

The result columns are learned from the first results (:data:`COLUMN_SAMPLE` rows). When a
later result brings a column the sample did not show (or the format is Parquet, which needs
every column's type before row one) the output is written again once all results are in: the
results already written are read back from the first pass (CSV, TSV) or were spooled to disk
as they were written (other formats). Slower, never wrong.
"""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bulk_enrich.batches import ResultBatch
from bulk_enrich.cli.apis import Api, Tally
from bulk_enrich.cli.blocks import Block
from bulk_enrich.cli.errors import CliError
from bulk_enrich.cli.journal import parts_dir
from bulk_enrich.cli.prepare import Prepared
from bulk_enrich.cli.resultstore import ResultStore
from bulk_enrich.cli.reuse import Reuse
from bulk_enrich.cli.spans import Cursor, Span, out_of_order
from bulk_enrich.cli.values import ColumnTypes
from bulk_enrich.cli.writers import WriteSettings, write_table
from bulk_enrich.logs import get_logger

# Named as before the pipeline was split, so log lines keep their prefix.
logger = get_logger("bulk_enrich.cli.enrich")

ENRICHED_PREFIX = "enriched."
#: Results whose columns make the output's header before the first row is written.
COLUMN_SAMPLE = 5_000
#: Keys of a result row that are its id, never an output column.
ID_KEYS = ("id", "place_id")
#: Formats the first pass writes without spooling: a late column is recovered from the file.
READ_BACK = {"csv": ",", "tsv": "\t"}

Joined = Iterator[tuple[str, list[Any], dict[str, Any] | None]]
Batches = Iterator[ResultBatch]
#: ``(id, flat result row)`` pairs, in input order.
Rows = Iterator[tuple[str, dict[str, Any]]]


def output_columns(
    input_columns: list[str], found: Iterable[str], key: Callable[[str], tuple[Any, ...]]
) -> tuple[list[str], list[str]]:
    """``(result keys in order, output header)``: input columns first, then results.

    A result column whose name an input column already has gets the ``enriched.`` prefix.
    """
    enrichment = sorted((c for c in found if c not in ID_KEYS), key=key)
    taken = set(input_columns)
    headers = []
    for column in enrichment:
        name = column
        while name in taken:
            name = ENRICHED_PREFIX + name
        taken.add(name)
        headers.append(name)
    return enrichment, [*input_columns, *headers]


def shown_header(prepared: Prepared, fmt: str, columns: list[str]) -> list[str]:
    """``columns`` with the input's part as the file had it (a blank or repeated name kept)
    for the formats that allow it (CSV, TSV, XLSX); JSON and Parquet need unique names."""
    header = getattr(prepared.table, "header", None)
    if fmt not in ("csv", "tsv", "xlsx") or header is None or len(header) != len(prepared.columns):
        return columns
    return [*header, *columns[len(header) :]]


def joined(rows: Iterable[tuple[Any, ...]], results: Rows, reuse: Reuse | None = None) -> Joined:
    """Each input row's ``(id, cells, result)``; the result is None for a row without one.

    Results must come in input order, skipping rows without a result; anything else is a
    bug worth stopping for rather than a silently shuffled output. A row that was not sent
    because ``reuse`` answers it (a copy of an earlier row, a cached result) gets that answer.
    """
    if reuse is not None:
        reuse.start()
    pending = next(results, None)
    for item_id, values in rows:
        shared = reuse.shared(item_id) if reuse is not None else None
        if pending is not None and pending[0] == item_id:
            if shared is None:
                shared = pending[1]
                if reuse is not None:
                    reuse.arrived(item_id, shared)
            pending = next(results, None)
        yield item_id, values, shared
    if pending is not None:
        raise out_of_order(pending[0])


@dataclass
class OutputWriter:
    """Writes one run's output from the prepared input and the results."""

    output: Path
    fmt: str
    prepared: Prepared
    api: Api
    tally: Tally
    store: ResultStore
    settings: WriteSettings = field(default_factory=WriteSettings)
    late: list[ResultBatch] = field(default_factory=list)

    def result_of(self, item_id: str, result: dict[str, Any] | None) -> dict[str, Any]:
        """The result row, or the row standing in for a row that has none."""
        if result is not None:
            return result
        reason = self.prepared.skipped.get(item_id, "no result was returned")
        return self.api.not_sent_row(reason)

    def while_arriving(self, batches: Batches) -> int | None:
        """Write the output as results arrive; None when it must be written again.

        Returns the number of rows written, or None (with every result in the store, counted
        in the tally, and no output file) when the header learned from the first results
        (:data:`COLUMN_SAMPLE` rows at least) proved incomplete, or for Parquet. CSV and TSV
        rows are not spooled as they are written: on a late column the results written so far
        are read back from the first pass's file. Other formats spool every result.
        """
        if self.fmt == "parquet":
            for batch in batches:
                self.store.put_batch(batch)
            return None
        sample = _take(batches, COLUMN_SAMPLE)
        found: dict[str, None] = {}
        for batch in sample:
            found.update(dict.fromkeys(batch.names()))
        found.update(self.prepared.reuse.columns)
        enrichment, columns = output_columns(self.prepared.head, found, self.api.column_key)
        first_pass = parts_dir(self.output) / f"first-pass.{self.fmt}"
        arriving = self._arriving(sample, batches, {*enrichment, *ID_KEYS})
        blocks = self._blocks(arriving, enrichment)
        shown = shown_header(self.prepared, self.fmt, columns)
        count = write_table(first_pass, shown, blocks=blocks, fmt=self.fmt, settings=self.settings)
        if not self.late:
            first_pass.replace(self.output)
            return count
        logger.info(
            "result %s has a column not among the first results'; rewriting",
            self.late[0].ids[0] if self.late[0].ids else "",
        )
        if self.fmt in READ_BACK:
            ids = (record[0] for record in self.prepared.rows.replay())
            width = len(self.prepared.head)
            read_back(first_pass, self.settings, ids, width, enrichment, self.store)
        first_pass.unlink()
        for batch in [*self.late, *batches]:
            self.store.put_batch(batch)
        return None

    def _arriving(self, sample: list[ResultBatch], batches: Batches, known: set[str]) -> Batches:
        """The batches, up to (not including) the first with a column not in ``known``."""
        spool = self.fmt not in READ_BACK
        for batch in sample:
            if spool:
                self.store.put_batch(batch)
            yield batch
        sample.clear()
        for batch in batches:
            if not known.issuperset(batch.names()):
                self.late.append(batch)
                return
            if spool:
                self.store.put_batch(batch)
            yield batch

    def _blocks(self, arriving: Batches, enrichment: list[str]) -> Iterator[Block]:
        """The output rows a batch at a time: each batch with the input rows up to its last."""
        reuse = self.prepared.reuse
        reuse.start()
        cursor = Cursor(self.prepared.rows)
        for batch in arriving:
            if not batch.ids:
                continue
            span = cursor.until(batch.ids)
            if len(span.ids) == len(batch.ids):
                yield self._block(span, batch, enrichment)
            else:
                yield Block.of_rows(self._span_rows(span.rows(), batch, enrichment))
        if self.late:
            return  # the rows before the late result are written
        rest = [
            self._row(item_id, values, reuse.shared(item_id), enrichment)
            for item_id, values in cursor.rest()
        ]
        if rest:
            yield Block.of_rows(rest)

    def _block(self, span: Span, batch: ResultBatch, enrichment: list[str]) -> Block:
        """Input rows that each have their result in ``batch``, in its order."""
        reuse = self.prepared.reuse
        if reuse.copies or reuse.cache is not None:
            for index, item_id in enumerate(batch.ids):
                if reuse.wants(item_id):
                    reuse.arrived(item_id, batch.row(index))
        count = len(batch)
        columns = batch.series()  # polars Series when the batch was decoded by polars
        self.tally.add_columns(columns, count)
        nothing = [None] * count
        results = [columns.get(name, nothing) for name in enrichment]
        head = span.columns()
        return Block([*head, *results], count, len(head) if batch.exact else None)

    def _span_rows(
        self, span: list[tuple[str, list[Any]]], batch: ResultBatch, enrichment: list[str]
    ) -> list[list[Any]]:
        """Input rows among which some have no result in ``batch`` (not sent, reused)."""
        reuse = self.prepared.reuse
        out = []
        index = 0
        for item_id, values in span:
            shared = reuse.shared(item_id)
            if index < len(batch) and batch.ids[index] == item_id:
                if shared is None:
                    shared = batch.row(index)
                    reuse.arrived(item_id, shared)
                index += 1
            out.append(self._row(item_id, values, shared, enrichment))
        return out

    def _row(
        self, item_id: str, values: list[Any], result: dict[str, Any] | None, enrichment: list[str]
    ) -> list[Any]:
        row = self.result_of(item_id, result)
        self.tally.add(row)
        return [*values, *map(row.get, enrichment)]

    def from_store(self) -> int:
        """Every input column, then the result columns; one row per input row; atomic.

        The first ``tally.rows`` rows were counted by a first pass and are not counted again.
        """
        enrichment, columns = output_columns(
            self.prepared.head,
            [*self.store.columns, *self.prepared.reuse.columns],
            self.api.column_key,
        )
        types = ColumnTypes()
        if self.fmt == "parquet":  # Parquet needs the column types before row one
            for values in self._stored_rows(enrichment, None):
                types.observe_row(columns, values)
        rows = self._stored_rows(enrichment, self.tally)
        shown = shown_header(self.prepared, self.fmt, columns)
        return write_table(
            self.output, shown, rows, fmt=self.fmt, types=types, settings=self.settings
        )

    def _stored_rows(self, enrichment: list[str], tally: Tally | None) -> Iterator[list[Any]]:
        counted = tally.rows if tally is not None else 0
        rows = joined(self.prepared.rows.replay(), self.store.replay(), self.prepared.reuse)
        for index, (item_id, values, result) in enumerate(rows):
            row = self.result_of(item_id, result)
            if tally is not None and index >= counted:
                tally.add(row)
            yield [*values, *map(row.get, enrichment)]


def _take(batches: Batches, count: int) -> list[ResultBatch]:
    """The first batches, holding at least ``count`` rows (all, when there are fewer)."""
    sample: list[ResultBatch] = []
    rows = 0
    for batch in batches:
        sample.append(batch)
        rows += len(batch)
        if rows >= count:
            break
    return sample


def read_back(
    path: Path,
    settings: WriteSettings,
    ids: Iterable[str],
    width: int,
    enrichment: list[str],
    store: ResultStore,
) -> None:
    """Spool the result cells of the rows a first pass wrote (as text), ids from the input.

    ``width`` input columns come first in each row. With a newline as line terminator,
    ``csv.writer`` leaves a bare carriage return in a cell unquoted (only the terminator's
    characters make it quote), and ``csv.reader`` would end the record there: lines are then
    split on newlines only and each carriage return stands in as a character the file does not
    hold. With ``\r\n`` every cell holding either is quoted, and the file is read as it is.
    """
    delimiter = settings.delimiter or READ_BACK[path.suffix.lstrip(".")]
    stand_in = "\r" if settings.newline == "\r\n" else absent_character(path, settings.encoding)
    newline = "" if stand_in == "\r" else "\n"
    with path.open(encoding=settings.encoding, newline=newline) as fh:
        lines = fh if stand_in == "\r" else (line.replace("\r", stand_in) for line in fh)
        reader = csv.reader(lines, delimiter=delimiter)
        next(reader)  # the header
        for item_id, cells in zip(ids, reader, strict=False):
            values = [cell.replace(stand_in, "\r") for cell in cells[width:]]
            store.put(item_id, dict(zip(enrichment, values, strict=True)))


def absent_character(path: Path, encoding: str = "utf-8") -> str:
    """A private-use character that does not occur in the text file at ``path``."""
    for code in range(0xE000, 0xF900):
        candidate = chr(code)
        with path.open(encoding=encoding) as fh:
            if not any(candidate in block for block in iter(lambda: fh.read(1 << 20), "")):
                return candidate
    raise CliError("internal error: no private-use character is free to read the output back")
