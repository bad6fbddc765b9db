from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.location_result import LocationResult


T = TypeVar("T", bound="EnhanceResponse")


@_attrs_define
class EnhanceResponse:
    """
    Attributes:
        id (str):
        location_data (LocationResult): A location's results keyed by datasource code.
    """

    id: str
    location_data: LocationResult
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        location_data = self.location_data.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "location_data": location_data,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.location_result import LocationResult

        d = dict(src_dict)
        id = d.pop("id")

        location_data = LocationResult.from_dict(d.pop("location_data"))

        enhance_response = cls(
            id=id,
            location_data=location_data,
        )

        enhance_response.additional_properties = d
        return enhance_response

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
