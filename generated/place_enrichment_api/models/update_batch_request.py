from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="UpdateBatchRequest")


@_attrs_define
class UpdateBatchRequest:
    """
    Attributes:
        batch_name (None | str | Unset): The new name.
        refresh (bool | None | Unset): Whether the batch is marked for refresh.
    """

    batch_name: None | str | Unset = UNSET
    refresh: bool | None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        batch_name: None | str | Unset
        if isinstance(self.batch_name, Unset):
            batch_name = UNSET
        else:
            batch_name = self.batch_name

        refresh: bool | None | Unset
        if isinstance(self.refresh, Unset):
            refresh = UNSET
        else:
            refresh = self.refresh

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if batch_name is not UNSET:
            field_dict["batch_name"] = batch_name
        if refresh is not UNSET:
            field_dict["refresh"] = refresh

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)

        def _parse_batch_name(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        batch_name = _parse_batch_name(d.pop("batch_name", UNSET))

        def _parse_refresh(data: object) -> bool | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(bool | None | Unset, data)

        refresh = _parse_refresh(d.pop("refresh", UNSET))

        update_batch_request = cls(
            batch_name=batch_name,
            refresh=refresh,
        )

        update_batch_request.additional_properties = d
        return update_batch_request

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
