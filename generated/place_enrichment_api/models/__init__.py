"""Contains all the data models used in inputs/outputs (each imported on first use)"""

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .address_details import AddressDetails
    from .attribute_set import AttributeSet
    from .attribute_status_distribution import AttributeStatusDistribution
    from .attribute_status_group import AttributeStatusGroup
    from .attribute_status_value import AttributeStatusValue
    from .batch_jobs import BatchJobs
    from .batch_metadata import BatchMetadata
    from .batch_metadata_status_counts import BatchMetadataStatusCounts
    from .batch_status_value import BatchStatusValue
    from .batch_summary import BatchSummary
    from .batch_summary_status_counts import BatchSummaryStatusCounts
    from .bulk_refresh_batch_request import BulkRefreshBatchRequest
    from .bulk_refresh_batch_response import BulkRefreshBatchResponse
    from .confidence_score_value import ConfidenceScoreValue
    from .error_response import ErrorResponse
    from .input_type_value import InputTypeValue
    from .job_confidence_scores import JobConfidenceScores
    from .job_list_response import JobListResponse
    from .job_metadata import JobMetadata
    from .job_metadata_attribute_status import JobMetadataAttributeStatus
    from .job_metadata_enrichment_metadata_type_0 import (
        JobMetadataEnrichmentMetadataType0,
    )
    from .job_metadata_enrichment_metadata_type_0_additional_property import (
        JobMetadataEnrichmentMetadataType0AdditionalProperty,
    )
    from .job_outputs import JobOutputs
    from .job_outputs_opening_hours_type_0 import JobOutputsOpeningHoursType0
    from .job_reasoning import JobReasoning
    from .paginated_batches_response import PaginatedBatchesResponse
    from .place_batch_payload import PlaceBatchPayload
    from .place_job import PlaceJob
    from .place_job_attributes_enrichments_type_0_item import (
        PlaceJobAttributesEnrichmentsType0Item,
    )
    from .place_job_prefilled_data_type_0 import PlaceJobPrefilledDataType0
    from .place_job_result import PlaceJobResult
    from .reprocess_batch_request import ReprocessBatchRequest
    from .reprocess_batch_response import ReprocessBatchResponse
    from .reprocess_job_request import ReprocessJobRequest
    from .submit_job_response_200 import SubmitJobResponse200
    from .submit_job_response_202 import SubmitJobResponse202
    from .submitted_place_batch_response import SubmittedPlaceBatchResponse
    from .submitted_place_batch_response_attribute_statuses_type_0 import (
        SubmittedPlaceBatchResponseAttributeStatusesType0,
    )
    from .universal_place import UniversalPlace
    from .universal_place_opening_hours_type_0 import UniversalPlaceOpeningHoursType0
    from .update_batch_request import UpdateBatchRequest
    from .v1_attributes_response import V1AttributesResponse

#: Public name -> the module of this package that defines it.
_WHERE = {
    "AddressDetails": ".address_details",
    "AttributeSet": ".attribute_set",
    "AttributeStatusDistribution": ".attribute_status_distribution",
    "AttributeStatusGroup": ".attribute_status_group",
    "AttributeStatusValue": ".attribute_status_value",
    "BatchJobs": ".batch_jobs",
    "BatchMetadata": ".batch_metadata",
    "BatchMetadataStatusCounts": ".batch_metadata_status_counts",
    "BatchStatusValue": ".batch_status_value",
    "BatchSummary": ".batch_summary",
    "BatchSummaryStatusCounts": ".batch_summary_status_counts",
    "BulkRefreshBatchRequest": ".bulk_refresh_batch_request",
    "BulkRefreshBatchResponse": ".bulk_refresh_batch_response",
    "ConfidenceScoreValue": ".confidence_score_value",
    "ErrorResponse": ".error_response",
    "InputTypeValue": ".input_type_value",
    "JobConfidenceScores": ".job_confidence_scores",
    "JobListResponse": ".job_list_response",
    "JobMetadata": ".job_metadata",
    "JobMetadataAttributeStatus": ".job_metadata_attribute_status",
    "JobMetadataEnrichmentMetadataType0": ".job_metadata_enrichment_metadata_type_0",
    "JobMetadataEnrichmentMetadataType0AdditionalProperty": ".job_metadata_enrichment_metadata_type_0_additional_property",
    "JobOutputs": ".job_outputs",
    "JobOutputsOpeningHoursType0": ".job_outputs_opening_hours_type_0",
    "JobReasoning": ".job_reasoning",
    "PaginatedBatchesResponse": ".paginated_batches_response",
    "PlaceBatchPayload": ".place_batch_payload",
    "PlaceJob": ".place_job",
    "PlaceJobAttributesEnrichmentsType0Item": ".place_job_attributes_enrichments_type_0_item",
    "PlaceJobPrefilledDataType0": ".place_job_prefilled_data_type_0",
    "PlaceJobResult": ".place_job_result",
    "ReprocessBatchRequest": ".reprocess_batch_request",
    "ReprocessBatchResponse": ".reprocess_batch_response",
    "ReprocessJobRequest": ".reprocess_job_request",
    "SubmitJobResponse200": ".submit_job_response_200",
    "SubmitJobResponse202": ".submit_job_response_202",
    "SubmittedPlaceBatchResponse": ".submitted_place_batch_response",
    "SubmittedPlaceBatchResponseAttributeStatusesType0": ".submitted_place_batch_response_attribute_statuses_type_0",
    "UniversalPlace": ".universal_place",
    "UniversalPlaceOpeningHoursType0": ".universal_place_opening_hours_type_0",
    "UpdateBatchRequest": ".update_batch_request",
    "V1AttributesResponse": ".v1_attributes_response",
}


def __getattr__(name: str) -> Any:
    module = _WHERE.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(module, __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *_WHERE})


__all__ = (
    "AddressDetails",
    "AttributeSet",
    "AttributeStatusDistribution",
    "AttributeStatusGroup",
    "AttributeStatusValue",
    "BatchJobs",
    "BatchMetadata",
    "BatchMetadataStatusCounts",
    "BatchStatusValue",
    "BatchSummary",
    "BatchSummaryStatusCounts",
    "BulkRefreshBatchRequest",
    "BulkRefreshBatchResponse",
    "ConfidenceScoreValue",
    "ErrorResponse",
    "InputTypeValue",
    "JobConfidenceScores",
    "JobListResponse",
    "JobMetadata",
    "JobMetadataAttributeStatus",
    "JobMetadataEnrichmentMetadataType0",
    "JobMetadataEnrichmentMetadataType0AdditionalProperty",
    "JobOutputs",
    "JobOutputsOpeningHoursType0",
    "JobReasoning",
    "PaginatedBatchesResponse",
    "PlaceBatchPayload",
    "PlaceJob",
    "PlaceJobAttributesEnrichmentsType0Item",
    "PlaceJobPrefilledDataType0",
    "PlaceJobResult",
    "ReprocessBatchRequest",
    "ReprocessBatchResponse",
    "ReprocessJobRequest",
    "SubmitJobResponse200",
    "SubmitJobResponse202",
    "SubmittedPlaceBatchResponse",
    "SubmittedPlaceBatchResponseAttributeStatusesType0",
    "UniversalPlace",
    "UniversalPlaceOpeningHoursType0",
    "UpdateBatchRequest",
    "V1AttributesResponse",
)
