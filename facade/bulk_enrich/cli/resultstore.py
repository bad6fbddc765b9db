"""Flat result rows kept on disk (SQLite) until the output is written in input order.

Results arrive chunk by chunk in any order; the output needs them in input order. Keeping them
in a temporary SQLite file bounds memory for inputs of any size.
"""

from __future__ import annotations

import contextlib
import json
import sqlite3
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any


class ResultStore:
    """id -> flat row, plus the set of columns seen; a context manager that deletes its file."""

    def __init__(self, path: Path) -> None:
        self.path = path
        path.parent.mkdir(parents=True, exist_ok=True)
        with contextlib.suppress(FileNotFoundError):
            path.unlink()
        self._db = sqlite3.connect(path, isolation_level=None)
        self._db.execute("PRAGMA journal_mode=OFF")
        self._db.execute("PRAGMA synchronous=OFF")
        self._db.execute("CREATE TABLE rows (id TEXT PRIMARY KEY, data TEXT NOT NULL)")
        self._db.execute("BEGIN")
        self.columns: dict[str, None] = {}
        self.count = 0

    def put(self, item_id: str, row: dict[str, Any]) -> None:
        """Store (or replace) the row of ``item_id``."""
        for key in row:
            self.columns.setdefault(key, None)
        self._db.execute(
            "INSERT OR REPLACE INTO rows (id, data) VALUES (?, ?)",
            (item_id, json.dumps(row, ensure_ascii=False, default=str)),
        )
        self.count += 1

    def get(self, item_id: str) -> dict[str, Any] | None:
        """The row of ``item_id``, or None."""
        found = self._db.execute("SELECT data FROM rows WHERE id = ?", (item_id,)).fetchone()
        if found is None:
            return None
        data: dict[str, Any] = json.loads(found[0])
        return data

    def rows_for(self, ids: Iterable[str]) -> Iterator[dict[str, Any] | None]:
        """The rows of ``ids``, in that order (None where absent)."""
        for item_id in ids:
            yield self.get(item_id)

    def close(self) -> None:
        """Close and delete the file."""
        with contextlib.suppress(sqlite3.Error):
            self._db.execute("COMMIT")
        self._db.close()
        with contextlib.suppress(FileNotFoundError):
            self.path.unlink()

    def __enter__(self) -> ResultStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
