"""Deterministic Place Enrichment results for one place."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from .geo import Geocode, digest, draws, geocode

CORE: tuple[str, ...] = (
    "closed_permanently", "address", "categories", "coordinates", "websites",
    "email_address", "phoneNumbers", "openingHours", "names",
)  # fmt: skip
EXTRA: tuple[str, ...] = (
    "price_level", "rating", "description", "social_profiles", "payment_methods",
    "wheelchair_accessible",
)  # fmt: skip
ALL: tuple[str, ...] = CORE + EXTRA
SETS: Mapping[str, tuple[str, ...]] = {
    "core": CORE,
    "all": ALL,
    "open_closed": ("closed_permanently",),
}

_KEYWORDS: tuple[tuple[tuple[str, ...], tuple[str, ...]], ...] = (
    (("coffee", "cafe", "espresso", "starbucks"), ("cafe", "coffee_shop")),
    (("pizza", "pizzeria"), ("restaurant", "pizza_restaurant")),
    (("burger", "grill", "diner", "kitchen", "bistro", "restaurant", "taco", "sushi"),
     ("restaurant",)),
    (("bar", "pub", "tavern", "brewery"), ("bar",)),
    (("bank", "credit union"), ("bank", "finance")),
    (("pharmacy", "drug", "cvs", "walgreens"), ("pharmacy", "health")),
    (("gas", "fuel", "shell", "chevron", "exxon"), ("gas_station",)),
    (("hotel", "inn", "motel", "suites"), ("lodging", "hotel")),
    (("market", "grocery", "foods", "supermarket"), ("grocery_store", "supermarket")),
    (("gym", "fitness", "yoga"), ("gym", "health")),
    (("salon", "barber", "spa"), ("beauty_salon",)),
    (("clinic", "hospital", "medical", "dental"), ("health", "doctor")),
    (("school", "academy", "university", "college"), ("school", "education")),
    (("church", "temple", "mosque"), ("place_of_worship",)),
    (("store", "shop", "outlet", "mart", "depot"), ("store", "retail")),
)  # fmt: skip
_AREA_CODES = ("212", "213", "305", "312", "415", "503", "512", "617", "702", "713", "808")
_DAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_NON_SLUG = re.compile(r"[^a-z0-9]+")
_LEVELS = ("VERY_HIGH", "HIGH", "HIGH", "MEDIUM", "LOW")

#: Attribute -> output keys it produces.
OUTPUT_KEYS: Mapping[str, tuple[str, ...]] = {
    "closed_permanently": ("open_closed_status",),
    "address": ("address",),
    "categories": ("categories",),
    "coordinates": ("coordinates",),
    "websites": ("website",),
    "email_address": ("email_address",),
    "phoneNumbers": ("phone", "phone_additional"),
    "openingHours": ("opening_hours",),
    "names": ("alternative_names",),
    "price_level": ("price_level",),
    "rating": ("rating",),
    "description": ("description",),
    "social_profiles": ("social_profiles",),
    "payment_methods": ("payment_methods",),
    "wheelchair_accessible": ("wheelchair_accessible",),
}


def resolve_attributes(attributes: Sequence[str] | None, attribute_set: str | None) -> list[str]:
    """The attributes to run: the explicit list and the preset merged, else the core set."""
    chosen: list[str] = []
    for name in [*(attributes or ()), *SETS.get(attribute_set or "", ())]:
        if name not in chosen:
            chosen.append(name)
    return chosen or list(CORE)


def _text(inputs: Mapping[str, Any], key: str) -> str | None:
    value = inputs.get(key)
    return value.strip() if isinstance(value, str) and value.strip() else None


def insufficient(inputs: Mapping[str, Any]) -> bool:
    """True when a place has nothing but a name to go on (its job fails)."""
    keys = ("full_address", "street", "city", "postalCode", "phone", "website", "wkt_geometry")
    if any(_text(inputs, key) for key in keys):
        return False
    latitude, longitude = inputs.get("latitude"), inputs.get("longitude")
    return not (isinstance(latitude, int | float) and isinstance(longitude, int | float))


def place_geocode(inputs: Mapping[str, Any]) -> Geocode | None:
    """Geocode a place's inputs."""
    street = " ".join(p for p in (_text(inputs, "house"), _text(inputs, "street")) if p)
    return geocode(
        {
            "address": _text(inputs, "full_address"),
            "address_line_1": street or None,
            "city": _text(inputs, "city"),
            "state": _text(inputs, "state"),
            "postal_code": _text(inputs, "postalCode"),
            "latitude": inputs.get("latitude"),
            "longitude": inputs.get("longitude"),
        }
    )


