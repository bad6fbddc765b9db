from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="JobReasoning")


@_attrs_define
class JobReasoning:
    """Per output key, why the value was chosen; a failed job carries its reason in `error` (a key the vendor's object
    leaves open). Every job has one, empty before it runs.

        Attributes:
            error (None | str | Unset):
            open_closed_status (None | str | Unset):
            address (None | str | Unset):
            categories (None | str | Unset):
            website (None | str | Unset):
            phone (None | str | Unset):
            opening_hours (None | str | Unset):
            name (None | str | Unset):
            coordinates (None | str | Unset):
    """

    error: None | str | Unset = UNSET
    open_closed_status: None | str | Unset = UNSET
    address: None | str | Unset = UNSET
    categories: None | str | Unset = UNSET
    website: None | str | Unset = UNSET
    phone: None | str | Unset = UNSET
    opening_hours: None | str | Unset = UNSET
    name: None | str | Unset = UNSET
    coordinates: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        error: None | str | Unset
        if isinstance(self.error, Unset):
            error = UNSET
        else:
            error = self.error

        open_closed_status: None | str | Unset
        if isinstance(self.open_closed_status, Unset):
            open_closed_status = UNSET
        else:
            open_closed_status = self.open_closed_status

        address: None | str | Unset
        if isinstance(self.address, Unset):
            address = UNSET
        else:
            address = self.address

        categories: None | str | Unset
        if isinstance(self.categories, Unset):
            categories = UNSET
        else:
            categories = self.categories

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

        opening_hours: None | str | Unset
        if isinstance(self.opening_hours, Unset):
            opening_hours = UNSET
        else:
            opening_hours = self.opening_hours

        name: None | str | Unset
        if isinstance(self.name, Unset):
            name = UNSET
        else:
            name = self.name

        coordinates: None | str | Unset
        if isinstance(self.coordinates, Unset):
            coordinates = UNSET
        else:
            coordinates = self.coordinates

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if error is not UNSET:
            field_dict["error"] = error
        if open_closed_status is not UNSET:
            field_dict["open_closed_status"] = open_closed_status
        if address is not UNSET:
            field_dict["address"] = address
        if categories is not UNSET:
            field_dict["categories"] = categories
        if website is not UNSET:
            field_dict["website"] = website
        if phone is not UNSET:
            field_dict["phone"] = phone
        if opening_hours is not UNSET:
            field_dict["opening_hours"] = opening_hours
        if name is not UNSET:
            field_dict["name"] = name
        if coordinates is not UNSET:
            field_dict["coordinates"] = coordinates

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)

        def _parse_error(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        error = _parse_error(d.pop("error", UNSET))

        def _parse_open_closed_status(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        open_closed_status = _parse_open_closed_status(
            d.pop("open_closed_status", UNSET)
        )

        def _parse_address(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        address = _parse_address(d.pop("address", UNSET))

        def _parse_categories(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        categories = _parse_categories(d.pop("categories", UNSET))

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

        def _parse_opening_hours(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        opening_hours = _parse_opening_hours(d.pop("opening_hours", UNSET))

        def _parse_name(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        name = _parse_name(d.pop("name", UNSET))

        def _parse_coordinates(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        coordinates = _parse_coordinates(d.pop("coordinates", UNSET))

        job_reasoning = cls(
            error=error,
            open_closed_status=open_closed_status,
            address=address,
            categories=categories,
            website=website,
            phone=phone,
            opening_hours=opening_hours,
            name=name,
            coordinates=coordinates,
        )

        job_reasoning.additional_properties = d
        return job_reasoning

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
