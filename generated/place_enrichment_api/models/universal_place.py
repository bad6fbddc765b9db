from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.input_type_value import InputTypeValue
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.universal_place_opening_hours_type_0 import (
        UniversalPlaceOpeningHoursType0,
    )


T = TypeVar("T", bound="UniversalPlace")


@_attrs_define
class UniversalPlace:
    """The place to enrich. `name` is required; an address or coordinates improve accuracy.

    Attributes:
        name (str):
        full_address (None | str | Unset):
        latitude (float | None | Unset):
        longitude (float | None | Unset):
        country_code (None | str | Unset):
        street (None | str | Unset):
        house (None | str | Unset):
        city (None | str | Unset):
        state (None | str | Unset):
        postal_code (None | str | Unset):
        country (None | str | Unset):
        category (None | str | Unset):
        type_ (None | str | Unset):
        website (None | str | Unset):
        phone (None | str | Unset):
        wkt_geometry (None | str | Unset):
        source (None | str | Unset):
        id (None | str | Unset): An optional identifier for tracking the place.
        opening_hours (None | UniversalPlaceOpeningHoursType0 | Unset):
        input_type (InputTypeValue | str | Unset): The kind of input: `place` (these fields; the default) or `query`.
            Results echo it as the discriminator of `inputs`.
    """

    name: str
    full_address: None | str | Unset = UNSET
    latitude: float | None | Unset = UNSET
    longitude: float | None | Unset = UNSET
    country_code: None | str | Unset = UNSET
    street: None | str | Unset = UNSET
    house: None | str | Unset = UNSET
    city: None | str | Unset = UNSET
    state: None | str | Unset = UNSET
    postal_code: None | str | Unset = UNSET
    country: None | str | Unset = UNSET
    category: None | str | Unset = UNSET
    type_: None | str | Unset = UNSET
    website: None | str | Unset = UNSET
    phone: None | str | Unset = UNSET
    wkt_geometry: None | str | Unset = UNSET
    source: None | str | Unset = UNSET
    id: None | str | Unset = UNSET
    opening_hours: None | UniversalPlaceOpeningHoursType0 | Unset = UNSET
    input_type: InputTypeValue | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.universal_place_opening_hours_type_0 import (
            UniversalPlaceOpeningHoursType0,
        )

        name = self.name

        full_address: None | str | Unset
        if isinstance(self.full_address, Unset):
            full_address = UNSET
        else:
            full_address = self.full_address

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

        country_code: None | str | Unset
        if isinstance(self.country_code, Unset):
            country_code = UNSET
        else:
            country_code = self.country_code

        street: None | str | Unset
        if isinstance(self.street, Unset):
            street = UNSET
        else:
            street = self.street

        house: None | str | Unset
        if isinstance(self.house, Unset):
            house = UNSET
        else:
            house = self.house

        city: None | str | Unset
        if isinstance(self.city, Unset):
            city = UNSET
        else:
            city = self.city

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

        category: None | str | Unset
        if isinstance(self.category, Unset):
            category = UNSET
        else:
            category = self.category

        type_: None | str | Unset
        if isinstance(self.type_, Unset):
            type_ = UNSET
        else:
            type_ = self.type_

        website: None | str | Unset
        if isinstance(self.website, Unset):
            website = UNSET
        else:
            website = self.website

        phone: None | str | Unset
        if isinstance(self.phone, Unset):
            phone = UNSET
        else:
            phone = self.phone

        wkt_geometry: None | str | Unset
        if isinstance(self.wkt_geometry, Unset):
            wkt_geometry = UNSET
        else:
            wkt_geometry = self.wkt_geometry

        source: None | str | Unset
        if isinstance(self.source, Unset):
            source = UNSET
        else:
            source = self.source

        id: None | str | Unset
        if isinstance(self.id, Unset):
            id = UNSET
        else:
            id = self.id

        opening_hours: dict[str, Any] | None | Unset
        if isinstance(self.opening_hours, Unset):
            opening_hours = UNSET
        elif isinstance(self.opening_hours, UniversalPlaceOpeningHoursType0):
            opening_hours = self.opening_hours.to_dict()
        else:
            opening_hours = self.opening_hours

        input_type: str | Unset
        if isinstance(self.input_type, Unset):
            input_type = UNSET
        elif isinstance(self.input_type, InputTypeValue):
            input_type = self.input_type.value
        else:
            input_type = self.input_type

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "name": name,
            }
        )
        if full_address is not UNSET:
            field_dict["full_address"] = full_address
        if latitude is not UNSET:
            field_dict["latitude"] = latitude
        if longitude is not UNSET:
            field_dict["longitude"] = longitude
        if country_code is not UNSET:
            field_dict["country_code"] = country_code
        if street is not UNSET:
            field_dict["street"] = street
        if house is not UNSET:
            field_dict["house"] = house
        if city is not UNSET:
            field_dict["city"] = city
        if state is not UNSET:
            field_dict["state"] = state
        if postal_code is not UNSET:
            field_dict["postalCode"] = postal_code
        if country is not UNSET:
            field_dict["country"] = country
        if category is not UNSET:
            field_dict["category"] = category
        if type_ is not UNSET:
            field_dict["type"] = type_
        if website is not UNSET:
            field_dict["website"] = website
        if phone is not UNSET:
            field_dict["phone"] = phone
        if wkt_geometry is not UNSET:
            field_dict["wkt_geometry"] = wkt_geometry
        if source is not UNSET:
            field_dict["source"] = source
        if id is not UNSET:
            field_dict["id"] = id
        if opening_hours is not UNSET:
            field_dict["opening_hours"] = opening_hours
        if input_type is not UNSET:
            field_dict["input_type"] = input_type

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.universal_place_opening_hours_type_0 import (
            UniversalPlaceOpeningHoursType0,
        )

        d = dict(src_dict)
        name = d.pop("name")

        def _parse_full_address(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        full_address = _parse_full_address(d.pop("full_address", UNSET))

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

        def _parse_country_code(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        country_code = _parse_country_code(d.pop("country_code", UNSET))

        def _parse_street(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        street = _parse_street(d.pop("street", UNSET))

        def _parse_house(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        house = _parse_house(d.pop("house", UNSET))

        def _parse_city(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        city = _parse_city(d.pop("city", UNSET))

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

        postal_code = _parse_postal_code(d.pop("postalCode", UNSET))

        def _parse_country(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        country = _parse_country(d.pop("country", UNSET))

        def _parse_category(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        category = _parse_category(d.pop("category", UNSET))

        def _parse_type_(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        type_ = _parse_type_(d.pop("type", UNSET))

        def _parse_website(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        website = _parse_website(d.pop("website", UNSET))

        def _parse_phone(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        phone = _parse_phone(d.pop("phone", UNSET))

        def _parse_wkt_geometry(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        wkt_geometry = _parse_wkt_geometry(d.pop("wkt_geometry", UNSET))

        def _parse_source(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        source = _parse_source(d.pop("source", UNSET))

        def _parse_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        id = _parse_id(d.pop("id", UNSET))

        def _parse_opening_hours(
            data: object,
        ) -> None | UniversalPlaceOpeningHoursType0 | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                opening_hours_type_0 = UniversalPlaceOpeningHoursType0.from_dict(data)

                return opening_hours_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | UniversalPlaceOpeningHoursType0 | Unset, data)

        opening_hours = _parse_opening_hours(d.pop("opening_hours", UNSET))

        def _parse_input_type(data: object) -> InputTypeValue | str | Unset:
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                input_type_type_0 = InputTypeValue(data)

                return input_type_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(InputTypeValue | str | Unset, data)

        input_type = _parse_input_type(d.pop("input_type", UNSET))

        universal_place = cls(
            name=name,
            full_address=full_address,
            latitude=latitude,
            longitude=longitude,
            country_code=country_code,
            street=street,
            house=house,
            city=city,
            state=state,
            postal_code=postal_code,
            country=country,
            category=category,
            type_=type_,
            website=website,
            phone=phone,
            wkt_geometry=wkt_geometry,
            source=source,
            id=id,
            opening_hours=opening_hours,
            input_type=input_type,
        )

        universal_place.additional_properties = d
        return universal_place

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
