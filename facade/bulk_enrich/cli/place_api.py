"""``places enrich``'s part of a spreadsheet run: places sent to the Place Enrichment API."""

from __future__ import annotations

import contextlib
import functools
from collections import Counter
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bulk_enrich import PlaceEnrichment
from bulk_enrich.cli.apis import Item, ProgressCallback, Results, Runner, Tally, api_origin
from bulk_enrich.cli.errors import UsageError, in_cli_terms
from bulk_enrich.cli.journal import Journal
from bulk_enrich.cli.mapping import ColumnMapping
from bulk_enrich.cli.options import PlaceConnection, PlaceEnrichOptions
from bulk_enrich.cli.table import Row
from bulk_enrich.engine.inputs import Checked
from bulk_enrich.engine.wire import check_base_url
from bulk_enrich.errors import BulkEnrichError
from bulk_enrich.preflight import UnknownNameError, check_attributes

_GROUPS = {"status": 0, "error_message": 1}
NO_NAME = "no place name (the API requires one)"


def place_config(connection: PlaceConnection) -> tuple[str, str, str]:
    """``(key, host root, org)`` from flags and environment; exit 2 if incomplete."""
    from bulk_enrich.config import resolve_place

    try:
        key, root, org = resolve_place(connection.api_key, connection.base_url, connection.org)
        check_base_url(root)
    except BulkEnrichError as exc:
        raise UsageError(in_cli_terms(exc.message)) from None
    return key, root, org


@dataclass
class AttributeTally(Tally):
    """A row failed when its job did not complete; attributes count ``RUN`` statuses."""

    statuses: Counter[str] = field(default_factory=Counter)

    def add_columns(self, columns: Mapping[str, Sequence[Any]], count: int) -> None:
        """Count ``count`` rows from their ``status`` and ``attribute_status.*`` columns (lists,
        or polars Series)."""
        column: Any = columns.get("status")
        if hasattr(column, "value_counts"):  # a Series: its values are statuses already
            states = dict(column.value_counts().iter_rows())
        else:
            states = Counter(column or [None] * count)  # C speed
        counted: Counter[str] = Counter()
        for status, n in states.items():
            counted[str(status or "unknown")] += n
        self.statuses.update(counted)
        for attr in self.names:
            done = _count_run(columns.get(f"attribute_status.{attr}"))
            self.ok[attr] += done
            self.failed[attr] += count - done
        self.rows += count
        self.failed_rows += count - counted.get("completed", 0)

    def count(self, row: dict[str, Any]) -> bool:
        """Count the job status and each ``attribute_status.ATTRIBUTE``."""
        status = str(row.get("status") or "unknown")
        self.statuses[status] += 1
        for attr in self.names:
            if row.get(f"attribute_status.{attr}") == "RUN":
                self.ok[attr] += 1
            else:
                self.failed[attr] += 1
        return status != "completed"

    def head_lines(self) -> list[str]:
        """The jobs per status."""
        return ["jobs: " + ", ".join(f"{n} {s}" for s, n in sorted(self.statuses.items()))]


def _count_run(values: Any) -> int:
    """How many of ``values`` (a list, a polars Series, or None) are ``RUN``."""
    if values is None:
        return 0
    if hasattr(values, "dtype"):  # a Series
        import polars as pl

        return int((values == "RUN").sum()) if values.dtype == pl.String else 0
    return int(values.count("RUN"))


class PlaceApi:
    """Place Enrichment: one place job per named row, results in flat columns."""

    command = "places enrich"
    kind = "places"
    unit = "places"

    def __init__(self, options: PlaceEnrichOptions) -> None:
        self.options = options
        self.attributes = list(options.attributes)
        self.key, self.root, self.org = place_config(options.connection)

    def journal_options(self) -> dict[str, Any]:
        """Attributes, chunk size and batch name."""
        return {
            "attributes": self.attributes,
            "chunk_size": self.options.run.chunk_size,
            "batch_name": self.options.batch_name,
        }

    def origin(self) -> str:
        """The API root and organization."""
        return api_origin(self.root, self.org)

    def item(self, mapping: ColumnMapping, row: Row) -> Item:
        """A place job; a row without a place name is not sent."""
        job, form = mapping.place_located(row)
        if "name" in job["inputs"]:
            return Item(job["place_id"], job, "", form)
        return Item(job["place_id"], None, NO_NAME, form)

    def not_sent_note(self, count: int) -> str:
        """How many rows lack a name."""
        return f"{count:,} rows have no place name and are not sent"

    def not_sent_row(self, reason: str) -> dict[str, Any]:
        """Status ``not_submitted``, with ``reason``."""
        return {"status": "not_submitted", "error_message": reason}

    def check_names(self) -> None:
        """Check ``--attributes`` against ``/attributes``; spell them as the server does."""
        with self._client() as places:
            try:
                self.attributes = check_attributes(places, self.attributes)
            except UnknownNameError as exc:
                raise UsageError(
                    f"--attributes: unknown {', '.join(exc.unknown)}; valid: {', '.join(exc.valid)}"
                ) from None

    def check_quota(self, locations: int) -> list[str]:
        """The Place Enrichment API publishes no quota: what the run asks for."""
        return [f"{locations:,} places, each with {', '.join(self.attributes)}"]

    def cache_scope(self) -> dict[str, Any]:
        """What a cached result depends on besides the place and attributes."""
        return {"api": "places", "origin": self.origin()}

    def cache_names(self) -> list[str]:
        """One name for the attribute set: a result is kept whole."""
        return ["attributes:" + ",".join(sorted(self.attributes))]

    def split_result(self, row: dict[str, Any]) -> dict[str, dict[str, Any]]:
        """The whole row, when its job completed."""
        if row.get("status") != "completed":
            return {}
        return {self.cache_names()[0]: dict(row)}

    def _client(self) -> PlaceEnrichment:
        return PlaceEnrichment(api_key=self.key, org_slug=self.org, base_url=self.root)

    def column_key(self, column: str) -> tuple[Any, ...]:
        """status, error_message, the values, attribute_status.*, confidence.*."""
        if column in _GROUPS:
            return (_GROUPS[column], column)
        if column.startswith("attribute_status."):
            return (3, column)
        if column.startswith("confidence."):
            return (4, column)
        return (2, column)

    def tally(self) -> Tally:
        """Counts per attribute and per job status."""
        return AttributeTally(self.attributes, "attribute")

    @contextlib.contextmanager
    def connect(self) -> Iterator[Runner]:
        """A :class:`PlaceEnrichment` client for the run."""
        with self._client() as places:
            yield functools.partial(self._run, places)

    def _run(
        self,
        places: PlaceEnrichment,
        items: Checked,
        journal: Journal,
        work: Path,
        on_progress: ProgressCallback,
    ) -> Results:
        run = self.options.run
        batches = places.iter_enrich_batches(
            items,
            attributes=self.attributes,
            batch_name=self.options.batch_name,
            chunk_size=run.chunk_size,
            max_concurrency=run.concurrency,
            max_wait=run.max_wait,
            on_progress=on_progress,
            on_batch_created=journal.record,
            resume_batches=dict(journal.chunks),
            work_dir=work,
        )
        for _batch_id, batch in batches:
            yield batch
