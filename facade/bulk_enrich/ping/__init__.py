"""The Ping.Data Bulk Enhance client: operations, the sync client and its asyncio twin.

Names are imported on first use (PEP 562): the sync client does not import asyncio's.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from bulk_enrich.lazy import lazy_names

if TYPE_CHECKING:
    from bulk_enrich.ping.aio import AsyncJob, AsyncPingData
    from bulk_enrich.ping.client import Job, PingData

_WHERE = {
    "AsyncJob": "bulk_enrich.ping.aio",
    "AsyncPingData": "bulk_enrich.ping.aio",
    "Job": "bulk_enrich.ping.client",
    "PingData": "bulk_enrich.ping.client",
}

__all__ = ["AsyncJob", "AsyncPingData", "Job", "PingData"]


__getattr__, __dir__ = lazy_names(__name__, _WHERE)
