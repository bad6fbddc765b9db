"""Result objects: raw dicts underneath, typed views on demand, flat rows for spreadsheets.

Results of millions of locations are kept as the raw dicts the server sent; the typed view of a
source item (:class:`SourceData`) or the generated model of a place (``PlaceJobResult``) is
built on first access and cached. Flattening works directly on the raw dicts; ``to_rows()`` and
``to_pandas()`` give every row the run's one schema (:mod:`bulk_enrich.tables`).
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Iterator, Mapping, Sequence
from typing import TYPE_CHECKING, Any, TypeVar

from bulk_enrich.engine.coerce import Kind
from bulk_enrich.flatten import SOURCE_BASE_COLUMNS as SOURCE_BASE_COLUMNS
from bulk_enrich.flatten import cell, output_value
from bulk_enrich.flatten import flatten as flatten
from bulk_enrich.flatten import flatten_source as flatten_source
from bulk_enrich.logs import get_logger
from bulk_enrich.sourcedata import SourceData as SourceData
from bulk_enrich.tables import (
    arrow_table,
    columns_of,
    fill,
    frame,
    ping_schema,
    place_schema,
    polars_frame,
)

if TYPE_CHECKING:
    import pandas
    import polars
    import pyarrow
    from place_enrichment_api.models.place_job_result import PlaceJobResult

log = get_logger("bulk_enrich.results")
T = TypeVar("T")


class LocationResult(Mapping[str, SourceData]):
    """One location's results, keyed by datasource code.

    ``result["PG"]`` is a :class:`SourceData` (built on first access: declared fields typed,
    ``None`` when missing); ``raw`` holds the server's dicts. A per-location failure is data:
    ``is_success`` is false and ``errors()`` gives each failing source's message.
    """

    __slots__ = ("_typed", "id", "raw")

    def __init__(self, location_id: str, raw: Mapping[str, Any]) -> None:
        self.id = location_id
        self.raw: Mapping[str, Any] = raw if isinstance(raw, dict) else {}
        self._typed: dict[str, SourceData] | None = None

    @classmethod
    def failure(cls, location_id: str, sources: Sequence[str], message: str) -> LocationResult:
        """A result recording that nothing was obtained for this location."""
        item = {"is_success": False, "error_message": message, "status_code": None}
        return cls(location_id, {code: dict(item) for code in sources})

    def __getitem__(self, source: str) -> SourceData:
        if self._typed is None:
            self._typed = {}
        data = self._typed.get(source)
        if data is None:
            item = self.raw[source]
            data = SourceData(item if isinstance(item, dict) else {})
            self._typed[source] = data
        return data

    def __iter__(self) -> Iterator[str]:
        return iter(self.raw)

    def __len__(self) -> int:
        return len(self.raw)

    @property
    def is_success(self) -> bool:
        """True when every source succeeded."""
        return bool(self.raw) and all(
            isinstance(v, dict) and v.get("is_success") is True for v in self.raw.values()
        )

    def errors(self) -> dict[str, str]:
        """Failing sources and their messages."""
        return {
            code: str((item or {}).get("error_message") or "failed")
            for code, item in self.raw.items()
            if not (isinstance(item, dict) and item.get("is_success") is True)
        }

    @property
    def error_message(self) -> str | None:
        """The failing sources' messages in one string, or None."""
        errs = self.errors()
        if not errs and self.raw:
            return None
        if not self.raw:
            return "no results"
        return "; ".join(f"{k}: {v}" for k, v in errs.items())

    def to_row(self, id_column: str = "id") -> dict[str, Any]:
        """Flat columns (``id``, ``PG.latitude``, ``PG.is_success``, ...)."""
        return flatten(self.id, self.raw, id_column)

    def __repr__(self) -> str:
        state = "ok" if self.is_success else "failed"
        return f"LocationResult(id={self.id!r}, sources={list(self.raw)}, {state})"


