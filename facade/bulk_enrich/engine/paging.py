"""One paginator for offset/total listings (Place job results, batch lists)."""

from __future__ import annotations

from collections.abc import Callable, Generator, Iterable
from dataclasses import dataclass, field
from typing import Any

from bulk_enrich.engine.effects import Effect, Emit, Steps
from bulk_enrich.errors import ServerError
from bulk_enrich.logs import get_logger

log = get_logger("bulk_enrich.paging")


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
    *,
    limit: int | None = None,
) -> Generator[Effect | Emit, Any, int]:
    """Fetch pages at growing offsets and emit what ``each(page)`` gives; return the count.

    Stops on the server's ``total`` as first given (not on a short page: servers cap the page
    size; a total that grows page after page is not followed), or when a page says no total;
    an empty page before the total ends the listing with a warning. ``limit`` is what can
    exist (e.g. the places submitted): a listing that goes past it, or a page given again
    whatever the offset, is a ServerError, never a loop.
    """
    offset = 0
    total: int | None = None
    previous: list[Any] | None = None
    while True:
        page = yield from fetch(offset)
        if page.items and page.items == previous:
            raise ServerError(f"{what}: the same page came back at offset {offset}")
        if limit is not None and offset + len(page.items) > limit:
            raise ServerError(f"{what}: the server pages past the {limit} results that can exist")
        for item in each(page):
            yield Emit(item)
        previous, offset = page.items, offset + len(page.items)
        total = page.total if total is None else total
        if total is None or offset >= total:
            return offset
        if not page.items:
            log.warning("%s: empty page at offset %d of %d; stopping", what, offset, total)
            return offset
