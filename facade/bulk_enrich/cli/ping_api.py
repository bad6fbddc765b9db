"""``ping enhance``'s part of a spreadsheet run: locations sent to Ping.Data Bulk Enhance."""

from __future__ import annotations

import contextlib
import functools
import operator
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from itertools import repeat
from pathlib import Path
from typing import Any

from bulk_enrich import PingData
from bulk_enrich.cli.apis import Item, ProgressCallback, Results, Runner, Tally, api_origin
from bulk_enrich.cli.errors import UsageError, api_path_hint, in_cli_terms
from bulk_enrich.cli.forms import NO_FORM
from bulk_enrich.cli.journal import Journal
from bulk_enrich.cli.mapping import ColumnMapping
from bulk_enrich.cli.options import PingConnection, PingEnhanceOptions
from bulk_enrich.cli.table import Row
from bulk_enrich.engine.inputs import Checked
from bulk_enrich.engine.wire import check_base_url
from bulk_enrich.errors import BulkEnrichError
from bulk_enrich.preflight import (
    QuotaExceededError,
    UnknownNameError,
    check_quota,
    check_sources,
    remaining_quota,
)

NOTHING_TO_LOCATE = "no address, city, state, ZIP or coordinates to look up"
_FIRST_IN_SOURCE = {"is_success": 0, "error_message": 1, "status_code": 2}


def ping_config(connection: PingConnection) -> tuple[str, str]:
    """``(key, base_url)`` from flags, environment and ~/.pingintel.ini; exit 2 if incomplete."""
    from bulk_enrich.config import resolve_ping

    try:
        key, base_url = resolve_ping(
            connection.api_key, connection.base_url, connection.environment
        )
        check_base_url(base_url)
    except BulkEnrichError as exc:
        raise UsageError(in_cli_terms(exc.message)) from None
    hint = api_path_hint(base_url)
    if hint is not None:
        raise UsageError(hint)
    return key, base_url


@dataclass
class SourceTally(Tally):
    """A row failed when any source did not succeed for it."""

    def add_columns(self, columns: Mapping[str, Sequence[Any]], count: int) -> None:
        """Count ``count`` rows from their ``SOURCE.is_success`` columns (lists, or polars
        Series): a source succeeded where its value is ``True`` (a bool, not 1 or "true")."""
        found = [columns.get(f"{code}.is_success") for code in self.names]
        passed, every = _passes_series(found) if _booleans(found) else _passes(found, count)
        for code, ok in zip(self.names, passed, strict=True):
            self.ok[code] += ok
            self.failed[code] += count - ok
        self.rows += count
        self.failed_rows += count - every

    def count(self, row: dict[str, Any]) -> bool:
        """Count each source's ``SOURCE.is_success``."""
        row_failed = False
        for code in self.names:
            if row.get(f"{code}.is_success") is True:
                self.ok[code] += 1
            else:
                self.failed[code] += 1
                row_failed = True
        return row_failed


def _booleans(found: list[Any]) -> bool:
    """Whether each column is a polars Boolean Series or missing (counted by polars)."""
    present = [s for s in found if s is not None]
    if not present or not all(hasattr(s, "dtype") for s in present):
        return False
    import polars as pl

    return all(s.dtype == pl.Boolean for s in present)


def _passes(found: list[Any], count: int) -> tuple[list[int], int]:
    """``(rows passed per column, rows passed by all)`` of lists (or any Series) of values."""
    every = [True] * count
    passed = []
    for success in found:
        if success is None:
            ok = [False] * count
        else:
            values = success.to_list() if hasattr(success, "to_list") else success
            ok = list(map(operator.is_, values, repeat(True)))
        passed.append(sum(ok))
        every = list(map(operator.and_, every, ok))
    return passed, sum(every)


def _passes_series(found: list[Any]) -> tuple[list[int], int]:
    """:func:`_passes` of Boolean Series (or None), by the Series' own kernels (a null is no
    pass: a sum counts the trues, and null and true is null)."""
    present = [s for s in found if s is not None]
    passed = [0 if s is None else int(s.sum()) for s in found]
    if len(present) < len(found):
        return passed, 0
    every = present[0]
    for success in present[1:]:
        every = every & success
    return passed, int(every.sum())


def _amount(value: int | None) -> str:
    return "unlimited" if value is None else f"{value:,}"


