"""What every input reader offers: the header, and the data rows as :class:`Row`."""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from pathlib import Path
from typing import Any, NamedTuple, Protocol

from bulk_enrich.cli.columns import HEADER_SEARCH_ROWS, find_header
from bulk_enrich.cli.errors import InputError, UsageError
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


#: ``(line or sheet row, cells)`` of each non-blank record of a file, the header included.
Records = Iterator[tuple[int, list[Any]]]


def take_header(
    path: Path, records: Records, header_row: int | None, empty: str = "is empty (no header row)"
) -> tuple[int, list[Any], Records | None]:
    """``(records up to and with the header, header cells, the records after it)``.

    The header is the record on line (sheet row) ``header_row`` when given, else the first
    of the top records that names the most known fields, below any title rows
    (:func:`~bulk_enrich.cli.columns.find_header`); with none, the first record. When a top
    record after the first cannot be read, the search ends there and the records after the
    header are None: read the file again to meet (and report) the error with the header known.
    """
    top: list[tuple[int, list[Any]]] = []
    failed = False
    try:
        for record in records:
            top.append(record)
            if len(top) >= HEADER_SEARCH_ROWS or (
                header_row is not None and record[0] >= header_row
            ):
                break
    except InputError:
        if not top:
            raise
        failed = True
    if not top:
        raise InputError(path, empty)
    if header_row is None:
        index = find_header([cells for _, cells in top])
    else:
        lines = [line for line, _ in top]
        if header_row not in lines:
            raise UsageError(
                f"--header-row {header_row}: {path.name} has no header there "
                "(that row is blank or past the end)"
            )
        index = lines.index(header_row)
    rest = None if failed else itertools.chain(top[index + 1 :], records)
    return index + 1, top[index][1], rest
