"""The Ping.Data Bulk Enhance client: operations, the sync client and its asyncio twin."""

from bulk_enrich.ping.aio import AsyncJob, AsyncPingData
from bulk_enrich.ping.client import Job, PingData

__all__ = ["AsyncJob", "AsyncPingData", "Job", "PingData"]