def _capwords(name: str) -> str:
    return " ".join(word[:1].upper() + word[1:] for word in name.split())


_KEYWORD_PATTERNS = tuple(
    (re.compile(r"\b(?:" + "|".join(re.escape(word) for word in words) + ")"), categories)
    for words, categories in _KEYWORDS
)


def _categories(name: str) -> list[str]:
    lowered = name.lower()
    found: list[str] = []
    for pattern, categories in _KEYWORD_PATTERNS:
        if pattern.search(lowered):
            found.extend(c for c in categories if c not in found)
    return found or ["point_of_interest"]


def address_details(geo: Geocode) -> dict[str, Any]:
    """The vendor's ``AddressDetails`` object of a geocode (``full_address`` the formatted line)."""
    zip_info = geo.zip
    return {
        "full_address": geo.formatted_address(),
        "house": geo.street_number or None,
        "street": geo.route or None,
        "city": zip_info.city if zip_info else None,
        "state": zip_info.state if zip_info else None,
        "postalCode": zip_info.zip_code if zip_info else None,
        "country": "US" if zip_info else None,
    }


@dataclass(frozen=True)
class PlaceOutcome:
    """A processed place: outputs, per-attribute status, confidence and reasoning."""

    status: str
    outputs: dict[str, Any]
    attribute_status: dict[str, str]
    confidence: dict[str, str | None]
    reasoning: dict[str, Any]
    country_code: str | None


class _Facts:
    """What one place's attribute values are derived from (drawn once per place)."""

    __slots__ = (
        "area",
        "closed",
        "closes",
        "country",
        "exchange",
        "geo",
        "hashed",
        "inputs",
        "line",
        "name",
        "opens",
        "slug",
        "zip_info",
    )  # fmt: skip

    def __init__(self, place_id: str, name: str, inputs: Mapping[str, Any]) -> None:
        self.name = name
        self.inputs = inputs
        geo = self.geo = place_geocode(inputs)
        hashed = self.hashed = draws(digest(name.lower() + "|" + (geo.hex if geo else place_id)))
        self.slug = _NON_SLUG.sub("", name.lower())[:40] or "place"
        zip_info = self.zip_info = geo.zip if geo else None
        area_codes = zip_info.area_codes if zip_info and zip_info.area_codes else _AREA_CODES
        self.area = area_codes[int(hashed[1] * len(area_codes))]
        self.line = f"{int(hashed[2] * 9000) + 1000:04d}"
        self.exchange = 200 + int(hashed[3] * 799)
        self.country = _text(inputs, "country_code") or ("US" if zip_info else None)
        self.closed = hashed[4] < 0.05
        self.opens = 6 + int(hashed[5] * 5)
        self.closes = 17 + int(hashed[6] * 6)


def _open_closed(f: _Facts) -> dict[str, Any]:
    return {"open_closed_status": "CLOSED_PERMANENTLY" if f.closed else "OPEN"}


def _address(f: _Facts) -> dict[str, Any]:
    return {"address": address_details(f.geo)} if f.geo else {}


def _coordinates(f: _Facts) -> dict[str, Any]:
    return {"coordinates": [f.geo.latitude, f.geo.longitude]} if f.geo else {}


def _phones(f: _Facts) -> dict[str, Any]:
    return {
        "phone": _text(f.inputs, "phone") or f"+1{f.area}{f.exchange}{f.line}",
        "phone_additional": (
            [f"+1{f.area}{f.exchange}{(int(f.line) + 1) % 10000:04d}"] if f.hashed[8] < 0.3 else []
        ),
    }


