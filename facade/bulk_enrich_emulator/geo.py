"""Deterministic, plausible geocoding of US addresses from ZIP, city and state centroids.

The same normalised input always gives the same answer. A ZIP code lands near that ZIP's
centroid, a city near one of the city's ZIP centroids, a state near one of the state's ZIP
centroids (so it is always inside the state). Nothing usable gives ``None``.
"""

from __future__ import annotations

import functools
import hashlib
import json
import math
import re
import struct
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import zipcodes

STATE_NAMES: Mapping[str, str] = {
    "alabama": "AL", "alaska": "AK", "arizona": "AZ", "arkansas": "AR", "california": "CA",
    "colorado": "CO", "connecticut": "CT", "delaware": "DE", "district of columbia": "DC",
    "florida": "FL", "georgia": "GA", "hawaii": "HI", "idaho": "ID", "illinois": "IL",
    "indiana": "IN", "iowa": "IA", "kansas": "KS", "kentucky": "KY", "louisiana": "LA",
    "maine": "ME", "maryland": "MD", "massachusetts": "MA", "michigan": "MI",
    "minnesota": "MN", "mississippi": "MS", "missouri": "MO", "montana": "MT",
    "nebraska": "NE", "nevada": "NV", "new hampshire": "NH", "new jersey": "NJ",
    "new mexico": "NM", "new york": "NY", "north carolina": "NC", "north dakota": "ND",
    "ohio": "OH", "oklahoma": "OK", "oregon": "OR", "pennsylvania": "PA",
    "rhode island": "RI", "south carolina": "SC", "south dakota": "SD", "tennessee": "TN",
    "texas": "TX", "utah": "UT", "vermont": "VT", "virginia": "VA", "washington": "WA",
    "west virginia": "WV", "wisconsin": "WI", "wyoming": "WY", "puerto rico": "PR",
}  # fmt: skip

_ZIP_RE = re.compile(r"\b(\d{5})(?:-\d{4})?\b")
_STREET_RE = re.compile(r"^\s*(\d+[a-z]?(?:-\d+)?)\s+(.+?)\s*$", re.IGNORECASE)
_SUFFIXES = {
    "st": "St", "street": "St", "ave": "Ave", "avenue": "Ave", "rd": "Rd", "road": "Rd",
    "blvd": "Blvd", "boulevard": "Blvd", "dr": "Dr", "drive": "Dr", "ln": "Ln", "lane": "Ln",
    "ct": "Ct", "court": "Ct", "pl": "Pl", "place": "Pl", "hwy": "Hwy", "highway": "Hwy",
    "pkwy": "Pkwy", "parkway": "Pkwy", "way": "Way", "cir": "Cir", "circle": "Cir",
    "ter": "Ter", "terrace": "Ter", "n": "N", "s": "S", "e": "E", "w": "W",
}  # fmt: skip


@dataclass(frozen=True)
class ZipInfo:
    """One ZIP code's centroid and names."""

    zip_code: str
    lat: float
    lon: float
    city: str
    state: str
    county: str
    area_codes: tuple[str, ...]

    @functools.cached_property
    def json_parts(self) -> str:
        """Pre-encoded ``"city":..,"postal_code":..,"county":..,"state":..,"country":"US"``."""
        return (
            f'"city":{json.dumps(self.city)},"postal_code":"{self.zip_code}",'
            f'"county":{json.dumps(self.county)},"state":"{self.state}","country":"US"'
        )


_RANDOM = struct.Struct(">16H")
_SIXTEEN_BITS = 1 / 65536


