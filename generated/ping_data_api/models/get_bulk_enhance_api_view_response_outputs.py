from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="GetBulkEnhanceAPIViewResponseOutputs")


@_attrs_define
class GetBulkEnhanceAPIViewResponseOutputs:
    """
    Attributes:
        description (str):
        filename (str):
        url (str):
    """

    description: str
    filename: str
    url: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        description = self.description

        filename = self.filename

        url = self.url

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "description": description,
                "filename": filename,
                "url": url,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        description = d.pop("description")

        filename = d.pop("filename")

        url = d.pop("url")

        get_bulk_enhance_api_view_response_outputs = cls(
            description=description,
            filename=filename,
            url=url,
        )

        get_bulk_enhance_api_view_response_outputs.additional_properties = d
        return get_bulk_enhance_api_view_response_outputs

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
