from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.batch_status_value import BatchStatusValue
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.batch_jobs import BatchJobs
    from ..models.batch_metadata import BatchMetadata
    from ..models.submitted_place_batch_response_attribute_statuses_type_0 import (
        SubmittedPlaceBatchResponseAttributeStatusesType0,
    )


T = TypeVar("T", bound="SubmittedPlaceBatchResponse")


@_attrs_define
class SubmittedPlaceBatchResponse:
    """
    Attributes:
        id (str):
        batch_name (str):
        jobs (BatchJobs): Place ids grouped by job status.
        status (BatchStatusValue | str | Unset): Aggregated batch status; `completed` and `failed` are terminal.
        metadata (BatchMetadata | None | Unset):
        created_at (datetime.datetime | None | Unset):
        attribute_statuses (None | SubmittedPlaceBatchResponseAttributeStatusesType0 | Unset):
    """

    id: str
    batch_name: str
    jobs: BatchJobs
    status: BatchStatusValue | str | Unset = UNSET
    metadata: BatchMetadata | None | Unset = UNSET
    created_at: datetime.datetime | None | Unset = UNSET
    attribute_statuses: (
        None | SubmittedPlaceBatchResponseAttributeStatusesType0 | Unset
    ) = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.batch_metadata import BatchMetadata
        from ..models.submitted_place_batch_response_attribute_statuses_type_0 import (
            SubmittedPlaceBatchResponseAttributeStatusesType0,
        )

        id = self.id

        batch_name = self.batch_name

        jobs = self.jobs.to_dict()

        status: str | Unset
        if isinstance(self.status, Unset):
            status = UNSET
        elif isinstance(self.status, BatchStatusValue):
            status = self.status.value
        else:
            status = self.status

        metadata: dict[str, Any] | None | Unset
        if isinstance(self.metadata, Unset):
            metadata = UNSET
        elif isinstance(self.metadata, BatchMetadata):
            metadata = self.metadata.to_dict()
        else:
            metadata = self.metadata

        created_at: None | str | Unset
        if isinstance(self.created_at, Unset):
            created_at = UNSET
        elif isinstance(self.created_at, datetime.datetime):
            created_at = self.created_at.isoformat()
        else:
            created_at = self.created_at

        attribute_statuses: dict[str, Any] | None | Unset
        if isinstance(self.attribute_statuses, Unset):
            attribute_statuses = UNSET
        elif isinstance(
            self.attribute_statuses, SubmittedPlaceBatchResponseAttributeStatusesType0
        ):
            attribute_statuses = self.attribute_statuses.to_dict()
        else:
            attribute_statuses = self.attribute_statuses

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "batch_name": batch_name,
                "jobs": jobs,
            }
        )
        if status is not UNSET:
            field_dict["status"] = status
        if metadata is not UNSET:
            field_dict["metadata"] = metadata
        if created_at is not UNSET:
            field_dict["created_at"] = created_at
        if attribute_statuses is not UNSET:
            field_dict["attribute_statuses"] = attribute_statuses

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.batch_jobs import BatchJobs
        from ..models.batch_metadata import BatchMetadata
        from ..models.submitted_place_batch_response_attribute_statuses_type_0 import (
            SubmittedPlaceBatchResponseAttributeStatusesType0,
        )

        d = dict(src_dict)
        id = d.pop("id")

        batch_name = d.pop("batch_name")

        jobs = BatchJobs.from_dict(d.pop("jobs"))

        def _parse_status(data: object) -> BatchStatusValue | str | Unset:
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                componentsschemas_batch_status_type_0 = BatchStatusValue(data)

                return componentsschemas_batch_status_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(BatchStatusValue | str | Unset, data)

        status = _parse_status(d.pop("status", UNSET))

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

        def _parse_created_at(data: object) -> datetime.datetime | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                created_at_type_0 = datetime.datetime.fromisoformat(data)

                return created_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None | Unset, data)

        created_at = _parse_created_at(d.pop("created_at", UNSET))

        def _parse_attribute_statuses(
            data: object,
        ) -> None | SubmittedPlaceBatchResponseAttributeStatusesType0 | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                attribute_statuses_type_0 = (
                    SubmittedPlaceBatchResponseAttributeStatusesType0.from_dict(data)
                )

                return attribute_statuses_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(
                None | SubmittedPlaceBatchResponseAttributeStatusesType0 | Unset, data
            )

        attribute_statuses = _parse_attribute_statuses(
            d.pop("attribute_statuses", UNSET)
        )

        submitted_place_batch_response = cls(
            id=id,
            batch_name=batch_name,
            jobs=jobs,
            status=status,
            metadata=metadata,
            created_at=created_at,
            attribute_statuses=attribute_statuses,
        )

        submitted_place_batch_response.additional_properties = d
        return submitted_place_batch_response

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
