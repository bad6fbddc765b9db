"""Records spooled to a private file and replayed in order, so that memory stays flat.

Records are tuples of plain values. They are written in blocks, each a length-prefixed
``marshal`` encoding (several times faster than JSON), or ``pickle`` for a block holding a
value marshal cannot encode (a date, a Decimal: cells of XLSX and Parquet inputs). The file
is this process's own, deleted when closed.
"""

from __future__ import annotations

import contextlib
import marshal
import pickle
import struct
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

_HEADER = struct.Struct("<cI")
_MARSHAL = b"m"
_PICKLE = b"p"
BLOCK_RECORDS = 512


class RecordSpool:
    """Append-only records in a file at ``path`` (or an anonymous temporary file)."""

    def __init__(self, path: Path | None = None) -> None:
        self.path = path
        if path is None:
            self._fh: IO[bytes] = tempfile.TemporaryFile()  # noqa: SIM115 (closed by close())
        else:
            path.parent.mkdir(parents=True, exist_ok=True)
            self._fh = path.open("w+b")
        self._block: list[tuple[Any, ...]] = []
        self.count = 0

    def put(self, record: tuple[Any, ...]) -> None:
        """Append one record."""
        self._block.append(record)
        self.count += 1
        if len(self._block) >= BLOCK_RECORDS:
            self._flush_block()

    def _flush_block(self) -> None:
        if not self._block:
            return
        try:
            codec, data = _MARSHAL, marshal.dumps(self._block)
        except ValueError:  # a value marshal cannot encode
            codec, data = _PICKLE, pickle.dumps(self._block, protocol=pickle.HIGHEST_PROTOCOL)
        self._fh.write(_HEADER.pack(codec, len(data)))
        self._fh.write(data)
        self._block = []

    def replay(self) -> Iterator[tuple[Any, ...]]:
        """Every record, in the order put (one replay at a time)."""
        self._flush_block()
        self._fh.flush()
        self._fh.seek(0)
        read = self._fh.read
        while header := read(_HEADER.size):
            codec, size = _HEADER.unpack(header)
            data = read(size)
            # Our own private spool: nothing else writes it.
            block = marshal.loads(data) if codec == _MARSHAL else pickle.loads(data)  # noqa: S301,S302
            yield from block

    def close(self) -> None:
        """Close and delete the file."""
        self._fh.close()
        if self.path is not None:
            with contextlib.suppress(FileNotFoundError):
                self.path.unlink()

    def __enter__(self) -> RecordSpool:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
