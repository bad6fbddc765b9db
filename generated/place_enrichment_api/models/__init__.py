"""Contains all the data models used in inputs/outputs"""

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
from .job_metadata_enrichment_metadata_type_0 import JobMetadataEnrichmentMetadataType0
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
