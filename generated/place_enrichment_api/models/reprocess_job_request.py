from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.attribute_set import AttributeSet
from ..types import UNSET, Unset

T = TypeVar("T", bound="ReprocessJobRequest")


@_attrs_define
class ReprocessJobRequest:
    """
    Attributes:
        place_ids (list[str]):
        attributes (list[str] | None | Unset):
        attribute_set (AttributeSet | None | Unset):
        refresh (bool | Unset):  Default: False.
        use_previous_invocation_params (bool | Unset):  Default: False.
    """

    place_ids: list[str]
    attributes: list[str] | None | Unset = UNSET
    attribute_set: AttributeSet | None | Unset = UNSET
    refresh: bool | Unset = False
    use_previous_invocation_params: bool | Unset = False
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        place_ids = self.place_ids

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

        refresh = self.refresh

        use_previous_invocation_params = self.use_previous_invocation_params

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "place_ids": place_ids,
            }
        )
        if attributes is not UNSET:
            field_dict["attributes"] = attributes
        if attribute_set is not UNSET:
            field_dict["attribute_set"] = attribute_set
        if refresh is not UNSET:
            field_dict["refresh"] = refresh
        if use_previous_invocation_params is not UNSET:
            field_dict["use_previous_invocation_params"] = (
                use_previous_invocation_params
            )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        place_ids = cast(list[str], d.pop("place_ids"))

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

        refresh = d.pop("refresh", UNSET)

        use_previous_invocation_params = d.pop("use_previous_invocation_params", UNSET)

        reprocess_job_request = cls(
            place_ids=place_ids,
            attributes=attributes,
            attribute_set=attribute_set,
            refresh=refresh,
            use_previous_invocation_params=use_previous_invocation_params,
        )

        reprocess_job_request.additional_properties = d
        return reprocess_job_request

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
