from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.datasource_code import DatasourceCode
from ..types import UNSET, Unset

T = TypeVar("T", bound="GetBulkEnhanceAPIViewResponseSources")


@_attrs_define
class GetBulkEnhanceAPIViewResponseSources:
    """
    Attributes:
        source (DatasourceCode | str): A datasource code the server reports; codes appear without notice.
        num_fetched (int):
        num_successes (int):
        num_fails (int):
        min_fetch_duration (float | None | Unset):
        avg_fetch_duration (float | None | Unset):
        max_fetch_duration (float | None | Unset):
        total_fetch_duration (float | None | Unset):
    """

    source: DatasourceCode | str
    num_fetched: int
    num_successes: int
    num_fails: int
    min_fetch_duration: float | None | Unset = UNSET
    avg_fetch_duration: float | None | Unset = UNSET
    max_fetch_duration: float | None | Unset = UNSET
    total_fetch_duration: float | None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        source: str
        if isinstance(self.source, DatasourceCode):
            source = self.source.value
        else:
            source = self.source

        num_fetched = self.num_fetched

        num_successes = self.num_successes

        num_fails = self.num_fails

        min_fetch_duration: float | None | Unset
        if isinstance(self.min_fetch_duration, Unset):
            min_fetch_duration = UNSET
        else:
            min_fetch_duration = self.min_fetch_duration

        avg_fetch_duration: float | None | Unset
        if isinstance(self.avg_fetch_duration, Unset):
            avg_fetch_duration = UNSET
        else:
            avg_fetch_duration = self.avg_fetch_duration

        max_fetch_duration: float | None | Unset
        if isinstance(self.max_fetch_duration, Unset):
            max_fetch_duration = UNSET
        else:
            max_fetch_duration = self.max_fetch_duration

        total_fetch_duration: float | None | Unset
        if isinstance(self.total_fetch_duration, Unset):
            total_fetch_duration = UNSET
        else:
            total_fetch_duration = self.total_fetch_duration

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "source": source,
                "num_fetched": num_fetched,
                "num_successes": num_successes,
                "num_fails": num_fails,
            }
        )
        if min_fetch_duration is not UNSET:
            field_dict["min_fetch_duration"] = min_fetch_duration
        if avg_fetch_duration is not UNSET:
            field_dict["avg_fetch_duration"] = avg_fetch_duration
        if max_fetch_duration is not UNSET:
            field_dict["max_fetch_duration"] = max_fetch_duration
        if total_fetch_duration is not UNSET:
            field_dict["total_fetch_duration"] = total_fetch_duration

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)

        def _parse_source(data: object) -> DatasourceCode | str:
            try:
                if not isinstance(data, str):
                    raise TypeError()
                componentsschemas_source_code_type_0 = DatasourceCode(data)

                return componentsschemas_source_code_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(DatasourceCode | str, data)

        source = _parse_source(d.pop("source"))

        num_fetched = d.pop("num_fetched")

        num_successes = d.pop("num_successes")

        num_fails = d.pop("num_fails")

        def _parse_min_fetch_duration(data: object) -> float | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(float | None | Unset, data)

        min_fetch_duration = _parse_min_fetch_duration(
            d.pop("min_fetch_duration", UNSET)
        )

        def _parse_avg_fetch_duration(data: object) -> float | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(float | None | Unset, data)

        avg_fetch_duration = _parse_avg_fetch_duration(
            d.pop("avg_fetch_duration", UNSET)
        )

        def _parse_max_fetch_duration(data: object) -> float | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(float | None | Unset, data)

        max_fetch_duration = _parse_max_fetch_duration(
            d.pop("max_fetch_duration", UNSET)
        )

        def _parse_total_fetch_duration(data: object) -> float | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(float | None | Unset, data)

        total_fetch_duration = _parse_total_fetch_duration(
            d.pop("total_fetch_duration", UNSET)
        )

        get_bulk_enhance_api_view_response_sources = cls(
            source=source,
            num_fetched=num_fetched,
            num_successes=num_successes,
            num_fails=num_fails,
            min_fetch_duration=min_fetch_duration,
            avg_fetch_duration=avg_fetch_duration,
            max_fetch_duration=max_fetch_duration,
            total_fetch_duration=total_fetch_duration,
        )

        get_bulk_enhance_api_view_response_sources.additional_properties = d
        return get_bulk_enhance_api_view_response_sources

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
