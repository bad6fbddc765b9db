"""The asyncio driver: executes the engine's attempts with ``httpx.AsyncClient`` and tasks.

The twin of :mod:`bulk_enrich.drivers.sync`: it differs only in ``await`` (a test compares
them).
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncGenerator, AsyncIterator, Generator
from contextlib import ExitStack
from typing import Any, TypeVar

import httpx

from bulk_enrich.drivers.common import (
    Download,
    Reading,
    araw_blocks,
    client_options,
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


class AsyncDriver:
    """Runs operations (generators of effects) over one pooled ``httpx.AsyncClient``."""

    def __init__(self, settings: HttpSettings) -> None:
        self.transport = Transport(settings)
        self.settings = settings
        self.stats = self.transport.stats
        self.client = httpx.AsyncClient(**client_options(self.transport))

    async def close(self) -> None:
        """Close the connection pool."""
        await self.client.aclose()

    async def run(self, steps: Generator[Any, Any, T]) -> T:
        """Execute an operation to completion and return its value."""
        low = self.transport.lower(steps)
        value: Any = None
        while True:
            try:
                effect = low.send(value)
            except StopIteration as stop:
                return stop.value  # type: ignore[no-any-return]
            try:
                value = await self.execute(effect)
            except BaseException:
                low.close()
                raise

    async def iterate(self, steps: Generator[Any, Any, None]) -> AsyncIterator[Any]:
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
                value = await self.execute(effect)

    async def execute(self, effect: Any) -> Any:
        """Execute one low-level effect."""
        if isinstance(effect, Send):
            return await self.send(effect)
        if isinstance(effect, Stream):
            return await self.stream(effect)
        assert isinstance(effect, Sleep)
        await asyncio.sleep(max(0.0, effect.seconds))
        return None

    async def send(self, send: Send) -> Answer | Failed:
        """One attempt: the answer read within its cap and deadline, or why it failed."""
        try:
            resp = await self.client.send(request_of(self.client, send), stream=True)
            try:
                return await self._read(resp, send, send.limit)
            finally:
                await resp.aclose()
        except (httpx.TransportError, Truncated, Refused) as exc:
            return Failed(exc)

    async def _read(self, resp: httpx.Response, attempt: Send | Stream, limit: int) -> Answer:
        """An answer's body, decoded and capped (at ``limit`` when 2xx), by the deadline."""
        with spool() as buf:
            reading = Reading(buf, resp, attempt, limit)
            async for raw in araw_blocks(resp):
                if not reading.feed(raw):
                    break
            return reading.answer()

    async def stream(self, stream: Stream) -> Streamed | Failed:
        """One download attempt into a temporary file in ``stream.directory``."""
        download = Download(stream)
        request = self.client.build_request(
            "GET", stream.url, timeout=timeout_until(self.client, stream.deadline)
        )
        try:
            resp = await self.client.send(request, stream=True)
            try:
                if resp.status_code >= 300:
                    answer = await self._read(resp, stream, 0)
                    return Streamed(answer.status, answer.headers, body=answer.body)
                download.start(resp)
                async for raw in araw_blocks(resp):
                    download.write(raw)
                return download.finish(resp)
            finally:
                await resp.aclose()
        except (httpx.TransportError, Truncated, Refused) as exc:
            return Failed(exc)
        finally:
            download.close()

    async def run_many(self, coord: Coordinator) -> AsyncGenerator[tuple[str, Any], None]:
        """Drive a multi-job run with asyncio tasks; yield results in input order."""
        futures: dict[asyncio.Future[Any], tuple[int, str]] = {}

        def start(actions: list[Action]) -> None:
            for index, kind, steps in actions:
                futures[asyncio.ensure_future(self.run(steps))] = (index, kind)

        async def pump(block: bool) -> None:
            start(coord.next_actions())
            start(coord.take_fetches())
            if not futures:
                delay = coord.idle_delay(block)
                if delay is not None:
                    await asyncio.sleep(delay)
                return
            timeout = coord.next_wakeup() if block else 0.0
            done, _ = await asyncio.wait(
                futures, timeout=timeout, return_when=asyncio.FIRST_COMPLETED
            )
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
                    await pump(block=True)
                if not coord.has(index):
                    break
                for n, item in enumerate(coord.consume(index)):
                    if coord.batched:  # start the next jobs before the batch is handled
                        await pump(block=False)
                    yield item
                    if n % PUMP_EVERY == PUMP_EVERY - 1:
                        await pump(block=False)
                index += 1
            coord.finish()
        finally:
            for fut in futures:
                fut.cancel()
            if futures:
                await asyncio.gather(*futures, return_exceptions=True)


class AsyncRunIterator(AsyncIterator[tuple[str, R]]):
    """Iterator over a run's results in input order; ``job_ids`` and ``progress`` are live.

    Use it as an async context manager (``async with client.iter_...(...) as run:``) or await
    ``aclose()``: leaving the block, closing or exhausting it stops the run, cancels its tasks
    and removes its temporary work directory at once, even after a ``break``.
    """

    def __init__(self, coord: Coordinator, stack: ExitStack, driver: AsyncDriver) -> None:
        self.coord = coord
        self._stack = stack
        self._gen = driver.run_many(coord)

    def __aiter__(self) -> AsyncRunIterator[R]:
        return self

    async def __aenter__(self) -> AsyncRunIterator[R]:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.aclose()

    def __del__(self) -> None:
        self._stack.close()

    async def __anext__(self) -> tuple[str, R]:
        try:
            item: tuple[str, R] = await anext(self._gen)
        except BaseException as exc:
            self._stack.close()
            carry_resume(exc, self.coord.job_ids())
            raise
        return item

    async def aclose(self) -> None:
        """Stop the run (running requests are cancelled) and clean up."""
        try:
            await self._gen.aclose()
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
