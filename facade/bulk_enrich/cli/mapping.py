"""Which input column feeds which API field: detected from common header names, overridable.

``detect_mapping`` chooses the columns; :class:`ColumnMapping` turns a row into a Ping
``BatchLocation`` dict or a Place Enrichment job, validating values (coordinates must be
numbers in range) and naming the file, row and column of any problem.
"""

from __future__ import annotations

import functools
import math
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bulk_enrich.cli.columns import (
    FIELDS_FOR_KIND,
    FLAG_FOR_FIELD,
    PING_FIELDS,
    PLACE_FIELDS,
    REQUIRED_FOR_KIND,
    SYNONYMS,
    normalize_header,
)
from bulk_enrich.cli.errors import InputError, UsageError
from bulk_enrich.cli.forms import LOCATION_TEXT, ping_location, place_location, restore_zip
from bulk_enrich.cli.table import Row

NO_COLUMN = "-"
"""Passed as a column override, disables the field (``--id-column -`` numbers the rows)."""

__all__ = [
    "FIELDS_FOR_KIND",
    "FLAG_FOR_FIELD",
    "NO_COLUMN",
    "PING_FIELDS",
    "PLACE_FIELDS",
    "REQUIRED_FOR_KIND",
    "SYNONYMS",
    "ColumnMapping",
    "detect_mapping",
    "normalize_header",
]


@dataclass(frozen=True)
class ColumnMapping:
    """The column index chosen for each field; ``kind`` is ``ping`` or ``places``."""

    path: Path
    kind: str
    columns: list[str]
    fields: dict[str, int] = field(default_factory=dict)

    def column(self, name: str) -> str | None:
        """The input column mapped to a field, if any."""
        index = self.fields.get(name)
        return None if index is None else self.columns[index]

    def as_dict(self) -> dict[str, str]:
        """Field -> column name (a stable, JSON-friendly form for the journal)."""
        return {f: self.columns[i] for f, i in sorted(self.fields.items())}

    def describe(self) -> str:
        """One line: ``id <- 'Loc #', street <- 'Address', ...``."""
        order = FIELDS_FOR_KIND[self.kind]
        parts = [f"{f} <- {self.columns[self.fields[f]]!r}" for f in order if f in self.fields]
        if "id" not in self.fields:
            parts.insert(0, "id <- row number")
        return ", ".join(parts) if parts else "(no usable columns)"

    # ------------------------------------------------------------------ row values

    def _text(self, row: Row, name: str) -> str | None:
        index = self.fields.get(name)
        if index is None:
            return None
        value = row.values[index]
        if type(value) is str:  # the common case (CSV): nothing to convert
            return value.strip() or None
        if value is None:
            return None
        if isinstance(value, float):
            if math.isnan(value):
                return None
            if value.is_integer():
                value = int(value)
        text = str(value).strip()
        return text or None

    def _number(self, row: Row, name: str, low: float, high: float) -> float | None:
        index = self.fields.get(name)
        if index is None:
            return None
        value = row.values[index]
        if type(value) is str:  # the common case (CSV)
            text = value.strip()
            if not text:
                return None
            try:
                number = float(text)
            except ValueError:
                try:
                    number = float(text.replace(",", "."))
                except ValueError:
                    number = math.nan
            if math.isfinite(number) and low <= number <= high:
                return number
        if value is None or (isinstance(value, str) and not value.strip()):
            return None
        if isinstance(value, bool):
            number = math.nan
        elif isinstance(value, int | float):
            number = float(value)
        else:
            try:
                number = float(str(value).strip().replace(",", "."))
            except ValueError:
                number = math.nan
        if isinstance(value, float) and math.isnan(value):
            return None
        if not math.isfinite(number):
            raise InputError(
                self.path,
                f"{value!r} is not a number",
                row=row.number,
                column=self.columns[index],
                locator=row.where,
            )
        if not low <= number <= high:
            raise InputError(
                self.path,
                f"{number} is outside {low:g}..{high:g} for {name}",
                row=row.number,
                column=self.columns[index],
                locator=row.where,
            )
        return number

    def row_id(self, row: Row) -> str:
        """The row's id: its id column's value, else ``row-N`` (N is the data row number)."""
        return self._text(row, "id") or f"row-{row.number}"

    def parts(self, row: Row) -> dict[str, Any]:
        """The row's location values by field, only those with a value; ZIPs restored.

        An ``address`` column beside city, state or ZIP columns is read as the street.
        Raises :class:`InputError` for a coordinate that is not a number or out of range.
        """
        out: dict[str, Any] = {}
        for name in self._text_fields:
            text = self._text(row, name)
            if text is not None:
                out[name] = text
        if self.address_is_street and "address" in out:
            out["street"] = out.pop("address")
        if "postal_code" in out:
            raw = row.values[self.fields["postal_code"]]
            numeric = isinstance(raw, int | float) and not isinstance(raw, bool)
            out["postal_code"] = restore_zip(
                out["postal_code"], numeric, out.get("state"), out.get("country")
            )
        for key, low, high in (("latitude", -90.0, 90.0), ("longitude", -180.0, 180.0)):
            number = self._number(row, key, low, high)
            if number is not None:
                out[key] = number
        return out

    @functools.cached_property
    def _text_fields(self) -> tuple[str, ...]:
        return tuple(name for name in LOCATION_TEXT if name in self.fields)

    def postal_code(self, row: Row) -> str | None:
        """The postal code, with the leading zeros a spreadsheet dropped restored."""
        return self.parts(row).get("postal_code")

    def located(self, row: Row) -> tuple[dict[str, Any], str]:
        """``(Ping BatchLocation, form)``: the row in the richest form it holds (see
        :mod:`bulk_enrich.cli.forms`), only the fields that have a value."""
        loc, form = ping_location(self.parts(row))
        return {"id": self.row_id(row), **loc}, form

    def location(self, row: Row) -> dict[str, Any]:
        """A Ping ``BatchLocation`` for the row (only the fields that have a value)."""
        return self.located(row)[0]

    def place_located(self, row: Row) -> tuple[dict[str, Any], str]:
        """``(Place Enrichment job {"place_id", "inputs"}, form)``; no ``name`` if blank."""
        inputs: dict[str, Any] = {}
        name = self._text(row, "name")
        if name is not None:
            inputs["name"] = name
        parts = self.parts(row)
        address, form = place_location(parts)
        inputs.update(address)
        for key, field_name in (("phone", "phone"), ("website", "website"), ("type", "category")):
            text = self._text(row, field_name)
            if text is not None:
                inputs[key] = text
        country = parts.get("country")
        if country is not None:
            if re.fullmatch(r"[A-Za-z]{2}", country):
                inputs["country_code"] = country.upper()
            else:
                inputs["country"] = country
        return {"place_id": self.row_id(row), "inputs": inputs}, form

    def place_job(self, row: Row) -> dict[str, Any]:
        """A Place Enrichment job ``{"place_id", "inputs"}``; ``inputs`` lacks ``name`` if blank."""
        return self.place_located(row)[0]

    @functools.cached_property
    def address_is_street(self) -> bool:
        """An ``address`` column beside city/state/ZIP columns holds only the street."""
        return (
            "address" in self.fields
            and any(f in self.fields for f in ("city", "state", "postal_code"))
            and "street" not in self.fields
        )


