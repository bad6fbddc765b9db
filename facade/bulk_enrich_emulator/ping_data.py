"""Deterministic Ping.Data results: datasources and per-source answers for one location."""

from __future__ import annotations

import json
import json.encoder
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from .geo import Geocode, geocode

GEOCODER, HAZARD, PARCEL, COAST, FLOOD, SURGE, WILDFIRE = (
    "geocoder",
    "hazard",
    "parcel",
    "coast",
    "flood",
    "surge",
    "wildfire",
)


@dataclass(frozen=True)
class Datasource:
    """One datasource the emulator serves."""

    code: str
    name: str
    kind: str
    output_fields: tuple[str, ...]

    def config(self) -> dict[str, Any]:
        """The ``DatasourceConfig`` answer."""
        geocoder = self.kind == GEOCODER
        return {
            "source_name": self.name,
            "source_code": self.code,
            "required_attrs": [] if geocoder else ["latitude", "longitude"],
            "optional_attrs": [
                "address",
                "address_line_1",
                "address_line_2",
                "city",
                "state",
                "postal_code",
                "country",
            ],
            "requires_credentials": False,
            "non_supported_input_values": None,
            "supported_countries": ["US"],
            "supported_us_states": None,
            "excluded_us_states": None,
            "geocode_confidence_required": None if geocoder else 0.5,
            "geocode_precision_required": None if geocoder else "APPROXIMATE",
            "output_fields": {name: {"type": "string"} for name in self.output_fields},
            "base_output_fields": {
                name: {"type": "string"}
                for name in ("is_success", "error_message", "status_code", "fetch_time")
            },
        }


_GEO_FIELDS = (
    "confidence",
    "street_number",
    "route",
    "location_type",
    "latitude",
    "longitude",
    "formatted_address",
    "place_id",
    "address_line_1",
    "address_line_2",
    "city",
    "postal_code",
    "county",
    "state",
    "country",
)

DATASOURCES: Mapping[str, Datasource] = {
    d.code: d
    for d in (
        Datasource("PG", "Ping Geocoding", GEOCODER, _GEO_FIELDS),
        Datasource("GG", "Google Geocoding", GEOCODER, _GEO_FIELDS),
        Datasource(
            "PH",
            "Ping Hazard",
            HAZARD,
            ("latitude", "longitude", "geocode_type", "google_maps_link", "external_data"),
        ),
        Datasource(
            "HH",
            "HazardHub",
            HAZARD,
            ("latitude", "longitude", "fema_flood_zone", "elevation", "bldg_year_built"),
        ),
        Datasource(
            "LB",
            "Lightbox",
            PARCEL,
            ("parcel_id", "land_use", "lot_size_sqft", "bldg_year_built", "num_stories"),
        ),
        Datasource("DTC", "Distance To Coast", COAST, ("distance_to_coast_miles",)),
        Datasource("PFF", "Ping FEMA Flood Zone", FLOOD, ("fema_flood_zone", "sfha")),
        Datasource("PSZ", "Ping Slosh Zone", SURGE, ("slosh_category",)),
        Datasource("PUSDAW", "Ping USDA Wildfire", WILDFIRE, ("wildfire_hazard_potential",)),
        Datasource("TD", "Terrain Data", HAZARD, ("elevation", "slope_degrees")),
    )
}

_FLOOD_ZONES = ("X", "X", "X", "X", "X", "X500", "AE", "AE", "A", "AO", "VE", "D")
_COASTAL = frozenset({"FL", "LA", "TX", "MS", "AL", "SC", "NC", "GA", "NJ", "NY", "VA"})
_BASE_ELEVATION = {"CO": 1800.0, "WY": 1900.0, "UT": 1500.0, "NM": 1700.0, "MT": 1100.0,
                   "ID": 1200.0, "NV": 1300.0, "AZ": 900.0, "FL": 5.0, "LA": 3.0,
                   "DE": 15.0}  # fmt: skip
_LAND_USE = ("RESIDENTIAL", "RESIDENTIAL", "COMMERCIAL", "INDUSTRIAL", "MIXED_USE", "AGRICULTURAL")
_WILDFIRE = ("VERY_LOW", "LOW", "MODERATE", "HIGH", "VERY_HIGH")


