"""``PlaceEnrichment``: the synchronous Place Enrichment client (batches, results, enrich)."""

from __future__ import annotations

import json
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import ExitStack
from pathlib import Path
from typing import Any

import httpx
from place_enrichment_api.models.batch_summary import BatchSummary
from place_enrichment_api.models.v1_attributes_response import V1AttributesResponse

from bulk_enrich.chunking import ChunkFeed
from bulk_enrich.config import resolve_place
from bulk_enrich.errors import InvalidInputError
from bulk_enrich.http import DEFAULT_MAX_RESPONSE_BYTES, HttpSettings, SyncHttp, iter_sync
from bulk_enrich.inputs import normalize_places, validate_attributes
from bulk_enrich.pipeline import (
    DEFAULT,
    DEFAULT_MAX_WAIT,
    Coordinator,
    Default,
    Progress,
    RunIterator,
)
from bulk_enrich.places_core import (
    MAX_BATCH_JOBS,
    BatchStatus,
    PlaceBackend,
    PlaceCore,
    plan_places,
)
from bulk_enrich.polling import PollSchedule
from bulk_enrich.results import PlaceResult, PlaceResults
from bulk_enrich.retry import RetryPolicy

TOKEN_VERSION = 1


class _PlaceBase:
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
        max_wait: float | None = DEFAULT_MAX_WAIT,
    ) -> None:
        from bulk_enrich.ping import _timeout

        key, root, org = resolve_place(api_key, base_url, org_slug)
        self.org_slug = org
        self.base_url = f"{root}/v1/{quote_org(org)}"
        self._settings = HttpSettings(
            base_url=self.base_url,
            auth_header=("Authorization", f"Bearer {key}"),
            timeout=_timeout(timeout),
            retry=retry or RetryPolicy(),
            gzip_threshold=gzip_threshold,
            max_connections=max(8, max_concurrency * 2 + 2),
            transport=transport,
            max_response_bytes=max_response_bytes,
        )
        self.max_wait = max_wait
        self._core = PlaceCore(
            schedule=poll or PollSchedule(),
            chunk_size=min(chunk_size, MAX_BATCH_JOBS),
            max_body_bytes=max_body_bytes,
            max_concurrency=max_concurrency,
        )

    def __repr__(self) -> str:
        return f"{type(self).__name__}(base_url={self.base_url!r})"

    def _token(self, batch_id: str) -> str:
        data = {
            "v": TOKEN_VERSION,
            "api": "place-enrichment",
            "batch_id": batch_id,
            "origin": self.base_url,
        }
        return json.dumps(data)

    @staticmethod
    def _batch_id(batch_id_or_token: str) -> str:
        text = batch_id_or_token.strip()
        if text.startswith("{"):
            data = json.loads(text)
            if data.get("api") != "place-enrichment" or not isinstance(data.get("batch_id"), str):
                raise ValueError("not a Place Enrichment batch token")
            return str(data["batch_id"])
        return text

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
        if work_dir is None:
            directory = Path(
                stack.enter_context(tempfile.TemporaryDirectory(prefix="bulk-enrich-"))
            )
        else:
            directory = Path(work_dir)
            directory.mkdir(parents=True, exist_ok=True)
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
    from urllib.parse import quote

    return quote(org, safe="")


class Batch:
    """A Place Enrichment batch: live state, adaptive waiting, paginated results, reprocessing."""

    def __init__(
        self, client: PlaceEnrichment, batch_id: str, status: BatchStatus | None = None
    ) -> None:
        self._client = client
        self.id = batch_id
        self._status = status
        self._since = time.monotonic()  # the schedule counts the running time from here

    @property
    def info(self) -> BatchStatus:
        """The last status seen (fetched once if never seen)."""
        if self._status is None:
            self.refresh()
        assert self._status is not None
        return self._status

    @property
    def status(self) -> str:
        """pending, queued, in_progress, completed, failed (or a status the server added)."""
        return self.info.state

    @property
    def name(self) -> str:
        """The batch's name."""
        return self.info.name

    @property
    def progress(self) -> tuple[int, int]:
        """``(finished jobs, total jobs)`` from the batch's job lists."""
        return self.info.completed, self.info.total

    @property
    def token(self) -> str:
        """Plain JSON from which ``PlaceEnrichment.batch(token)`` reattaches (holds no key)."""
        return self._client._token(self.id)

    def refresh(self) -> BatchStatus:
        """Fetch the current status."""
        self._status = self._client._http.run(self._client._core.status_steps(self.id))
        return self._status

    def wait(
        self, timeout: float | None = 600.0, on_progress: Callable[[int, int], Any] | None = None
    ) -> BatchStatus:
        """Poll until the batch is completed or failed (quick first polls, then ~9 % of its age).

        Raises ``WaitTimeout`` after ``timeout`` seconds (the batch stays usable) and
        ``JobFailed`` if the batch failed. ``on_progress(finished, total)`` on every change.
        """
        self._status = self._client._http.run(
            self._client._core.wait_steps(
                self.id,
                self._status,
                timeout,
                on_progress,
                on_status=self._seen,
                since=self._since,
            )
        )
        return self._status

    def _seen(self, status: BatchStatus) -> None:
        self._status = status

    def results(self) -> Iterator[PlaceResult]:
        """Every job result of the batch, fetched page by page as you iterate."""
        yield from iter_sync(self._client._core.results_steps(self.id), self._client._http)

    def failed(self) -> list[str]:
        """Place ids of the jobs that failed (from a fresh status)."""
        return list(self.refresh().failed_ids)

    def reprocess(
        self,
        failed_only: bool = True,
        *,
        incomplete_only: bool = False,
        refresh: bool = False,
        attributes: Sequence[str] | None = None,
        attribute_set: str | None = None,
    ) -> dict[str, Any]:
        """Re-queue the batch's failed (or incomplete, or all) jobs; returns the server's answer."""
        body = self._client._reprocess_body(
            failed_only, incomplete_only, refresh, attributes, attribute_set
        )
        answer = self._client._http.run(self._client._core.reprocess_steps(self.id, body))
        self._status = None
        return answer

    def __repr__(self) -> str:
        state = self._status.state if self._status else "unknown"
        return f"Batch(id={self.id!r}, status={state!r})"


