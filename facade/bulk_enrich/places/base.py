"""What the sync and async Place Enrichment clients share: configuration, tokens, planning."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Mapping, Sequence
from contextlib import ExitStack
from pathlib import Path
from typing import Any
from urllib.parse import quote

import httpx

from bulk_enrich.clientbase import ClientBase
from bulk_enrich.config import resolve_place
from bulk_enrich.engine.chunking import ChunkFeed
from bulk_enrich.engine.inputs import normalize_places, validate_attributes
from bulk_enrich.engine.polling import PollSchedule
from bulk_enrich.engine.retry import RetryPolicy
from bulk_enrich.engine.runs import DEFAULT, DEFAULT_MAX_WAIT, Default, Progress
from bulk_enrich.engine.scheduler import Coordinator
from bulk_enrich.engine.wire import DEFAULT_MAX_DOWNLOAD_BYTES, DEFAULT_MAX_RESPONSE_BYTES
from bulk_enrich.errors import InvalidInputError
from bulk_enrich.files import work_directory
from bulk_enrich.places.operations import MAX_BATCH_JOBS, PlaceCore
from bulk_enrich.places.run import PlaceBackend, plan_places
from bulk_enrich.tokens import make_token, read_token


class PlaceBase(ClientBase):
    """Configuration shared by :class:`PlaceEnrichment` and :class:`AsyncPlaceEnrichment`."""

    def __init__(
        self,
        api_key: str | None = None,
        *,
        org_slug: str | None = None,
        base_url: str | None = None,
        timeout: float | httpx.Timeout | None = None,
        retry: RetryPolicy | None = None,
        poll: PollSchedule | None = None,
        chunk_size: int = MAX_BATCH_JOBS,
        max_concurrency: int = 4,
        max_body_bytes: int = 32 * 1024 * 1024,
        gzip_threshold: int | None = None,
        transport: Any = None,
        max_response_bytes: int = DEFAULT_MAX_RESPONSE_BYTES,
        max_download_bytes: int = DEFAULT_MAX_DOWNLOAD_BYTES,
        max_wait: float | None = DEFAULT_MAX_WAIT,
    ) -> None:
        key, root, org = resolve_place(api_key, base_url, org_slug)
        self.org_slug = org
        self._configure(
            f"{root}/v1/{quote_org(org)}",
            ("Authorization", f"Bearer {key}"),
            timeout=timeout,
            retry=retry,
            gzip_threshold=gzip_threshold,
            max_concurrency=max_concurrency,
            transport=transport,
            max_response_bytes=max_response_bytes,
            max_download_bytes=max_download_bytes,
            max_wait=max_wait,
        )
        self._core = PlaceCore(
            schedule=poll or PollSchedule(),
            chunk_size=min(chunk_size, MAX_BATCH_JOBS),
            max_body_bytes=max_body_bytes,
            max_concurrency=max_concurrency,
        )

    def _token(self, batch_id: str) -> str:
        return make_token("place-enrichment", "batch_id", batch_id, self.base_url)

    def _batch_id(self, batch_id_or_token: str) -> str:
        return read_token(batch_id_or_token, "place-enrichment", "batch_id", self.base_url)

    def _create_args(
        self, jobs: Any, attributes: Sequence[str] | None, attribute_set: str | None
    ) -> tuple[list[dict[str, Any]], list[str] | None, str | None]:
        attrs, attr_set = validate_attributes(attributes, attribute_set)
        return normalize_places(jobs, max_items=MAX_BATCH_JOBS), attrs, attr_set

    def _prepare(
        self,
        places: Any,
        attributes: Sequence[str] | None,
        *,
        attribute_set: str | None,
        batch_name: str | None,
        chunk_size: int | None,
        max_concurrency: int | None,
        max_wait: float | Default | None,
        on_progress: Callable[[Progress], Any] | None,
        on_batch_created: Callable[[int, str], Any] | None,
        resume_batches: Mapping[int, str] | None,
        work_dir: str | Path | None,
    ) -> tuple[Coordinator, ExitStack]:
        jobs, attrs, attr_set, chunks = plan_places(
            self._core, places, attributes, attribute_set, chunk_size
        )
        stack = ExitStack()
        directory = work_directory(stack, work_dir)
        name = batch_name or f"bulk-enrich {uuid.uuid4().hex[:8]}"
        n_chunks = len(chunks) if isinstance(chunks, list) else None
        encoded = chunks.take_encoded if isinstance(chunks, ChunkFeed) else None
        backend = PlaceBackend(
            self._core, jobs, name, n_chunks, attrs, attr_set, directory, encoded
        )
        coord = Coordinator(
            chunks,
            backend,
            max_concurrency=max_concurrency or self._core.max_concurrency,
            schedule=self._core.schedule,
            max_wait=self.max_wait if max_wait is DEFAULT else max_wait,
            resume={int(k): self._batch_id(v) for k, v in (resume_batches or {}).items()},
            on_job_created=on_batch_created,
            on_progress=on_progress,
            kind="batch",
        )
        return coord, stack

    @staticmethod
    def _single_job(
        place: Any, attributes: Sequence[str] | None, attribute_set: str | None, refresh: bool
    ) -> dict[str, Any]:
        if isinstance(place, Mapping) and "place_id" not in place and "id" not in place:
            place = {**place, "place_id": f"place-{uuid.uuid4().hex[:12]}"}
        job = dict(normalize_places([place])[0])
        if attributes is not None or attribute_set is not None:
            attrs, attr_set = validate_attributes(attributes, attribute_set)
            if attrs is not None:
                job["attributes"] = attrs
            if attr_set is not None:
                job["attribute_set"] = attr_set
        if refresh:
            job["refresh"] = True
        return job

    @staticmethod
    def _reprocess_body(
        failed_only: bool,
        incomplete_only: bool,
        refresh: bool,
        attributes: Sequence[str] | None,
        attribute_set: str | None,
    ) -> dict[str, Any]:
        if attributes is not None and attribute_set is not None:
            raise InvalidInputError("give attributes or attribute_set, not both")
        return {
            "failed_only": failed_only,
            "incomplete_only": incomplete_only,
            "refresh": refresh,
            "attributes": list(attributes) if attributes is not None else None,
            "attribute_set": attribute_set,
        }


def quote_org(org: str) -> str:
    """The organization slug as a path segment."""
    return quote(org, safe="")
