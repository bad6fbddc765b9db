"""Contains all the data models used in inputs/outputs (each imported on first use)"""

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .batch_location import BatchLocation
    from .batch_location_datasource_config import BatchLocationDatasourceConfig
    from .bev_error_response_401 import BEVErrorResponse401
    from .bulk_enhance_output import BulkEnhanceOutput
    from .bulk_enhance_request import BulkEnhanceRequest
    from .counts import Counts
    from .datasource_code import DatasourceCode
    from .datasource_config import DatasourceConfig
    from .datasource_config_base_output_fields import DatasourceConfigBaseOutputFields
    from .datasource_config_non_supported_input_values_type_0 import (
        DatasourceConfigNonSupportedInputValuesType0,
    )
    from .datasource_config_output_fields import DatasourceConfigOutputFields
    from .datasource_list_response import DatasourceListResponse
    from .datasource_list_response_configs import DatasourceListResponseConfigs
    from .datasource_response import DatasourceResponse
    from .enhance_response import EnhanceResponse
    from .error_response import ErrorResponse
    from .get_bulk_enhance_api_view_response import GetBulkEnhanceAPIViewResponse
    from .get_bulk_enhance_api_view_response_outputs import (
        GetBulkEnhanceAPIViewResponseOutputs,
    )
    from .get_bulk_enhance_api_view_response_request import (
        GetBulkEnhanceAPIViewResponseRequest,
    )
    from .get_bulk_enhance_api_view_response_response import (
        GetBulkEnhanceAPIViewResponseResponse,
    )
    from .get_bulk_enhance_api_view_response_response_additional_info import (
        GetBulkEnhanceAPIViewResponseResponseAdditionalInfo,
    )
    from .get_bulk_enhance_api_view_response_sources import (
        GetBulkEnhanceAPIViewResponseSources,
    )
    from .limits_response import LimitsResponse
    from .limits_response_sources import LimitsResponseSources
    from .location_result import LocationResult
    from .quota_window import QuotaWindow
    from .request_status_value import RequestStatusValue
    from .result_status_value import ResultStatusValue
    from .source_allowlist import SourceAllowlist
    from .source_quota import SourceQuota
    from .source_result import SourceResult
    from .source_result_external_data_type_0 import SourceResultExternalDataType0
    from .start_bulk_enhance_response import StartBulkEnhanceResponse
    from .usage_bucket import UsageBucket
    from .usage_response import UsageResponse

#: Public name -> the module of this package that defines it.
_WHERE = {
    "BatchLocation": ".batch_location",
    "BatchLocationDatasourceConfig": ".batch_location_datasource_config",
    "BEVErrorResponse401": ".bev_error_response_401",
    "BulkEnhanceOutput": ".bulk_enhance_output",
    "BulkEnhanceRequest": ".bulk_enhance_request",
    "Counts": ".counts",
    "DatasourceCode": ".datasource_code",
    "DatasourceConfig": ".datasource_config",
    "DatasourceConfigBaseOutputFields": ".datasource_config_base_output_fields",
    "DatasourceConfigNonSupportedInputValuesType0": ".datasource_config_non_supported_input_values_type_0",
    "DatasourceConfigOutputFields": ".datasource_config_output_fields",
    "DatasourceListResponse": ".datasource_list_response",
    "DatasourceListResponseConfigs": ".datasource_list_response_configs",
    "DatasourceResponse": ".datasource_response",
    "EnhanceResponse": ".enhance_response",
    "ErrorResponse": ".error_response",
    "GetBulkEnhanceAPIViewResponse": ".get_bulk_enhance_api_view_response",
    "GetBulkEnhanceAPIViewResponseOutputs": ".get_bulk_enhance_api_view_response_outputs",
    "GetBulkEnhanceAPIViewResponseRequest": ".get_bulk_enhance_api_view_response_request",
    "GetBulkEnhanceAPIViewResponseResponse": ".get_bulk_enhance_api_view_response_response",
    "GetBulkEnhanceAPIViewResponseResponseAdditionalInfo": ".get_bulk_enhance_api_view_response_response_additional_info",
    "GetBulkEnhanceAPIViewResponseSources": ".get_bulk_enhance_api_view_response_sources",
    "LimitsResponse": ".limits_response",
    "LimitsResponseSources": ".limits_response_sources",
    "LocationResult": ".location_result",
    "QuotaWindow": ".quota_window",
    "RequestStatusValue": ".request_status_value",
    "ResultStatusValue": ".result_status_value",
    "SourceAllowlist": ".source_allowlist",
    "SourceQuota": ".source_quota",
    "SourceResult": ".source_result",
    "SourceResultExternalDataType0": ".source_result_external_data_type_0",
    "StartBulkEnhanceResponse": ".start_bulk_enhance_response",
    "UsageBucket": ".usage_bucket",
    "UsageResponse": ".usage_response",
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
    "BEVErrorResponse401",
    "BatchLocation",
    "BatchLocationDatasourceConfig",
    "BulkEnhanceOutput",
    "BulkEnhanceRequest",
    "Counts",
    "DatasourceCode",
    "DatasourceConfig",
    "DatasourceConfigBaseOutputFields",
    "DatasourceConfigNonSupportedInputValuesType0",
    "DatasourceConfigOutputFields",
    "DatasourceListResponse",
    "DatasourceListResponseConfigs",
    "DatasourceResponse",
    "EnhanceResponse",
    "ErrorResponse",
    "GetBulkEnhanceAPIViewResponse",
    "GetBulkEnhanceAPIViewResponseOutputs",
    "GetBulkEnhanceAPIViewResponseRequest",
    "GetBulkEnhanceAPIViewResponseResponse",
    "GetBulkEnhanceAPIViewResponseResponseAdditionalInfo",
    "GetBulkEnhanceAPIViewResponseSources",
    "LimitsResponse",
    "LimitsResponseSources",
    "LocationResult",
    "QuotaWindow",
    "RequestStatusValue",
    "ResultStatusValue",
    "SourceAllowlist",
    "SourceQuota",
    "SourceResult",
    "SourceResultExternalDataType0",
    "StartBulkEnhanceResponse",
    "UsageBucket",
    "UsageResponse",
)
