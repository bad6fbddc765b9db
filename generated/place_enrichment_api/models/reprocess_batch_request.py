from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.attribute_set import AttributeSet
from ..types import UNSET, Unset

T = TypeVar("T", bound="ReprocessBatchRequest")


@_attrs_define
class ReprocessBatchRequest:
    """
    Attributes:
        failed_only (bool | Unset):  Default: True.
        incomplete_only (bool | Unset):  Default: False.
        refresh (bool | Unset):  Default: False.
        attributes (list[str] | None | Unset):
        attribute_set (AttributeSet | None | Unset):
        use_previous_invocation_params (bool | Unset):  Default: False.
    """

    failed_only: bool | Unset = True
    incomplete_only: bool | Unset = False
    refresh: bool | Unset = False
    attributes: list[str] | None | Unset = UNSET
    attribute_set: AttributeSet | None | Unset = UNSET
    use_previous_invocation_params: bool | Unset = False
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        failed_only = self.failed_only

        incomplete_only = self.incomplete_only

        refresh = self.refresh

        attributes: list[str] | None | Unset
        if isinstance(self.attributes, Unset):
            attributes = UNSET
        elif isinstance(self.attributes, list):
            attributes = self.attributes

        else:
            attributes = self.attributes

        attribute_set: None | str | Unset
        if isinstance(self.attribute_set, Unset):
            attribute_set = UNSET
        elif isinstance(self.attribute_set, AttributeSet):
            attribute_set = self.attribute_set.value
        else:
            attribute_set = self.attribute_set

        use_previous_invocation_params = self.use_previous_invocation_params

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if failed_only is not UNSET:
            field_dict["failed_only"] = failed_only
        if incomplete_only is not UNSET:
            field_dict["incomplete_only"] = incomplete_only
        if refresh is not UNSET:
            field_dict["refresh"] = refresh
        if attributes is not UNSET:
            field_dict["attributes"] = attributes
        if attribute_set is not UNSET:
            field_dict["attribute_set"] = attribute_set
        if use_previous_invocation_params is not UNSET:
            field_dict["use_previous_invocation_params"] = (
                use_previous_invocation_params
            )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        failed_only = d.pop("failed_only", UNSET)

        incomplete_only = d.pop("incomplete_only", UNSET)

        refresh = d.pop("refresh", UNSET)

        def _parse_attributes(data: object) -> list[str] | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, list):
                    raise TypeError()
                attributes_type_0 = cast(list[str], data)

                return attributes_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(list[str] | None | Unset, data)

        attributes = _parse_attributes(d.pop("attributes", UNSET))

        def _parse_attribute_set(data: object) -> AttributeSet | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                attribute_set_type_0 = AttributeSet(data)

                return attribute_set_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(AttributeSet | None | Unset, data)

        attribute_set = _parse_attribute_set(d.pop("attribute_set", UNSET))

        use_previous_invocation_params = d.pop("use_previous_invocation_params", UNSET)

        reprocess_batch_request = cls(
            failed_only=failed_only,
            incomplete_only=incomplete_only,
            refresh=refresh,
            attributes=attributes,
            attribute_set=attribute_set,
            use_previous_invocation_params=use_previous_invocation_params,
        )

        reprocess_batch_request.additional_properties = d
        return reprocess_batch_request

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
