from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.attribute_set import AttributeSet
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.place_job_attributes_enrichments_type_0_item import (
        PlaceJobAttributesEnrichmentsType0Item,
    )
    from ..models.place_job_prefilled_data_type_0 import PlaceJobPrefilledDataType0
    from ..models.universal_place import UniversalPlace


T = TypeVar("T", bound="PlaceJob")


@_attrs_define
class PlaceJob:
    """
    Attributes:
        place_id (str): The caller's identifier for the place.
        inputs (UniversalPlace): The place to enrich. `name` is required; an address or coordinates improve accuracy.
        attributes (list[str] | None | Unset):
        attribute_set (AttributeSet | None | Unset):
        refresh (bool | Unset):  Default: False.
        prefilled_data (None | PlaceJobPrefilledDataType0 | Unset): Attribute data to store for the place as it is.
        attributes_enrichments (list[PlaceJobAttributesEnrichmentsType0Item] | None | Unset):
    """

    place_id: str
    inputs: UniversalPlace
    attributes: list[str] | None | Unset = UNSET
    attribute_set: AttributeSet | None | Unset = UNSET
    refresh: bool | Unset = False
    prefilled_data: None | PlaceJobPrefilledDataType0 | Unset = UNSET
    attributes_enrichments: (
        list[PlaceJobAttributesEnrichmentsType0Item] | None | Unset
    ) = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.place_job_prefilled_data_type_0 import PlaceJobPrefilledDataType0

        place_id = self.place_id

        inputs = self.inputs.to_dict()

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

        prefilled_data: dict[str, Any] | None | Unset
        if isinstance(self.prefilled_data, Unset):
            prefilled_data = UNSET
        elif isinstance(self.prefilled_data, PlaceJobPrefilledDataType0):
            prefilled_data = self.prefilled_data.to_dict()
        else:
            prefilled_data = self.prefilled_data

        attributes_enrichments: list[dict[str, Any]] | None | Unset
        if isinstance(self.attributes_enrichments, Unset):
            attributes_enrichments = UNSET
        elif isinstance(self.attributes_enrichments, list):
            attributes_enrichments = []
            for attributes_enrichments_type_0_item_data in self.attributes_enrichments:
                attributes_enrichments_type_0_item = (
                    attributes_enrichments_type_0_item_data.to_dict()
                )
                attributes_enrichments.append(attributes_enrichments_type_0_item)

        else:
            attributes_enrichments = self.attributes_enrichments

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "place_id": place_id,
                "inputs": inputs,
            }
        )
        if attributes is not UNSET:
            field_dict["attributes"] = attributes
        if attribute_set is not UNSET:
            field_dict["attribute_set"] = attribute_set
        if refresh is not UNSET:
            field_dict["refresh"] = refresh
        if prefilled_data is not UNSET:
            field_dict["prefilled_data"] = prefilled_data
        if attributes_enrichments is not UNSET:
            field_dict["attributes_enrichments"] = attributes_enrichments

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.place_job_attributes_enrichments_type_0_item import (
            PlaceJobAttributesEnrichmentsType0Item,
        )
        from ..models.place_job_prefilled_data_type_0 import PlaceJobPrefilledDataType0
        from ..models.universal_place import UniversalPlace

        d = dict(src_dict)
        place_id = d.pop("place_id")

        inputs = UniversalPlace.from_dict(d.pop("inputs"))

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

        def _parse_prefilled_data(
            data: object,
        ) -> None | PlaceJobPrefilledDataType0 | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                prefilled_data_type_0 = PlaceJobPrefilledDataType0.from_dict(data)

                return prefilled_data_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | PlaceJobPrefilledDataType0 | Unset, data)

        prefilled_data = _parse_prefilled_data(d.pop("prefilled_data", UNSET))

        def _parse_attributes_enrichments(
            data: object,
        ) -> list[PlaceJobAttributesEnrichmentsType0Item] | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, list):
                    raise TypeError()
                attributes_enrichments_type_0 = []
                _attributes_enrichments_type_0 = data
                for (
                    attributes_enrichments_type_0_item_data
                ) in _attributes_enrichments_type_0:
                    attributes_enrichments_type_0_item = (
                        PlaceJobAttributesEnrichmentsType0Item.from_dict(
                            attributes_enrichments_type_0_item_data
                        )
                    )

                    attributes_enrichments_type_0.append(
                        attributes_enrichments_type_0_item
                    )

                return attributes_enrichments_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(
                list[PlaceJobAttributesEnrichmentsType0Item] | None | Unset, data
            )

        attributes_enrichments = _parse_attributes_enrichments(
            d.pop("attributes_enrichments", UNSET)
        )

        place_job = cls(
            place_id=place_id,
            inputs=inputs,
            attributes=attributes,
            attribute_set=attribute_set,
            refresh=refresh,
            prefilled_data=prefilled_data,
            attributes_enrichments=attributes_enrichments,
        )

        place_job.additional_properties = d
        return place_job

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
