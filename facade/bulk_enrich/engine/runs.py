"""The vocabulary of a multi-job run: its progress, its defaults, what each API supplies, and
how results come back in input order."""

from __future__ import annotations

import enum
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Final, Literal, Protocol, TypeVar

from bulk_enrich.engine.chunking import Chunk, Items
from bulk_enrich.engine.defaults import DEFAULT_MAX_WAIT as DEFAULT_MAX_WAIT
from bulk_enrich.engine.effects import Steps
from bulk_enrich.engine.waiting import Waitable
from bulk_enrich.logs import get_logger

if TYPE_CHECKING:
    from bulk_enrich.batches import ResultBatch

log = get_logger("bulk_enrich.engine.scheduler")
R = TypeVar("R")
R_co = TypeVar("R_co", covariant=True)


class Default(enum.Enum):
    """Marker of an argument left to the client's own setting."""

    DEFAULT = "default"


DEFAULT: Final[Literal[Default.DEFAULT]] = Default.DEFAULT


@dataclass(frozen=True)
class Progress:
    """Progress of a multi-job run: items and jobs done so far.

    For input read while it is sent (an iterator), ``total`` and ``jobs_total`` count what was
    read so far and grow until the input ends (``input_done``).
    """

    completed: int
    total: int
    jobs_done: int
    jobs_total: int
    input_done: bool = True

    @property
    def fraction(self) -> float:
        """Completed share of the items, 0.0 to 1.0."""
        return self.completed / self.total if self.total else 1.0


class Backend(Protocol[R_co]):
    """The API-specific operations of a run (request building and parsing only)."""

    #: Whether a job that ended failed still has results to fetch.
    fetch_failed: bool

    def submit_steps(self, chunk: Chunk) -> Steps[str | None]: ...

    def poll_steps(self, chunk: Chunk, job_id: str) -> Steps[Waitable]: ...

    def fetch_steps(self, chunk: Chunk, job_id: str, status: Waitable) -> Steps[Any]: ...

    def results(
        self, chunk: Chunk, job_id: str | None, artifact: Any, failure: str | None
    ) -> Iterator[tuple[str, R_co]]: ...

    def batch(
        self, chunk: Chunk, job_id: str | None, artifact: Any, failure: str | None
    ) -> ResultBatch:
        """The chunk's flat results column by column (the rows :meth:`results` gives)."""
        ...

    def release(self, chunk: Chunk) -> None:
        """Let the chunk's items go: its results were handed over."""
        ...


def release_items(items: Items, chunk: Chunk) -> None:
    """Drop the references a run's list of items holds to ``chunk``'s items (not a caller's
    sequence, which is left as it is)."""
    if type(items) is list:
        items[chunk.start : chunk.stop] = [None] * (chunk.stop - chunk.start)


def ordered(
    expected: Sequence[str],
    items: Iterator[tuple[str, R]],
    missing: Callable[[str], R],
) -> Iterator[tuple[str, R]]:
    """Yield ``items`` in the order of ``expected`` ids; absent ids get ``missing(id)``.

    Items that arrive early are buffered, so memory stays flat when the server keeps the input
    order. Ids that were not expected are dropped (and counted in the log).
    """
    buffer: dict[str, R] = {}
    exhausted = False
    for item_id in expected:
        if item_id in buffer:
            yield item_id, buffer.pop(item_id)
            continue
        found = False
        if not exhausted:
            for key, value in items:
                if key == item_id:
                    found = True
                    yield item_id, value
                    break
                buffer[key] = value
            else:
                exhausted = True
        if not found:
            yield item_id, missing(item_id)
    extra = len(buffer) + sum(1 for _ in items)
    if extra:
        log.warning("%d result(s) with ids that were not submitted were ignored", extra)


def ordered_ids(job_ids: Mapping[int, str]) -> list[str]:
    """Job ids in chunk order."""
    return [job_ids[i] for i in sorted(job_ids)]
