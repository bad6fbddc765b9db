"""The first stage of a spreadsheet run: read the input once, check every row, build items.

Nothing is sent if any row is bad, so every row is checked before the first job: the items
to send are kept (the client holds them for the whole run anyway, to match results and to
report the rows of a failed job), and each row's id, cells and location form are spooled to
disk for the output, which copies them: the input is not read again.
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bulk_enrich.cli.apis import Api
from bulk_enrich.cli.columnar_input import read_frame
from bulk_enrich.cli.columnar_prepare import (
    columnar_or_none,
    fill_columns,
    importing_columnar,
    read_ahead,
    whole_file,
)
from bulk_enrich.cli.errors import InputError
from bulk_enrich.cli.forms import FORMS
from bulk_enrich.cli.framerows import FrameRows
from bulk_enrich.cli.lazyitems import LazyItems
from bulk_enrich.cli.mapping import ColumnMapping, detect_mapping
from bulk_enrich.cli.options import RunOptions
from bulk_enrich.cli.readers import CsvReader, check_input, open_table, scan_bytes, scan_file
from bulk_enrich.cli.reuse import Reuse, dedupe
from bulk_enrich.cli.spool import RecordSpool
from bulk_enrich.cli.table import TableReader

#: Request items: a list, or made from columns as they are read.
Items = Sequence[dict[str, Any]] | LazyItems

#: The output column naming how each row was located.
FORM_COLUMN = "input_form"


@dataclass
class Prepared:
    """The checked input: header, mapping, hash; ``rows`` holds ``(id, cells)`` per row."""

    table: TableReader
    mapping: ColumnMapping
    sha256: str
    #: ``(id, [cells..., form])`` per row: spooled, or the columnar reader's frame.
    rows: RecordSpool | FrameRows
    #: The items to send (made as they are read, for a CSV input read column-wise).
    sent: Items = field(default_factory=list)
    #: The ids of ``sent``, in step.
    sent_ids: list[str] = field(default_factory=list)
    #: Rows answered without being sent (copies of earlier rows, cached results).
    reuse: Reuse = field(default_factory=Reuse)
    #: id -> why its row is not sent.
    skipped: dict[str, str] = field(default_factory=dict)
    #: The input's line ending (``\r\n`` or ``\n``), for a CSV output to follow.
    newline: str = "\n"
    #: Rows per location form.
    forms: Counter[str] = field(default_factory=Counter)

    @property
    def count(self) -> int:
        """The number of data rows."""
        return self.rows.count

    @property
    def columns(self) -> list[str]:
        """The input's header."""
        return self.table.columns

    @property
    def head(self) -> list[str]:
        """The input's header and the column recording each row's form (``input_form``)."""
        name = FORM_COLUMN
        while name in self.table.columns:
            name = "enriched." + name
        return [*self.table.columns, name]

    def describe_forms(self) -> str:
        """``3 structured, 1 one-line, 1 coordinates, 1 none`` (forms with rows only)."""
        return ", ".join(f"{self.forms[f]:,} {f}" for f in FORMS if self.forms[f])

    def journal_options(self, api: Api) -> dict[str, Any]:
        """The API's job-shaping options plus the mapping, as plain JSON."""
        sent = hashlib.sha256("\n".join(self.sent_ids).encode("utf-8")).hexdigest()
        options = {**api.journal_options(), "mapping": self.mapping.as_dict(), "sent": sent}
        loaded: dict[str, Any] = json.loads(json.dumps(options))
        return loaded


def prepare(api: Api, run: RunOptions, spool_path: Path) -> Prepared:
    """Open the input, check every row and build its API item before anything is sent.

    The file is read twice at most: once for its hash (and encoding), once for its rows (a
    CSV file that :mod:`~bulk_enrich.cli.columnar_input` can read is read whole once, and its
    header once more). A
    row that cannot be sent (an unreadable coordinate, a duplicate id) raises
    :class:`InputError` naming it.
    """
    fmt = check_input(run.input, run.input_format)
    ahead = read_ahead(run.input) if fmt == "csv" else None
    with importing_columnar(fmt == "csv"):
        data, sha256 = ahead if ahead is not None else (None, None)
        if data is None and fmt == "csv":
            data = whole_file(run.input)
        scan = scan_file(run.input) if data is None else scan_bytes(data, sha256)
    table = open_table(
        run.input,
        input_format=run.input_format,
        delimiter=run.delimiter,
        encoding=run.encoding,
        sheet=run.sheet,
        scan=scan,
        header_row=run.header_row,
    )
    try:
        mapping = detect_mapping(table.path, table.columns, api.kind, run.columns)
        frame = None
        if data is not None and isinstance(table, CsvReader):
            frame = columnar_or_none(read_frame, table, data, scan.encoding)
        ascii_text = data is not None and data.isascii()  # (then no cell needs more care)
        del data
        prepared = Prepared(table, mapping, scan.sha256, RecordSpool(spool_path))
        if isinstance(table, CsvReader):
            prepared.newline = scan.newline
        try:
            keep_keys = run.cache is not None  # the location keys serve the cache only
            if frame is not None and columnar_or_none(
                fill_columns, api, prepared, frame, run.dedupe, keep_keys, ascii_text
            ):
                return prepared
            del frame
            sent = _read_rows(api, prepared)
            if run.dedupe:
                prepared.sent, prepared.sent_ids = dedupe(
                    sent, prepared.sent_ids, prepared.reuse, keep_keys
                )
        except BaseException:
            prepared.rows.close()
            raise
    finally:
        table.close()
    return prepared


def _read_rows(api: Api, prepared: Prepared) -> list[dict[str, Any]]:
    """Spool every row and make its item, row by row; the items to send."""
    table, mapping = prepared.table, prepared.mapping
    first_row: dict[str, int] = {}
    rows = prepared.rows
    assert isinstance(rows, RecordSpool)  # the row-wise reader spools its rows
    put = rows.put
    sent: list[dict[str, Any]] = []
    prepared.sent = sent
    sent_ids = prepared.sent_ids
    for row in table.rows():
        item = api.item(mapping, row)
        first = first_row.setdefault(item.id, row.number)
        if first != row.number:
            raise InputError(
                table.path,
                f"duplicate id {item.id!r} (first at row {first}); ids must be "
                "unique: name another column with --id-column, or '--id-column -' to number rows",
                row=row.number,
                column=mapping.column("id"),
                locator=row.where,
            )
        put((item.id, [*row.values, item.form]))
        prepared.forms[item.form] += 1
        if item.payload is not None:
            sent.append(item.payload)
            sent_ids.append(item.id)
        else:
            prepared.skipped[item.id] = item.not_sent
    if not first_row:
        raise InputError(table.path, "has a header but no data rows")
    return sent
