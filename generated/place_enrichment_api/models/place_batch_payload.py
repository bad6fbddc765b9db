from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.attribute_set import AttributeSet
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.place_job import PlaceJob


T = TypeVar("T", bound="PlaceBatchPayload")


@_attrs_define
class PlaceBatchPayload:
    """
    Attributes:
        batch_name (str):
        jobs (list[PlaceJob]):
        batch_id (None | str | Unset): Add the jobs to this existing batch instead of creating one.
        attributes (list[str] | None | Unset):
        attribute_set (AttributeSet | None | Unset):
        kick_off_jobs_now (bool | Unset):  Default: True.
    """

    batch_name: str
    jobs: list[PlaceJob]
    batch_id: None | str | Unset = UNSET
    attributes: list[str] | None | Unset = UNSET
    attribute_set: AttributeSet | None | Unset = UNSET
    kick_off_jobs_now: bool | Unset = True
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        batch_name = self.batch_name

        jobs = []
        for jobs_item_data in self.jobs:
            jobs_item = jobs_item_data.to_dict()
            jobs.append(jobs_item)

        batch_id: None | str | Unset
        if isinstance(self.batch_id, Unset):
            batch_id = UNSET
        else:
            batch_id = self.batch_id

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

        kick_off_jobs_now = self.kick_off_jobs_now

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "batch_name": batch_name,
                "jobs": jobs,
            }
        )
        if batch_id is not UNSET:
            field_dict["batch_id"] = batch_id
        if attributes is not UNSET:
            field_dict["attributes"] = attributes
        if attribute_set is not UNSET:
            field_dict["attribute_set"] = attribute_set
        if kick_off_jobs_now is not UNSET:
            field_dict["kick_off_jobs_now"] = kick_off_jobs_now

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.place_job import PlaceJob

        d = dict(src_dict)
        batch_name = d.pop("batch_name")

        jobs = []
        _jobs = d.pop("jobs")
        for jobs_item_data in _jobs:
            jobs_item = PlaceJob.from_dict(jobs_item_data)

            jobs.append(jobs_item)

        def _parse_batch_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        batch_id = _parse_batch_id(d.pop("batch_id", UNSET))

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

        kick_off_jobs_now = d.pop("kick_off_jobs_now", UNSET)

        place_batch_payload = cls(
            batch_name=batch_name,
            jobs=jobs,
            batch_id=batch_id,
            attributes=attributes,
            attribute_set=attribute_set,
            kick_off_jobs_now=kick_off_jobs_now,
        )

        place_batch_payload.additional_properties = d
        return place_batch_payload

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
