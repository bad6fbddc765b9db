"""One schema per run: the columns of ``to_rows()`` / ``to_pandas()`` and their pandas dtypes.

The columns depend only on what was asked for (Ping sources, Place attributes) and on the fields
the spec declares (read from the generated models), so two runs of the same request have the
same columns whatever row came first or failed. Fields the spec does not declare (a source's
own extras) follow, sorted, when any row has them.
"""

from __future__ import annotations

import functools
from collections.abc import Hashable, Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from bulk_enrich.engine.coerce import Kind, model_fields
from bulk_enrich.sourcedata import declared_fields

if TYPE_CHECKING:
    import pandas

#: pandas' nullable dtype for each declared scalar type.
DTYPES: Mapping[Kind, str] = {
    "str": "string",
    "int": "Int64",
    "float": "Float64",
    "bool": "boolean",
}
PLACE_HEAD = ("place_id", "status", "error_message")


@functools.cache
def _source_fields() -> tuple[tuple[str, Kind | None], ...]:
    return tuple(declared_fields().items())


def ping_schema(
    sources: Iterable[str], rows: Sequence[Mapping[str, Any]], id_column: str = "id"
) -> dict[str, Kind | None]:
    """Column -> declared type for a Ping run: ``id``, then each source's declared fields."""
    schema: dict[str, Kind | None] = {id_column: "str"}
    codes = list(dict.fromkeys(sources))
    seen = {key for row in rows for key in row}
    for key in sorted(seen):  # sources given per location, or answered unasked
        code = key.split(".", 1)[0]
        if key != id_column and code not in codes:
            codes.append(code)
    for code in codes:
        for name, kind in _source_fields():
            schema[f"{code}.{name}"] = kind
    order = {code: i for i, code in enumerate(codes)}
    extras = sorted(
        (k for k in seen if k not in schema), key=lambda k: (order.get(k.split(".", 1)[0], 0), k)
    )
    schema.update(dict.fromkeys(extras))
    return schema


def place_schema(
    attributes: Iterable[str], rows: Sequence[Mapping[str, Any]], id_column: str = "place_id"
) -> dict[str, Kind | None]:
    """Column -> declared type for a Place run: head, declared outputs, statuses, scores."""
    from place_enrichment_api.models.job_outputs import JobOutputs  # not imported by a Ping run

    schema: dict[str, Kind | None] = {id_column: "str", "status": "str", "error_message": "str"}
    for name, kind in model_fields(JobOutputs).items():
        schema[name] = kind if kind is not None else "str"  # lists and objects become text
    seen = {key for row in rows for key in row}
    statuses = [f"attribute_status.{a}" for a in attributes]
    schema.update(dict.fromkeys(sorted(k for k in seen if k not in schema and "." not in k)))
    schema.update(dict.fromkeys(statuses, "str"))
    schema.update(dict.fromkeys(sorted(k for k in seen if k.startswith("attribute_status."))))
    schema.update(dict.fromkeys(sorted(k for k in seen if k not in schema)))
    return schema


def fill(rows: Iterable[Mapping[str, Any]], columns: Sequence[str]) -> list[dict[str, Any]]:
    """Every row with exactly ``columns``, in that order (``None`` where a row has no value)."""
    blank = dict.fromkeys(columns)
    out = []
    for row in rows:
        full = blank.copy()
        full.update(row)
        out.append(full)
    return out


def frame(
    rows: list[dict[str, Any]], schema: Mapping[str, Kind | None], index: Sequence[Hashable] | None
) -> pandas.DataFrame:
    """A DataFrame of ``rows`` with nullable dtypes; ``index`` is the input DataFrame's index."""
    try:
        import pandas as pd
    except ImportError as exc:  # pragma: no cover - depends on the environment
        raise ImportError("to_pandas() needs pandas: pip install 'bulk-enrich[pandas]'") from exc
    columns = list(schema)
    data = pd.DataFrame.from_records(rows, columns=columns)
    for column, kind in schema.items():
        data[column] = _typed(data[column], kind)
    if index is not None and len(index) == len(data):
        data.index = index if isinstance(index, pd.Index) else pd.Index(list(index))
    return data


def _typed(series: Any, kind: Kind | None) -> Any:
    if kind is None:
        converted = series.convert_dtypes()
        return converted if str(converted.dtype) != "object" else series
    try:
        return series.astype(DTYPES[kind])
    except (TypeError, ValueError):  # an answer that does not fit the spec: keep it as is
        return series


def columns_of(rows: Sequence[Mapping[str, Any]], names: Sequence[str]) -> dict[str, list[Any]]:
    """``rows`` column by column (``None`` where a row has no value): one list per name."""
    return {name: [row.get(name) for row in rows] for name in names}


def arrow_table(columns: Mapping[str, list[Any]], schema: Mapping[str, Kind | None]) -> Any:
    """A pyarrow Table of ``columns``: each declared column typed, nulls where values lack.

    A column the spec does not declare gets the type its values share; values that fit no
    single type (or not the declared one) are kept as text, as CSV would write them.
    """
    try:
        import pyarrow as pa
    except ImportError as exc:  # pragma: no cover - depends on the environment
        raise ImportError("to_arrow() needs pyarrow: pip install 'bulk-enrich[formats]'") from exc
    types = {"str": pa.string(), "int": pa.int64(), "float": pa.float64(), "bool": pa.bool_()}
    arrays = []
    for name, kind in schema.items():
        values = columns[name]
        for wanted in (types.get(kind) if kind else None, None):
            try:
                arrays.append(pa.array(values, type=wanted, from_pandas=False))
                break
            except (pa.ArrowException, TypeError, ValueError, OverflowError):
                continue
        else:
            arrays.append(pa.array(_texts(values), type=pa.string()))
    return pa.Table.from_arrays(arrays, names=list(schema))


def polars_frame(columns: Mapping[str, list[Any]], schema: Mapping[str, Kind | None]) -> Any:
    """A polars DataFrame of ``columns``, typed as :func:`arrow_table` types them."""
    try:
        import polars as pl
    except ImportError as exc:  # pragma: no cover - depends on the environment
        raise ImportError("to_polars() needs polars: pip install 'bulk-enrich[fast]'") from exc
    types = {"str": pl.String, "int": pl.Int64, "float": pl.Float64, "bool": pl.Boolean}
    series = []
    for name, kind in schema.items():
        values = columns[name]
        for wanted in (types.get(kind) if kind else None, None):
            try:
                series.append(pl.Series(name, values, dtype=wanted, strict=True))
                break
            except (TypeError, ValueError, OverflowError, pl.exceptions.PolarsError):
                continue
        else:
            series.append(pl.Series(name, _texts(values), dtype=pl.String))
    return pl.DataFrame(series)


def _texts(values: Iterable[Any]) -> list[str | None]:
    """Mixed values as text (``None`` stays null); numbers and booleans as Python writes them."""
    return [None if v is None else v if isinstance(v, str) else str(v) for v in values]
