from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="V1AttributesResponse")


@_attrs_define
class V1AttributesResponse:
    """
    Attributes:
        core (list[str]):
        all_ (list[str]):
        custom (list[str]):
    """

    core: list[str]
    all_: list[str]
    custom: list[str]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        core = self.core

        all_ = self.all_

        custom = self.custom

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "core": core,
                "all": all_,
                "custom": custom,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        core = cast(list[str], d.pop("core"))

        all_ = cast(list[str], d.pop("all"))

        custom = cast(list[str], d.pop("custom"))

        v1_attributes_response = cls(
            core=core,
            all_=all_,
            custom=custom,
        )

        v1_attributes_response.additional_properties = d
        return v1_attributes_response

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
