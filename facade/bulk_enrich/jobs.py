"""One generic handle on a server-side job (a Ping bulk job, a Place batch), sync and async.

A handle knows the job's id, the last status seen, and how to refresh and wait; ``Job`` and
``Batch`` (and their async twins) add what their API offers on top (downloads, results,
reprocessing). ``AsyncJobHandle`` differs from ``JobHandle`` only in ``await``, except that its
``info`` cannot fetch (a property cannot await): it is None until the first ``refresh``.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Generic, Protocol, TypeVar

from bulk_enrich.engine.effects import Steps
from bulk_enrich.engine.waiting import Waitable

if TYPE_CHECKING:  # a sync program does not import asyncio's driver, nor the reverse
    from bulk_enrich.drivers.aio import AsyncDriver
    from bulk_enrich.drivers.sync import SyncDriver

S = TypeVar("S", bound=Waitable)


class Waiter(Protocol[S]):
    """What a handle needs from its API's operations."""

    def status_steps(self, job_id: str) -> Steps[S]: ...

    def wait_steps(
        self,
        job_id: str,
        status: S | None,
        timeout: float | None,
        on_progress: Callable[[int, int], Any] | None,
        *,
        on_status: Callable[[S], Any] | None = None,
        since: float | None = None,
    ) -> Steps[S]: ...


class _Handle(Generic[S]):
    def __init__(
        self, ops: Waiter[S], token: Callable[[str], str], job_id: str, status: S | None
    ) -> None:
        self._ops = ops
        self._token = token
        self.id = job_id
        self._status = status
        self._since = time.monotonic()  # the schedule counts the running time from here

    @property
    def token(self) -> str:
        """Plain JSON from which the client's ``job()`` / ``batch()`` reattaches (no key)."""
        return self._token(self.id)

    def _seen(self, status: S) -> None:
        self._status = status

    def __repr__(self) -> str:
        state = self._status.state if self._status else "unknown"
        return f"{type(self).__name__}(id={self.id!r}, status={state!r})"


class JobHandle(_Handle[S]):
    """A job's live state with adaptive waiting (blocking)."""

    def __init__(
        self,
        driver: SyncDriver,
        ops: Waiter[S],
        token: Callable[[str], str],
        job_id: str,
        status: S | None = None,
    ) -> None:
        super().__init__(ops, token, job_id, status)
        self._driver = driver

    @property
    def info(self) -> S:
        """The last status seen (fetched once if never seen)."""
        if self._status is None:
            self.refresh()
        assert self._status is not None
        return self._status

    @property
    def status(self) -> str:
        """The state as the server names it (a state it adds passes through)."""
        return self.info.state

    @property
    def progress(self) -> tuple[int, int]:
        """``(completed, total)`` from the server's counters."""
        return self.info.completed, self.info.total

    def refresh(self) -> S:
        """Fetch the current status."""
        self._status = self._driver.run(self._ops.status_steps(self.id))
        return self._status

    def wait(
        self, timeout: float | None = 600.0, on_progress: Callable[[int, int], Any] | None = None
    ) -> S:
        """Poll (fast at first, then about 9 % of its running time apart) until it ends.

        Raises ``WaitTimeout`` after ``timeout`` seconds (the job stays usable) and
        ``JobFailed`` with the server's message if it failed. ``on_progress(completed,
        total)`` is called whenever the counters change.
        """
        steps = self._ops.wait_steps(
            self.id, self._status, timeout, on_progress, on_status=self._seen, since=self._since
        )
        self._status = self._driver.run(steps)
        return self._status


class AsyncJobHandle(_Handle[S]):
    """A job's live state with adaptive waiting (asyncio)."""

    def __init__(
        self,
        driver: AsyncDriver,
        ops: Waiter[S],
        token: Callable[[str], str],
        job_id: str,
        status: S | None = None,
    ) -> None:
        super().__init__(ops, token, job_id, status)
        self._driver = driver

    @property
    def info(self) -> S | None:
        """The last status seen (None before the first ``refresh``)."""
        return self._status

    @property
    def status(self) -> str:
        """The last state seen (``UNKNOWN`` before the first ``refresh``)."""
        return self._status.state if self._status else "UNKNOWN"

    @property
    def progress(self) -> tuple[int, int]:
        """``(completed, total)`` as last seen."""
        return (self._status.completed, self._status.total) if self._status else (0, 0)

    async def refresh(self) -> S:
        """Fetch the current status."""
        self._status = await self._driver.run(self._ops.status_steps(self.id))
        return self._status

    async def wait(
        self, timeout: float | None = 600.0, on_progress: Callable[[int, int], Any] | None = None
    ) -> S:
        """Poll until it ends (see :meth:`JobHandle.wait`)."""
        steps = self._ops.wait_steps(
            self.id, self._status, timeout, on_progress, on_status=self._seen, since=self._since
        )
        self._status = await self._driver.run(steps)
        return self._status