@dataclass(slots=True)
class Geocode:
    """A deterministic geocode (treat as immutable; not frozen, which makes building one,
    once per location of every job, about twice as slow)."""

    latitude: float
    longitude: float
    precision: str  # ROOFTOP, RANGE_INTERPOLATED, GEOMETRIC_CENTER, APPROXIMATE
    confidence: int
    zip: ZipInfo | None
    street_number: str | None
    route: str | None
    digest: bytes
    _derived: tuple[tuple[float, ...], str, str, str] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        self._derived = (
            draws(self.digest),
            repr(self.latitude),
            repr(self.longitude),
            self.digest.hex(),
        )

    @property
    def rand(self) -> tuple[float, ...]:
        """Sixteen stable numbers in [0, 1) drawn from the digest."""
        return self._derived[0]

    @property
    def lat_text(self) -> str:
        """The latitude as JSON text."""
        return self._derived[1]

    @property
    def lon_text(self) -> str:
        """The longitude as JSON text."""
        return self._derived[2]

    @property
    def hex(self) -> str:
        """The digest in hexadecimal."""
        return self._derived[3]

    @property
    def state(self) -> str | None:
        """Two-letter state, if known."""
        return self.zip.state if self.zip else None

    def formatted_address(self) -> str:
        """``1212 Main St, Miami, FL 33101, USA``."""
        parts: list[str] = []
        if self.street_number and self.route:
            parts.append(f"{self.street_number} {self.route}")
        elif self.route:
            parts.append(self.route)
        if self.zip is not None:
            parts.append(self.zip.city)
            parts.append(f"{self.zip.state} {self.zip.zip_code}")
            parts.append("USA")
        else:
            parts.append(f"{self.latitude:.5f}, {self.longitude:.5f}")
        return ", ".join(parts)


class _Index:
    def __init__(self) -> None:
        self.zips: dict[str, ZipInfo] = {}
        self.by_state: dict[str, list[str]] = {}
        self.by_city: dict[tuple[str, str], list[str]] = {}
        self.grid: dict[tuple[int, int], list[str]] = {}
        for record in zipcodes.list_all():  # type: ignore[no-untyped-call]
            try:
                lat = float(record["lat"])
                lon = float(record["long"])
            except (TypeError, ValueError, KeyError):
                continue
            state = str(record.get("state") or "")
            if not state or not record.get("active", True):
                continue
            info = ZipInfo(
                zip_code=str(record["zip_code"]),
                lat=lat,
                lon=lon,
                city=str(record.get("city") or ""),
                state=state,
                county=str(record.get("county") or ""),
                area_codes=tuple(str(a) for a in record.get("area_codes") or ()),
            )
            self.zips[info.zip_code] = info
            self.by_state.setdefault(state, []).append(info.zip_code)
            self.by_city.setdefault((info.city.lower(), state), []).append(info.zip_code)
            self.grid.setdefault((math.floor(lat), math.floor(lon)), []).append(info.zip_code)
        for values in (*self.by_state.values(), *self.by_city.values()):
            values.sort()
        self.states = frozenset(self.by_state)
        self.state_names = {name: code for name, code in STATE_NAMES.items() if code in self.states}

    def nearest(self, lat: float, lon: float) -> ZipInfo | None:
        best: ZipInfo | None = None
        best_distance = 1.0  # degrees squared: about 100 km
        cell_lat, cell_lon = math.floor(lat), math.floor(lon)
        for dlat in (-1, 0, 1):
            for dlon in (-1, 0, 1):
                for code in self.grid.get((cell_lat + dlat, cell_lon + dlon), ()):
                    info = self.zips[code]
                    distance = (info.lat - lat) ** 2 + (info.lon - lon) ** 2
                    if distance < best_distance:
                        best, best_distance = info, distance
        return best


@functools.lru_cache(maxsize=1)
def index() -> _Index:
    """The ZIP index (built once per process, about half a second)."""
    return _Index()


def digest(text: str) -> bytes:
    """A stable 16-byte digest of ``text``."""
    return hashlib.blake2b(text.encode("utf-8"), digest_size=16).digest()


def unit(value: bytes, slot: int) -> float:
    """A stable number in [0, 1) from two bytes of a digest."""
    offset = (slot * 2) % (len(value) - 1)
    return int.from_bytes(value[offset : offset + 2], "big") / 65536.0


def draws(value: bytes) -> tuple[float, ...]:
    """Sixteen stable numbers in [0, 1) from a digest."""
    wide = hashlib.blake2b(value, digest_size=32).digest()
    return tuple(map(_SIXTEEN_BITS.__rmul__, _RANDOM.unpack(wide)))  # exact: a power of two


def normalise(text: str) -> str:
    """Lower-case, single-spaced, trimmed."""
    return " ".join(text.lower().split())


@functools.lru_cache(maxsize=8192)  # street names repeat across a job's locations
def _route(text: str) -> str:
    return " ".join(_SUFFIXES.get(w, w.capitalize()) for w in text.replace(".", "").split())


