from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.datasource_list_response_configs import DatasourceListResponseConfigs


T = TypeVar("T", bound="DatasourceListResponse")


@_attrs_define
class DatasourceListResponse:
    """
    Attributes:
        configs (DatasourceListResponseConfigs):
    """

    configs: DatasourceListResponseConfigs
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        configs = self.configs.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "configs": configs,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.datasource_list_response_configs import (
            DatasourceListResponseConfigs,
        )

        d = dict(src_dict)
        configs = DatasourceListResponseConfigs.from_dict(d.pop("configs"))

        datasource_list_response = cls(
            configs=configs,
        )

        datasource_list_response.additional_properties = d
        return datasource_list_response

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
