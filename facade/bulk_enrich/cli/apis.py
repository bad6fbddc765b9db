"""What differs between the two APIs a spreadsheet run can use, behind one small protocol.

The pipeline (:mod:`bulk_enrich.cli.enrich`) is the same for both: it reads and checks the
input, journals, runs, writes and summarizes, and asks an :class:`Api` for everything that
depends on the API: how a row becomes a request item, which client call runs the jobs, how
result columns are ordered, and how the summary counts.
"""

from __future__ import annotations

import contextlib
from collections import Counter
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple, Protocol, runtime_checkable

from bulk_enrich.batches import ResultBatch
from bulk_enrich.cli.journal import Journal
from bulk_enrich.cli.mapping import ColumnMapping
from bulk_enrich.cli.table import Row
from bulk_enrich.engine.inputs import Checked

#: The flat results a job at a time, in input order.
Results = Iterator[ResultBatch]
ProgressCallback = Callable[[Any], None]
#: Runs the items as jobs: ``(items, journal, work_dir, on_progress) -> results``.
Runner = Callable[[Checked, Journal, Path, ProgressCallback], Results]


class Item(NamedTuple):
    """A row as the API takes it: its id, and the request item, or why it is not sent."""

    id: str
    payload: dict[str, Any] | None
    not_sent: str = ""
    #: How the row is located (:data:`~bulk_enrich.cli.forms.FORMS`).
    form: str = ""


@dataclass
class Tally:
    """Successes and failures per source or attribute, and rows with any failure."""

    names: list[str]
    label: str
    rows: int = 0
    failed_rows: int = 0
    ok: Counter[str] = field(default_factory=Counter)
    failed: Counter[str] = field(default_factory=Counter)

    def add(self, row: dict[str, Any]) -> None:
        """Count one result row."""
        self.rows += 1
        if self.count(row):
            self.failed_rows += 1

    def count(self, row: dict[str, Any]) -> bool:
        """Count a row's names; True when the row failed."""
        raise NotImplementedError

    def add_columns(self, columns: Mapping[str, Sequence[Any]], count: int) -> None:
        """Count ``count`` result rows given column by column (as :meth:`add` each row)."""
        names = list(columns)
        for values in zip(*columns.values(), strict=True):
            self.add(dict(zip(names, values, strict=True)))
        if not names:
            for _ in range(count):
                self.add({})

    def head_lines(self) -> list[str]:
        """Lines printed before those per name."""
        return []

    def lines(self) -> list[str]:
        """Summary lines per source or attribute."""
        out = self.head_lines()
        for name in list(dict.fromkeys([*self.names, *self.ok, *self.failed])):
            out.append(
                f"{self.label} {name}: {self.ok[name]:,} succeeded, {self.failed[name]:,} failed"
            )
        return out


@runtime_checkable
class Api(Protocol):
    """One API's part in a spreadsheet run."""

    #: The command, as the journal records it and messages name it (``ping enhance``).
    command: str
    #: The column-mapping field set (``ping`` or ``places``).
    kind: str
    #: What the progress display counts (``locations``).
    unit: str

    def journal_options(self) -> dict[str, Any]:
        """The options that shape the jobs, which a resumed run must match."""
        ...

    def origin(self) -> str:
        """What job ids are scoped to: the API root (and organization)."""
        ...

    def item(self, mapping: ColumnMapping, row: Row) -> Item:
        """The request item of a row; raises :class:`InputError` for a bad value."""
        ...

    def not_sent_note(self, count: int) -> str:
        """The message for ``count`` rows that are not sent."""
        ...

    def not_sent_row(self, reason: str) -> dict[str, Any]:
        """The result row of an item that was never sent (or got no result)."""
        ...

    def column_key(self, column: str) -> tuple[Any, ...]:
        """A sort key giving result columns a stable order whatever order results arrive in."""
        ...

    def tally(self) -> Tally:
        """A new, empty count of the results."""
        ...

    def check_names(self) -> None:
        """Check the sources or attributes with the server (GET); :class:`UsageError` names
        an unknown one and the valid ones."""
        ...

    def check_quota(self, locations: int) -> list[str]:
        """Check what sending ``locations`` costs against what remains (GET); lines for
        the dry-run report. :class:`UsageError` when the run does not fit."""
        ...

    def cache_scope(self) -> dict[str, Any]:
        """What a cached result depends on besides the location and its name."""
        ...

    def cache_names(self) -> list[str]:
        """The names results are kept under, per location (sources, the attribute set)."""
        ...

    def split_result(self, row: dict[str, Any]) -> dict[str, dict[str, Any]]:
        """A result row's parts worth keeping, by name (only those that succeeded)."""
        ...

    def connect(self) -> contextlib.AbstractContextManager[Runner]:
        """Open the client; the runner it yields sends the items and yields the results."""
        ...


def api_origin(base_url: str, org: str | None = None) -> str:
    """What job ids are scoped to: the API root (and organization)."""
    root = base_url.rstrip("/")
    return f"{root}/v1/{org}" if org else root
