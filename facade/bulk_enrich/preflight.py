"""Pre-flight checks, made before any job is created: names against the server's own lists
(case-normalised), and for Ping.Data the remaining daily and monthly quota.

Every request goes through the clients (:class:`~bulk_enrich.PingData`,
:class:`~bulk_enrich.PlaceEnrichment`), and only reads (GET).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from bulk_enrich.errors import BulkEnrichError

if TYPE_CHECKING:
    from ping_data_api.models.limits_response import LimitsResponse

    from bulk_enrich.ping.aio import AsyncPingData
    from bulk_enrich.ping.client import PingData
    from bulk_enrich.places.aio import AsyncPlaceEnrichment
    from bulk_enrich.places.client import PlaceEnrichment


class UnknownNameError(BulkEnrichError):
    """A datasource or attribute the server does not offer; ``unknown`` and ``valid`` list
    the names."""

    def __init__(self, what: str, unknown: Sequence[str], valid: Sequence[str]) -> None:
        self.what = what
        self.unknown = list(unknown)
        self.valid = list(valid)
        super().__init__(
            f"unknown {what}: {', '.join(self.unknown)}; valid {what}: {', '.join(self.valid)}"
        )


class QuotaExceededError(BulkEnrichError):
    """The run needs more credits than remain today or this month; ``short`` names them."""

    def __init__(self, short: Sequence[str]) -> None:
        self.short = list(short)
        super().__init__("not enough quota left for this run: " + "; ".join(self.short))


def canonical_names(given: Iterable[str], valid: Iterable[str], what: str) -> list[str]:
    """``given`` spelled as the server spells them (case-insensitive), duplicates dropped;
    :class:`UnknownNameError` naming any the server does not know, and the valid ones."""
    valid_list = list(valid)
    by_fold = {name.casefold(): name for name in valid_list}
    names: list[str] = []
    unknown: list[str] = []
    for name in given:
        found = by_fold.get(name.strip().casefold())
        if found is None:
            unknown.append(name)
        elif found not in names:
            names.append(found)
    if unknown:
        raise UnknownNameError(what, unknown, sorted(valid_list))
    return names


def check_sources(ping: PingData, sources: Iterable[str]) -> list[str]:
    """The datasource codes as ``/datasources`` spells them; unknown ones raise."""
    return canonical_names(sources, ping.datasources(), "sources")


def check_attributes(places: PlaceEnrichment, attributes: Iterable[str]) -> list[str]:
    """The attributes as ``/attributes`` spells them; unknown ones raise."""
    offered = places.attributes()
    valid = dict.fromkeys([*offered.all_, *offered.core, *offered.custom])
    return canonical_names(attributes, valid, "attributes")


@dataclass(frozen=True)
class Remaining:
    """What remains of one source's quota (None: no limit)."""

    source: str
    daily: int | None
    monthly: int | None

    def short_by(self, needed: int) -> str | None:
        """Why ``needed`` credits do not fit, or None when they do."""
        for window, left in (("daily", self.daily), ("monthly", self.monthly)):
            if left is not None and needed > left:
                return f"{self.source} needs {needed:,}, {left:,} left of the {window} quota"
        return None


def _number(value: Any) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def remaining_quota(ping: PingData, sources: Iterable[str]) -> dict[str, Remaining]:
    """What ``/limits`` says remains of each source's daily and monthly quota."""
    return quota_left(ping.limits(), sources)


def quota_left(limits: LimitsResponse, sources: Iterable[str]) -> dict[str, Remaining]:
    """What a ``/limits`` answer says remains of each source's quota (None: no limit)."""
    quotas = limits.sources.additional_properties
    out: dict[str, Remaining] = {}
    for code in sources:
        quota = quotas.get(code)
        if quota is None:
            out[code] = Remaining(code, None, None)
            continue
        left = quota.remaining
        out[code] = Remaining(code, _number(left.daily), _number(left.monthly))
    return out


def check_quota(remaining: dict[str, Remaining], locations: int) -> None:
    """:class:`QuotaExceededError` when ``locations`` credits per source do not fit."""
    short = [why for r in remaining.values() if (why := r.short_by(locations)) is not None]
    if short:
        raise QuotaExceededError(short)


def check_enhance(
    ping: PingData, sources: Iterable[str], locations: int | None, *, allow_partial: bool = False
) -> list[str]:
    """Check a run of ``locations`` (None: unknown yet) before any job: the canonical
    source codes, or :class:`UnknownNameError` / :class:`QuotaExceededError`."""
    codes = check_sources(ping, sources)
    if locations is not None and not allow_partial:
        check_quota(remaining_quota(ping, codes), locations)
    return codes


async def check_enhance_async(
    ping: AsyncPingData,
    sources: Iterable[str],
    locations: int | None,
    *,
    allow_partial: bool = False,
) -> list[str]:
    """:func:`check_enhance` for the async client."""
    codes = canonical_names(sources, await ping.datasources(), "sources")
    if locations is not None and not allow_partial:
        check_quota(quota_left(await ping.limits(), codes), locations)
    return codes


async def check_attributes_async(
    places: AsyncPlaceEnrichment, attributes: Iterable[str]
) -> list[str]:
    """:func:`check_attributes` for the async client."""
    offered = await places.attributes()
    valid = dict.fromkeys([*offered.all_, *offered.core, *offered.custom])
    return canonical_names(attributes, valid, "attributes")
