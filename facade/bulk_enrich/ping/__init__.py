"""The Ping.Data Bulk Enhance client: operations, the sync client and its asyncio twin.

Names are imported on first use (PEP 562): the sync client does not import asyncio's.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

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


def __getattr__(name: str) -> Any:
    """Import a public name on first use."""
    module = _WHERE.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *_WHERE})
