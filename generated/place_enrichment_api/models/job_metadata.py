from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.job_metadata_attribute_status import JobMetadataAttributeStatus
    from ..models.job_metadata_enrichment_metadata_type_0 import (
        JobMetadataEnrichmentMetadataType0,
    )


T = TypeVar("T", bound="JobMetadata")


@_attrs_define
class JobMetadata:
    """
    Attributes:
        attribute_status (JobMetadataAttributeStatus):
        last_enriched (datetime.datetime | None | Unset):
        country_code (None | str | Unset):
        enrichment_metadata (JobMetadataEnrichmentMetadataType0 | None | Unset): Per attribute, what the enrichment step
            recorded (an open object).
    """

    attribute_status: JobMetadataAttributeStatus
    last_enriched: datetime.datetime | None | Unset = UNSET
    country_code: None | str | Unset = UNSET
    enrichment_metadata: JobMetadataEnrichmentMetadataType0 | None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.job_metadata_enrichment_metadata_type_0 import (
            JobMetadataEnrichmentMetadataType0,
        )

        attribute_status = self.attribute_status.to_dict()

        last_enriched: None | str | Unset
        if isinstance(self.last_enriched, Unset):
            last_enriched = UNSET
        elif isinstance(self.last_enriched, datetime.datetime):
            last_enriched = self.last_enriched.isoformat()
        else:
            last_enriched = self.last_enriched

        country_code: None | str | Unset
        if isinstance(self.country_code, Unset):
            country_code = UNSET
        else:
            country_code = self.country_code

        enrichment_metadata: dict[str, Any] | None | Unset
        if isinstance(self.enrichment_metadata, Unset):
            enrichment_metadata = UNSET
        elif isinstance(self.enrichment_metadata, JobMetadataEnrichmentMetadataType0):
            enrichment_metadata = self.enrichment_metadata.to_dict()
        else:
            enrichment_metadata = self.enrichment_metadata

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "attribute_status": attribute_status,
            }
        )
        if last_enriched is not UNSET:
            field_dict["last_enriched"] = last_enriched
        if country_code is not UNSET:
            field_dict["country_code"] = country_code
        if enrichment_metadata is not UNSET:
            field_dict["enrichment_metadata"] = enrichment_metadata

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.job_metadata_attribute_status import JobMetadataAttributeStatus
        from ..models.job_metadata_enrichment_metadata_type_0 import (
            JobMetadataEnrichmentMetadataType0,
        )

        d = dict(src_dict)
        attribute_status = JobMetadataAttributeStatus.from_dict(
            d.pop("attribute_status")
        )

        def _parse_last_enriched(data: object) -> datetime.datetime | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                last_enriched_type_0 = datetime.datetime.fromisoformat(data)

                return last_enriched_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None | Unset, data)

        last_enriched = _parse_last_enriched(d.pop("last_enriched", UNSET))

        def _parse_country_code(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        country_code = _parse_country_code(d.pop("country_code", UNSET))

        def _parse_enrichment_metadata(
            data: object,
        ) -> JobMetadataEnrichmentMetadataType0 | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                enrichment_metadata_type_0 = (
                    JobMetadataEnrichmentMetadataType0.from_dict(data)
                )

                return enrichment_metadata_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(JobMetadataEnrichmentMetadataType0 | None | Unset, data)

        enrichment_metadata = _parse_enrichment_metadata(
            d.pop("enrichment_metadata", UNSET)
        )

        job_metadata = cls(
            attribute_status=attribute_status,
            last_enriched=last_enriched,
            country_code=country_code,
            enrichment_metadata=enrichment_metadata,
        )

        job_metadata.additional_properties = d
        return job_metadata

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
