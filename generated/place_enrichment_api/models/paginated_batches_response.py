from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.batch_summary import BatchSummary


T = TypeVar("T", bound="PaginatedBatchesResponse")


@_attrs_define
class PaginatedBatchesResponse:
    """
    Attributes:
        batches (list[BatchSummary]):
        total (int):
        limit (int):
        offset (int):
    """

    batches: list[BatchSummary]
    total: int
    limit: int
    offset: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        batches = []
        for batches_item_data in self.batches:
            batches_item = batches_item_data.to_dict()
            batches.append(batches_item)

        total = self.total

        limit = self.limit

        offset = self.offset

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "batches": batches,
                "total": total,
                "limit": limit,
                "offset": offset,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.batch_summary import BatchSummary

        d = dict(src_dict)
        batches = []
        _batches = d.pop("batches")
        for batches_item_data in _batches:
            batches_item = BatchSummary.from_dict(batches_item_data)

            batches.append(batches_item)

        total = d.pop("total")

        limit = d.pop("limit")

        offset = d.pop("offset")

        paginated_batches_response = cls(
            batches=batches,
            total=total,
            limit=limit,
            offset=offset,
        )

        paginated_batches_response.additional_properties = d
        return paginated_batches_response

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
