from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.batch_location import BatchLocation


T = TypeVar("T", bound="BulkEnhanceRequest")


@_attrs_define
class BulkEnhanceRequest:
    """Each location's sources are its own `sources`, else the request's `sources`, else the server's default set (the
    vendor's description puts sources on each location; its official client calls the request's list the default that a
    location overrides, and its command line sends an empty list unless sources are given).

        Attributes:
            locations (list[BatchLocation]):
            sources (list[str] | Unset): The default sources of locations that name none (may be empty or absent).
            timeout (float | None | Unset):
            callback_url (None | str | Unset):
            include_raw_response (bool | Unset):  Default: False.
            check_cache (bool | Unset):  Default: True.
            delegate_to (None | str | Unset):
    """

    locations: list[BatchLocation]
    sources: list[str] | Unset = UNSET
    timeout: float | None | Unset = UNSET
    callback_url: None | str | Unset = UNSET
    include_raw_response: bool | Unset = False
    check_cache: bool | Unset = True
    delegate_to: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        locations = []
        for locations_item_data in self.locations:
            locations_item = locations_item_data.to_dict()
            locations.append(locations_item)

        sources: list[str] | Unset = UNSET
        if not isinstance(self.sources, Unset):
            sources = self.sources

        timeout: float | None | Unset
        if isinstance(self.timeout, Unset):
            timeout = UNSET
        else:
            timeout = self.timeout

        callback_url: None | str | Unset
        if isinstance(self.callback_url, Unset):
            callback_url = UNSET
        else:
            callback_url = self.callback_url

        include_raw_response = self.include_raw_response

        check_cache = self.check_cache

        delegate_to: None | str | Unset
        if isinstance(self.delegate_to, Unset):
            delegate_to = UNSET
        else:
            delegate_to = self.delegate_to

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "locations": locations,
            }
        )
        if sources is not UNSET:
            field_dict["sources"] = sources
        if timeout is not UNSET:
            field_dict["timeout"] = timeout
        if callback_url is not UNSET:
            field_dict["callback_url"] = callback_url
        if include_raw_response is not UNSET:
            field_dict["include_raw_response"] = include_raw_response
        if check_cache is not UNSET:
            field_dict["check_cache"] = check_cache
        if delegate_to is not UNSET:
            field_dict["delegate_to"] = delegate_to

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.batch_location import BatchLocation

        d = dict(src_dict)
        locations = []
        _locations = d.pop("locations")
        for locations_item_data in _locations:
            locations_item = BatchLocation.from_dict(locations_item_data)

            locations.append(locations_item)

        sources = cast(list[str], d.pop("sources", UNSET))

        def _parse_timeout(data: object) -> float | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(float | None | Unset, data)

        timeout = _parse_timeout(d.pop("timeout", UNSET))

        def _parse_callback_url(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        callback_url = _parse_callback_url(d.pop("callback_url", UNSET))

        include_raw_response = d.pop("include_raw_response", UNSET)

        check_cache = d.pop("check_cache", UNSET)

        def _parse_delegate_to(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        delegate_to = _parse_delegate_to(d.pop("delegate_to", UNSET))

        bulk_enhance_request = cls(
            locations=locations,
            sources=sources,
            timeout=timeout,
            callback_url=callback_url,
            include_raw_response=include_raw_response,
            check_cache=check_cache,
            delegate_to=delegate_to,
        )

        bulk_enhance_request.additional_properties = d
        return bulk_enhance_request

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