class PlaceEnrichment(_PlaceBase):
    """Synchronous Place Enrichment client.

    Key: ``api_key=`` | env ``PLACE_ENRICHMENT_API_KEY`` | env ``REPROMPT_API_KEY``.
    Organization: ``org_slug=`` | env ``PLACE_ENRICHMENT_ORG``. Host: ``base_url=`` | env
    ``PLACE_ENRICHMENT_BASE_URL`` | ``https://api.repromptai.com``; requests go to
    ``{base_url}/v1/{org_slug}``.
    """

    def __init__(self, api_key: str | None = None, **kwargs: Any) -> None:
        super().__init__(api_key, **kwargs)
        self._http = SyncHttp(self._settings)

    def close(self) -> None:
        """Close the connection pool."""
        self._http.close()

    def __enter__(self) -> PlaceEnrichment:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def create_batch(
        self,
        jobs: Any,
        attributes: Sequence[str] | None = None,
        *,
        batch_name: str = "bulk-enrich",
        attribute_set: str | None = None,
        batch_id: str | None = None,
        kick_off_jobs_now: bool = True,
    ) -> Batch:
        """Create a batch of at most 50,000 places (or add them to ``batch_id``)."""
        items, attrs, attr_set = self._create_args(jobs, attributes, attribute_set)
        status = self._http.run(
            self._core.create_steps(items, batch_name, attrs, attr_set, batch_id, kick_off_jobs_now)
        )
        return Batch(self, status.batch_id, status)

    def batch(self, batch_id: str) -> Batch:
        """Reattach to a batch from its id or its ``token``."""
        return Batch(self, self._batch_id(batch_id))

    def batches(self, query: str | None = None) -> Iterator[BatchSummary]:
        """Every batch (newest first) whose name contains ``query``, page by page."""
        yield from iter_sync(self._core.batches_steps(query), self._http)

    def iter_enrich_many(
        self,
        places: Any,
        attributes: Sequence[str] | None = None,
        *,
        attribute_set: str | None = None,
        batch_name: str | None = None,
        chunk_size: int | None = None,
        max_concurrency: int | None = None,
        max_wait: float | Default | None = DEFAULT,
        on_progress: Callable[[Progress], Any] | None = None,
        on_batch_created: Callable[[int, str], Any] | None = None,
        resume_batches: Mapping[int, str] | None = None,
        work_dir: str | Path | None = None,
    ) -> RunIterator[PlaceResult]:
        """Like :meth:`enrich_many`, but yield ``(place_id, PlaceResult)`` in input order.

        A list is validated before the first request; an iterator is read and validated as
        batches are needed (see :meth:`PingData.iter_enhance_many`).
        """
        coord, stack = self._prepare(
            places,
            attributes,
            attribute_set=attribute_set,
            batch_name=batch_name,
            chunk_size=chunk_size,
            max_concurrency=max_concurrency,
            max_wait=max_wait,
            on_progress=on_progress,
            on_batch_created=on_batch_created,
            resume_batches=resume_batches,
            work_dir=work_dir,
        )
        return RunIterator(coord, stack, self._http)

    def enrich_many(
        self, places: Any, attributes: Sequence[str] | None = None, **kwargs: Any
    ) -> PlaceResults:
        """Enrich any number of places: one batch per 50,000 (or ``chunk_size``), merged.

        Keyword arguments are those of :meth:`iter_enrich_many`. Returns a
        :class:`PlaceResults` keyed by place id in input order; a job that did not complete is
        a failure in the results, not an exception. A batch unfinished after ``max_wait``
        seconds (the client's, 24 h, by default; None for no limit) raises
        :class:`WaitTimeout` with ``resume`` set.
        """
        run = self.iter_enrich_many(places, attributes, **kwargs)
        items = list(run)
        return PlaceResults(items, batches=[run.job_ids[i] for i in sorted(run.job_ids)])

    def enrich(
        self,
        place: Any,
        attributes: Sequence[str] | None = None,
        *,
        attribute_set: str | None = None,
        refresh: bool = False,
    ) -> PlaceResult:
        """Enrich one place synchronously (``place_id`` is generated if absent)."""
        job = self._single_job(place, attributes, attribute_set, refresh)
        return self._http.run(self._core.enrich_steps(job))

    def job(self, place_id: str) -> PlaceResult:
        """One job result by place id."""
        return self._http.run(self._core.job_steps(place_id))

    def attributes(self) -> V1AttributesResponse:
        """The attribute catalogue (core, all, custom)."""
        return self._http.run(self._core.attributes_steps())
