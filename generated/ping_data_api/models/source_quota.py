from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.quota_window import QuotaWindow


T = TypeVar("T", bound="SourceQuota")


@_attrs_define
class SourceQuota:
    """
    Attributes:
        limits (QuotaWindow):
        usage (QuotaWindow):
        remaining (QuotaWindow):
    """

    limits: QuotaWindow
    usage: QuotaWindow
    remaining: QuotaWindow
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        limits = self.limits.to_dict()

        usage = self.usage.to_dict()

        remaining = self.remaining.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "limits": limits,
                "usage": usage,
                "remaining": remaining,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.quota_window import QuotaWindow

        d = dict(src_dict)
        limits = QuotaWindow.from_dict(d.pop("limits"))

        usage = QuotaWindow.from_dict(d.pop("usage"))

        remaining = QuotaWindow.from_dict(d.pop("remaining"))

        source_quota = cls(
            limits=limits,
            usage=usage,
            remaining=remaining,
        )

        source_quota.additional_properties = d
        return source_quota

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
