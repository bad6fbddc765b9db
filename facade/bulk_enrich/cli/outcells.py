"""Output cells made safe to open: formula-like text escaped in CSV (as OWASP recommends),
and every value the output changes on the way out counted for the summary."""

from __future__ import annotations

import codecs
import contextlib
import re
import threading
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

#: What the summary calls each change.
CSV_ESCAPED = "formula-like texts escaped with a leading ' (CSV; --csv-formulas raw to keep)"
XLSX_TRUNCATED = "texts cut to XLSX's 32,767 characters"
XLSX_CONTROL = "texts with control characters XLSX cannot hold, removed"
UNENCODABLE = "characters the output encoding cannot hold, written as ?"

_FORMULA_START = frozenset("=+-@\t\r")
_NUMBER = re.compile(r"[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?")


@dataclass
class WriteSettings:
    """How CSV and TSV are written, and the count of values changed on the way out."""

    encoding: str = "utf-8"
    #: None: the format's own (``,`` for CSV, tab for TSV).
    delimiter: str | None = None
    newline: str = "\n"
    #: ``escape``: prefix ``'`` to text a spreadsheet would run as a formula; ``raw``: don't.
    csv_formulas: str = "escape"
    changes: Counter[str] = field(default_factory=Counter)

    def describe_changes(self) -> list[str]:
        """One line per kind of change, for the summary."""
        return [f"{count:,} {what}" for what, count in self.changes.items() if count]


def escape_formulas(cells: list[Any], changes: Counter[str]) -> list[Any]:
    """``cells`` with each text starting with ``= + - @``, tab or carriage return prefixed
    with ``'`` (a plain number such as ``-87.6`` excepted), counted in ``changes``."""
    out = cells
    for index, value in enumerate(cells):
        if (
            type(value) is str
            and value
            and value[0] in _FORMULA_START
            and not _NUMBER.fullmatch(value)
        ):
            if out is cells:
                out = list(cells)
            out[index] = "'" + value
            changes[CSV_ESCAPED] += 1
    return out


_counters = threading.local()


def _count_and_replace(error: UnicodeError) -> tuple[str, int]:
    if not isinstance(error, UnicodeEncodeError):
        raise error
    counter: Counter[str] | None = getattr(_counters, "current", None)
    if counter is not None:
        counter[UNENCODABLE] += error.end - error.start
    return "?" * (error.end - error.start), error.end


codecs.register_error("bulk_enrich.count_replace", _count_and_replace)


@contextlib.contextmanager
def counting_replacements(changes: Counter[str]) -> Iterator[str]:
    """The ``errors`` name for :func:`open`: characters the encoding cannot hold become ``?``,
    counted in ``changes``."""
    previous = getattr(_counters, "current", None)
    _counters.current = changes
    try:
        yield "bulk_enrich.count_replace"
    finally:
        _counters.current = previous