_encode = json.encoder.encode_basestring


def _str(value: str | None) -> str:
    return "null" if value is None else str(_encode(value))


def _failure(message: str, status_code: int = 422) -> str:
    return (
        f'{{"is_success":false,"error_message":{_str(message)},"status_code":{status_code},'
        '"fetch_time":0.0,"is_cache_hit":false}'
    )


def _hazards(geo: Geocode) -> tuple[str, float, int]:
    r = geo.rand
    state = geo.state or ""
    zones = _FLOOD_ZONES if state in _COASTAL else _FLOOD_ZONES[:7]
    base = _BASE_ELEVATION.get(state, 150.0)
    zone = zones[int(r[4] * len(zones))]
    elevation = round(base * (0.5 + r[5]) + r[6] * 40, 1)
    return zone, elevation, 1900 + int(r[7] * 124)


def _geocoder(code: str, geo: Geocode, location: Mapping[str, Any]) -> str:
    zip_info = geo.zip
    street = f"{geo.street_number} {geo.route}" if geo.street_number and geo.route else geo.route
    line_2 = location.get("address_line_2")
    places = (
        zip_info.json_parts
        if zip_info
        else '"city":null,"postal_code":null,"county":null,"state":null,"country":null'
    )
    return (
        f',"confidence":{geo.confidence},"street_number":{_str(geo.street_number)},'
        f'"route":{_str(geo.route)},"location_type":"{geo.precision}",'
        f'"latitude":{geo.lat_text},"longitude":{geo.lon_text},'
        f'"formatted_address":{_str(geo.formatted_address())},'
        f'"place_id":"{code.lower()}-{geo.hex[:20]}",'
        f'"address_line_1":{_str(street or "")},'
        f'"address_line_2":{_str(line_2 if isinstance(line_2, str) else "")},{places}'
    )


def _ping_hazard(code: str, geo: Geocode, location: Mapping[str, Any]) -> str:
    r = geo.rand
    lat, lon = geo.lat_text, geo.lon_text
    zone, elevation, year = _hazards(geo)
    return (
        f',"confidence":null,"latitude":{lat},"longitude":{lon},'
        f'"geocode_type":"{"ADDRESS" if geo.street_number else "CENTROID"}",'
        f'"google_maps_link":"https://www.google.com/maps/search/?api=1&query={lat},{lon}",'
        f'"external_data":{{"fema_flood_zone":"{zone}","elevation":{elevation!r},'
        f'"bldg_year_built":{year},"wildfire_risk_score":{int(r[8] * 100)},'
        f'"hurricane_risk_score":{int(r[9] * 100)},'
        f'"earthquake_risk_score":{int(r[10] * 100)}}}'
    )


def _terrain(code: str, geo: Geocode, location: Mapping[str, Any]) -> str:
    _, elevation, _ = _hazards(geo)
    return f',"elevation":{elevation!r},"slope_degrees":{round(geo.rand[11] * 25, 1)!r}'


def _hazard(code: str, geo: Geocode, location: Mapping[str, Any]) -> str:
    zone, elevation, year = _hazards(geo)
    return (
        f',"confidence":null,"latitude":{geo.lat_text},"longitude":{geo.lon_text},'
        f'"fema_flood_zone":"{zone}","elevation":{elevation!r},"bldg_year_built":{year}'
    )


def _parcel(code: str, geo: Geocode, location: Mapping[str, Any]) -> str:
    r = geo.rand
    zip_info = geo.zip
    _, _, year = _hazards(geo)
    parcel = f"{(zip_info.zip_code if zip_info else '00000')}-{geo.hex[:10]}"
    return (
        f',"parcel_id":"{parcel}","land_use":"{_LAND_USE[int(r[12] * len(_LAND_USE))]}",'
        f'"lot_size_sqft":{int(2000 + r[13] * 40000)},"bldg_year_built":{year},'
        f'"num_stories":{1 + int(r[14] * 4)}'
    )


def _coast(code: str, geo: Geocode, location: Mapping[str, Any]) -> str:
    scale = 40.0 if (geo.state or "") in _COASTAL else 400.0
    return f',"distance_to_coast_miles":{round(geo.rand[15] * scale, 2)!r}'


