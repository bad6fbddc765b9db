from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="ReprocessBatchResponse")


@_attrs_define
class ReprocessBatchResponse:
    """
    Attributes:
        status (str):
        message (str):
        job_count (int):
        batch_id (str):
        excluded_deferred_count (int | None | Unset):
    """

    status: str
    message: str
    job_count: int
    batch_id: str
    excluded_deferred_count: int | None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        status = self.status

        message = self.message

        job_count = self.job_count

        batch_id = self.batch_id

        excluded_deferred_count: int | None | Unset
        if isinstance(self.excluded_deferred_count, Unset):
            excluded_deferred_count = UNSET
        else:
            excluded_deferred_count = self.excluded_deferred_count

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "status": status,
                "message": message,
                "job_count": job_count,
                "batch_id": batch_id,
            }
        )
        if excluded_deferred_count is not UNSET:
            field_dict["excluded_deferred_count"] = excluded_deferred_count

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        status = d.pop("status")

        message = d.pop("message")

        job_count = d.pop("job_count")

        batch_id = d.pop("batch_id")

        def _parse_excluded_deferred_count(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        excluded_deferred_count = _parse_excluded_deferred_count(
            d.pop("excluded_deferred_count", UNSET)
        )

        reprocess_batch_response = cls(
            status=status,
            message=message,
            job_count=job_count,
            batch_id=batch_id,
            excluded_deferred_count=excluded_deferred_count,
        )

        reprocess_batch_response.additional_properties = d
        return reprocess_batch_response

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
