"""Flat result rows spooled to a temporary file until the output is written.

Results arrive in input order (the facade yields them so). The output is written as they
arrive, but its columns are learned from the first results; rows are spooled to disk, not held
in memory, to write the output again when a later result brings a new column (or for Parquet,
which needs every column's type first). The spool is a private temporary file of
this process, deleted when closed; records are length-prefixed ``marshal`` encodings of plain
values (str, numbers, bools, None), several times faster than JSON.
"""

from __future__ import annotations

import contextlib
import json
import marshal
import struct
from collections.abc import Iterator
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

if TYPE_CHECKING:
    from bulk_enrich.batches import ResultBatch

_LENGTH = struct.Struct("<I")


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
        if not self.columns.keys() >= row.keys():
            self.columns.update(dict.fromkeys(row))
        try:
            record = marshal.dumps((item_id, row))
        except ValueError:  # a value marshal cannot encode: store its JSON-plain form
            record = marshal.dumps((item_id, json.loads(json.dumps(row, default=str))))
        self._fh.write(_LENGTH.pack(len(record)))
        self._fh.write(record)
        self.count += 1

    def put_batch(self, batch: ResultBatch) -> None:
        """Append each row of ``batch``."""
        for item_id, row in batch.rows():
            self.put(item_id, row)

    def replay(self) -> Iterator[tuple[str, dict[str, Any]]]:
        """Every stored ``(id, row)``, in the order they were put."""
        self._fh.flush()
        self._fh.seek(0)
        read = self._fh.read
        for _ in range(self.count):
            (size,) = _LENGTH.unpack(read(4))
            item_id, row = marshal.loads(read(size))  # noqa: S302 (our own private spool)
            yield item_id, row

    def close(self) -> None:
        """Close and delete the file."""
        self._fh.close()
        with contextlib.suppress(FileNotFoundError):
            self.path.unlink()

    def __enter__(self) -> ResultStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