def _flood(code: str, geo: Geocode, location: Mapping[str, Any]) -> str:
    zone, _, _ = _hazards(geo)
    return f',"fema_flood_zone":"{zone}","sfha":{"true" if zone[0] in "AV" else "false"}'


def _surge(code: str, geo: Geocode, location: Mapping[str, Any]) -> str:
    category = 1 + int(geo.rand[1] * 5) if (geo.state or "") in _COASTAL else None
    return f',"slosh_category":{"null" if category is None else category}'


def _wildfire(code: str, geo: Geocode, location: Mapping[str, Any]) -> str:
    return f',"wildfire_hazard_potential":"{_WILDFIRE[int(geo.rand[2] * 5)]}"'


#: Builds the source-specific members of one answer (after the common head).
_Body = Callable[[str, Geocode, Mapping[str, Any]], str]
_BY_KIND: Mapping[str, _Body] = {
    GEOCODER: _geocoder,
    HAZARD: _hazard,
    PARCEL: _parcel,
    COAST: _coast,
    FLOOD: _flood,
    SURGE: _surge,
    WILDFIRE: _wildfire,
}
_BY_CODE: Mapping[str, _Body] = {"PH": _ping_hazard, "TD": _terrain}
#: Every served source's body builder: its own if it has one, else its kind's.
_BODIES: Mapping[str, _Body] = {
    code: _BY_CODE.get(code, _BY_KIND[source.kind]) for code, source in DATASOURCES.items()
}


def source_json(
    code: str,
    geo: Geocode | None,
    location: Mapping[str, Any],
    *,
    latency: float,
    check_cache: bool,
    include_raw: bool,
) -> tuple[str, bool, float]:
    """One source's answer for one location as JSON text, its success and its fetch time."""
    body = _BODIES.get(code)
    if body is None:
        return _failure(f"Datasource {code!r} is not available to this account.", 403), False, 0.0
    if geo is None:
        return _failure("Location has no address or coordinates to look up."), False, 0.0
    r = geo.rand
    fetch_time = round(latency * (0.6 + 0.8 * r[(8 + len(code)) % 16]), 4)
    cache_hit = check_cache and r[3] < 0.2
    if cache_hit:
        fetch_time = round(fetch_time / 20, 4)
    head = (
        f'{{"is_success":true,"error_message":null,"status_code":200,"fetch_time":{fetch_time!r},'
        f'"is_cache_hit":{"true" if cache_hit else "false"}'
    )
    raw = (
        f',"raw_response":{{"source":"{code}","request_digest":"{geo.hex}"}}' if include_raw else ""
    )
    return head + body(code, geo, location) + raw + "}", True, fetch_time


def location_json(
    location: Mapping[str, Any],
    sources: list[str],
    latency: Mapping[str, float],
    *,
    check_cache: bool = True,
    include_raw: bool = False,
) -> tuple[str, list[tuple[str, bool, float]]]:
    """Every requested source's answer for one location as a JSON object's text.

    Also returns (code, success, fetch time) per source, for the job's statistics.
    """
    geo = geocode(location)
    parts: list[str] = []
    outcomes: list[tuple[str, bool, float]] = []
    seen: set[str] = set()
    for code in sources:
        if code in seen:
            continue
        seen.add(code)
        text, success, fetch_time = source_json(
            code,
            geo,
            location,
            latency=latency.get(code, 0.1),
            check_cache=check_cache,
            include_raw=include_raw,
        )
        parts.append(f"{_str(code)}:{text}")
        outcomes.append((code, success, fetch_time))
    return "{" + ",".join(parts) + "}", outcomes


def location_results(
    location: Mapping[str, Any],
    sources: list[str],
    latency: Mapping[str, float],
    *,
    check_cache: bool = True,
    include_raw: bool = False,
) -> dict[str, dict[str, Any]]:
    """Every requested source's answer for one location, keyed by source code."""
    text, _ = location_json(
        location, sources, latency, check_cache=check_cache, include_raw=include_raw
    )
    results: dict[str, dict[str, Any]] = json.loads(text)
    return results
