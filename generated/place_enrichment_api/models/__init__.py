"""Contains all the data models used in inputs/outputs"""

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
from .confidence_score_value import ConfidenceScoreValue
from .error_response import ErrorResponse
from .job_confidence_scores import JobConfidenceScores
from .job_list_response import JobListResponse
from .job_metadata import JobMetadata
from .job_metadata_attribute_status import JobMetadataAttributeStatus
from .job_metadata_enrichment_metadata_type_0 import JobMetadataEnrichmentMetadataType0
from .job_outputs import JobOutputs
from .job_outputs_coordinates_type_0 import JobOutputsCoordinatesType0
from .job_outputs_opening_hours_type_0 import JobOutputsOpeningHoursType0
from .paginated_batches_response import PaginatedBatchesResponse
from .place_batch_payload import PlaceBatchPayload
from .place_job import PlaceJob
from .place_job_result import PlaceJobResult
from .place_job_result_reasoning_type_0 import PlaceJobResultReasoningType0
from .reprocess_batch_request import ReprocessBatchRequest
from .reprocess_batch_response import ReprocessBatchResponse
from .submitted_place_batch_response import SubmittedPlaceBatchResponse
from .submitted_place_batch_response_attribute_statuses_type_0 import (
    SubmittedPlaceBatchResponseAttributeStatusesType0,
)
from .universal_place import UniversalPlace
from .v1_attributes_response import V1AttributesResponse

__all__ = (
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
    "ConfidenceScoreValue",
    "ErrorResponse",
    "JobConfidenceScores",
    "JobListResponse",
    "JobMetadata",
    "JobMetadataAttributeStatus",
    "JobMetadataEnrichmentMetadataType0",
    "JobOutputs",
    "JobOutputsCoordinatesType0",
    "JobOutputsOpeningHoursType0",
    "PaginatedBatchesResponse",
    "PlaceBatchPayload",
    "PlaceJob",
    "PlaceJobResult",
    "PlaceJobResultReasoningType0",
    "ReprocessBatchRequest",
    "ReprocessBatchResponse",
    "SubmittedPlaceBatchResponse",
    "SubmittedPlaceBatchResponseAttributeStatusesType0",
    "UniversalPlace",
    "V1AttributesResponse",
)
