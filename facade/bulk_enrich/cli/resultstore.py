"""Flat result rows spooled to a temporary file until the output is written.

Results arrive in input order (the facade yields them so) but the output's columns are only
known once every result is in, so rows are spooled to disk, not held in memory, then read back
in the same order while the output is written. The spool is a private temporary file of this
process, deleted when closed; records are ``marshal``-encoded plain values (str, numbers, bools,
None), which is several times faster than JSON.
"""

from __future__ import annotations

import contextlib
import json
import marshal
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

from bulk_enrich.cli.errors import CliError


def _plain(row: dict[str, Any]) -> dict[str, Any]:
    try:
        marshal.dumps(row)
    except ValueError:
        plain: dict[str, Any] = json.loads(json.dumps(row, default=str))
        return plain
    return row


class ResultStore:
    """Rows in arrival order, plus the columns seen; a context manager that deletes its file."""

    def __init__(self, path: Path) -> None:
        self.path = path
        path.parent.mkdir(parents=True, exist_ok=True)
        self._fh: IO[bytes] = path.open("w+b")
        self.columns: dict[str, None] = {}
        self.count = 0

    def put(self, item_id: str, row: dict[str, Any]) -> None:
        """Append the row of ``item_id``."""
        for key in row:
            if key not in self.columns:
                self.columns[key] = None
        marshal.dump((item_id, _plain(row)), self._fh)
        self.count += 1

    def replay(self) -> Iterator[tuple[str, dict[str, Any]]]:
        """Every stored ``(id, row)``, in the order they were put."""
        self._fh.flush()
        self._fh.seek(0)
        for _ in range(self.count):
            item_id, row = marshal.load(self._fh)  # noqa: S302 (our own private spool)
            yield item_id, row

    def rows_in_order(self, ids: Iterator[str]) -> Iterator[dict[str, Any] | None]:
        """The stored rows matched to ``ids`` (None for an id that has no row).

        The stored rows must come in the order of ``ids`` (skipping the ids without a row);
        anything else is a bug worth stopping for rather than a silently shuffled output.
        """
        stored = self.replay()
        pending: tuple[str, dict[str, Any]] | None = next(stored, None)
        for item_id in ids:
            if pending is not None and pending[0] == item_id:
                yield pending[1]
                pending = next(stored, None)
            else:
                yield None
        if pending is not None:
            raise CliError(f"internal error: result for {pending[0]!r} arrived out of input order")

    def close(self) -> None:
        """Close and delete the file."""
        self._fh.close()
        with contextlib.suppress(FileNotFoundError):
            self.path.unlink()

    def __enter__(self) -> ResultStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