class PlaceResult:
    """One place's job result: raw dict underneath, ``model`` gives the generated type."""

    __slots__ = ("_model", "place_id", "raw")

    def __init__(self, place_id: str, raw: Mapping[str, Any]) -> None:
        self.place_id = place_id
        self.raw: Mapping[str, Any] = raw
        self._model: PlaceJobResult | None = None

    @classmethod
    def failure(cls, place_id: str, message: str, status: str = "failed") -> PlaceResult:
        """A result recording that nothing was obtained for this place."""
        return cls(
            place_id,
            {
                "place_id": place_id,
                "status": status,
                "inputs": {},
                "outputs": {},
                "job_metadata": {"attribute_status": {}},
                "error_message": message,
            },
        )

    @property
    def model(self) -> PlaceJobResult | None:
        """The generated ``PlaceJobResult`` (None if the server's answer does not fit it)."""
        if self._model is None:
            from place_enrichment_api.models.place_job_result import PlaceJobResult

            try:
                self._model = PlaceJobResult.from_dict(self.raw)
            except Exception:
                log.debug("job result does not match the spec", exc_info=True)
                return None
        return self._model

    @property
    def status(self) -> str:
        """The job's status (``completed``, ``failed``, or a value the server added)."""
        return str(self.raw.get("status") or "unknown")

    @property
    def is_success(self) -> bool:
        """True when the job completed."""
        return self.status == "completed"

    @property
    def outputs(self) -> Mapping[str, Any]:
        """The enriched values (``website``, ``phone``, ``categories``, ...)."""
        out = self.raw.get("outputs")
        return out if isinstance(out, dict) else {}

    @property
    def attribute_status(self) -> Mapping[str, Any]:
        """Per requested attribute: ``RUN``, ``RUN_CONDITION_FAILED``, ``NOT_RUN``, ``ERROR``..."""
        meta = self.raw.get("job_metadata")
        status = meta.get("attribute_status") if isinstance(meta, dict) else None
        return status if isinstance(status, dict) else {}

    @property
    def error_message(self) -> str | None:
        """Why the job did not complete (the server's ``reasoning.error`` when it gives one),
        or None."""
        msg = self.raw.get("error_message")
        if msg:
            return str(msg)
        if self.is_success:
            return None
        reasoning = self.raw.get("reasoning")
        reason = reasoning.get("error") if isinstance(reasoning, dict) else None
        if isinstance(reason, str) and reason.strip():
            return reason.strip()
        errored = [a for a, s in self.attribute_status.items() if s == "ERROR"]
        detail = f" (errors in {', '.join(errored)})" if errored else ""
        return f"job {self.status}{detail}"

    def to_row(self, id_column: str = "place_id") -> dict[str, Any]:
        """Flat columns: ``place_id``, ``status``, ``website``, ``phone``, ``categories``, ...

        Lists of strings are joined with ``"; "``; other lists and objects are JSON. Each
        attribute's status is a column ``attribute_status.<attribute>``, each confidence score
        ``confidence.<key>``.
        """
        row: dict[str, Any] = {id_column: self.place_id, "status": self.status}
        row["error_message"] = self.error_message
        for key, value in self.outputs.items():
            row[key] = cell(output_value(key, value))
        for attr, value in self.attribute_status.items():
            row[f"attribute_status.{attr}"] = value
        scores = self.raw.get("confidence_scores")
        if isinstance(scores, dict):
            for key, value in scores.items():
                row[f"confidence.{key}"] = value
        return row

    def __repr__(self) -> str:
        return f"PlaceResult(place_id={self.place_id!r}, status={self.status!r})"


