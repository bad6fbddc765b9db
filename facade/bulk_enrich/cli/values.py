"""How output values are typed and written as text: kinds per column (for Parquet schemas),
CSV text, JSON-ready values."""

from __future__ import annotations

import datetime as dt
import json
import math
from collections.abc import Iterable
from typing import Any


def value_kind(value: Any) -> str:
    """The kind of a value, as column typing sees it."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "null"
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, int):
        return "int"
    if isinstance(value, float):
        return "float"
    if isinstance(value, str):
        return "str"
    if isinstance(value, dt.datetime):
        return "datetime"
    if isinstance(value, dt.date):
        return "date"
    if isinstance(value, dict | list | tuple):
        return "json"
    return "str"


# value_kind() of a value of exactly one of these types, except NaN (null)
_EXACT_KINDS: dict[type, str] = {
    str: "str",
    bool: "bool",
    int: "int",
    float: "float",
    dict: "json",
    list: "json",
    tuple: "json",
    dt.datetime: "datetime",
    dt.date: "date",
}


class ColumnTypes:
    """Accumulates the kinds of value seen per column, to type a Parquet schema."""

    def __init__(self) -> None:
        self._kinds: dict[str, set[str]] = {}

    def observe(self, column: str, value: Any) -> None:
        """Record one value of ``column``."""
        self.observe_row((column,), (value,))

    def observe_row(self, columns: Iterable[str], values: Iterable[Any]) -> None:
        """Record a whole row (``columns`` and ``values`` in step, e.g. a dict and its values)."""
        kinds = self._kinds
        exact = _EXACT_KINDS
        for column, value in zip(columns, values, strict=False):
            kind = exact.get(type(value))
            if kind is None:
                if value is None:
                    continue
                kind = value_kind(value)
                if kind == "null":
                    continue
            elif kind == "float" and value != value:  # NaN
                continue
            seen = kinds.get(column)
            if seen is None:
                kinds[column] = {kind}
            elif kind not in seen:
                seen.add(kind)

    def kind(self, column: str) -> str:
        """One kind for the column: a single kind, ``float`` for int+float, else ``str``."""
        kinds = self._kinds.get(column, set())
        if not kinds:
            return "null"
        if len(kinds) == 1:
            return next(iter(kinds))
        if kinds == {"int", "float"}:
            return "float"
        return "str"


def json_default(value: Any) -> Any:
    """``default`` of :func:`json.dumps`: dates as ISO text, bytes decoded, the rest ``str``."""
    if isinstance(value, dt.date | dt.datetime | dt.time):
        return value.isoformat()
    if isinstance(value, bytes):
        return value.decode("utf-8", "replace")
    return str(value)


def clean_json(value: Any) -> Any:
    """``value`` with non-finite floats as None and keys as text, for strict JSON."""
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, dict):
        return {str(k): clean_json(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [clean_json(v) for v in value]
    return value


def text_value(value: Any) -> str:
    """A value as CSV text: empty for null, ``true``/``false``, JSON for lists and objects."""
    kind_of = type(value)
    if kind_of is str:
        return value  # type: ignore[no-any-return]
    if value is None:
        return ""
    if kind_of is bool:
        return "true" if value else "false"
    if kind_of is int:
        return str(value)
    kind = value_kind(value)
    if kind == "null":
        return ""
    if kind == "bool":
        return "true" if value else "false"
    if kind in ("int", "str"):
        return str(value)
    if kind == "float":
        return repr(float(value))
    if kind in ("datetime", "date"):
        return str(value.isoformat())
    if kind == "json":
        return json.dumps(clean_json(value), ensure_ascii=False, default=json_default)
    if isinstance(value, bytes):
        return value.decode("utf-8", "replace")
    return str(value)
