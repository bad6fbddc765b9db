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

from bulk_enrich.cli.errors import InputError, UsageError
from bulk_enrich.cli.table import Row

NO_COLUMN = "-"
"""Passed as a column override, disables the field (``--id-column -`` numbers the rows)."""


# Field -> header names that mean it (compared lower-case with spaces, dots, dashes -> "_").
def _words(text: str) -> tuple[str, ...]:
    return tuple(text.split())


SYNONYMS: dict[str, tuple[str, ...]] = {
    "id": _words(
        "id loc loc_nbr location_num location_id locationid loc_id locid "
        "location_number loc_number loc_no loc_num location_no building_id bldg_id "
        "site_id store_id store_number store_no place_id poi_id record_id ref reference "
        "external_id key"
    ),
    "address": _words(
        "address full_address fulladdress location_address site_address "
        "property_address addr formatted_address single_line_address"
    ),
    "street": _words(
        "street street_address address_line_1 address_line1 addressline1 address1 "
        "address_1 addr1 street1 line1 street_line_1"
    ),
    "address_line_2": _words(
        "address_line_2 address_line2 address2 address_2 addr2 suite unit street2 line2"
    ),
    "city": _words("city town municipality locality city_name"),
    "state": _words("state state_code st province region state_province stateprovince"),
    "postal_code": _words(
        "postal_code postalcode postcode post_code zip zipcode zip_code zip5 postal"
    ),
    "county": _words("county county_name"),
    "country": _words("country country_code countrycode ctry iso_country"),
    "latitude": _words("latitude lat y lat_dd latitude_dd"),
    "longitude": _words("longitude lon lng long x lon_dd longitude_dd"),
    "name": _words(
        "name place_name store_name business_name poi_name location_name site_name "
        "building_name bldg_name company company_name"
    ),
    "phone": _words("phone phone_number telephone tel"),
    "website": _words("website url web website_url homepage"),
    "category": _words("category type poi_type business_type place_type"),
}

PING_FIELDS = (
    "id",
    "address",
    "street",
    "address_line_2",
    "city",
    "state",
    "postal_code",
    "county",
    "country",
    "latitude",
    "longitude",
)
PLACE_FIELDS = (
    "id",
    "name",
    "address",
    "street",
    "city",
    "state",
    "postal_code",
    "country",
    "latitude",
    "longitude",
    "phone",
    "website",
    "category",
)

#: The fields each command maps, in the order messages list them.
FIELDS_FOR_KIND = {"ping": PING_FIELDS, "places": PLACE_FIELDS}
#: Fields a command cannot do without (the Place Enrichment API requires a name).
REQUIRED_FOR_KIND: dict[str, tuple[str, ...]] = {"ping": (), "places": ("name",)}

# The CLI flag that overrides each field (used in messages).
FLAG_FOR_FIELD = {
    "id": "--id-column",
    "address": "--address-column",
    "street": "--street-column",
    "address_line_2": "--address2-column",
    "city": "--city-column",
    "state": "--state-column",
    "postal_code": "--zip-column",
    "county": "--county-column",
    "country": "--country-column",
    "latitude": "--lat-column",
    "longitude": "--lon-column",
    "name": "--name-column",
    "phone": "--phone-column",
    "website": "--website-column",
    "category": "--category-column",
}


def normalize_header(name: str) -> str:
    """Lower-case, with runs of spaces and punctuation turned into one underscore."""
    return re.sub(r"[^0-9a-z]+", "_", name.strip().lower()).strip("_")


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

    def postal_code(self, row: Row) -> str | None:
        """The postal code, with leading zeros restored for ZIPs that a spreadsheet made numbers."""
        index = self.fields.get("postal_code")
        text = self._text(row, "postal_code")
        if text is not None and index is not None:
            raw = row.values[index]
            if isinstance(raw, int | float) and not isinstance(raw, bool) and len(text) < 5:
                text = text.zfill(5)
        return text

    def location(self, row: Row) -> dict[str, Any]:
        """A Ping ``BatchLocation`` for the row (only the fields that have a value).

        Raises :class:`InputError` for a coordinate that is not a number or out of range.
        Text cells (all of a CSV's) take a fast path; other values go through the general
        conversions of :meth:`_text`, :meth:`postal_code` and :meth:`_number`.
        """
        values = row.values
        loc: dict[str, Any] = {"id": self.row_id(row)}
        for key, name, index in self._street_plan:
            value = values[index]
            text = value.strip() if type(value) is str else self._text(row, name)
            if text:
                loc[key] = text
        for key, index in self._text_plan:
            value = values[index]
            if type(value) is str:
                value = value.strip()
                if value:
                    loc[key] = value
            else:
                text = self.postal_code(row) if key == "postal_code" else self._text(row, key)
                if text is not None:
                    loc[key] = text
        for key, index, low, high in self._number_plan:
            value = values[index]
            if type(value) is str:
                try:
                    number = float(value)
                except ValueError:
                    number = math.nan
                if low <= number <= high:  # False for NaN and infinities outside the range
                    loc[key] = number
                    continue
            checked = self._number(row, key, low, high)
            if checked is not None:
                loc[key] = checked
        return loc

    @functools.cached_property
    def _street_plan(self) -> tuple[tuple[str, str, int], ...]:
        """``(API key, field, column)`` of the one-line address and the street."""
        if self.address_is_street:  # an address column beside city/state/ZIP: the street
            return (("address_line_1", "address", self.fields["address"]),)
        pairs = (("address", "address"), ("address_line_1", "street"))
        return tuple((key, name, self.fields[name]) for key, name in pairs if name in self.fields)

    @functools.cached_property
    def _text_plan(self) -> tuple[tuple[str, int], ...]:
        keys = ("address_line_2", "city", "state", "postal_code", "county", "country")
        return tuple((key, self.fields[key]) for key in keys if key in self.fields)

    @functools.cached_property
    def _number_plan(self) -> tuple[tuple[str, int, float, float], ...]:
        bounds = (("latitude", -90.0, 90.0), ("longitude", -180.0, 180.0))
        return tuple((k, self.fields[k], lo, hi) for k, lo, hi in bounds if k in self.fields)

    def place_job(self, row: Row) -> dict[str, Any]:
        """A Place Enrichment job ``{"place_id", "inputs"}``; ``inputs`` lacks ``name`` if blank."""
        inputs: dict[str, Any] = {}
        name = self._text(row, "name")
        if name is not None:
            inputs["name"] = name
        street = self._text(row, "street")
        address = self._text(row, "address")
        if address is not None and self.address_is_street:
            street = street or address
            address = None
        city = self._text(row, "city")
        state = self._text(row, "state")
        postal = self.postal_code(row)
        country = self._text(row, "country")
        if address is None and (street or city or state or postal):
            tail = " ".join(p for p in (state, postal) if p)
            address = ", ".join(p for p in (street, city, tail) if p)
        values: dict[str, Any] = {
            "full_address": address,
            "street": street,
            "city": city,
            "state": state,
            "postalCode": postal,
            "latitude": self._number(row, "latitude", -90, 90),
            "longitude": self._number(row, "longitude", -180, 180),
            "phone": self._text(row, "phone"),
            "website": self._text(row, "website"),
            "type": self._text(row, "category"),
        }
        if country is not None:
            if re.fullmatch(r"[A-Za-z]{2}", country):
                values["country_code"] = country.upper()
            else:
                values["country"] = country
        inputs.update({k: v for k, v in values.items() if v is not None})
        return {"place_id": self.row_id(row), "inputs": inputs}

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
