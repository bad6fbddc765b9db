"""bulk-enrich: typed, fast, safe client for asynchronous batch location-enrichment APIs.

from bulk_enrich import PingData, PlaceEnrichment

ping = PingData()                                   # key from PING_DATA_AUTH_TOKEN
results = ping.enhance_many(locations, sources=["PG", "PH"])
results["item-1"]["PG"].latitude

Names are imported on first use (PEP 562), so ``import bulk_enrich`` stays cheap.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from bulk_enrich.lazy import lazy_names

__version__ = "0.1.0"

logging.getLogger("bulk_enrich").addHandler(logging.NullHandler())

if TYPE_CHECKING:
    from bulk_enrich.engine.polling import PollSchedule
    from bulk_enrich.engine.retry import RetryPolicy
    from bulk_enrich.engine.runs import DEFAULT_MAX_WAIT, Progress
    from bulk_enrich.errors import (
        AuthenticationError,
        BulkEnrichError,
        ConfigurationError,
        DownloadError,
        InvalidInputError,
        JobFailed,
        NotFoundError,
        PermissionDenied,
        RateLimitError,
        ServerError,
        TransportError,
        WaitTimeout,
    )
    from bulk_enrich.ping.aio import AsyncJob, AsyncPingData
    from bulk_enrich.ping.client import Job, PingData
    from bulk_enrich.places.aio import AsyncBatch, AsyncPlaceEnrichment
    from bulk_enrich.places.client import Batch, PlaceEnrichment
    from bulk_enrich.results import (
        EnhanceResults,
        LocationResult,
        PlaceResult,
        PlaceResults,
        SourceData,
        flatten,
    )

#: Public name -> the module that defines it.
_WHERE = {
    "PollSchedule": "bulk_enrich.engine.polling",
    "RetryPolicy": "bulk_enrich.engine.retry",
    "DEFAULT_MAX_WAIT": "bulk_enrich.engine.runs",
    "Progress": "bulk_enrich.engine.runs",
    **dict.fromkeys(
        (
            "AuthenticationError",
            "BulkEnrichError",
            "ConfigurationError",
            "DownloadError",
            "InvalidInputError",
            "JobFailed",
            "NotFoundError",
            "PermissionDenied",
            "RateLimitError",
            "ServerError",
            "TransportError",
            "WaitTimeout",
        ),
        "bulk_enrich.errors",
    ),
    "Job": "bulk_enrich.ping.client",
    "PingData": "bulk_enrich.ping.client",
    "AsyncJob": "bulk_enrich.ping.aio",
    "AsyncPingData": "bulk_enrich.ping.aio",
    "Batch": "bulk_enrich.places.client",
    "PlaceEnrichment": "bulk_enrich.places.client",
    "AsyncBatch": "bulk_enrich.places.aio",
    "AsyncPlaceEnrichment": "bulk_enrich.places.aio",
    **dict.fromkeys(
        (
            "EnhanceResults",
            "LocationResult",
            "PlaceResult",
            "PlaceResults",
            "SourceData",
            "flatten",
        ),
        "bulk_enrich.results",
    ),
}

__all__ = [
    "DEFAULT_MAX_WAIT",
    "AsyncBatch",
    "AsyncJob",
    "AsyncPingData",
    "AsyncPlaceEnrichment",
    "AuthenticationError",
    "Batch",
    "BulkEnrichError",
    "ConfigurationError",
    "DownloadError",
    "EnhanceResults",
    "InvalidInputError",
    "Job",
    "JobFailed",
    "LocationResult",
    "NotFoundError",
    "PermissionDenied",
    "PingData",
    "PlaceEnrichment",
    "PlaceResult",
    "PlaceResults",
    "PollSchedule",
    "Progress",
    "RateLimitError",
    "RetryPolicy",
    "ServerError",
    "SourceData",
    "TransportError",
    "WaitTimeout",
    "__version__",
    "flatten",
]


__getattr__, __dir__ = lazy_names(__name__, _WHERE)
