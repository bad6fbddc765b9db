"""The US ZIP code index the emulator geocodes with: centroids, names, states and cities."""

from __future__ import annotations

import functools
import json
import math
from collections.abc import Mapping
from dataclasses import dataclass

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


class ZipIndex:
    """Every active ZIP code by code, state, city and one-degree grid cell."""

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
        """The ZIP whose centroid is nearest (within about 100 km), if any."""
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
def index() -> ZipIndex:
    """The ZIP index (built once per process, about half a second)."""
    return ZipIndex()
