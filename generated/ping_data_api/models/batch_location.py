from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.batch_location_datasource_config import BatchLocationDatasourceConfig


T = TypeVar("T", bound="BatchLocation")


@_attrs_define
class BatchLocation:
    """One location. `id` is the caller's key for it in the output. Give an address, structured address parts, or
    coordinates.

        Attributes:
            id (str):
            sources (list[str] | Unset): Overrides the batch's sources for this location.
            datasource_config (BatchLocationDatasourceConfig | Unset):
            address (None | str | Unset):
            latitude (float | None | Unset):
            longitude (float | None | Unset):
            address_line_1 (None | str | Unset):
            address_line_2 (None | str | Unset):
            city (None | str | Unset):
            state (None | str | Unset):
            postal_code (None | str | Unset):
            country (None | str | Unset):
            county (None | str | Unset):
            bldg_name (None | str | Unset):
            occupancy_type_desc (None | str | Unset):
            const_bldg_year_built (int | None | Unset):
            const_num_stories (int | None | Unset):
            limits_building_limit (float | None | Unset):
            dtc_include_coastline_within_miles (float | None | Unset):
            dtc_return_connected_coastlines (bool | None | Unset):
    """

    id: str
    sources: list[str] | Unset = UNSET
    datasource_config: BatchLocationDatasourceConfig | Unset = UNSET
    address: None | str | Unset = UNSET
    latitude: float | None | Unset = UNSET
    longitude: float | None | Unset = UNSET
    address_line_1: None | str | Unset = UNSET
    address_line_2: None | str | Unset = UNSET
    city: None | str | Unset = UNSET
    state: None | str | Unset = UNSET
    postal_code: None | str | Unset = UNSET
    country: None | str | Unset = UNSET
    county: None | str | Unset = UNSET
    bldg_name: None | str | Unset = UNSET
    occupancy_type_desc: None | str | Unset = UNSET
    const_bldg_year_built: int | None | Unset = UNSET
    const_num_stories: int | None | Unset = UNSET
    limits_building_limit: float | None | Unset = UNSET
    dtc_include_coastline_within_miles: float | None | Unset = UNSET
    dtc_return_connected_coastlines: bool | None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        sources: list[str] | Unset = UNSET
        if not isinstance(self.sources, Unset):
            sources = self.sources

        datasource_config: dict[str, Any] | Unset = UNSET
        if not isinstance(self.datasource_config, Unset):
            datasource_config = self.datasource_config.to_dict()

        address: None | str | Unset
        if isinstance(self.address, Unset):
            address = UNSET
        else:
            address = self.address

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

        county: None | str | Unset
        if isinstance(self.county, Unset):
            county = UNSET
        else:
            county = self.county

        bldg_name: None | str | Unset
        if isinstance(self.bldg_name, Unset):
            bldg_name = UNSET
        else:
            bldg_name = self.bldg_name

        occupancy_type_desc: None | str | Unset
        if isinstance(self.occupancy_type_desc, Unset):
            occupancy_type_desc = UNSET
        else:
            occupancy_type_desc = self.occupancy_type_desc

        const_bldg_year_built: int | None | Unset
        if isinstance(self.const_bldg_year_built, Unset):
            const_bldg_year_built = UNSET
        else:
            const_bldg_year_built = self.const_bldg_year_built

        const_num_stories: int | None | Unset
        if isinstance(self.const_num_stories, Unset):
            const_num_stories = UNSET
        else:
            const_num_stories = self.const_num_stories

        limits_building_limit: float | None | Unset
        if isinstance(self.limits_building_limit, Unset):
            limits_building_limit = UNSET
        else:
            limits_building_limit = self.limits_building_limit

        dtc_include_coastline_within_miles: float | None | Unset
        if isinstance(self.dtc_include_coastline_within_miles, Unset):
            dtc_include_coastline_within_miles = UNSET
        else:
            dtc_include_coastline_within_miles = self.dtc_include_coastline_within_miles

        dtc_return_connected_coastlines: bool | None | Unset
        if isinstance(self.dtc_return_connected_coastlines, Unset):
            dtc_return_connected_coastlines = UNSET
        else:
            dtc_return_connected_coastlines = self.dtc_return_connected_coastlines

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
            }
        )
        if sources is not UNSET:
            field_dict["sources"] = sources
        if datasource_config is not UNSET:
            field_dict["datasource_config"] = datasource_config
        if address is not UNSET:
            field_dict["address"] = address
        if latitude is not UNSET:
            field_dict["latitude"] = latitude
        if longitude is not UNSET:
            field_dict["longitude"] = longitude
        if address_line_1 is not UNSET:
            field_dict["address_line_1"] = address_line_1
        if address_line_2 is not UNSET:
            field_dict["address_line_2"] = address_line_2
        if city is not UNSET:
            field_dict["city"] = city
        if state is not UNSET:
            field_dict["state"] = state
        if postal_code is not UNSET:
            field_dict["postal_code"] = postal_code
        if country is not UNSET:
            field_dict["country"] = country
        if county is not UNSET:
            field_dict["county"] = county
        if bldg_name is not UNSET:
            field_dict["bldg_name"] = bldg_name
        if occupancy_type_desc is not UNSET:
            field_dict["occupancy__type_desc"] = occupancy_type_desc
        if const_bldg_year_built is not UNSET:
            field_dict["const__bldg_year_built"] = const_bldg_year_built
        if const_num_stories is not UNSET:
            field_dict["const__num_stories"] = const_num_stories
        if limits_building_limit is not UNSET:
            field_dict["limits__building_limit"] = limits_building_limit
        if dtc_include_coastline_within_miles is not UNSET:
            field_dict["dtc_include_coastline_within_miles"] = (
                dtc_include_coastline_within_miles
            )
        if dtc_return_connected_coastlines is not UNSET:
            field_dict["dtc_return_connected_coastlines"] = (
                dtc_return_connected_coastlines
            )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.batch_location_datasource_config import (
            BatchLocationDatasourceConfig,
        )

        d = dict(src_dict)
        id = d.pop("id")

        sources = cast(list[str], d.pop("sources", UNSET))

        _datasource_config = d.pop("datasource_config", UNSET)
        datasource_config: BatchLocationDatasourceConfig | Unset
        if isinstance(_datasource_config, Unset):
            datasource_config = UNSET
        else:
            datasource_config = BatchLocationDatasourceConfig.from_dict(
                _datasource_config
            )

        def _parse_address(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        address = _parse_address(d.pop("address", UNSET))

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

        def _parse_county(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        county = _parse_county(d.pop("county", UNSET))

        def _parse_bldg_name(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        bldg_name = _parse_bldg_name(d.pop("bldg_name", UNSET))

        def _parse_occupancy_type_desc(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        occupancy_type_desc = _parse_occupancy_type_desc(
            d.pop("occupancy__type_desc", UNSET)
        )

        def _parse_const_bldg_year_built(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        const_bldg_year_built = _parse_const_bldg_year_built(
            d.pop("const__bldg_year_built", UNSET)
        )

        def _parse_const_num_stories(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        const_num_stories = _parse_const_num_stories(d.pop("const__num_stories", UNSET))

        def _parse_limits_building_limit(data: object) -> float | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(float | None | Unset, data)

        limits_building_limit = _parse_limits_building_limit(
            d.pop("limits__building_limit", UNSET)
        )

        def _parse_dtc_include_coastline_within_miles(
            data: object,
        ) -> float | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(float | None | Unset, data)

        dtc_include_coastline_within_miles = _parse_dtc_include_coastline_within_miles(
            d.pop("dtc_include_coastline_within_miles", UNSET)
        )

        def _parse_dtc_return_connected_coastlines(data: object) -> bool | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(bool | None | Unset, data)

        dtc_return_connected_coastlines = _parse_dtc_return_connected_coastlines(
            d.pop("dtc_return_connected_coastlines", UNSET)
        )

        batch_location = cls(
            id=id,
            sources=sources,
            datasource_config=datasource_config,
            address=address,
            latitude=latitude,
            longitude=longitude,
            address_line_1=address_line_1,
            address_line_2=address_line_2,
            city=city,
            state=state,
            postal_code=postal_code,
            country=country,
            county=county,
            bldg_name=bldg_name,
            occupancy_type_desc=occupancy_type_desc,
            const_bldg_year_built=const_bldg_year_built,
            const_num_stories=const_num_stories,
            limits_building_limit=limits_building_limit,
            dtc_include_coastline_within_miles=dtc_include_coastline_within_miles,
            dtc_return_connected_coastlines=dtc_return_connected_coastlines,
        )

        batch_location.additional_properties = d
        return batch_location

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
