from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.batch_status_value import BatchStatusValue
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.job_confidence_scores import JobConfidenceScores
    from ..models.job_metadata import JobMetadata
    from ..models.job_outputs import JobOutputs
    from ..models.job_reasoning import JobReasoning
    from ..models.universal_place import UniversalPlace


T = TypeVar("T", bound="PlaceJobResult")


@_attrs_define
class PlaceJobResult:
    """
    Attributes:
        place_id (str):
        status (BatchStatusValue | str): Aggregated batch status; `completed` and `failed` are terminal.
        inputs (UniversalPlace): The place to enrich. `name` is required; an address or coordinates improve accuracy.
        outputs (JobOutputs): Enriched values. Attribute names map to output keys (websites -> website; phoneNumbers ->
            phone, phone_additional; openingHours -> opening_hours; closed_permanently -> open_closed_status). The most used
            keys are declared; every other key is kept.
        job_metadata (JobMetadata):
        reasoning (JobReasoning): Per output key, why the value was chosen; a failed job carries its reason in `error`
            (a key the vendor's object leaves open). Every job has one, empty before it runs.
        confidence_scores (JobConfidenceScores | None | Unset):
    """

    place_id: str
    status: BatchStatusValue | str
    inputs: UniversalPlace
    outputs: JobOutputs
    job_metadata: JobMetadata
    reasoning: JobReasoning
    confidence_scores: JobConfidenceScores | None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.job_confidence_scores import JobConfidenceScores

        place_id = self.place_id

        status: str
        if isinstance(self.status, BatchStatusValue):
            status = self.status.value
        else:
            status = self.status

        inputs = self.inputs.to_dict()

        outputs = self.outputs.to_dict()

        job_metadata = self.job_metadata.to_dict()

        reasoning = self.reasoning.to_dict()

        confidence_scores: dict[str, Any] | None | Unset
        if isinstance(self.confidence_scores, Unset):
            confidence_scores = UNSET
        elif isinstance(self.confidence_scores, JobConfidenceScores):
            confidence_scores = self.confidence_scores.to_dict()
        else:
            confidence_scores = self.confidence_scores

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "place_id": place_id,
                "status": status,
                "inputs": inputs,
                "outputs": outputs,
                "job_metadata": job_metadata,
                "reasoning": reasoning,
            }
        )
        if confidence_scores is not UNSET:
            field_dict["confidence_scores"] = confidence_scores

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.job_confidence_scores import JobConfidenceScores
        from ..models.job_metadata import JobMetadata
        from ..models.job_outputs import JobOutputs
        from ..models.job_reasoning import JobReasoning
        from ..models.universal_place import UniversalPlace

        d = dict(src_dict)
        place_id = d.pop("place_id")

        def _parse_status(data: object) -> BatchStatusValue | str:
            try:
                if not isinstance(data, str):
                    raise TypeError()
                componentsschemas_batch_status_type_0 = BatchStatusValue(data)

                return componentsschemas_batch_status_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(BatchStatusValue | str, data)

        status = _parse_status(d.pop("status"))

        inputs = UniversalPlace.from_dict(d.pop("inputs"))

        outputs = JobOutputs.from_dict(d.pop("outputs"))

        job_metadata = JobMetadata.from_dict(d.pop("job_metadata"))

        reasoning = JobReasoning.from_dict(d.pop("reasoning"))

        def _parse_confidence_scores(
            data: object,
        ) -> JobConfidenceScores | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                confidence_scores_type_0 = JobConfidenceScores.from_dict(data)

                return confidence_scores_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(JobConfidenceScores | None | Unset, data)

        confidence_scores = _parse_confidence_scores(d.pop("confidence_scores", UNSET))

        place_job_result = cls(
            place_id=place_id,
            status=status,
            inputs=inputs,
            outputs=outputs,
            job_metadata=job_metadata,
            reasoning=reasoning,
            confidence_scores=confidence_scores,
        )

        place_job_result.additional_properties = d
        return place_job_result

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