def detect_mapping(
    path: Path,
    columns: list[str],
    kind: str,
    overrides: Mapping[str, str | None] | None = None,
) -> ColumnMapping:
    """Choose a column per field from header names; ``overrides`` (field -> column) win.

    An override naming no input column raises :class:`UsageError` listing the columns;
    the value ``-`` disables a field.
    """
    wanted = FIELDS_FOR_KIND[kind]
    normalized = [normalize_header(c) for c in columns]
    chosen: dict[str, int] = {}
    used: set[int] = set()
    overrides = dict(overrides or {})
    for name, column in overrides.items():
        if column is None:
            continue
        if name not in wanted:
            raise UsageError(f"{FLAG_FOR_FIELD.get(name, name)} does not apply to this command")
        if column == NO_COLUMN:
            continue
        index = _find_column(columns, column)
        if index is None:
            raise UsageError(
                f"{path.name}: no column {column!r} (given to {FLAG_FOR_FIELD[name]}); "
                f"columns are: {', '.join(repr(c) for c in columns)}"
            )
        chosen[name] = index
        used.add(index)
    for name in wanted:
        if name in chosen or overrides.get(name) == NO_COLUMN:
            continue
        for synonym in SYNONYMS[name]:
            if synonym in normalized:
                index = normalized.index(synonym)
                if index not in used:
                    chosen[name] = index
                    used.add(index)
                    break
    for name in REQUIRED_FOR_KIND[kind]:
        if name not in chosen:
            raise UsageError(
                f"{path.name}: no column holds the place {name}; name it with "
                f"{FLAG_FOR_FIELD[name]} (columns are: {', '.join(repr(c) for c in columns)})"
            )
    return ColumnMapping(path=path, kind=kind, columns=list(columns), fields=chosen)


def _find_column(columns: list[str], wanted: str) -> int | None:
    if wanted in columns:
        return columns.index(wanted)
    lowered = [c.lower() for c in columns]
    if wanted.lower() in lowered:
        return lowered.index(wanted.lower())
    if wanted.isdigit() and 1 <= int(wanted) <= len(columns):
        return int(wanted) - 1
    return None
