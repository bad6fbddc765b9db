"""Deterministic Ping.Data results: datasources and per-source answers for one location."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from .geo import Geocode, geocode, unit

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


def _failure(message: str, fetch_time: float, status_code: int = 422) -> dict[str, Any]:
    return {
        "is_success": False,
        "error_message": message,
        "status_code": status_code,
        "fetch_time": fetch_time,
        "is_cache_hit": False,
    }


def _hazards(geo: Geocode) -> dict[str, Any]:
    d = geo.digest
    state = geo.state or ""
    zones = _FLOOD_ZONES if state in _COASTAL else _FLOOD_ZONES[:7]
    base = _BASE_ELEVATION.get(state, 150.0)
    return {
        "fema_flood_zone": zones[int(unit(d, 4) * len(zones))],
        "elevation": round(base * (0.5 + unit(d, 5)) + unit(d, 6) * 40, 1),
        "bldg_year_built": 1900 + int(unit(d, 7) * 124),
    }


def source_result(
    code: str,
    geo: Geocode | None,
    location: Mapping[str, Any],
    *,
    latency: float,
    check_cache: bool,
    include_raw: bool,
) -> dict[str, Any]:
    """One source's answer for one location."""
    source = DATASOURCES.get(code)
    seed = geo.digest if geo is not None else b"\x00" * 16
    fetch_time = round(latency * (0.6 + 0.8 * unit(seed, 5 + len(code))), 4)
    if source is None:
        return _failure(f"Datasource {code!r} is not available to this account.", 0.0, 403)
    if geo is None:
        return _failure("Location has no address or coordinates to look up.", 0.0)
    cache_hit = check_cache and unit(seed, 7) < 0.2
    if cache_hit:
        fetch_time = round(fetch_time / 20, 4)
    result: dict[str, Any] = {
        "is_success": True,
        "error_message": None,
        "status_code": 200,
        "fetch_time": fetch_time,
        "is_cache_hit": cache_hit,
        "confidence": None,
    }
    kind = source.kind
    zip_info = geo.zip
    if kind == GEOCODER:
        street = (
            f"{geo.street_number} {geo.route}" if geo.street_number and geo.route else geo.route
        )
        line_2 = location.get("address_line_2")
        result.update(
            confidence=geo.confidence,
            street_number=geo.street_number,
            route=geo.route,
            location_type=geo.precision,
            latitude=geo.latitude,
            longitude=geo.longitude,
            formatted_address=geo.formatted_address(),
            place_id=f"{code.lower()}-{geo.digest.hex()[:20]}",
            address_line_1=street or "",
            address_line_2=line_2 if isinstance(line_2, str) else "",
            city=zip_info.city if zip_info else None,
            postal_code=zip_info.zip_code if zip_info else None,
            county=zip_info.county if zip_info else None,
            state=zip_info.state if zip_info else None,
            country="US" if zip_info else None,
        )
    elif code == "PH":
        hazards = _hazards(geo)
        result.update(
            latitude=geo.latitude,
            longitude=geo.longitude,
            geocode_type="ADDRESS" if geo.street_number else "CENTROID",
            google_maps_link=(
                f"https://www.google.com/maps/search/?api=1&query={geo.latitude},{geo.longitude}"
            ),
            external_data={
                **hazards,
                "wildfire_risk_score": int(unit(geo.digest, 8) * 100),
                "hurricane_risk_score": int(unit(geo.digest, 9) * 100),
                "earthquake_risk_score": int(unit(geo.digest, 10) * 100),
            },
        )
    elif kind == HAZARD and code == "TD":
        result.update(
            elevation=_hazards(geo)["elevation"],
            slope_degrees=round(unit(geo.digest, 11) * 25, 1),
        )
    elif kind == HAZARD:
        result.update(latitude=geo.latitude, longitude=geo.longitude, **_hazards(geo))
    elif kind == PARCEL:
        result.update(
            parcel_id=f"{(zip_info.zip_code if zip_info else '00000')}-{geo.digest.hex()[:10]}",
            land_use=_LAND_USE[int(unit(geo.digest, 12) * len(_LAND_USE))],
            lot_size_sqft=int(2000 + unit(geo.digest, 13) * 40000),
            bldg_year_built=_hazards(geo)["bldg_year_built"],
            num_stories=1 + int(unit(geo.digest, 14) * 4),
        )
    elif kind == COAST:
        coastal = (geo.state or "") in _COASTAL
        scale = 40.0 if coastal else 400.0
        result["distance_to_coast_miles"] = round(unit(geo.digest, 15) * scale, 2)
    elif kind == FLOOD:
        zone = _hazards(geo)["fema_flood_zone"]
        result.update(fema_flood_zone=zone, sfha=zone.startswith(("A", "V")))
    elif kind == SURGE:
        coastal = (geo.state or "") in _COASTAL
        result["slosh_category"] = 1 + int(unit(geo.digest, 16) * 5) if coastal else None
    elif kind == WILDFIRE:
        result["wildfire_hazard_potential"] = _WILDFIRE[int(unit(geo.digest, 17) * 5)]
    if include_raw:
        result["raw_response"] = {"source": code, "request_digest": geo.digest.hex()}
    return result


def location_results(
    location: Mapping[str, Any],
    sources: list[str],
    latency: Mapping[str, float],
    *,
    check_cache: bool = True,
    include_raw: bool = False,
) -> dict[str, dict[str, Any]]:
    """Every requested source's answer for one location, keyed by source code."""
    geo = geocode(location)
    return {
        code: source_result(
            code,
            geo,
            location,
            latency=latency.get(code, 0.1),
            check_cache=check_cache,
            include_raw=include_raw,
        )
        for code in sources
    }
