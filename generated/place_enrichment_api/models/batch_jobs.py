from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="BatchJobs")


@_attrs_define
class BatchJobs:
    """Place ids grouped by job status.

    Attributes:
        pending (list[str] | Unset):
        queued (list[str] | Unset):
        in_progress (list[str] | Unset):
        completed (list[str] | Unset):
        failed (list[str] | Unset):
    """

    pending: list[str] | Unset = UNSET
    queued: list[str] | Unset = UNSET
    in_progress: list[str] | Unset = UNSET
    completed: list[str] | Unset = UNSET
    failed: list[str] | Unset = UNSET
    additional_properties: dict[str, list[str]] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        pending: list[str] | Unset = UNSET
        if not isinstance(self.pending, Unset):
            pending = self.pending

        queued: list[str] | Unset = UNSET
        if not isinstance(self.queued, Unset):
            queued = self.queued

        in_progress: list[str] | Unset = UNSET
        if not isinstance(self.in_progress, Unset):
            in_progress = self.in_progress

        completed: list[str] | Unset = UNSET
        if not isinstance(self.completed, Unset):
            completed = self.completed

        failed: list[str] | Unset = UNSET
        if not isinstance(self.failed, Unset):
            failed = self.failed

        field_dict: dict[str, Any] = {}
        for prop_name, prop in self.additional_properties.items():
            field_dict[prop_name] = prop

        field_dict.update({})
        if pending is not UNSET:
            field_dict["pending"] = pending
        if queued is not UNSET:
            field_dict["queued"] = queued
        if in_progress is not UNSET:
            field_dict["in_progress"] = in_progress
        if completed is not UNSET:
            field_dict["completed"] = completed
        if failed is not UNSET:
            field_dict["failed"] = failed

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        pending = cast(list[str], d.pop("pending", UNSET))

        queued = cast(list[str], d.pop("queued", UNSET))

        in_progress = cast(list[str], d.pop("in_progress", UNSET))

        completed = cast(list[str], d.pop("completed", UNSET))

        failed = cast(list[str], d.pop("failed", UNSET))

        batch_jobs = cls(
            pending=pending,
            queued=queued,
            in_progress=in_progress,
            completed=completed,
            failed=failed,
        )

        additional_properties = {}
        for prop_name, prop_dict in d.items():
            additional_property = cast(list[str], prop_dict)

            additional_properties[prop_name] = additional_property

        batch_jobs.additional_properties = additional_properties
        return batch_jobs

    @property
    def additional_keys(self) -> list[str]:
        return list(self.additional_properties.keys())

    def __getitem__(self, key: str) -> list[str]:
        return self.additional_properties[key]

    def __setitem__(self, key: str, value: list[str]) -> None:
        self.additional_properties[key] = value

    def __delitem__(self, key: str) -> None:
        del self.additional_properties[key]

    def __contains__(self, key: str) -> bool:
        return key in self.additional_properties
