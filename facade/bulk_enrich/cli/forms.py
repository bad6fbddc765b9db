"""How each row is located, decided per row: the richest form its cells actually hold.

A row with a street and a city, state or ZIP is sent as ``structured`` parts; a row whose
only address is one line (in an address, street or second-line column: ``2182 Cedar Ln, New
Orleans, LA 70112`` in ``Street Address`` with the other columns blank) as ``one-line``; a
row with nothing but coordinates as ``coordinates``; a row with none of these is ``none``
and not sent. Coordinates go along with any form.
"""

from __future__ import annotations

import re
from typing import Any

STRUCTURED = "structured"
ONE_LINE = "one-line"
COORDINATES = "coordinates"
NO_FORM = "none"
#: Every form, in the order summaries list them.
FORMS = (STRUCTURED, ONE_LINE, COORDINATES, NO_FORM)

#: Text fields of a location, as :meth:`ColumnMapping.parts` reads them.
LOCATION_TEXT = (
    "address",
    "street",
    "address_line_2",
    "city",
    "state",
    "postal_code",
    "county",
    "country",
)
_AREA = ("city", "state", "postal_code")

_STATE_CODES = (
    "AL AK AZ AR CA CO CT DE DC FL GA HI ID IL IN IA KS KY LA ME MD MA MI MN MS MO MT NE "
    "NV NH NJ NM NY NC ND OH OK OR PA RI SC SD TN TX UT VT VA WA WV WI WY PR VI GU AS MP"
)
US_STATES = frozenset(_STATE_CODES.split())
_US_COUNTRIES = frozenset(
    {"us", "usa", "u_s", "u_s_a", "united_states", "united_states_of_america"}
)
_ZIP_PLUS4 = re.compile(r"(\d{3,5})-(\d{4})")


def _us(state: str | None, country: str | None) -> bool:
    if country is not None:
        return re.sub(r"[^a-z]+", "_", country.lower()).strip("_") in _US_COUNTRIES
    return state is not None and state.strip().upper() in US_STATES


def restore_zip(text: str, numeric: bool, state: str | None, country: str | None) -> str:
    """A US ZIP or ZIP+4 whose leading zeros a spreadsheet dropped, given back its zeros.

    A number of up to 5 digits is a ZIP (``2110`` -> ``02110``); in a US row (its country,
    else its state, says so) a number of 6 to 9 digits is a ZIP+4 (``21101234`` ->
    ``02110-1234``), and text of digits is restored the same way. Anything else is kept.
    """
    digits = text.isdigit()
    if numeric and digits and len(text) < 5:
        return text.zfill(5)
    if not _us(state, country):
        return text
    if digits and 3 <= len(text) < 5:
        return text.zfill(5)
    if digits and 5 < len(text) <= 9:
        full = text.zfill(9)
        return f"{full[:5]}-{full[5:]}"
    found = _ZIP_PLUS4.fullmatch(text)
    return f"{found.group(1).zfill(5)}-{found.group(2)}" if found else text


def _coordinates(parts: dict[str, Any], out: dict[str, Any]) -> bool:
    for key in ("latitude", "longitude"):
        if key in parts:
            out[key] = parts[key]
    return "latitude" in parts and "longitude" in parts


def ping_location(parts: dict[str, Any]) -> tuple[dict[str, Any], str]:
    """``(BatchLocation fields without the id, form)`` from a row's :meth:`parts`."""
    loc: dict[str, Any] = {}
    area = [k for k in _AREA if k in parts]
    line = parts.get("address") or parts.get("street") or parts.get("address_line_2")
    form = NO_FORM
    if "street" in parts and area:
        form = STRUCTURED
        loc["address_line_1"] = parts["street"]
        if "address_line_2" in parts:
            loc["address_line_2"] = parts["address_line_2"]
    elif line:
        form = ONE_LINE
        loc["address"] = line
    elif area:
        form = STRUCTURED
    if form != NO_FORM:
        for key in (*area, "county", "country"):
            if key in parts:
                loc[key] = parts[key]
    if _coordinates(parts, loc) and form == NO_FORM:
        form = COORDINATES
    return loc, form


def place_location(parts: dict[str, Any]) -> tuple[dict[str, Any], str]:
    """``(Place Enrichment address inputs, form)`` from a row's :meth:`parts`."""
    inputs: dict[str, Any] = {}
    area = {k: parts[k] for k in _AREA if k in parts}
    line = parts.get("address") or parts.get("street") or parts.get("address_line_2")
    street = parts.get("street")
    form = NO_FORM
    if street and area:
        form = STRUCTURED
        tail = " ".join(p for p in (area.get("state"), area.get("postal_code")) if p)
        inputs["full_address"] = ", ".join(p for p in (street, area.get("city"), tail) if p)
        inputs["street"] = street
    elif line:
        form = ONE_LINE
        inputs["full_address"] = line
    elif area:
        form = STRUCTURED
        tail = " ".join(p for p in (area.get("state"), area.get("postal_code")) if p)
        inputs["full_address"] = ", ".join(p for p in (area.get("city"), tail) if p)
    if form != NO_FORM:
        names = {"city": "city", "state": "state", "postal_code": "postalCode"}
        inputs.update({names[k]: v for k, v in area.items()})
    if _coordinates(parts, inputs) and form == NO_FORM:
        form = COORDINATES
    return inputs, form
