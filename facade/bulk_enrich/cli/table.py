"""What every input reader offers: the header, and the data rows as :class:`Row`."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any, NamedTuple, Protocol

from bulk_enrich.logs import get_logger

# Named as before the readers were split, so log lines keep their prefix.
logger = get_logger("bulk_enrich.cli.readers")


class Row(NamedTuple):
    """One data row: ``number`` counts data rows from 1; ``where`` locates it in the file."""

    number: int
    values: list[Any]
    where: str


class TableReader(Protocol):
    """An open input table: its header is read; its rows are read by :meth:`rows`.

    A reader opens its file once: the first :meth:`rows` continues from the header it read
    (a later call reads the file again).
    """

    path: Path
    columns: list[str]

    def rows(self) -> Iterator[Row]:
        """Iterate the data rows from the start."""
        ...

    def describe(self) -> str:
        """A short description, e.g. ``CSV (utf-8, ';')``."""
        ...

    def close(self) -> None:
        """Release the file if the rows were not read to the end."""
        ...


def unique_columns(path: Path, names: list[Any]) -> list[str]:
    """Header names as strings, blanks named ``column_N``, duplicates suffixed ``_2``, ``_3``."""
    seen: dict[str, int] = {}
    out: list[str] = []
    for index, raw in enumerate(names, start=1):
        name = "" if raw is None else str(raw).strip()
        if not name:
            name = f"column_{index}"
        if name in seen:
            seen[name] += 1
            renamed = f"{name}_{seen[name]}"
            logger.warning("%s: duplicate column %r renamed %r", path.name, name, renamed)
            name = renamed
        seen.setdefault(name, 1)
        out.append(name)
    return out
