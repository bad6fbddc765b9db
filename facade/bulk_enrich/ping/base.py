"""What the sync and async Ping.Data clients share: configuration, tokens, run planning."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from contextlib import ExitStack
from pathlib import Path
from typing import Any

import httpx

from bulk_enrich.clientbase import ClientBase
from bulk_enrich.config import resolve_ping
from bulk_enrich.engine.chunking import ChunkFeed
from bulk_enrich.engine.inputs import OnInvalid
from bulk_enrich.engine.polling import PollSchedule
from bulk_enrich.engine.retry import RetryPolicy
from bulk_enrich.engine.runs import DEFAULT, DEFAULT_MAX_WAIT, Default, Progress
from bulk_enrich.engine.scheduler import Coordinator
from bulk_enrich.engine.wire import DEFAULT_MAX_DOWNLOAD_BYTES, DEFAULT_MAX_RESPONSE_BYTES
from bulk_enrich.files import work_directory
from bulk_enrich.ping.operations import DEFAULT_CHUNK_SIZE, DEFAULT_MAX_BODY_BYTES, PingCore
from bulk_enrich.ping.run import PingBackend, plan_run
from bulk_enrich.tokens import make_token, read_token


class PingBase(ClientBase):
    """Configuration shared by :class:`PingData` and :class:`AsyncPingData`."""

    def __init__(
        self,
        api_key: str | None = None,
        *,
        base_url: str | None = None,
        environment: str = "production",
        timeout: float | httpx.Timeout | None = None,
        retry: RetryPolicy | None = None,
        poll: PollSchedule | None = None,
        chunk_size: int = DEFAULT_CHUNK_SIZE,
        max_concurrency: int = 8,
        max_body_bytes: int = DEFAULT_MAX_BODY_BYTES,
        gzip_threshold: int | None = 50_000,
        config_file: str | Path | None = None,
        transport: Any = None,
        max_response_bytes: int = DEFAULT_MAX_RESPONSE_BYTES,
        max_download_bytes: int = DEFAULT_MAX_DOWNLOAD_BYTES,
        max_wait: float | None = DEFAULT_MAX_WAIT,
    ) -> None:
        key, url = resolve_ping(
            api_key, base_url, environment, config_file=Path(config_file) if config_file else None
        )
        self._configure(
            url,
            ("Authorization", f"Token {key}"),
            timeout=timeout,
            retry=retry,
            gzip_threshold=gzip_threshold,
            max_concurrency=max_concurrency,
            transport=transport,
            max_response_bytes=max_response_bytes,
            max_download_bytes=max_download_bytes,
            max_wait=max_wait,
        )
        self._core = PingCore(
            base_url=url,
            schedule=poll or PollSchedule(),
            chunk_size=chunk_size,
            max_body_bytes=max_body_bytes,
            max_concurrency=max_concurrency,
        )

    def _token(self, job_id: str) -> str:
        return make_token("ping-data", "job_id", job_id, self.base_url)

    def _job_id(self, job_id_or_token: str) -> str:
        return read_token(job_id_or_token, "ping-data", "job_id", self.base_url)

    @staticmethod
    def _options(
        include_raw_response: bool | None,
        check_cache: bool | None,
        fetch_timeout: float | None,
        delegate_to: str | None,
        callback_url: str | None,
    ) -> dict[str, Any]:
        return {
            "include_raw_response": include_raw_response,
            "check_cache": check_cache,
            "timeout": fetch_timeout,
            "delegate_to": delegate_to,
            "callback_url": callback_url,
        }

    def _prepare(
        self,
        locations: Any,
        sources: Any,
        *,
        chunk_size: int | None,
        max_concurrency: int | None,
        max_wait: float | Default | None,
        on_progress: Callable[[Progress], Any] | None,
        on_job_created: Callable[[int, str], Any] | None,
        resume_jobs: Mapping[int, str] | None,
        work_dir: str | Path | None,
        on_invalid: OnInvalid,
        options: Mapping[str, Any],
    ) -> tuple[Coordinator, ExitStack]:
        items, codes, rejected, chunks = plan_run(
            self._core, locations, sources, chunk_size, on_invalid
        )
        stack = ExitStack()
        directory = work_directory(stack, work_dir)
        encoded = chunks.take_encoded if isinstance(chunks, ChunkFeed) else None
        backend = PingBackend(self._core, items, codes, options, rejected, directory, encoded)
        coord = Coordinator(
            chunks,
            backend,
            max_concurrency=max_concurrency or self._core.max_concurrency,
            schedule=self._core.schedule,
            max_wait=self.max_wait if max_wait is DEFAULT else max_wait,
            resume={int(k): self._job_id(v) for k, v in (resume_jobs or {}).items()},
            on_job_created=on_job_created,
            on_progress=on_progress,
        )
        return coord, stack
