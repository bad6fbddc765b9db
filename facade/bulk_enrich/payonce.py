"""Paying once for a location in the library: identical locations sent once per call, results
kept across calls in a :class:`~bulk_enrich.resultcache.ResultCache`.

``PingData.enhance_many(..., dedupe=True, cache=ResultCache(...))`` runs through
:func:`enhance_once`: each distinct location (:func:`~bulk_enrich.resultcache.location_key`)
is sent once, its result given to every location with the same key, and a location whose every
source is in the cache is not sent at all. The results still hold one entry per input id.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from bulk_enrich.logs import get_logger
from bulk_enrich.preflight import check_quota, check_sources, remaining_quota
from bulk_enrich.resultcache import ResultCache, location_key
from bulk_enrich.results import EnhanceResults, LocationResult

if TYPE_CHECKING:
    from bulk_enrich.ping.client import PingData

log = get_logger("bulk_enrich.payonce")


def _as_dict(item: Any) -> dict[str, Any]:
    if isinstance(item, Mapping):
        return dict(item)
    to_dict = getattr(item, "to_dict", None)
    if callable(to_dict):
        return dict(to_dict())
    raise TypeError(f"dedupe and cache take locations as dicts or models, not {type(item)!r}")


def _plan(
    items: list[dict[str, Any]], sources: Sequence[str], dedupe: bool, cache: ResultCache | None
) -> tuple[list[dict[str, Any]], dict[str, str], dict[str, str], dict[str, dict[str, Any]]]:
    """``(to send, copy id -> first id, sent id -> key, cached id -> raw result)``."""
    first: dict[str, str] = {}
    copies: dict[str, str] = {}
    keys: dict[str, str] = {}
    cached: dict[str, dict[str, Any]] = {}
    to_send: list[dict[str, Any]] = []
    for item in items:
        item_id, key = str(item.get("id")), location_key(item)
        if dedupe and key in first:
            copies[item_id] = first[key]
            continue
        first.setdefault(key, item_id)
        parts = {code: cache.get(code, key) for code in sources} if cache is not None else {}
        if cache is not None and all(part is not None for part in parts.values()):
            cached[item_id] = {code: part for code, part in parts.items() if part is not None}
            continue
        keys[item_id] = key
        to_send.append(item)
    return to_send, copies, keys, cached


def enhance_once(
    ping: PingData,
    locations: Iterable[Any],
    sources: Sequence[str],
    *,
    dedupe: bool = True,
    cache: ResultCache | None = None,
    preflight: bool = True,
    allow_partial: bool = False,
    **kwargs: Any,
) -> EnhanceResults:
    """``enhance_many`` paying once per distinct location (see the module); ``saved`` on the
    results counts the lookups spared ``{"dedupe": n, "cache": m}``."""
    items = [_as_dict(item) for item in locations]
    codes = list(sources)
    if preflight:
        codes = check_sources(ping, codes)
    to_send, copies, keys, cached = _plan(items, codes, dedupe, cache)
    if preflight and not allow_partial and to_send:
        check_quota(remaining_quota(ping, codes), len(to_send))
    sent = (
        ping.enhance_many(to_send, codes, preflight=False, **kwargs)
        if to_send
        else EnhanceResults([])
    )
    if cache is not None:
        for item_id, result in sent.items():
            for code, raw in result.raw.items():
                if isinstance(raw, Mapping) and raw.get("is_success") is True:
                    cache.put(code, keys[item_id], raw)
        cache.commit()
    merged = []
    for item in items:
        item_id = str(item.get("id"))
        source_id = copies.get(item_id, item_id)
        found = sent.get(source_id)
        raw = found.raw if found is not None else cached.get(source_id, {})
        merged.append((item_id, LocationResult(item_id, dict(raw))))
    results = EnhanceResults(merged, jobs=sent.jobs, failed_jobs=sent.failed_jobs)
    results.saved = {"dedupe": len(copies), "cache": len(cached)}
    log.info("sent %d of %d locations: %s", len(to_send), len(items), results.saved)
    return results
