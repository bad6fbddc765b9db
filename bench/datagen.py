"""Deterministic synthetic inputs: US locations (Ping.Data) and places (Place Enrichment).

Rows are built from a fixed seed so every run, and both strategies, see the same data. A
million locations take a few seconds; files are cached by name (size and seed are in it).
"""

from __future__ import annotations

import csv
import random
from pathlib import Path

# (city, state, zip prefix, latitude, longitude)
CITIES: tuple[tuple[str, str, str, float, float], ...] = (
    ("New York", "NY", "100", 40.7128, -74.0060),
    ("Los Angeles", "CA", "900", 34.0522, -118.2437),
    ("Chicago", "IL", "606", 41.8781, -87.6298),
    ("Houston", "TX", "770", 29.7604, -95.3698),
    ("Phoenix", "AZ", "850", 33.4484, -112.0740),
    ("Philadelphia", "PA", "191", 39.9526, -75.1652),
    ("San Antonio", "TX", "782", 29.4241, -98.4936),
    ("San Diego", "CA", "921", 32.7157, -117.1611),
    ("Dallas", "TX", "752", 32.7767, -96.7970),
    ("Jacksonville", "FL", "322", 30.3322, -81.6557),
    ("Columbus", "OH", "432", 39.9612, -82.9988),
    ("Charlotte", "NC", "282", 35.2271, -80.8431),
    ("Indianapolis", "IN", "462", 39.7684, -86.1581),
    ("Seattle", "WA", "981", 47.6062, -122.3321),
    ("Denver", "CO", "802", 39.7392, -104.9903),
    ("Boston", "MA", "021", 42.3601, -71.0589),
    ("Nashville", "TN", "372", 36.1627, -86.7816),
    ("Miami", "FL", "331", 25.7617, -80.1918),
    ("Atlanta", "GA", "303", 33.7490, -84.3880),
    ("New Orleans", "LA", "701", 29.9511, -90.0715),
    ("Minneapolis", "MN", "554", 44.9778, -93.2650),
    ("Portland", "OR", "972", 45.5152, -122.6784),
    ("Tampa", "FL", "336", 27.9506, -82.4572),
    ("Kansas City", "MO", "641", 39.0997, -94.5786),
)
STREETS = (
    "Main", "Oak", "Pine", "Maple", "Cedar", "Elm", "Washington", "Lake", "Hill", "Park",
    "Church", "Mill", "Spring", "River", "Ridge", "Sunset", "Lincoln", "Jackson", "Forest",
    "Highland", "Center", "Union", "Franklin", "Madison", "Walnut", "Cherry", "Meadow",
)  # fmt: skip
SUFFIXES = ("St", "Ave", "Rd", "Blvd", "Dr", "Ln", "Way", "Ct", "Pl")
BUSINESS = (
    "Coffee", "Bakery", "Hardware", "Pharmacy", "Books", "Diner", "Grocery", "Florist",
    "Dental", "Fitness", "Auto Repair", "Pizza", "Laundry", "Pet Supply", "Bike Shop",
)  # fmt: skip
OWNERS = ("Acme", "Blue Sky", "Corner", "Golden", "Harbor", "Liberty", "Main Street", "Summit")

LOCATION_COLUMNS = ("id", "address", "city", "state", "postal_code", "latitude", "longitude")
PLACE_COLUMNS = ("place_id", "name", "full_address", "latitude", "longitude", "country_code")


def _address(rng: random.Random) -> tuple[str, str, str, str, float, float]:
    city, state, zip3, lat, lon = CITIES[rng.randrange(len(CITIES))]
    street = (
        f"{rng.randrange(1, 9999)} {STREETS[rng.randrange(len(STREETS))]} "
        f"{SUFFIXES[rng.randrange(len(SUFFIXES))]}"
    )
    postal = f"{zip3}{rng.randrange(100):02d}"
    return (
        street,
        city,
        state,
        postal,
        round(lat + rng.uniform(-0.2, 0.2), 6),
        round(lon + rng.uniform(-0.2, 0.2), 6),
    )


def location_rows(count: int, seed: int = 1) -> list[list[object]]:
    """``count`` rows of :data:`LOCATION_COLUMNS` (ids ``L0000001``...)."""
    rng = random.Random(seed)
    rows: list[list[object]] = []
    for i in range(count):
        street, city, state, postal, lat, lon = _address(rng)
        rows.append(
            [f"L{i + 1:07d}", f"{street}, {city}, {state} {postal}", city, state, postal, lat, lon]
        )
    return rows


def place_rows(count: int, seed: int = 2) -> list[list[object]]:
    """``count`` rows of :data:`PLACE_COLUMNS` (ids ``P0000001``...)."""
    rng = random.Random(seed)
    rows: list[list[object]] = []
    for i in range(count):
        street, city, state, postal, lat, lon = _address(rng)
        name = f"{OWNERS[rng.randrange(len(OWNERS))]} {BUSINESS[rng.randrange(len(BUSINESS))]}"
        rows.append([f"P{i + 1:07d}", name, f"{street}, {city}, {state} {postal}", lat, lon, "US"])
    return rows


def _write(path: Path, header: tuple[str, ...], rows: list[list[object]]) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    with open(tmp, "w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(header)
        writer.writerows(rows)
    tmp.replace(path)
    return path


def locations_csv(directory: Path, count: int, seed: int = 1) -> Path:
    """Path of a CSV of ``count`` synthetic US locations (written once, then reused)."""
    path = directory / f"locations-{count}-s{seed}.csv"
    if not path.exists():
        _write(path, LOCATION_COLUMNS, location_rows(count, seed))
    return path


def places_csv(directory: Path, count: int, seed: int = 2) -> Path:
    """Path of a CSV of ``count`` synthetic US places (written once, then reused)."""
    path = directory / f"places-{count}-s{seed}.csv"
    if not path.exists():
        _write(path, PLACE_COLUMNS, place_rows(count, seed))
    return path


def location_dicts(count: int, seed: int = 1) -> list[dict[str, object]]:
    """The same locations as dicts ready for a bulk request (``id``, ``address``, coordinates)."""
    return [
        {"id": r[0], "address": r[1], "latitude": r[5], "longitude": r[6]}
        for r in location_rows(count, seed)
    ]
