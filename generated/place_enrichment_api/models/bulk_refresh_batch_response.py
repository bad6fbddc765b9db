from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="BulkRefreshBatchResponse")


@_attrs_define
class BulkRefreshBatchResponse:
    """
    Attributes:
        updated (list[str]):
        missing (list[str]):
        refresh (bool | Unset):
    """

    updated: list[str]
    missing: list[str]
    refresh: bool | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        updated = self.updated

        missing = self.missing

        refresh = self.refresh

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "updated": updated,
                "missing": missing,
            }
        )
        if refresh is not UNSET:
            field_dict["refresh"] = refresh

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        updated = cast(list[str], d.pop("updated"))

        missing = cast(list[str], d.pop("missing"))

        refresh = d.pop("refresh", UNSET)

        bulk_refresh_batch_response = cls(
            updated=updated,
            missing=missing,
            refresh=refresh,
        )

        bulk_refresh_batch_response.additional_properties = d
        return bulk_refresh_batch_response

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