def _opening_hours(f: _Facts) -> dict[str, Any]:
    hours = f"{f.opens:02d}:00-{f.closes:02d}:00"
    sunday_closed = f.hashed[9] < 0.4
    return {
        "opening_hours": {
            day: "closed" if day == "sunday" and sunday_closed else hours for day in _DAYS
        }
    }


def _names(f: _Facts) -> dict[str, Any]:
    if f.zip_info:
        return {"alternative_names": [_capwords(f.name), f"{f.name} ({f.zip_info.city})"]}
    return {"alternative_names": [_capwords(f.name)]}


#: Attribute -> the builder of its outputs (called only when the attribute is asked for: a
#: page of results is built on every request for it; most batches ask for two or three).
_BUILDERS: Mapping[str, Callable[[_Facts], dict[str, Any]]] = {
    "closed_permanently": _open_closed,
    "address": _address,
    "coordinates": _coordinates,
    "categories": lambda f: {"categories": _categories(f.name)},
    "websites": lambda f: {"website": _text(f.inputs, "website") or f"https://www.{f.slug}.com"},
    "email_address": lambda f: {"email_address": f"info@{f.slug}.com"},
    "phoneNumbers": _phones,
    "openingHours": _opening_hours,
    "names": _names,
    "price_level": lambda f: {"price_level": "$" * (1 + int(f.hashed[10] * 4))},
    "rating": lambda f: {"rating": round(3.0 + f.hashed[11] * 2.0, 1)},
    "description": lambda f: {"description": f"{f.name}: {', '.join(_categories(f.name))}."},
    "social_profiles": lambda f: {"social_profiles": [f"https://www.facebook.com/{f.slug}"]},
    "payment_methods": lambda f: {"payment_methods": ["cash", "credit_card"]},
    "wheelchair_accessible": lambda f: {"wheelchair_accessible": f.hashed[12] < 0.8},
}


def enrich(
    place_id: str, inputs: Mapping[str, Any], attributes: Sequence[str], *, failed: bool
) -> PlaceOutcome:
    """Enrich one place deterministically; ``failed`` marks a failed attempt."""
    name = str(inputs.get("name") or "").strip()
    if failed or insufficient(inputs):
        return _failed(name, inputs, attributes)
    facts = _Facts(place_id, name, inputs)
    errors = draws(digest(f"errors|{place_id}"))
    outputs: dict[str, Any] = {"name": name}
    statuses: dict[str, str] = {}
    confidence: dict[str, str | None] = {}
    reasoning: dict[str, Any] = {}
    derived = f"Derived from the name and {'location' if facts.geo else 'inputs'}."
    for position, attribute in enumerate(attributes):
        build = _BUILDERS.get(attribute)
        if build is None:
            statuses[attribute] = "NOT_RUN"
            continue
        produced = build(facts)
        if not produced:
            statuses[attribute] = "RUN_CONDITION_FAILED"
            continue
        if errors[position % 16] < 0.02:
            statuses[attribute] = "ERROR"
            reasoning[attribute] = "The enrichment step raised an error."
            continue
        statuses[attribute] = "RUN"
        outputs.update(produced)
        level = _LEVELS[int(facts.hashed[13 + position % 3] * len(_LEVELS))]
        for key in OUTPUT_KEYS.get(attribute, ()):
            confidence[key] = level
        reasoning[attribute] = derived
    return PlaceOutcome("completed", outputs, statuses, confidence, reasoning, facts.country)


def _failed(name: str, inputs: Mapping[str, Any], attributes: Sequence[str]) -> PlaceOutcome:
    """A failed place: every attribute marked, the reason in ``reasoning["error"]``."""
    lacking = insufficient(inputs)
    why = (
        "Not enough inputs: give an address, coordinates, phone or website with the name."
        if lacking
        else "Enrichment failed upstream; reprocess the job."
    )
    status_value = "RUN_CONDITION_FAILED" if lacking else "ERROR"
    statuses = {attribute: status_value for attribute in attributes}
    return PlaceOutcome("failed", {"name": name}, statuses, {}, {"error": why}, None)
