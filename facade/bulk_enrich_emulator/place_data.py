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


def enrich(
    place_id: str, inputs: Mapping[str, Any], attributes: Sequence[str], *, failed: bool
) -> PlaceOutcome:
    """Enrich one place deterministically; ``failed`` marks a failed attempt."""
    name = str(inputs.get("name") or "").strip()
    outputs: dict[str, Any] = {"name": name}
    statuses: dict[str, str] = {}
    confidence: dict[str, str | None] = {}
    reasoning: dict[str, Any] = {}
    if failed or insufficient(inputs):
        why = (
            "Not enough inputs: give an address, coordinates, phone or website with the name."
            if insufficient(inputs)
            else "Enrichment failed upstream; reprocess the job."
        )
        status_value = "RUN_CONDITION_FAILED" if insufficient(inputs) else "ERROR"
        for attribute in attributes:
            statuses[attribute] = status_value
        reasoning["error"] = why
        return PlaceOutcome("failed", outputs, statuses, confidence, reasoning, None)
    geo = place_geocode(inputs)
    hashed = draws(digest(name.lower() + "|" + (geo.hex if geo else place_id)))
    errors = draws(digest(f"errors|{place_id}"))
    slug = _NON_SLUG.sub("", name.lower())[:40] or "place"
    zip_info = geo.zip if geo else None
    area_codes = zip_info.area_codes if zip_info and zip_info.area_codes else _AREA_CODES
    area = area_codes[int(hashed[1] * len(area_codes))]
    line = f"{int(hashed[2] * 9000) + 1000:04d}"
    exchange = 200 + int(hashed[3] * 799)
    country = _text(inputs, "country_code") or ("US" if zip_info else None)
    closed = hashed[4] < 0.05
    opens = 6 + int(hashed[5] * 5)
    closes = 17 + int(hashed[6] * 6)
    # Each attribute's value is built only when it is asked for (a page of results is built
    # on every request for it; most batches ask for two or three attributes).
    values: dict[str, Callable[[], dict[str, Any]]] = {
        "closed_permanently": lambda: {
            "open_closed_status": "CLOSED_PERMANENTLY" if closed else "OPEN",
        },
        "address": lambda: {"address": address_details(geo)} if geo else {},
        "coordinates": lambda: {"coordinates": [geo.latitude, geo.longitude]} if geo else {},
        "categories": lambda: {"categories": _categories(name)},
        "websites": lambda: {"website": _text(inputs, "website") or f"https://www.{slug}.com"},
        "email_address": lambda: {"email_address": f"info@{slug}.com"},
        "phoneNumbers": lambda: {
            "phone": _text(inputs, "phone") or f"+1{area}{exchange}{line}",
            "phone_additional": (
                [f"+1{area}{exchange}{(int(line) + 1) % 10000:04d}"] if hashed[8] < 0.3 else []
            ),
        },
        "openingHours": lambda: {
            "opening_hours": {
                day: "closed"
                if day == "sunday" and hashed[9] < 0.4
                else f"{opens:02d}:00-{closes:02d}:00"
                for day in _DAYS
            }
        },
        "names": lambda: (
            {"alternative_names": [_capwords(name), f"{name} ({zip_info.city})"]}
            if zip_info
            else {"alternative_names": [_capwords(name)]}
        ),
        "price_level": lambda: {"price_level": "$" * (1 + int(hashed[10] * 4))},
        "rating": lambda: {"rating": round(3.0 + hashed[11] * 2.0, 1)},
        "description": lambda: {"description": f"{name}: {', '.join(_categories(name))}."},
        "social_profiles": lambda: {"social_profiles": [f"https://www.facebook.com/{slug}"]},
        "payment_methods": lambda: {"payment_methods": ["cash", "credit_card"]},
        "wheelchair_accessible": lambda: {"wheelchair_accessible": hashed[12] < 0.8},
    }
    for position, attribute in enumerate(attributes):
        build = values.get(attribute)
        if build is None:
            statuses[attribute] = "NOT_RUN"
            continue
        produced = build()
        if not produced:
            statuses[attribute] = "RUN_CONDITION_FAILED"
            continue
        if errors[position % 16] < 0.02:
            statuses[attribute] = "ERROR"
            reasoning[attribute] = "The enrichment step raised an error."
            continue
        statuses[attribute] = "RUN"
        outputs.update(produced)
        level = _LEVELS[int(hashed[13 + position % 3] * len(_LEVELS))]
        for key in OUTPUT_KEYS.get(attribute, ()):
            confidence[key] = level
        reasoning[attribute] = f"Derived from the name and {'location' if geo else 'inputs'}."
    return PlaceOutcome("completed", outputs, statuses, confidence, reasoning, country)