@functools.lru_cache(maxsize=8192)
def _state_of(part: str, idx: _Index) -> str | None:
    part = _ZIP_RE.sub("", part).strip(" .")
    if len(part) == 2 and part.upper() in idx.states:
        return part.upper()
    return idx.state_names.get(part)


def _fields(location: Mapping[str, Any]) -> dict[str, str]:
    result: dict[str, str] = {}
    for key in ("address", "address_line_1", "city", "state", "postal_code", "country"):
        value = location.get(key)
        if isinstance(value, str) and value.strip():
            result[key] = normalise(value)
    return result


def _number(value: Any) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return float(value)


def geocode(location: Mapping[str, Any]) -> Geocode | None:
    """Geocode an address (free-form or structured) or coordinates; ``None`` if impossible."""
    idx = index()
    fields = _fields(location)
    lat = _number(location.get("latitude"))
    lon = _number(location.get("longitude"))
    has_coordinates = lat is not None and lon is not None
    key = "|".join(
        fields.get(k, "") for k in ("address", "address_line_1", "city", "state", "postal_code")
    )
    if not key.strip("|"):
        if not has_coordinates:
            return None
        key = f"{lat:.6f},{lon:.6f}"
    hashed = digest(key)

    zip_info: ZipInfo | None = None
    state: str | None = None
    city: str | None = None
    street_number: str | None = None
    route: str | None = None
    level = "none"

    free = fields.get("address", "")
    parts = [p.strip() for p in free.split(",") if p.strip()] if free else []
    street_text = fields.get("address_line_1") or (parts[0] if parts else "")
    if street_text and not _ZIP_RE.fullmatch(street_text):
        found = _STREET_RE.match(street_text)
        if found:
            street_number, route = found.group(1).upper(), _route(found.group(2))
        elif len(parts) != 1 or _state_of(street_text, idx) is None:
            route = _route(street_text)

    postal = fields.get("postal_code", "")
    zip_match = _ZIP_RE.search(postal) or (_ZIP_RE.search(free) if free else None)
    if zip_match and zip_match.group(1) in idx.zips:
        zip_info = idx.zips[zip_match.group(1)]
        level = "zip"
    state = _state_of(fields["state"], idx) if "state" in fields else None
    if state is None:
        last = -1 if len(parts) == 1 else 0
        for position in range(len(parts) - 1, last, -1):
            state = _state_of(parts[position], idx)
            if state is not None:
                if position >= 1 and "city" not in fields:
                    candidate = parts[position - 1]
                    city = None if candidate == street_text else candidate
                break
    if "city" in fields:
        city = fields["city"]
    if zip_info is None and state is not None:
        choices = idx.by_city.get((city or "", state)) if city else None
        if choices:
            level = "city"
        else:
            choices = idx.by_state[state]
            level = "state"
        zip_info = idx.zips[choices[int(unit(hashed, 0) * len(choices))]]
    if zip_info is None and has_coordinates:
        assert lat is not None
        assert lon is not None
        return Geocode(
            latitude=lat,
            longitude=lon,
            precision="ROOFTOP",
            confidence=99,
            zip=idx.nearest(lat, lon),
            street_number=street_number,
            route=route,
            digest=hashed,
        )
    if zip_info is None:
        return None
    if has_coordinates:
        assert lat is not None
        assert lon is not None
        latitude, longitude = lat, lon
    else:
        spread = {"zip": 0.01, "city": 0.02, "state": 0.03}[level]
        latitude = zip_info.lat + (unit(hashed, 1) - 0.5) * 2 * spread
        longitude = zip_info.lon + (unit(hashed, 2) - 0.5) * 2 * spread
    if street_number and level in ("zip", "city"):
        precision, confidence = "ROOFTOP", 90 + int(unit(hashed, 3) * 10)
    elif street_number:
        precision, confidence = "RANGE_INTERPOLATED", 70 + int(unit(hashed, 3) * 10)
    elif level in ("zip", "city"):
        precision, confidence = "GEOMETRIC_CENTER", 55 + int(unit(hashed, 3) * 15)
    else:
        precision, confidence = "APPROXIMATE", 30 + int(unit(hashed, 3) * 20)
    return Geocode(
        latitude=round(latitude, 6),
        longitude=round(longitude, 6),
        precision=precision,
        confidence=confidence,
        zip=zip_info,
        street_number=street_number,
        route=route,
        digest=hashed,
    )
