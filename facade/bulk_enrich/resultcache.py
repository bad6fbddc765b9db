"""Results kept across runs in a SQLite file (standard library), so a location already
enriched is not paid for again.

An entry is one location's result from one source (Ping.Data) or attribute set (Place
Enrichment), keyed by the normalised location (:func:`location_key`), that name, and a
``scope`` (the API, its server and the options that shape results). Entries older than
``max_age`` seconds are not used; ``max_age=None`` keeps them for ever: the caller chooses.
Writes stay in one transaction until :meth:`ResultCache.commit`, so a run that stops half way
leaves the cache as it found it.
"""

from __future__ import annotations

import hashlib
import json
import re
import sqlite3
import time
from collections.abc import Mapping
from pathlib import Path
from typing import Any

_NOT_WORD = re.compile(r"[\W_]+")
_DROPPED = re.compile(r"[.'\u2019`]")
#: Keys of a request item that identify the row, not the location.
ID_KEYS = frozenset({"id", "place_id"})


def normalize_text(text: str) -> str:
    """Case folded, punctuation dropped, spaces collapsed: ``1 Main St.`` -> ``1 main st``.

    Periods and apostrophes join what they separate (``U.S.`` -> ``us``, ``Joe's`` ->
    ``joes``); other punctuation separates words.
    """
    return " ".join(_NOT_WORD.sub(" ", _DROPPED.sub("", text.casefold())).split())


def location_key(item: Mapping[str, Any]) -> str:
    """The fields of a request item that locate it, normalised, as one string.

    Ids are left out; a Place Enrichment job's ``inputs`` are used. Two items with the same
    key ask the same question of the API.
    """
    fields = item.get("inputs", item)
    parts: list[list[Any]] = []
    for name in sorted(fields):
        if name in ID_KEYS:
            continue
        value = fields[name]
        if isinstance(value, str):
            value = normalize_text(value)
        elif isinstance(value, float):
            value = round(value, 7)
        if value not in ("", None):
            parts.append([name, value])
    return json.dumps(parts, ensure_ascii=False, separators=(",", ":"), default=str)


class ResultCache:
    """A SQLite file of results by ``(scope, name, location key)``."""

    def __init__(
        self, path: str | Path, *, max_age: float | None, scope: Mapping[str, Any]
    ) -> None:
        if max_age is not None and not max_age > 0:
            raise ValueError("max_age must be a positive number of seconds, or None")
        self.path = Path(path)
        self.max_age = max_age
        self._scope = json.dumps(dict(scope), sort_keys=True, default=str)
        self._db = sqlite3.connect(self.path, timeout=30)
        self._db.execute(
            "CREATE TABLE IF NOT EXISTS results "
            "(key TEXT PRIMARY KEY, stored REAL NOT NULL, value TEXT NOT NULL)"
        )
        self._db.commit()
        self.hits = 0

    def _key(self, name: str, location: str) -> str:
        text = json.dumps([self._scope, name, location], ensure_ascii=False)
        return hashlib.sha256(text.encode("utf-8")).hexdigest()

    def get(self, name: str, location: str) -> dict[str, Any] | None:
        """The kept result of ``name`` for a location key, if young enough."""
        row = self._db.execute(
            "SELECT stored, value FROM results WHERE key = ?", (self._key(name, location),)
        ).fetchone()
        if row is None:
            return None
        if self.max_age is not None and time.time() - float(row[0]) > self.max_age:
            return None
        value: dict[str, Any] = json.loads(row[1])
        return value

    def put(self, name: str, location: str, value: Mapping[str, Any]) -> None:
        """Keep a result (written by :meth:`commit`)."""
        self._db.execute(
            "INSERT OR REPLACE INTO results (key, stored, value) VALUES (?, ?, ?)",
            (self._key(name, location), time.time(), json.dumps(dict(value), default=str)),
        )

    def commit(self) -> None:
        """Write the results kept since the last commit."""
        self._db.commit()

    def close(self) -> None:
        """Close the file; results not committed are dropped."""
        self._db.rollback()
        self._db.close()

    def __enter__(self) -> ResultCache:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
