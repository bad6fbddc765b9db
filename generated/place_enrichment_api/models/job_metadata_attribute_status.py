from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.attribute_status_value import AttributeStatusValue

T = TypeVar("T", bound="JobMetadataAttributeStatus")


@_attrs_define
class JobMetadataAttributeStatus:
    additional_properties: dict[str, AttributeStatusValue | str] = _attrs_field(
        init=False, factory=dict
    )

    def to_dict(self) -> dict[str, Any]:

        field_dict: dict[str, Any] = {}
        for prop_name, prop in self.additional_properties.items():
            if isinstance(prop, AttributeStatusValue):
                field_dict[prop_name] = prop.value
            else:
                field_dict[prop_name] = prop

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        job_metadata_attribute_status = cls()

        additional_properties = {}
        for prop_name, prop_dict in d.items():

            def _parse_additional_property(data: object) -> AttributeStatusValue | str:
                try:
                    if not isinstance(data, str):
                        raise TypeError()
                    componentsschemas_attribute_status_type_0 = AttributeStatusValue(
                        data
                    )

                    return componentsschemas_attribute_status_type_0
                except (TypeError, ValueError, AttributeError, KeyError):
                    pass
                return cast(AttributeStatusValue | str, data)

            additional_property = _parse_additional_property(prop_dict)

            additional_properties[prop_name] = additional_property

        job_metadata_attribute_status.additional_properties = additional_properties
        return job_metadata_attribute_status

    @property
    def additional_keys(self) -> list[str]:
        return list(self.additional_properties.keys())

    def __getitem__(self, key: str) -> AttributeStatusValue | str:
        return self.additional_properties[key]

    def __setitem__(self, key: str, value: AttributeStatusValue | str) -> None:
        self.additional_properties[key] = value

    def __delitem__(self, key: str) -> None:
        del self.additional_properties[key]

    def __contains__(self, key: str) -> bool:
        return key in self.additional_properties
