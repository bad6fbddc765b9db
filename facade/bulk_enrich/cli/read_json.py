"""JSON input: JSON Lines (one object per line) and a JSON array of objects."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from bulk_enrich.cli.errors import InputError
from bulk_enrich.cli.spool import RecordSpool
from bulk_enrich.cli.table import Row


def _columns(path: Path, objects: Iterator[dict[str, Any]]) -> list[str]:
    """The keys of ``objects`` in order of first appearance."""
    seen: dict[str, None] = {}
    for obj in objects:
        for key in obj:
            seen.setdefault(key, None)
    if not seen:
        raise InputError(path, "holds no records")
    return list(seen)


class JsonLinesReader:
    """One JSON object per line; the columns are the keys in order of first appearance.

    The columns need every line, so the one read parses them all, keeping the parsed objects
    in an anonymous spool file that :meth:`rows` replays (memory stays flat).
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self._spool = RecordSpool()
        self.columns = _columns(path, self._read_into_spool())

    def describe(self) -> str:
        """``JSON Lines``."""
        return "JSON Lines"

    def close(self) -> None:
        """Delete the spool."""
        self._spool.close()

    def _read_into_spool(self) -> Iterator[dict[str, Any]]:
        for line_no, obj in self._objects():
            self._spool.put((line_no, obj))
            yield obj

    def _objects(self) -> Iterator[tuple[int, dict[str, Any]]]:
        try:
            yield from self._parse()
        except UnicodeDecodeError as exc:  # raised while reading lines, not by json.loads
            raise InputError(self.path, f"is not UTF-8 ({exc.reason})") from None

    def _parse(self) -> Iterator[tuple[int, dict[str, Any]]]:
        with self.path.open(encoding="utf-8-sig") as fh:
            number = 0
            for line_no, line in enumerate(fh, start=1):
                if not line.strip():
                    continue
                number += 1
                try:
                    obj = json.loads(line)
                except json.JSONDecodeError as exc:
                    raise InputError(
                        self.path,
                        f"invalid JSON ({exc.msg})",
                        row=number,
                        locator=f"line {line_no}",
                    ) from None
                if not isinstance(obj, dict):
                    raise InputError(
                        self.path,
                        f"expected a JSON object, got {type(obj).__name__}",
                        row=number,
                        locator=f"line {line_no}",
                    )
                yield line_no, obj

    def rows(self) -> Iterator[Row]:
        """Every object's values under the columns (None where a key is missing)."""
        columns = self.columns
        for number, (line_no, obj) in enumerate(self._spool.replay(), start=1):
            yield Row(number, [obj.get(c) for c in columns], f"line {line_no}")


class JsonArrayReader:
    """A JSON document holding an array of objects (one document: read whole by nature)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        try:
            with path.open(encoding="utf-8-sig") as fh:
                data = json.load(fh)
        except json.JSONDecodeError as exc:
            raise InputError(
                path, f"invalid JSON ({exc.msg})", locator=f"line {exc.lineno}"
            ) from None
        except UnicodeDecodeError as exc:
            raise InputError(path, f"is not UTF-8 ({exc.reason})") from None
        if not isinstance(data, list):
            raise InputError(path, "expected a JSON array of objects")
        for number, obj in enumerate(data, start=1):
            if not isinstance(obj, dict):
                raise InputError(
                    path, f"expected a JSON object, got {type(obj).__name__}", row=number
                )
        self._records: list[dict[str, Any]] = data
        self.columns = _columns(path, iter(data))

    def describe(self) -> str:
        """``JSON``."""
        return "JSON"

    def close(self) -> None:
        """Nothing to release: the document was read whole."""

    def rows(self) -> Iterator[Row]:
        """Every object's values under the columns (None where a key is missing)."""
        for number, obj in enumerate(self._records, start=1):
            yield Row(number, [obj.get(c) for c in self.columns], f"record {number}")
