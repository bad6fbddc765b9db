from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.address_details import AddressDetails
    from ..models.job_outputs_opening_hours_type_0 import JobOutputsOpeningHoursType0


T = TypeVar("T", bound="JobOutputs")


@_attrs_define
class JobOutputs:
    """Enriched values. Attribute names map to output keys (websites -> website; phoneNumbers -> phone, phone_additional;
    openingHours -> opening_hours; closed_permanently -> open_closed_status). The most used keys are declared; every
    other key is kept.

        Attributes:
            name (None | str | Unset):
            website (None | str | Unset):
            phone (None | str | Unset):
            phone_additional (list[str] | None | Unset):
            email_address (None | str | Unset):
            categories (list[str] | None | Unset):
            opening_hours (JobOutputsOpeningHoursType0 | None | Unset):
            open_closed_status (None | str | Unset):
            open_closed_status_confidence_score (float | None | Unset):
            address (AddressDetails | None | Unset): The normalized address.
            coordinates (list[float] | None | Unset): The enriched coordinates as `[latitude, longitude]`.
            alternative_names (list[str] | None | Unset):
    """

    name: None | str | Unset = UNSET
    website: None | str | Unset = UNSET
    phone: None | str | Unset = UNSET
    phone_additional: list[str] | None | Unset = UNSET
    email_address: None | str | Unset = UNSET
    categories: list[str] | None | Unset = UNSET
    opening_hours: JobOutputsOpeningHoursType0 | None | Unset = UNSET
    open_closed_status: None | str | Unset = UNSET
    open_closed_status_confidence_score: float | None | Unset = UNSET
    address: AddressDetails | None | Unset = UNSET
    coordinates: list[float] | None | Unset = UNSET
    alternative_names: list[str] | None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.address_details import AddressDetails
        from ..models.job_outputs_opening_hours_type_0 import (
            JobOutputsOpeningHoursType0,
        )

        name: None | str | Unset
        if isinstance(self.name, Unset):
            name = UNSET
        else:
            name = self.name

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

        phone_additional: list[str] | None | Unset
        if isinstance(self.phone_additional, Unset):
            phone_additional = UNSET
        elif isinstance(self.phone_additional, list):
            phone_additional = self.phone_additional

        else:
            phone_additional = self.phone_additional

        email_address: None | str | Unset
        if isinstance(self.email_address, Unset):
            email_address = UNSET
        else:
            email_address = self.email_address

        categories: list[str] | None | Unset
        if isinstance(self.categories, Unset):
            categories = UNSET
        elif isinstance(self.categories, list):
            categories = self.categories

        else:
            categories = self.categories

        opening_hours: dict[str, Any] | None | Unset
        if isinstance(self.opening_hours, Unset):
            opening_hours = UNSET
        elif isinstance(self.opening_hours, JobOutputsOpeningHoursType0):
            opening_hours = self.opening_hours.to_dict()
        else:
            opening_hours = self.opening_hours

        open_closed_status: None | str | Unset
        if isinstance(self.open_closed_status, Unset):
            open_closed_status = UNSET
        else:
            open_closed_status = self.open_closed_status

        open_closed_status_confidence_score: float | None | Unset
        if isinstance(self.open_closed_status_confidence_score, Unset):
            open_closed_status_confidence_score = UNSET
        else:
            open_closed_status_confidence_score = (
                self.open_closed_status_confidence_score
            )

        address: dict[str, Any] | None | Unset
        if isinstance(self.address, Unset):
            address = UNSET
        elif isinstance(self.address, AddressDetails):
            address = self.address.to_dict()
        else:
            address = self.address

        coordinates: list[float] | None | Unset
        if isinstance(self.coordinates, Unset):
            coordinates = UNSET
        elif isinstance(self.coordinates, list):
            coordinates = self.coordinates

        else:
            coordinates = self.coordinates

        alternative_names: list[str] | None | Unset
        if isinstance(self.alternative_names, Unset):
            alternative_names = UNSET
        elif isinstance(self.alternative_names, list):
            alternative_names = self.alternative_names

        else:
            alternative_names = self.alternative_names

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if name is not UNSET:
            field_dict["name"] = name
        if website is not UNSET:
            field_dict["website"] = website
        if phone is not UNSET:
            field_dict["phone"] = phone
        if phone_additional is not UNSET:
            field_dict["phone_additional"] = phone_additional
        if email_address is not UNSET:
            field_dict["email_address"] = email_address
        if categories is not UNSET:
            field_dict["categories"] = categories
        if opening_hours is not UNSET:
            field_dict["opening_hours"] = opening_hours
        if open_closed_status is not UNSET:
            field_dict["open_closed_status"] = open_closed_status
        if open_closed_status_confidence_score is not UNSET:
            field_dict["open_closed_status_confidence_score"] = (
                open_closed_status_confidence_score
            )
        if address is not UNSET:
            field_dict["address"] = address
        if coordinates is not UNSET:
            field_dict["coordinates"] = coordinates
        if alternative_names is not UNSET:
            field_dict["alternative_names"] = alternative_names

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.address_details import AddressDetails
        from ..models.job_outputs_opening_hours_type_0 import (
            JobOutputsOpeningHoursType0,
        )

        d = dict(src_dict)

        def _parse_name(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        name = _parse_name(d.pop("name", UNSET))

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

        def _parse_phone_additional(data: object) -> list[str] | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, list):
                    raise TypeError()
                phone_additional_type_0 = cast(list[str], data)

                return phone_additional_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(list[str] | None | Unset, data)

        phone_additional = _parse_phone_additional(d.pop("phone_additional", UNSET))

        def _parse_email_address(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        email_address = _parse_email_address(d.pop("email_address", UNSET))

        def _parse_categories(data: object) -> list[str] | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, list):
                    raise TypeError()
                categories_type_0 = cast(list[str], data)

                return categories_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(list[str] | None | Unset, data)

        categories = _parse_categories(d.pop("categories", UNSET))

        def _parse_opening_hours(
            data: object,
        ) -> JobOutputsOpeningHoursType0 | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                opening_hours_type_0 = JobOutputsOpeningHoursType0.from_dict(data)

                return opening_hours_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(JobOutputsOpeningHoursType0 | None | Unset, data)

        opening_hours = _parse_opening_hours(d.pop("opening_hours", UNSET))

        def _parse_open_closed_status(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        open_closed_status = _parse_open_closed_status(
            d.pop("open_closed_status", UNSET)
        )

        def _parse_open_closed_status_confidence_score(
            data: object,
        ) -> float | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(float | None | Unset, data)

        open_closed_status_confidence_score = (
            _parse_open_closed_status_confidence_score(
                d.pop("open_closed_status_confidence_score", UNSET)
            )
        )

        def _parse_address(data: object) -> AddressDetails | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                address_type_0 = AddressDetails.from_dict(data)

                return address_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(AddressDetails | None | Unset, data)

        address = _parse_address(d.pop("address", UNSET))

        def _parse_coordinates(data: object) -> list[float] | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, list):
                    raise TypeError()
                coordinates_type_0 = cast(list[float], data)

                return coordinates_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(list[float] | None | Unset, data)

        coordinates = _parse_coordinates(d.pop("coordinates", UNSET))

        def _parse_alternative_names(data: object) -> list[str] | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, list):
                    raise TypeError()
                alternative_names_type_0 = cast(list[str], data)

                return alternative_names_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(list[str] | None | Unset, data)

        alternative_names = _parse_alternative_names(d.pop("alternative_names", UNSET))

        job_outputs = cls(
            name=name,
            website=website,
            phone=phone,
            phone_additional=phone_additional,
            email_address=email_address,
            categories=categories,
            opening_hours=opening_hours,
            open_closed_status=open_closed_status,
            open_closed_status_confidence_score=open_closed_status_confidence_score,
            address=address,
            coordinates=coordinates,
            alternative_names=alternative_names,
        )

        job_outputs.additional_properties = d
        return job_outputs

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