class _Results(Mapping[str, T]):
    _items: dict[str, T]
    #: The input DataFrame's index (one label per result, in input order), or None.
    index: Sequence[Hashable] | None = None

    def __getitem__(self, key: str) -> T:
        return self._items[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._items)

    def __len__(self) -> int:
        return len(self._items)

    def _schema(self, rows: Sequence[Mapping[str, Any]]) -> dict[str, Kind | None]:
        raise NotImplementedError

    def _table(self) -> tuple[list[dict[str, Any]], dict[str, Kind | None]]:
        rows = [item.to_row() for item in self._items.values()]  # type: ignore[attr-defined]
        schema = self._schema(rows)
        return fill(rows, list(schema)), schema

    def columns(self) -> list[str]:
        """The run's columns, in order: those of every row of ``to_rows()`` / ``to_pandas()``."""
        return list(self._table()[1])

    def to_rows(self) -> list[dict[str, Any]]:
        """One flat dict per item, in input order, all with the same keys in the same order."""
        return self._table()[0]

    def to_pandas(self) -> pandas.DataFrame:
        """A DataFrame, one row per item in input order, nullable dtypes (``pandas`` extra).

        Given a DataFrame, the results carry its index: ``frame.join(results.to_pandas())``
        puts every result on its own row.
        """
        rows, schema = self._table()
        return frame(rows, schema, self.index)

    def _columns(self) -> tuple[dict[str, list[Any]], dict[str, Kind | None]]:
        rows = [item.to_row() for item in self._items.values()]  # type: ignore[attr-defined]
        schema = self._schema(rows)
        return columns_of(rows, list(schema)), schema

    def to_arrow(self) -> pyarrow.Table:
        """A pyarrow Table with the columns and values of ``to_pandas()`` (``formats`` extra).

        Declared columns have their type (``string``, ``int64``, ``double``, ``bool``) and
        nulls where ``to_pandas()`` has ``<NA>``; there is no index.
        """
        return arrow_table(*self._columns())

    def to_polars(self) -> polars.DataFrame:
        """A polars DataFrame with the columns and values of ``to_pandas()`` (``fast`` extra).

        Typed as :meth:`to_arrow` types them (``String``, ``Int64``, ``Float64``,
        ``Boolean``, nulls where values lack); pyarrow is not needed.
        """
        return polars_frame(*self._columns())  # type: ignore[no-any-return]


class EnhanceResults(_Results[LocationResult]):
    """Results of ``enhance_many``: a mapping of location id -> LocationResult, in input order."""

    def __init__(
        self,
        items: Iterable[tuple[str, LocationResult]],
        jobs: Sequence[str] = (),
        failed_jobs: Mapping[str, str] | None = None,
        *,
        sources: Sequence[str] = (),
        index: Sequence[Hashable] | None = None,
    ) -> None:
        self._items = dict(items)
        #: The datasource codes asked for (they fix the columns).
        self.sources: list[str] = list(sources)
        self.index = index
        #: The server job ids, one per chunk, in chunk order.
        self.jobs: list[str] = list(jobs)
        #: Jobs that ended FAILED (their locations are per-location failures): id -> message.
        self.failed_jobs: dict[str, str] = dict(failed_jobs or {})
        #: Lookups not sent, by what spared them (``dedupe``, ``cache``), when either was used.
        self.saved: dict[str, int] = {}

    def _schema(self, rows: Sequence[Mapping[str, Any]]) -> dict[str, Kind | None]:
        return ping_schema(self.sources, rows)

    def failures(self) -> dict[str, LocationResult]:
        """The locations where at least one source failed."""
        return {k: v for k, v in self._items.items() if not v.is_success}

    def __repr__(self) -> str:
        return f"EnhanceResults({len(self)} locations, {len(self.jobs)} jobs)"


class PlaceResults(_Results[PlaceResult]):
    """Results of ``enrich_many``: a mapping of place id -> PlaceResult, in input order."""

    def __init__(
        self,
        items: Iterable[tuple[str, PlaceResult]],
        batches: Sequence[str] = (),
        *,
        attributes: Sequence[str] = (),
        index: Sequence[Hashable] | None = None,
    ) -> None:
        self._items = dict(items)
        #: The attributes asked for (they fix the ``attribute_status.*`` columns).
        self.attributes: list[str] = list(attributes)
        self.index = index
        #: The server batch ids, one per chunk, in chunk order.
        self.batches: list[str] = list(batches)

    @property
    def jobs(self) -> list[str]:
        """Alias of ``batches`` (one batch per chunk)."""
        return self.batches

    def _schema(self, rows: Sequence[Mapping[str, Any]]) -> dict[str, Kind | None]:
        return place_schema(self.attributes, rows)

    def failures(self) -> dict[str, PlaceResult]:
        """The places whose job did not complete."""
        return {k: v for k, v in self._items.items() if not v.is_success}

    def __repr__(self) -> str:
        return f"PlaceResults({len(self)} places, {len(self.batches)} batches)"
