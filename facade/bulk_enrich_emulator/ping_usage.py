"""The Ping.Data usage and limits answers, computed from the lookups of the jobs run."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime, timedelta
from typing import Any

from .ping_data import DATASOURCES
from .times import iso, parse_time

#: One record per request: when it was made and its lookups per source (and ``total``).
UsageRecord = tuple[float, dict[str, int]]
DAILY_LIMIT, MONTHLY_LIMIT = 5_000_000, 100_000_000


def usage_answer(
    records: Iterable[UsageRecord], start: str | None, end: str | None, now: float
) -> dict[str, Any]:
    """The ``/api/v1/usage`` body: lookups bucketed over the window, and their totals."""
    first = parse_time(start, now - 30 * 86400, now)
    last = parse_time(end, now, now)
    span = max(last - first, 0.0)
    granularity, width = (
        ("5m", 300) if span <= 86400 else ("1h", 3600) if span <= 7 * 86400 else ("1d", 86400)
    )
    buckets: dict[int, dict[str, int]] = {}
    totals: dict[str, int] = {"total": 0}
    for when, counts in records:
        if not first <= when <= last:
            continue
        bucket = buckets.setdefault(int(when // width * width), {"total": 0})
        for code, count in counts.items():
            bucket[code] = bucket.get(code, 0) + count
            totals[code] = totals.get(code, 0) + count
    return {
        "granularity": granularity,
        "start": iso(first),
        "end": iso(last),
        "buckets": [
            {"bucket": iso(float(key)), "counts": counts} for key, counts in sorted(buckets.items())
        ],
        "totals": totals,
    }


def limits_answer(
    records: Iterable[UsageRecord],
    org: str | None,
    user: str | None,
    now: datetime,
    quotas: tuple[int, int] = (DAILY_LIMIT, MONTHLY_LIMIT),
) -> dict[str, Any]:
    """The ``/api/v1/limits`` body: the ``(daily, monthly)`` quotas, usage from the jobs run."""
    day = now.replace(hour=0, minute=0, second=0, microsecond=0)
    month = day.replace(day=1)
    used_day: dict[str, int] = {}
    used_month: dict[str, int] = {}
    for when, counts in records:
        for code, count in counts.items():
            if code == "total":
                continue
            if when >= month.timestamp():
                used_month[code] = used_month.get(code, 0) + count
            if when >= day.timestamp():
                used_day[code] = used_day.get(code, 0) + count
    sources = {
        code: _source_limits(used_day.get(code, 0), used_month.get(code, 0), *quotas)
        for code in DATASOURCES
    }
    return {
        "scope": "org" if org and not user else "user",
        "subject": user or org or "emulator",
        "allowlist": {"mode": "unrestricted", "sources": sorted(DATASOURCES)},
        "sources": sources,
        "window_resets": {"daily": iso((day + timedelta(days=1)).timestamp())},
    }


def _source_limits(daily: int, monthly: int, day_quota: int, month_quota: int) -> dict[str, Any]:
    return {
        "limits": {"daily": day_quota, "monthly": month_quota},
        "usage": {"daily": daily, "monthly": monthly},
        "remaining": {
            "daily": max(day_quota - daily, 0),
            "monthly": max(month_quota - monthly, 0),
        },
    }


def utc_now() -> datetime:
    """The current time in UTC."""
    return datetime.now(tz=UTC)
