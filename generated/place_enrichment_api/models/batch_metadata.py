from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.batch_metadata_status_counts import BatchMetadataStatusCounts


T = TypeVar("T", bound="BatchMetadata")


@_attrs_define
class BatchMetadata:
    """
    Attributes:
        total_jobs (int | Unset):
        completed_jobs (int | Unset):
        status_counts (BatchMetadataStatusCounts | Unset):
        success_rate (float | None | Unset):
    """

    total_jobs: int | Unset = UNSET
    completed_jobs: int | Unset = UNSET
    status_counts: BatchMetadataStatusCounts | Unset = UNSET
    success_rate: float | None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        total_jobs = self.total_jobs

        completed_jobs = self.completed_jobs

        status_counts: dict[str, Any] | Unset = UNSET
        if not isinstance(self.status_counts, Unset):
            status_counts = self.status_counts.to_dict()

        success_rate: float | None | Unset
        if isinstance(self.success_rate, Unset):
            success_rate = UNSET
        else:
            success_rate = self.success_rate

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if total_jobs is not UNSET:
            field_dict["total_jobs"] = total_jobs
        if completed_jobs is not UNSET:
            field_dict["completed_jobs"] = completed_jobs
        if status_counts is not UNSET:
            field_dict["status_counts"] = status_counts
        if success_rate is not UNSET:
            field_dict["success_rate"] = success_rate

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.batch_metadata_status_counts import BatchMetadataStatusCounts

        d = dict(src_dict)
        total_jobs = d.pop("total_jobs", UNSET)

        completed_jobs = d.pop("completed_jobs", UNSET)

        _status_counts = d.pop("status_counts", UNSET)
        status_counts: BatchMetadataStatusCounts | Unset
        if isinstance(_status_counts, Unset):
            status_counts = UNSET
        else:
            status_counts = BatchMetadataStatusCounts.from_dict(_status_counts)

        def _parse_success_rate(data: object) -> float | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(float | None | Unset, data)

        success_rate = _parse_success_rate(d.pop("success_rate", UNSET))

        batch_metadata = cls(
            total_jobs=total_jobs,
            completed_jobs=completed_jobs,
            status_counts=status_counts,
            success_rate=success_rate,
        )

        batch_metadata.additional_properties = d
        return batch_metadata

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
