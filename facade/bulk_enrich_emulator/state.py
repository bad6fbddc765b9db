"""The emulator's state in a file (``--state PATH``): Ping.Data jobs survive a restart.

A job is kept as the request that created it, its id and its creation time, in an SQLite
database; on start the emulator creates each one again with the same id and time, so its
status, progress and output are what they would have been without the restart (outputs are
written again from the request). Place batches are kept in memory only.
"""

from __future__ import annotations

import json
import sqlite3
import threading
from pathlib import Path
from typing import Any

_SCHEMA = (
    "CREATE TABLE IF NOT EXISTS ping_jobs ("
    " id TEXT PRIMARY KEY, created_at REAL NOT NULL, body TEXT NOT NULL)"
)


class StateFile:
    """An SQLite file holding the requests of the jobs created so far."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._lock = threading.Lock()
        self._db = sqlite3.connect(self.path, check_same_thread=False, isolation_level=None)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute(_SCHEMA)

    def record_ping_job(self, job_id: str, created_at: float, body: dict[str, Any]) -> None:
        """Keep one job's request."""
        text = json.dumps(body, separators=(",", ":"))
        with self._lock:
            self._db.execute(
                "INSERT OR REPLACE INTO ping_jobs VALUES (?, ?, ?)", (job_id, created_at, text)
            )

    def ping_jobs(self) -> list[tuple[str, float, dict[str, Any]]]:
        """Every kept job as ``(id, created_at, request body)``, oldest first."""
        with self._lock:
            rows = self._db.execute(
                "SELECT id, created_at, body FROM ping_jobs ORDER BY created_at, id"
            ).fetchall()
        return [(str(i), float(t), json.loads(b)) for i, t, b in rows]

    def clear(self) -> None:
        """Forget every job."""
        with self._lock:
            self._db.execute("DELETE FROM ping_jobs")

    def close(self) -> None:
        """Close the database."""
        with self._lock:
            self._db.close()