class PingApi:
    """Ping.Data Bulk Enhance: one location per row, results in ``SOURCE.field`` columns."""

    command = "ping enhance"
    kind = "ping"
    unit = "locations"

    def __init__(self, options: PingEnhanceOptions) -> None:
        self.options = options
        self.sources = list(options.sources)
        self.key, self.base_url = ping_config(options.connection)
        self._rank = {code: i for i, code in enumerate(self.sources)}

    def journal_options(self) -> dict[str, Any]:
        """Sources, chunk size and the request options."""
        return {
            "sources": self.sources,
            "chunk_size": self.options.run.chunk_size,
            "include_raw_response": self.options.include_raw_response,
            "check_cache": self.options.check_cache,
            "timeout": self.options.timeout,
        }

    def origin(self) -> str:
        """The API root."""
        return api_origin(self.base_url)

    def item(self, mapping: ColumnMapping, row: Row) -> Item:
        """A ``BatchLocation`` in the row's richest form; a row with nothing to locate is not
        sent."""
        location, form = mapping.located(row)
        if form == NO_FORM:
            return Item(location["id"], None, NOTHING_TO_LOCATE, form)
        return Item(location["id"], location, "", form)

    def not_sent_note(self, count: int) -> str:
        """How many rows have nothing to locate."""
        return f"{count:,} rows have no address, ZIP or coordinates and are not sent"

    def not_sent_row(self, reason: str) -> dict[str, Any]:
        """Every source failed, with ``reason``."""
        row: dict[str, Any] = {}
        for code in self.sources:
            row[f"{code}.is_success"] = False
            row[f"{code}.error_message"] = reason
        return row

    def check_names(self) -> None:
        """Check ``--sources`` against ``/datasources``; spell them as the server does."""
        with self._client() as ping:
            try:
                self.sources = check_sources(ping, self.sources)
            except UnknownNameError as exc:
                raise UsageError(
                    f"--sources: unknown {', '.join(exc.unknown)}; valid: {', '.join(exc.valid)}"
                ) from None
        self._rank = {code: i for i, code in enumerate(self.sources)}

    def check_quota(self, locations: int) -> list[str]:
        """Credits per source against ``/limits``; exit 2 when they do not fit (unless
        ``--allow-partial``). Lines for the dry-run report."""
        with self._client() as ping:
            remaining = remaining_quota(ping, self.sources)
        lines = []
        for code, left in remaining.items():
            lines.append(
                f"source {code}: {locations:,} credits; remaining today "
                f"{_amount(left.daily)}, this month {_amount(left.monthly)}"
            )
        try:
            check_quota(remaining, locations)
        except QuotaExceededError as exc:
            if not self.options.allow_partial:
                raise UsageError(
                    f"{exc.message}; nothing was sent (--allow-partial runs it anyway, "
                    "the locations past the quota then fail)"
                ) from None
        return lines

    def cache_scope(self) -> dict[str, Any]:
        """What a cached result depends on besides the location and source."""
        return {
            "api": "ping",
            "origin": self.origin(),
            "include_raw_response": self.options.include_raw_response,
            "timeout": self.options.timeout,
        }

    def cache_names(self) -> list[str]:
        """The sources: a result is kept per source."""
        return list(self.sources)

    def split_result(self, row: dict[str, Any]) -> dict[str, dict[str, Any]]:
        """The ``SOURCE.*`` columns of each source that succeeded."""
        parts: dict[str, dict[str, Any]] = {}
        for code in self.sources:
            if row.get(f"{code}.is_success") is True:
                prefix = code + "."
                parts[code] = {k: v for k, v in row.items() if k.startswith(prefix)}
        return parts

    def _client(self) -> PingData:
        return PingData(api_key=self.key, base_url=self.base_url)

    def column_key(self, column: str) -> tuple[Any, ...]:
        """Sources in ``--sources`` order; in each, is_success, error_message, status_code."""
        code, _, rest = column.partition(".")
        rank = self._rank
        return (rank.get(code, len(rank)), code, _FIRST_IN_SOURCE.get(rest, 9), rest)

    def tally(self) -> Tally:
        """Counts per source."""
        return SourceTally(self.sources, "source")

    @contextlib.contextmanager
    def connect(self) -> Iterator[Runner]:
        """A :class:`PingData` client for the run."""
        with self._client() as ping:
            yield functools.partial(self._run, ping)

    def _run(
        self,
        ping: PingData,
        items: Checked,
        journal: Journal,
        work: Path,
        on_progress: ProgressCallback,
    ) -> Results:
        options = self.options
        extra: dict[str, Any] = {}
        if options.include_raw_response:
            extra["include_raw_response"] = True
        if not options.check_cache:
            extra["check_cache"] = False
        if options.timeout is not None:
            extra["fetch_timeout"] = options.timeout
        batches = ping.iter_enhance_batches(
            items,
            sources=self.sources,
            chunk_size=options.run.chunk_size,
            max_concurrency=options.run.concurrency,
            max_wait=options.run.max_wait,
            on_progress=on_progress,
            on_job_created=journal.record,
            resume_jobs=dict(journal.chunks),
            work_dir=work,
            on_invalid="fail",
            **extra,
        )
        for _job_id, batch in batches:
            yield batch
