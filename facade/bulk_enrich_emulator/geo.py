"""Deterministic, plausible geocoding of US addresses from ZIP, city and state centroids.

The same normalised input always gives the same answer. A ZIP code lands near that ZIP's
centroid, a city near one of the city's ZIP centroids, a state near one of the state's ZIP
centroids (so it is always inside the state). Nothing usable gives ``None``.
"""

from __future__ import annotations

import functools
import hashlib
import re
import struct
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from .zip_index import STATE_NAMES, ZipIndex, ZipInfo, index

__all__ = ["STATE_NAMES", "Geocode", "ZipInfo", "digest", "draws", "geocode", "index", "unit"]

_ZIP_RE = re.compile(r"\b(\d{5})(?:-\d{4})?\b")
_STREET_RE = re.compile(r"^\s*(\d+[a-z]?(?:-\d+)?)\s+(.+?)\s*$", re.IGNORECASE)
_SUFFIXES = {
    "st": "St", "street": "St", "ave": "Ave", "avenue": "Ave", "rd": "Rd", "road": "Rd",
    "blvd": "Blvd", "boulevard": "Blvd", "dr": "Dr", "drive": "Dr", "ln": "Ln", "lane": "Ln",
    "ct": "Ct", "court": "Ct", "pl": "Pl", "place": "Pl", "hwy": "Hwy", "highway": "Hwy",
    "pkwy": "Pkwy", "parkway": "Pkwy", "way": "Way", "cir": "Cir", "circle": "Cir",
    "ter": "Ter", "terrace": "Ter", "n": "N", "s": "S", "e": "E", "w": "W",
}  # fmt: skip


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
def _state_of(part: str, idx: ZipIndex) -> str | None:
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
    free = fields.get("address", "")
    parts = [p.strip() for p in free.split(",") if p.strip()] if free else []
    street_text = fields.get("address_line_1") or (parts[0] if parts else "")
    street_number, route = _street(street_text, parts, idx)
    zip_info, level = _zip_of(fields, free, parts, street_text, hashed, idx)
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
    precision, confidence = _precision(street_number, level, hashed)
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


def _street(street_text: str, parts: list[str], idx: ZipIndex) -> tuple[str | None, str | None]:
    """The house number and the street of the first address line, when it is one."""
    if not street_text or _ZIP_RE.fullmatch(street_text):
        return None, None
    found = _STREET_RE.match(street_text)
    if found:
        return found.group(1).upper(), _route(found.group(2))
    if len(parts) != 1 or _state_of(street_text, idx) is None:
        return None, _route(street_text)
    return None, None


def _zip_of(
    fields: Mapping[str, str],
    free: str,
    parts: list[str],
    street_text: str,
    hashed: bytes,
    idx: ZipIndex,
) -> tuple[ZipInfo | None, str]:
    """The ZIP a location lands in and how it was found: ``zip``, ``city``, ``state``."""
    zip_info: ZipInfo | None = None
    level = "none"
    postal = fields.get("postal_code", "")
    zip_match = _ZIP_RE.search(postal) or (_ZIP_RE.search(free) if free else None)
    if zip_match and zip_match.group(1) in idx.zips:
        zip_info = idx.zips[zip_match.group(1)]
        level = "zip"
    state, city = _state_and_city(fields, parts, street_text, idx)
    if zip_info is None and state is not None:
        choices = idx.by_city.get((city or "", state)) if city else None
        if choices:
            level = "city"
        else:
            choices = idx.by_state[state]
            level = "state"
        zip_info = idx.zips[choices[int(unit(hashed, 0) * len(choices))]]
    return zip_info, level


def _state_and_city(
    fields: Mapping[str, str], parts: list[str], street_text: str, idx: ZipIndex
) -> tuple[str | None, str | None]:
    """The state (given, or the last part of the address naming one) and the city before it."""
    city: str | None = None
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
    return state, city


def _precision(street_number: str | None, level: str, hashed: bytes) -> tuple[str, int]:
    """The location type and confidence of a geocode found at ``level``."""
    if street_number and level in ("zip", "city"):
        return "ROOFTOP", 90 + int(unit(hashed, 3) * 10)
    if street_number:
        return "RANGE_INTERPOLATED", 70 + int(unit(hashed, 3) * 10)
    if level in ("zip", "city"):
        return "GEOMETRIC_CENTER", 55 + int(unit(hashed, 3) * 15)
    return "APPROXIMATE", 30 + int(unit(hashed, 3) * 20)
