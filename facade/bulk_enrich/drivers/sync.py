"""The blocking driver: executes the engine's attempts with ``httpx.Client`` and threads.

Its async twin, :mod:`bulk_enrich.drivers.aio`, differs only in ``await`` (a test compares
them).
"""

from __future__ import annotations

import concurrent.futures as cf
import time
from collections.abc import Generator, Iterator
from contextlib import ExitStack
from typing import Any, TypeVar

import httpx

from bulk_enrich.drivers.common import (
    Download,
    Reading,
    client_options,
    raw_blocks,
    request_of,
    spool,
    timeout_until,
)
from bulk_enrich.engine.bodies import Refused, Truncated
from bulk_enrich.engine.effects import Answer, Emit, Failed, Send, Sleep, Stream, Streamed
from bulk_enrich.engine.runs import Progress
from bulk_enrich.engine.scheduler import PUMP_EVERY, Action, Coordinator
from bulk_enrich.engine.transport import HttpSettings, Transport
from bulk_enrich.errors import carry_resume
from bulk_enrich.logs import get_logger

log = get_logger("bulk_enrich.engine.scheduler")
T = TypeVar("T")
R = TypeVar("R")


class SyncDriver:
    """Runs operations (generators of effects) over one pooled ``httpx.Client``."""

    def __init__(self, settings: HttpSettings) -> None:
        self.transport = Transport(settings)
        self.settings = settings
        self.stats = self.transport.stats
        self.client = httpx.Client(**client_options(self.transport))

    def close(self) -> None:
        """Close the connection pool."""
        self.client.close()

    def run(self, steps: Generator[Any, Any, T]) -> T:
        """Execute an operation to completion and return its value."""
        low = self.transport.lower(steps)
        value: Any = None
        while True:
            try:
                effect = low.send(value)
            except StopIteration as stop:
                return stop.value  # type: ignore[no-any-return]
            try:
                value = self.execute(effect)
            except BaseException:
                low.close()
                raise

    def iterate(self, steps: Generator[Any, Any, None]) -> Iterator[Any]:
        """Execute an operation that emits items; yield the items."""
        low = self.transport.lower(steps)
        value: Any = None
        while True:
            try:
                effect = low.send(value)
            except StopIteration:
                return
            if isinstance(effect, Emit):
                value = None
                yield effect.value
            else:
                value = self.execute(effect)

    def execute(self, effect: Any) -> Any:
        """Execute one low-level effect."""
        if isinstance(effect, Send):
            return self.send(effect)
        if isinstance(effect, Stream):
            return self.stream(effect)
        assert isinstance(effect, Sleep)
        time.sleep(max(0.0, effect.seconds))
        return None

    def send(self, send: Send) -> Answer | Failed:
        """One attempt: the answer read within its cap and deadline, or why it failed."""
        try:
            resp = self.client.send(request_of(self.client, send), stream=True)
            try:
                return self._read(resp, send, send.limit)
            finally:
                resp.close()
        except (httpx.TransportError, Truncated, Refused) as exc:
            return Failed(exc)

    def _read(self, resp: httpx.Response, attempt: Send | Stream, limit: int) -> Answer:
        """An answer's body, decoded and capped (at ``limit`` when 2xx), by the deadline."""
        with spool() as buf:
            reading = Reading(buf, resp, attempt, limit)
            for raw in raw_blocks(resp):
                if not reading.feed(raw):
                    break
            return reading.answer()

    def stream(self, stream: Stream) -> Streamed | Failed:
        """One download attempt into a temporary file in ``stream.directory``."""
        download = Download(stream)
        request = self.client.build_request(
            "GET", stream.url, timeout=timeout_until(self.client, stream.deadline)
        )
        try:
            resp = self.client.send(request, stream=True)
            try:
                if resp.status_code >= 300:
                    answer = self._read(resp, stream, 0)
                    return Streamed(answer.status, answer.headers, body=answer.body)
                download.start(resp)
                for raw in raw_blocks(resp):
                    download.write(raw)
                return download.finish(resp)
            finally:
                resp.close()
        except (httpx.TransportError, Truncated, Refused) as exc:
            return Failed(exc)
        finally:
            download.close()

    def run_many(self, coord: Coordinator) -> Generator[tuple[str, Any], None, None]:
        """Drive a multi-job run with a thread pool; yield results in input order."""
        workers = max(2, coord.max_concurrency * 2)
        pool = cf.ThreadPoolExecutor(max_workers=workers, thread_name_prefix="bulk-enrich")
        futures: dict[cf.Future[Any], tuple[int, str]] = {}

        def start(actions: list[Action]) -> None:
            for index, kind, steps in actions:
                futures[pool.submit(self.run, steps)] = (index, kind)

        def pump(block: bool) -> None:
            start(coord.next_actions())
            start(coord.take_fetches())
            if not futures:
                delay = coord.idle_delay(block)
                if delay is not None:
                    time.sleep(delay)
                return
            timeout = coord.next_wakeup() if block else 0.0
            done, _ = cf.wait(futures, timeout=timeout, return_when=cf.FIRST_COMPLETED)
            for fut in done:
                index, kind = futures.pop(fut)
                try:
                    value = fut.result()
                except BaseException as exc:  # recorded, raised once in-flight work has settled
                    coord.on_error(index, kind, exc)
                else:
                    coord.on_done(index, kind, value)
            start(coord.take_fetches())
            coord.check_failure(busy=bool(futures))

        try:
            index = 0
            while True:
                while coord.waiting_for(index):
                    pump(block=True)
                if not coord.has(index):
                    break
                for n, item in enumerate(coord.consume(index)):
                    if coord.batched:  # start the next jobs before the batch is handled
                        pump(block=False)
                    yield item
                    if n % PUMP_EVERY == PUMP_EVERY - 1:
                        pump(block=False)
                index += 1
            coord.finish()
        finally:
            pool.shutdown(wait=True, cancel_futures=True)


class RunIterator(Iterator[tuple[str, R]]):
    """Iterator over a run's results in input order; ``job_ids`` and ``progress`` are live.

    Use it as a context manager (``with client.iter_...(...) as run:``) or call ``close()``:
    leaving the block, closing or exhausting it stops the run, ends its threads and removes its
    temporary work directory at once, even after a ``break``.
    """

    def __init__(self, coord: Coordinator, stack: ExitStack, driver: SyncDriver) -> None:
        self.coord = coord
        self._stack = stack
        self._gen = driver.run_many(coord)

    def __iter__(self) -> RunIterator[R]:
        return self

    def __enter__(self) -> RunIterator[R]:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __del__(self) -> None:
        self._stack.close()

    def __next__(self) -> tuple[str, R]:
        try:
            item: tuple[str, R] = next(self._gen)
        except BaseException as exc:
            self._stack.close()
            carry_resume(exc, self.coord.job_ids())
            raise
        return item

    def close(self) -> None:
        """Stop the run and clean up."""
        try:
            self._gen.close()
        finally:
            self._stack.close()

    @property
    def job_ids(self) -> dict[int, str]:
        """Chunk index -> server job (or batch) id, for every job known so far."""
        return self.coord.job_ids()

    @property
    def progress(self) -> Progress:
        """Progress so far."""
        return self.coord.progress()
