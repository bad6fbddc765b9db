"""Input rows taken in step with the results: each batch with the rows up to its last.

Results come in input order, skipping the rows that have none (not sent, copies, cached). A
:class:`Cursor` walks the input's rows (:class:`~bulk_enrich.cli.spool.RecordSpool` records, or
:class:`~bulk_enrich.cli.framerows.FrameRows` columns) and hands out, per batch, the
:class:`Span` of rows up to the batch's last id: as records, or as columns when the rows are
held as columns.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from bulk_enrich.cli.errors import CliError
from bulk_enrich.cli.framerows import FrameRows
from bulk_enrich.cli.spool import RecordSpool

Record = tuple[str, list[Any]]


def out_of_order(item_id: str) -> CliError:
    """The error for a result that does not come in input order (a bug worth stopping for)."""
    return CliError(f"internal error: result for {item_id!r} arrived out of input order")


@dataclass
class Span:
    """Consecutive input rows: ``ids``, and their records or their place in ``frame``."""

    ids: list[str]
    records: list[Record] | None = None
    frame: FrameRows | None = None
    start: int = 0

    def columns(self) -> list[Any]:
        """The rows' cells and forms, column by column."""
        if self.frame is not None:
            return self.frame.columns(self.start, self.start + len(self.ids))
        assert self.records is not None
        return [list(column) for column in zip(*(v for _, v in self.records), strict=True)]

    def rows(self) -> list[Record]:
        """The rows as records ``(id, [cells..., form])``."""
        if self.records is not None:
            return self.records
        columns = self.columns()
        values = [c.to_list() if hasattr(c, "to_list") else list(c) for c in columns]
        return list(zip(self.ids, map(list, zip(*values, strict=True)), strict=True))


class Cursor:
    """Walks the input's rows once, a span at a time."""

    def __init__(self, rows: RecordSpool | FrameRows) -> None:
        self.frame = rows if isinstance(rows, FrameRows) else None
        self.records: Iterator[Record] | None = None if self.frame else rows.replay()
        self.position = 0

    def until(self, ids: list[str]) -> Span:
        """The rows up to the one of ``ids[-1]``, in which ``ids`` come in order."""
        if self.frame is None:
            return self._records_until(ids)
        every = self.frame.ids
        start = self.position
        stop = start + len(ids)
        if every[start:stop] != ids:  # rows without a result among them
            matched = 0
            stop = start
            while matched < len(ids) and stop < len(every):
                matched += every[stop] == ids[matched]
                stop += 1
            if matched < len(ids):
                raise out_of_order(ids[matched])
        self.position = stop
        return Span(every[start:stop], frame=self.frame, start=start)

    def _records_until(self, ids: list[str]) -> Span:
        assert self.records is not None
        span: list[Record] = []
        matched = 0
        for record in self.records:
            span.append(record)
            if record[0] == ids[matched]:
                matched += 1
                if matched == len(ids):
                    break
        if matched < len(ids):
            raise out_of_order(ids[matched])
        return Span([r[0] for r in span], records=span)

    def rest(self) -> list[Record]:
        """The rows not handed out yet."""
        if self.frame is None:
            assert self.records is not None
            return list(self.records)
        every = self.frame.ids
        span = Span(every[self.position :], frame=self.frame, start=self.position)
        self.position = len(every)
        return span.rows() if span.ids else []
