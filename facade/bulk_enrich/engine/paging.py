"""One paginator for offset/total listings (Place job results, batch lists)."""

from __future__ import annotations

import logging
from collections.abc import Callable, Generator, Iterable
from dataclasses import dataclass, field
from typing import Any

from bulk_enrich.engine.effects import Effect, Emit, Steps

log = logging.getLogger("bulk_enrich.paging")


@dataclass(frozen=True)
class Page:
    """One page of a listing: its items, the server's ``total`` (if it said), the body as
    received."""

    items: list[Any]
    total: int | None
    raw: bytes = field(default=b"", repr=False)


def paginate(
    fetch: Callable[[int], Steps[Page]],
    each: Callable[[Page], Iterable[Any]],
    what: str,
) -> Generator[Effect | Emit, Any, int]:
    """Fetch pages at growing offsets and emit what ``each(page)`` gives; return the count.

    Stops on the server's ``total`` (not on a short page: servers cap the page size), or when
    a page says no total; an empty page before the total ends the listing with a warning.
    """
    offset = 0
    while True:
        page = yield from fetch(offset)
        for item in each(page):
            yield Emit(item)
        offset += len(page.items)
        if page.total is None or offset >= page.total:
            return offset
        if not page.items:
            log.warning("%s: empty page at offset %d of %d; stopping", what, offset, page.total)
            return offset
