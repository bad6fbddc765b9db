"""The fields a spreadsheet column can feed, the header names that mean each, and where the
header is: the first row that names fields, below any title rows."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import Any

from bulk_enrich.cli.forms import LOCATION_TEXT


# Field -> header names that mean it (compared lower-case with spaces, dots, dashes -> "_").
def _words(text: str) -> tuple[str, ...]:
    return tuple(text.split())


SYNONYMS: dict[str, tuple[str, ...]] = {
    "id": _words(
        "id loc loc_nbr location_num location_id locationid loc_id locid "
        "location_number loc_number loc_no loc_num location_no building_id bldg_id "
        "building_no building_number bldg_no bldg_number site_id site_no site_number "
        "property_id property_no property_number risk_id loc_code location_code site_code "
        "store_id store_number store_no place_id poi_id record_id ref reference "
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

PING_FIELDS = ("id", *LOCATION_TEXT, "latitude", "longitude")
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
    """Lower-case, ``#`` read as ``no``, runs of spaces and punctuation one underscore."""
    text = name.strip().lower().replace("#", " no ")
    return re.sub(r"[^0-9a-z]+", "_", text).strip("_")


_KNOWN = {synonym: name for name, synonyms in SYNONYMS.items() for synonym in synonyms}
#: How many rows from the top may hold titles before the header.
HEADER_SEARCH_ROWS = 30


def header_score(cells: Iterable[Any]) -> int:
    """How many distinct fields the cells of a row name as headers."""
    found = {_KNOWN.get(normalize_header(str(c))) for c in cells if isinstance(c, str) and c}
    found.discard(None)
    return len(found)


def find_header(rows: Sequence[Sequence[Any]]) -> int:
    """The index of the header among the first rows: the first that names the most fields
    (at least two); 0 when none does."""
    best, best_score = 0, 1
    for index, cells in enumerate(rows[:HEADER_SEARCH_ROWS]):
        score = header_score(cells)
        if score > best_score:
            best, best_score = index, score
    return best
