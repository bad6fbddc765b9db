"""Paying once: identical locations sent once per run, results kept across runs.

While the input is read, a row whose location (normalised, :func:`location_key`) an earlier
row already has is not sent: it is a *copy* of that row and gets its result. With ``--cache``
a location whose result is in the cache for every source (or the attribute set) is not sent
either. :class:`Reuse` hands each such row its result as the output is written, in input
order, keeping a shared result only until its last copy is written.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from bulk_enrich.resultcache import ResultCache, location_key

#: Splits a result row into the parts kept per source (only those that succeeded).
Splitter = Callable[[dict[str, Any]], dict[str, dict[str, Any]]]


@dataclass
class Reuse:
    """Rows answered without being sent, and the results they share."""

    #: row id -> id of the earlier row with the same location.
    copies: dict[str, str] = field(default_factory=dict)
    #: id -> location key, for rows whose result comes from the cache.
    cached: dict[str, str] = field(default_factory=dict)
    #: sent id -> location key, for results to keep in the cache.
    keys: dict[str, str] = field(default_factory=dict)
    cache: ResultCache | None = None
    names: list[str] = field(default_factory=list)
    split: Splitter | None = None
    #: Result columns the cached results bring.
    columns: dict[str, None] = field(default_factory=dict)
    _waiting: Counter[str] = field(default_factory=Counter)
    _kept: dict[str, dict[str, Any]] = field(default_factory=dict)

    @property
    def deduped(self) -> int:
        """Rows not sent because an earlier row has the same location."""
        return len(self.copies)

    def start(self) -> None:
        """Begin a pass over the rows in input order."""
        self._waiting = Counter(self.copies.values())
        self._kept = {}

    def wants(self, item_id: str) -> bool:
        """Whether the result of ``item_id`` is needed by its copies or goes to the cache."""
        return bool(self._waiting.get(item_id)) or (self.cache is not None and item_id in self.keys)

    def shared(self, item_id: str) -> dict[str, Any] | None:
        """The result of a row that was not sent (a copy, or cached), else None."""
        source = self.copies.get(item_id)
        if source is not None:
            result = self._kept[source]
            self._waiting[source] -= 1
            if not self._waiting[source]:
                del self._kept[source]
            return result
        key = self.cached.get(item_id)
        if key is None:
            return None
        result = self._load(key)
        self.arrived(item_id, result)
        return result

    def arrived(self, item_id: str, result: dict[str, Any]) -> None:
        """Keep a result its copies will need; put a new result in the cache."""
        if self._waiting.get(item_id):
            self._kept[item_id] = result
        key = self.keys.get(item_id)
        if key is not None and self.cache is not None and self.split is not None:
            for name, part in self.split(result).items():
                self.cache.put(name, key, part)

    def _load(self, key: str) -> dict[str, Any]:
        assert self.cache is not None
        merged: dict[str, Any] = {}
        for name in self.names:
            merged.update(self.cache.get(name, key) or {})
        return merged

    def in_cache(self, key: str) -> bool:
        """Whether every name has a kept result for ``key`` (their columns are noted)."""
        assert self.cache is not None
        parts = [self.cache.get(name, key) for name in self.names]
        if any(part is None for part in parts):
            return False
        for part in parts:
            self.columns.update(dict.fromkeys(part or {}))
        return True


def dedupe(
    sent: list[dict[str, Any]], ids: list[str], reuse: Reuse, keep_keys: bool = True
) -> tuple[list[dict[str, Any]], list[str]]:
    """``(items, ids)`` without those whose location an earlier item has (now copies); the
    location key of each item sent is kept in ``reuse.keys`` when ``keep_keys`` (for a cache:
    :func:`use_cache` makes those it lacks)."""
    return dedupe_keyed(sent, ids, [location_key(item) for item in sent], reuse, keep_keys)


def dedupe_keyed(
    sent: list[dict[str, Any]],
    ids: list[str],
    keys: list[str],
    reuse: Reuse,
    keep_keys: bool = True,
) -> tuple[list[dict[str, Any]], list[str]]:
    """:func:`dedupe` with each item's :func:`location_key` already made."""
    first: dict[str, str] = {}
    items: list[dict[str, Any]] = []
    left: list[str] = []
    for item, item_id, key in zip(sent, ids, keys, strict=True):
        earlier = first.setdefault(key, item_id)
        if earlier != item_id:
            reuse.copies[item_id] = earlier
        else:
            items.append(item)
            left.append(item_id)
            if keep_keys:
                reuse.keys[item_id] = key
    return items, left


def use_cache(
    sent: Iterable[dict[str, Any]], ids: list[str], reuse: Reuse
) -> tuple[list[dict[str, Any]], list[str]]:
    """``(items, ids)`` still to send: those whose every part the cache lacks."""
    items: list[dict[str, Any]] = []
    left: list[str] = []
    for item, item_id in zip(sent, ids, strict=True):
        key = reuse.keys.get(item_id) or location_key(item)
        if reuse.in_cache(key):
            reuse.cached[item_id] = key
            reuse.keys.pop(item_id, None)
        else:
            reuse.keys[item_id] = key
            items.append(item)
            left.append(item_id)
    return items, left
