"""Timestamps as the APIs write them, and the usage window bounds they accept."""

from __future__ import annotations

import re
from datetime import UTC, datetime

_RELATIVE = re.compile(r"^-(\d{1,6})([mhd])$")
_UNITS = {"m": 60, "h": 3600, "d": 86400}


def iso(ts: float | None) -> str | None:
    """Epoch seconds -> ``2026-02-02T19:18:52.624Z``."""
    if ts is None:
        return None
    # isoformat truncates to milliseconds, as microsecond // 1000; "+00:00" becomes "Z".
    return datetime.fromtimestamp(ts, tz=UTC).isoformat(timespec="milliseconds")[:-6] + "Z"


def parse_time(value: str | None, default: float, now: float) -> float:
    """A usage window bound: relative (``-30d``) or ISO 8601; unusable values fall back."""
    if not value:
        return default
    relative = _RELATIVE.match(value)
    if relative:
        return now - int(relative.group(1)) * _UNITS[relative.group(2)]
    text = value.replace("Z", "+00:00")
    if re.search(r"[+-]\d{4}$", text):
        text = text[:-2] + ":" + text[-2:]
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        return default
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.timestamp()
