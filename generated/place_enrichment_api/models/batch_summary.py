from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.batch_status_value import BatchStatusValue
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.batch_metadata import BatchMetadata
    from ..models.batch_summary_status_counts import BatchSummaryStatusCounts


T = TypeVar("T", bound="BatchSummary")


@_attrs_define
class BatchSummary:
    """
    Attributes:
        id (str):
        batch_name (str):
        status (BatchStatusValue | str): Aggregated batch status; `completed` and `failed` are terminal.
        status_counts (BatchSummaryStatusCounts):
        created_at (datetime.datetime):
        metadata (BatchMetadata | None | Unset):
        refresh (bool | None | Unset):
    """

    id: str
    batch_name: str
    status: BatchStatusValue | str
    status_counts: BatchSummaryStatusCounts
    created_at: datetime.datetime
    metadata: BatchMetadata | None | Unset = UNSET
    refresh: bool | None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.batch_metadata import BatchMetadata

        id = self.id

        batch_name = self.batch_name

        status: str
        if isinstance(self.status, BatchStatusValue):
            status = self.status.value
        else:
            status = self.status

        status_counts = self.status_counts.to_dict()

        created_at = self.created_at.isoformat()

        metadata: dict[str, Any] | None | Unset
        if isinstance(self.metadata, Unset):
            metadata = UNSET
        elif isinstance(self.metadata, BatchMetadata):
            metadata = self.metadata.to_dict()
        else:
            metadata = self.metadata

        refresh: bool | None | Unset
        if isinstance(self.refresh, Unset):
            refresh = UNSET
        else:
            refresh = self.refresh

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "batch_name": batch_name,
                "status": status,
                "status_counts": status_counts,
                "created_at": created_at,
            }
        )
        if metadata is not UNSET:
            field_dict["metadata"] = metadata
        if refresh is not UNSET:
            field_dict["refresh"] = refresh

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.batch_metadata import BatchMetadata
        from ..models.batch_summary_status_counts import BatchSummaryStatusCounts

        d = dict(src_dict)
        id = d.pop("id")

        batch_name = d.pop("batch_name")

        def _parse_status(data: object) -> BatchStatusValue | str:
            try:
                if not isinstance(data, str):
                    raise TypeError()
                componentsschemas_batch_status_type_0 = BatchStatusValue(data)

                return componentsschemas_batch_status_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(BatchStatusValue | str, data)

        status = _parse_status(d.pop("status"))

        status_counts = BatchSummaryStatusCounts.from_dict(d.pop("status_counts"))

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        def _parse_metadata(data: object) -> BatchMetadata | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                metadata_type_0 = BatchMetadata.from_dict(data)

                return metadata_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(BatchMetadata | None | Unset, data)

        metadata = _parse_metadata(d.pop("metadata", UNSET))

        def _parse_refresh(data: object) -> bool | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(bool | None | Unset, data)

        refresh = _parse_refresh(d.pop("refresh", UNSET))

        batch_summary = cls(
            id=id,
            batch_name=batch_name,
            status=status,
            status_counts=status_counts,
            created_at=created_at,
            metadata=metadata,
            refresh=refresh,
        )

        batch_summary.additional_properties = d
        return batch_summary

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
