from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, Self, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.request_status_value import RequestStatusValue
from ..types import UNSET, Unset

T = TypeVar("T", bound="GetBulkEnhanceAPIViewResponseRequest")


@_attrs_define
class GetBulkEnhanceAPIViewResponseRequest:
    """
    Attributes:
        status (RequestStatusValue | str): Job status. COMPLETE and FAILED are terminal.
        num_requested (int):
        num_completed (int):
        num_problems (int):
        num_canceled (int):
        requested_at (datetime.datetime):
        progress_started_at (datetime.datetime | None | Unset):
        completed_at (datetime.datetime | None | Unset):
    """

    status: RequestStatusValue | str
    num_requested: int
    num_completed: int
    num_problems: int
    num_canceled: int
    requested_at: datetime.datetime
    progress_started_at: datetime.datetime | None | Unset = UNSET
    completed_at: datetime.datetime | None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        status: str
        if isinstance(self.status, RequestStatusValue):
            status = self.status.value
        else:
            status = self.status

        num_requested = self.num_requested

        num_completed = self.num_completed

        num_problems = self.num_problems

        num_canceled = self.num_canceled

        requested_at = self.requested_at.isoformat()

        progress_started_at: None | str | Unset
        if isinstance(self.progress_started_at, Unset):
            progress_started_at = UNSET
        elif isinstance(self.progress_started_at, datetime.datetime):
            progress_started_at = self.progress_started_at.isoformat()
        else:
            progress_started_at = self.progress_started_at

        completed_at: None | str | Unset
        if isinstance(self.completed_at, Unset):
            completed_at = UNSET
        elif isinstance(self.completed_at, datetime.datetime):
            completed_at = self.completed_at.isoformat()
        else:
            completed_at = self.completed_at

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "status": status,
                "num_requested": num_requested,
                "num_completed": num_completed,
                "num_problems": num_problems,
                "num_canceled": num_canceled,
                "requested_at": requested_at,
            }
        )
        if progress_started_at is not UNSET:
            field_dict["progress_started_at"] = progress_started_at
        if completed_at is not UNSET:
            field_dict["completed_at"] = completed_at

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)

        def _parse_status(data: object) -> RequestStatusValue | str:
            try:
                if not isinstance(data, str):
                    raise TypeError()
                componentsschemas_request_status_type_0 = RequestStatusValue(data)

                return componentsschemas_request_status_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(RequestStatusValue | str, data)

        status = _parse_status(d.pop("status"))

        num_requested = d.pop("num_requested")

        num_completed = d.pop("num_completed")

        num_problems = d.pop("num_problems")

        num_canceled = d.pop("num_canceled")

        requested_at = datetime.datetime.fromisoformat(d.pop("requested_at"))

        def _parse_progress_started_at(
            data: object,
        ) -> datetime.datetime | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                progress_started_at_type_0 = datetime.datetime.fromisoformat(data)

                return progress_started_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None | Unset, data)

        progress_started_at = _parse_progress_started_at(
            d.pop("progress_started_at", UNSET)
        )

        def _parse_completed_at(data: object) -> datetime.datetime | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                completed_at_type_0 = datetime.datetime.fromisoformat(data)

                return completed_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None | Unset, data)

        completed_at = _parse_completed_at(d.pop("completed_at", UNSET))

        get_bulk_enhance_api_view_response_request = cls(
            status=status,
            num_requested=num_requested,
            num_completed=num_completed,
            num_problems=num_problems,
            num_canceled=num_canceled,
            requested_at=requested_at,
            progress_started_at=progress_started_at,
            completed_at=completed_at,
        )

        get_bulk_enhance_api_view_response_request.additional_properties = d
        return get_bulk_enhance_api_view_response_request

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
