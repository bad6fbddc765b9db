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

from place_enrichment_api.models.job_outputs import JobOutputs

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
