from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.result_status_value import ResultStatusValue
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.get_bulk_enhance_api_view_response_outputs import (
        GetBulkEnhanceAPIViewResponseOutputs,
    )
    from ..models.get_bulk_enhance_api_view_response_response_additional_info import (
        GetBulkEnhanceAPIViewResponseResponseAdditionalInfo,
    )
    from ..models.get_bulk_enhance_api_view_response_sources import (
        GetBulkEnhanceAPIViewResponseSources,
    )


T = TypeVar("T", bound="GetBulkEnhanceAPIViewResponseResponse")


@_attrs_define
class GetBulkEnhanceAPIViewResponseResponse:
    """
    Attributes:
        status (ResultStatusValue | str):
        message (str):
        total_processing_time (float | None):
        outputs (list[GetBulkEnhanceAPIViewResponseOutputs]):
        sources (list[GetBulkEnhanceAPIViewResponseSources]):
        additional_info (GetBulkEnhanceAPIViewResponseResponseAdditionalInfo | Unset):
    """

    status: ResultStatusValue | str
    message: str
    total_processing_time: float | None
    outputs: list[GetBulkEnhanceAPIViewResponseOutputs]
    sources: list[GetBulkEnhanceAPIViewResponseSources]
    additional_info: GetBulkEnhanceAPIViewResponseResponseAdditionalInfo | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        status: str
        if isinstance(self.status, ResultStatusValue):
            status = self.status.value
        else:
            status = self.status

        message = self.message

        total_processing_time: float | None
        total_processing_time = self.total_processing_time

        outputs = []
        for outputs_item_data in self.outputs:
            outputs_item = outputs_item_data.to_dict()
            outputs.append(outputs_item)

        sources = []
        for sources_item_data in self.sources:
            sources_item = sources_item_data.to_dict()
            sources.append(sources_item)

        additional_info: dict[str, Any] | Unset = UNSET
        if not isinstance(self.additional_info, Unset):
            additional_info = self.additional_info.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "status": status,
                "message": message,
                "total_processing_time": total_processing_time,
                "outputs": outputs,
                "sources": sources,
            }
        )
        if additional_info is not UNSET:
            field_dict["additional_info"] = additional_info

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.get_bulk_enhance_api_view_response_outputs import (
            GetBulkEnhanceAPIViewResponseOutputs,
        )
        from ..models.get_bulk_enhance_api_view_response_response_additional_info import (
            GetBulkEnhanceAPIViewResponseResponseAdditionalInfo,
        )
        from ..models.get_bulk_enhance_api_view_response_sources import (
            GetBulkEnhanceAPIViewResponseSources,
        )

        d = dict(src_dict)

        def _parse_status(data: object) -> ResultStatusValue | str:
            try:
                if not isinstance(data, str):
                    raise TypeError()
                componentsschemas_result_status_type_0 = ResultStatusValue(data)

                return componentsschemas_result_status_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(ResultStatusValue | str, data)

        status = _parse_status(d.pop("status"))

        message = d.pop("message")

        def _parse_total_processing_time(data: object) -> float | None:
            if data is None:
                return data
            return cast(float | None, data)

        total_processing_time = _parse_total_processing_time(
            d.pop("total_processing_time")
        )

        outputs = []
        _outputs = d.pop("outputs")
        for outputs_item_data in _outputs:
            outputs_item = GetBulkEnhanceAPIViewResponseOutputs.from_dict(
                outputs_item_data
            )

            outputs.append(outputs_item)

        sources = []
        _sources = d.pop("sources")
        for sources_item_data in _sources:
            sources_item = GetBulkEnhanceAPIViewResponseSources.from_dict(
                sources_item_data
            )

            sources.append(sources_item)

        _additional_info = d.pop("additional_info", UNSET)
        additional_info: GetBulkEnhanceAPIViewResponseResponseAdditionalInfo | Unset
        if isinstance(_additional_info, Unset):
            additional_info = UNSET
        else:
            additional_info = (
                GetBulkEnhanceAPIViewResponseResponseAdditionalInfo.from_dict(
                    _additional_info
                )
            )

        get_bulk_enhance_api_view_response_response = cls(
            status=status,
            message=message,
            total_processing_time=total_processing_time,
            outputs=outputs,
            sources=sources,
            additional_info=additional_info,
        )

        get_bulk_enhance_api_view_response_response.additional_properties = d
        return get_bulk_enhance_api_view_response_response

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
