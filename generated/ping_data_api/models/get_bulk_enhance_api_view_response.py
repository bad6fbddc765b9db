from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.get_bulk_enhance_api_view_response_request import (
        GetBulkEnhanceAPIViewResponseRequest,
    )
    from ..models.get_bulk_enhance_api_view_response_response import (
        GetBulkEnhanceAPIViewResponseResponse,
    )


T = TypeVar("T", bound="GetBulkEnhanceAPIViewResponse")


@_attrs_define
class GetBulkEnhanceAPIViewResponse:
    """
    Attributes:
        request (GetBulkEnhanceAPIViewResponseRequest):
        result (GetBulkEnhanceAPIViewResponseResponse | Unset):
    """

    request: GetBulkEnhanceAPIViewResponseRequest
    result: GetBulkEnhanceAPIViewResponseResponse | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        request = self.request.to_dict()

        result: dict[str, Any] | Unset = UNSET
        if not isinstance(self.result, Unset):
            result = self.result.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "request": request,
            }
        )
        if result is not UNSET:
            field_dict["result"] = result

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.get_bulk_enhance_api_view_response_request import (
            GetBulkEnhanceAPIViewResponseRequest,
        )
        from ..models.get_bulk_enhance_api_view_response_response import (
            GetBulkEnhanceAPIViewResponseResponse,
        )

        d = dict(src_dict)
        request = GetBulkEnhanceAPIViewResponseRequest.from_dict(d.pop("request"))

        _result = d.pop("result", UNSET)
        result: GetBulkEnhanceAPIViewResponseResponse | Unset
        if isinstance(_result, Unset):
            result = UNSET
        else:
            result = GetBulkEnhanceAPIViewResponseResponse.from_dict(_result)

        get_bulk_enhance_api_view_response = cls(
            request=request,
            result=result,
        )

        get_bulk_enhance_api_view_response.additional_properties = d
        return get_bulk_enhance_api_view_response

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
