from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.limits_response_sources import LimitsResponseSources
    from ..models.source_allowlist import SourceAllowlist


T = TypeVar("T", bound="LimitsResponse")


@_attrs_define
class LimitsResponse:
    """
    Attributes:
        scope (str): user or org.
        subject (str):
        allowlist (SourceAllowlist):
        sources (LimitsResponseSources):
    """

    scope: str
    subject: str
    allowlist: SourceAllowlist
    sources: LimitsResponseSources
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        scope = self.scope

        subject = self.subject

        allowlist = self.allowlist.to_dict()

        sources = self.sources.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "scope": scope,
                "subject": subject,
                "allowlist": allowlist,
                "sources": sources,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.limits_response_sources import LimitsResponseSources
        from ..models.source_allowlist import SourceAllowlist

        d = dict(src_dict)
        scope = d.pop("scope")

        subject = d.pop("subject")

        allowlist = SourceAllowlist.from_dict(d.pop("allowlist"))

        sources = LimitsResponseSources.from_dict(d.pop("sources"))

        limits_response = cls(
            scope=scope,
            subject=subject,
            allowlist=allowlist,
            sources=sources,
        )

        limits_response.additional_properties = d
        return limits_response

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
