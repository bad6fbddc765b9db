from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.source_result_external_data_type_0 import (
        SourceResultExternalDataType0,
    )


T = TypeVar("T", bound="SourceResult")


@_attrs_define
class SourceResult:
    """One source's answer for one location. Geocoders add coordinates and address parts, hazard sources add hazard fields;
    unknown fields are kept.

        Attributes:
            is_success (bool):
            error_message (None | str | Unset):
            status_code (int | None | Unset):
            fetch_time (float | None | Unset):
            confidence (float | None | Unset):
            is_cache_hit (bool | None | Unset):
            latitude (float | None | Unset):
            longitude (float | None | Unset):
            formatted_address (None | str | Unset):
            location_type (None | str | Unset):
            street_number (None | str | Unset):
            route (None | str | Unset):
            address_line_1 (None | str | Unset):
            address_line_2 (None | str | Unset):
            city (None | str | Unset):
            county (None | str | Unset):
            state (None | str | Unset):
            postal_code (None | str | Unset):
            country (None | str | Unset):
            place_id (None | str | Unset):
            fema_flood_zone (None | str | Unset):
            elevation (float | None | Unset):
            bldg_year_built (int | None | Unset):
            external_data (None | SourceResultExternalDataType0 | Unset):
    """

    is_success: bool
    error_message: None | str | Unset = UNSET
    status_code: int | None | Unset = UNSET
    fetch_time: float | None | Unset = UNSET
    confidence: float | None | Unset = UNSET
    is_cache_hit: bool | None | Unset = UNSET
    latitude: float | None | Unset = UNSET
    longitude: float | None | Unset = UNSET
    formatted_address: None | str | Unset = UNSET
    location_type: None | str | Unset = UNSET
    street_number: None | str | Unset = UNSET
    route: None | str | Unset = UNSET
    address_line_1: None | str | Unset = UNSET
    address_line_2: None | str | Unset = UNSET
    city: None | str | Unset = UNSET
    county: None | str | Unset = UNSET
    state: None | str | Unset = UNSET
    postal_code: None | str | Unset = UNSET
    country: None | str | Unset = UNSET
    place_id: None | str | Unset = UNSET
    fema_flood_zone: None | str | Unset = UNSET
    elevation: float | None | Unset = UNSET
    bldg_year_built: int | None | Unset = UNSET
    external_data: None | SourceResultExternalDataType0 | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.source_result_external_data_type_0 import (
            SourceResultExternalDataType0,
        )

        is_success = self.is_success

        error_message: None | str | Unset
        if isinstance(self.error_message, Unset):
            error_message = UNSET
        else:
            error_message = self.error_message

        status_code: int | None | Unset
        if isinstance(self.status_code, Unset):
            status_code = UNSET
        else:
            status_code = self.status_code

        fetch_time: float | None | Unset
        if isinstance(self.fetch_time, Unset):
            fetch_time = UNSET
        else:
            fetch_time = self.fetch_time

        confidence: float | None | Unset
        if isinstance(self.confidence, Unset):
            confidence = UNSET
        else:
            confidence = self.confidence

        is_cache_hit: bool | None | Unset
        if isinstance(self.is_cache_hit, Unset):
            is_cache_hit = UNSET
        else:
            is_cache_hit = self.is_cache_hit

        latitude: float | None | Unset
        if isinstance(self.latitude, Unset):
            latitude = UNSET
        else:
            latitude = self.latitude

        longitude: float | None | Unset
        if isinstance(self.longitude, Unset):
            longitude = UNSET
        else:
            longitude = self.longitude

        formatted_address: None | str | Unset
        if isinstance(self.formatted_address, Unset):
            formatted_address = UNSET
        else:
            formatted_address = self.formatted_address

        location_type: None | str | Unset
        if isinstance(self.location_type, Unset):
            location_type = UNSET
        else:
            location_type = self.location_type

        street_number: None | str | Unset
        if isinstance(self.street_number, Unset):
            street_number = UNSET
        else:
            street_number = self.street_number

        route: None | str | Unset
        if isinstance(self.route, Unset):
            route = UNSET
        else:
            route = self.route

        address_line_1: None | str | Unset
        if isinstance(self.address_line_1, Unset):
            address_line_1 = UNSET
        else:
            address_line_1 = self.address_line_1

        address_line_2: None | str | Unset
        if isinstance(self.address_line_2, Unset):
            address_line_2 = UNSET
        else:
            address_line_2 = self.address_line_2

        city: None | str | Unset
        if isinstance(self.city, Unset):
            city = UNSET
        else:
            city = self.city

        county: None | str | Unset
        if isinstance(self.county, Unset):
            county = UNSET
        else:
            county = self.county

        state: None | str | Unset
        if isinstance(self.state, Unset):
            state = UNSET
        else:
            state = self.state

        postal_code: None | str | Unset
        if isinstance(self.postal_code, Unset):
            postal_code = UNSET
        else:
            postal_code = self.postal_code

        country: None | str | Unset
        if isinstance(self.country, Unset):
            country = UNSET
        else:
            country = self.country

        place_id: None | str | Unset
        if isinstance(self.place_id, Unset):
            place_id = UNSET
        else:
            place_id = self.place_id

        fema_flood_zone: None | str | Unset
        if isinstance(self.fema_flood_zone, Unset):
            fema_flood_zone = UNSET
        else:
            fema_flood_zone = self.fema_flood_zone

        elevation: float | None | Unset
        if isinstance(self.elevation, Unset):
            elevation = UNSET
        else:
            elevation = self.elevation

        bldg_year_built: int | None | Unset
        if isinstance(self.bldg_year_built, Unset):
            bldg_year_built = UNSET
        else:
            bldg_year_built = self.bldg_year_built

        external_data: dict[str, Any] | None | Unset
        if isinstance(self.external_data, Unset):
            external_data = UNSET
        elif isinstance(self.external_data, SourceResultExternalDataType0):
            external_data = self.external_data.to_dict()
        else:
            external_data = self.external_data

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "is_success": is_success,
            }
        )
        if error_message is not UNSET:
            field_dict["error_message"] = error_message
        if status_code is not UNSET:
            field_dict["status_code"] = status_code
        if fetch_time is not UNSET:
            field_dict["fetch_time"] = fetch_time
        if confidence is not UNSET:
            field_dict["confidence"] = confidence
        if is_cache_hit is not UNSET:
            field_dict["is_cache_hit"] = is_cache_hit
        if latitude is not UNSET:
            field_dict["latitude"] = latitude
        if longitude is not UNSET:
            field_dict["longitude"] = longitude
        if formatted_address is not UNSET:
            field_dict["formatted_address"] = formatted_address
        if location_type is not UNSET:
            field_dict["location_type"] = location_type
        if street_number is not UNSET:
            field_dict["street_number"] = street_number
        if route is not UNSET:
            field_dict["route"] = route
        if address_line_1 is not UNSET:
            field_dict["address_line_1"] = address_line_1
        if address_line_2 is not UNSET:
            field_dict["address_line_2"] = address_line_2
        if city is not UNSET:
            field_dict["city"] = city
        if county is not UNSET:
            field_dict["county"] = county
        if state is not UNSET:
            field_dict["state"] = state
        if postal_code is not UNSET:
            field_dict["postal_code"] = postal_code
        if country is not UNSET:
            field_dict["country"] = country
        if place_id is not UNSET:
            field_dict["place_id"] = place_id
        if fema_flood_zone is not UNSET:
            field_dict["fema_flood_zone"] = fema_flood_zone
        if elevation is not UNSET:
            field_dict["elevation"] = elevation
        if bldg_year_built is not UNSET:
            field_dict["bldg_year_built"] = bldg_year_built
        if external_data is not UNSET:
            field_dict["external_data"] = external_data

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.source_result_external_data_type_0 import (
            SourceResultExternalDataType0,
        )

        d = dict(src_dict)
        is_success = d.pop("is_success")

        def _parse_error_message(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        error_message = _parse_error_message(d.pop("error_message", UNSET))

        def _parse_status_code(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        status_code = _parse_status_code(d.pop("status_code", UNSET))

        def _parse_fetch_time(data: object) -> float | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(float | None | Unset, data)

        fetch_time = _parse_fetch_time(d.pop("fetch_time", UNSET))

        def _parse_confidence(data: object) -> float | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(float | None | Unset, data)

        confidence = _parse_confidence(d.pop("confidence", UNSET))

        def _parse_is_cache_hit(data: object) -> bool | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(bool | None | Unset, data)

        is_cache_hit = _parse_is_cache_hit(d.pop("is_cache_hit", UNSET))

        def _parse_latitude(data: object) -> float | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(float | None | Unset, data)

        latitude = _parse_latitude(d.pop("latitude", UNSET))

        def _parse_longitude(data: object) -> float | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(float | None | Unset, data)

        longitude = _parse_longitude(d.pop("longitude", UNSET))

        def _parse_formatted_address(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        formatted_address = _parse_formatted_address(d.pop("formatted_address", UNSET))

        def _parse_location_type(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        location_type = _parse_location_type(d.pop("location_type", UNSET))

        def _parse_street_number(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        street_number = _parse_street_number(d.pop("street_number", UNSET))

        def _parse_route(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        route = _parse_route(d.pop("route", UNSET))

        def _parse_address_line_1(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        address_line_1 = _parse_address_line_1(d.pop("address_line_1", UNSET))

        def _parse_address_line_2(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        address_line_2 = _parse_address_line_2(d.pop("address_line_2", UNSET))

        def _parse_city(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        city = _parse_city(d.pop("city", UNSET))

        def _parse_county(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        county = _parse_county(d.pop("county", UNSET))

        def _parse_state(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        state = _parse_state(d.pop("state", UNSET))

        def _parse_postal_code(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        postal_code = _parse_postal_code(d.pop("postal_code", UNSET))

        def _parse_country(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        country = _parse_country(d.pop("country", UNSET))

        def _parse_place_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        place_id = _parse_place_id(d.pop("place_id", UNSET))

        def _parse_fema_flood_zone(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        fema_flood_zone = _parse_fema_flood_zone(d.pop("fema_flood_zone", UNSET))

        def _parse_elevation(data: object) -> float | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(float | None | Unset, data)

        elevation = _parse_elevation(d.pop("elevation", UNSET))

        def _parse_bldg_year_built(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        bldg_year_built = _parse_bldg_year_built(d.pop("bldg_year_built", UNSET))

        def _parse_external_data(
            data: object,
        ) -> None | SourceResultExternalDataType0 | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                external_data_type_0 = SourceResultExternalDataType0.from_dict(data)

                return external_data_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | SourceResultExternalDataType0 | Unset, data)

        external_data = _parse_external_data(d.pop("external_data", UNSET))

        source_result = cls(
            is_success=is_success,
            error_message=error_message,
            status_code=status_code,
            fetch_time=fetch_time,
            confidence=confidence,
            is_cache_hit=is_cache_hit,
            latitude=latitude,
            longitude=longitude,
            formatted_address=formatted_address,
            location_type=location_type,
            street_number=street_number,
            route=route,
            address_line_1=address_line_1,
            address_line_2=address_line_2,
            city=city,
            county=county,
            state=state,
            postal_code=postal_code,
            country=country,
            place_id=place_id,
            fema_flood_zone=fema_flood_zone,
            elevation=elevation,
            bldg_year_built=bldg_year_built,
            external_data=external_data,
        )

        source_result.additional_properties = d
        return source_result

    @property
    def additional_keys(self) -> list[str]:
        return list(self.additional_properties.keys())

    def __getitem__(self, key: str) -> Any:
        return self.additional_properties[key]

    def __setitem__(self, key: str, value: Any) -> None:
        self.additional_properties[key] = value

    def __delitem__(self, key: str) -> None:
        del self.additional_properties[key]

    def __contains__(self, key: str) -> bool:
        return key in self.additional_properties
