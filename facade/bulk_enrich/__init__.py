"""bulk-enrich: typed, fast, safe client for asynchronous batch location-enrichment APIs.

from bulk_enrich import PingData, PlaceEnrichment

ping = PingData()                                   # key from PING_DATA_AUTH_TOKEN
results = ping.enhance_many(locations, sources=["PG", "PH"])
results["item-1"]["PG"].latitude
"""

from __future__ import annotations

__version__ = "0.1.0"

from bulk_enrich.engine.polling import PollSchedule
from bulk_enrich.engine.retry import RetryPolicy
from bulk_enrich.engine.runs import DEFAULT_MAX_WAIT, Progress
from bulk_enrich.errors import (
    AuthenticationError,
    BulkEnrichError,
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
from bulk_enrich.ping import Job, PingData
from bulk_enrich.ping.aio import AsyncJob, AsyncPingData
from bulk_enrich.places import Batch, PlaceEnrichment
from bulk_enrich.places.aio import AsyncBatch, AsyncPlaceEnrichment
from bulk_enrich.results import (
    EnhanceResults,
    LocationResult,
    PlaceResult,
    PlaceResults,
    flatten,
)

__all__ = [
    "DEFAULT_MAX_WAIT",
    "AsyncBatch",
    "AsyncJob",
    "AsyncPingData",
    "AsyncPlaceEnrichment",
    "AuthenticationError",
    "Batch",
    "BulkEnrichError",
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
    "TransportError",
    "WaitTimeout",
    "__version__",
    "flatten",
]
