"""Flat rows of raw results: one column per field (``PG.latitude``, ``website``...).

What the row-at-a-time path writes, and what the columnar decoders
(:mod:`bulk_enrich.columnar`) must give exactly: nested objects flattened into dotted names, a
source's ``external_data`` merged into its empty fields, lists of text joined with ``"; "``,
other lists and objects as JSON.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

#: Columns every source contributes to a flat row, first.
SOURCE_BASE_COLUMNS = ("is_success", "error_message")


def cell(value: Any) -> Any:
    if isinstance(value, (list, tuple)):
        if all(isinstance(v, str) for v in value):
            return "; ".join(value)
        return json.dumps(value, ensure_ascii=False, default=str)
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False, default=str)
    return value


def _flatten_into(row: dict[str, Any], prefix: str, data: Mapping[str, Any]) -> None:
    for key, value in data.items():
        name = f"{prefix}.{key}"
        if isinstance(value, dict) and key != "raw_response":
            _flatten_into(row, name, value)
        elif name not in row or row[name] is None:
            row[name] = cell(value)


class _ColumnNames(dict[str, str]):
    """``key -> "CODE.key"`` for one source code, each name built once."""

    __slots__ = ("prefix",)

    def __init__(self, code: str) -> None:
        super().__init__()
        self.prefix = code + "."

    def __missing__(self, key: str) -> str:
        name = self[key] = self.prefix + key
        return name


_COLUMN_NAMES: dict[str, _ColumnNames] = {}
_SCALARS = frozenset((str, int, float, bool, type(None)))
_SCALARS_OR_DICT = _SCALARS | {dict}


def flatten_source(
    code: str, item: Mapping[str, Any], row: dict[str, Any] | None = None
) -> dict[str, Any]:
    """Flat columns ``CODE.field`` of one source item; ``external_data`` is merged in."""
    row = {} if row is None else row
    names = _COLUMN_NAMES.get(code)
    if names is None:
        names = _COLUMN_NAMES.setdefault(code, _ColumnNames(code))
    success = names["is_success"]
    row[success] = None
    row[names["error_message"]] = item.get("error_message")
    values = item.values()
    kinds = list(map(type, values))
    if _SCALARS.issuperset(kinds):  # the usual item: one C-level update
        row.update(zip(map(names.__getitem__, item), values, strict=True))
    elif (
        kinds.count(dict) == 1
        and _SCALARS_OR_DICT.issuperset(kinds)
        and type(external := item.get("external_data")) is dict
        and _SCALARS.issuperset(map(type, external.values()))
    ):  # the usual item with external data: the same, then its fields merged in
        row.update(zip(map(names.__getitem__, item), values, strict=True))
        del row[names["external_data"]]
        for key, value in external.items():
            name = names[key]
            if row.get(name) is None:
                row[name] = value
    else:
        external = None
        for key, value in item.items():
            kind = type(value)
            if kind is dict:
                if key == "external_data":
                    external = value
                elif key == "raw_response":
                    row[names[key]] = cell(value)
                else:
                    _flatten_into(row, names[key], value)
            elif kind is list or kind is tuple:
                row[names[key]] = cell(value)
            else:
                row[names[key]] = value
        if external is not None:
            _flatten_into(row, code, external)
    row[success] = item.get("is_success") is True
    return row


def flatten(location_id: str, raw: Mapping[str, Any], id_column: str = "id") -> dict[str, Any]:
    """One flat row for a location: ``id`` then ``PG.latitude``, ``PH.fema_flood_zone``, ..."""
    row: dict[str, Any] = {id_column: location_id}
    for code, item in raw.items():
        if isinstance(item, dict):
            flatten_source(code, item, row)
    return row


def output_value(key: str, value: Any) -> Any:
    """An output as one cell: an ``AddressDetails`` object as its ``full_address`` line,
    coordinates (``[latitude, longitude]``, or an object in older answers) as ``"lat, lon"``."""
    if key == "address" and isinstance(value, dict) and value.get("full_address"):
        return value["full_address"]
    if key == "coordinates":
        pair = (value.get("latitude"), value.get("longitude")) if isinstance(value, dict) else value
        if isinstance(pair, list | tuple) and len(pair) == 2:
            return f"{pair[0]}, {pair[1]}"
    return value
