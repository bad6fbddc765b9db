"""A multi-batch Place Enrichment run: the API's side of the scheduler (one batch per chunk)."""

from __future__ import annotations

import functools
import json
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeGuard

from bulk_enrich.batches import ResultBatch, fast_available
from bulk_enrich.engine.chunking import (
    Chunk,
    ChunkFeed,
    EncodedItems,
    Items,
    plan_chunks,
    values_of,
)
from bulk_enrich.engine.effects import Steps
from bulk_enrich.engine.inputs import (
    Checked,
    PlaceCheck,
    normalize_places,
    place_job,
    validate_attributes,
)
from bulk_enrich.engine.jsonstream import loads
from bulk_enrich.engine.paging import Page
from bulk_enrich.engine.runs import ordered, release_items
from bulk_enrich.errors import shown
from bulk_enrich.files import atomic_writer
from bulk_enrich.logs import get_logger
from bulk_enrich.places.operations import (
    MAX_BATCH_JOBS,
    BatchStatus,
    PageDecode,
    PlaceCore,
    page_jobs,
)
from bulk_enrich.results import PlaceResult

if TYPE_CHECKING:
    from bulk_enrich.columnar.place_decode import PlaceDecoder

log = get_logger("bulk_enrich.places")

#: Pages just fetched stay parsed (or decoded into columns) in memory up to this many bytes
#: held (a parsed page holds about four times its size as received; a decoded page, its
#: columns) until their results are read.
KEEP_PAGES_BYTES = 64 * 1024 * 1024
#: Bytes a parsed page holds per byte received.
PARSED_BYTES = 4


class ParsedPages:
    """Pages just fetched, as parsed (their jobs) or decoded (their :class:`ResultBatch`),
    until their results are read (saves parsing each page twice); at most :attr:`max_bytes`
    held, the oldest dropped first (read back from its file instead)."""

    def __init__(self, max_bytes: int | None = None) -> None:
        self.max_bytes = KEEP_PAGES_BYTES if max_bytes is None else max_bytes
        self._pages: dict[Path, tuple[Any, int]] = {}
        self._bytes = 0
        self._lock = threading.Lock()  # fetches run on worker threads

    def keep(self, path: Path, page: Any, size: int) -> None:
        """Keep ``page`` (parsed or decoded), saved at ``path``, holding ``size`` bytes."""
        with self._lock:
            self._drop(path)
            self._pages[path] = (page, size)
            self._bytes += size
            while self._bytes > self.max_bytes and self._pages:
                self._drop(next(iter(self._pages)))

    def take(self, path: Path) -> Any:
        """What was kept of ``path`` (no longer kept), or None."""
        with self._lock:
            entry = self._pages.get(path)
            self._drop(path)
        return entry[0] if entry else None

    def _drop(self, path: Path) -> None:
        entry = self._pages.pop(path, None)
        if entry is not None:
            self._bytes -= entry[1]


def decoded_held(page: Page) -> tuple[ResultBatch, int] | None:
    """A page read by the columnar decoder: its batch and the bytes it holds, or None when
    its jobs were left as JSON text (read from its file when its results are)."""
    from bulk_enrich.columnar.place_decode import DecodedPage

    if not isinstance(page, DecodedPage):
        return None
    frame = page.batch.frame
    size = int(frame.estimated_size()) if frame is not None else PARSED_BYTES * len(page.raw)
    return page.batch, size


class PlaceBackend:
    """The Place Enrichment side of a multi-chunk run: one batch per chunk."""

    #: A failed batch still lists its jobs: fetch them (failed jobs become failures).
    fetch_failed = True

    def __init__(
        self,
        core: PlaceCore,
        jobs: Items,
        batch_name: str,
        n_chunks: int | None,
        attributes: Sequence[str] | None,
        attribute_set: str | None,
        work_dir: Path,
        encoded: Callable[[Chunk], bytes | None] | None = None,
    ) -> None:
        self.core = core
        self.encoded = encoded
        self.jobs = jobs
        self.batch_name = batch_name
        self.n_chunks = n_chunks
        self.attributes = attributes
        self.attribute_set = attribute_set
        self.work_dir = work_dir
        self._parsed = ParsedPages()
        self._decoder: PlaceDecoder | None = None  # its types learned from the pages so far
        self._decoder_lock = threading.Lock()

    def submit_steps(self, chunk: Chunk) -> Steps[str | None]:
        if self.n_chunks == 1:
            name = self.batch_name
        elif self.n_chunks:
            name = f"{self.batch_name} [{chunk.index + 1}/{self.n_chunks}]"
        else:  # input read while it is sent: the number of batches is not known yet
            name = f"{self.batch_name} [{chunk.index + 1}]"
        encoded = self.encoded(chunk) if self.encoded is not None else None
        if encoded is not None:  # the jobs need not be read
            status = yield from self.core.create_encoded_steps(
                encoded, len(chunk), name, self.attributes, self.attribute_set
            )
        else:
            status = yield from self.core.create_steps(
                self.jobs[chunk.start : chunk.stop], name, self.attributes, self.attribute_set
            )
        return status.batch_id

    def poll_steps(self, chunk: Chunk, job_id: str) -> Steps[BatchStatus]:
        return (yield from self.core.status_steps(job_id))

    def fetch_steps(self, chunk: Chunk, job_id: str, status: Any) -> Steps[list[Path]]:
        """Page through the batch's results, one JSON file per page in the work directory.

        Once every page is saved, ``chunk-NNNNN-complete.json`` lists them: a resumed run with
        the same work directory reuses those pages instead of fetching the batch again.
        """
        paths: list[Path] = []
        prefix = f"chunk-{chunk.index:05d}-"
        marker = self.work_dir / f"{prefix}complete.json"
        saved = self._saved_pages(marker, job_id)
        if saved is not None:
            log.info("batch %s: reusing %d saved page(s)", job_id, len(saved))
            return saved

        # With the fast extra, a page is decoded into columns as it arrives (once; kept until
        # its results are read), else parsed (kept likewise).
        decode = self._page_decode() if fast_available() else None

        def save(page: Page) -> None:
            # The page as received (the transport checked it as JSON): no second encoding.
            path = self.work_dir / f"{prefix}page-{len(paths):05d}.json"
            with atomic_writer(path) as fh:
                fh.write(page.raw)
            paths.append(path)
            kept = (
                (page.items, PARSED_BYTES * len(page.raw)) if decode is None else decoded_held(page)
            )
            if kept is not None:
                self._parsed.keep(path, *kept)

        started = time.monotonic()
        count = yield from self.core.pages_steps(job_id, save, limit=len(chunk), decode=decode)
        log.info(
            "batch %s: %d results in %d page(s), %.2fs",
            job_id,
            count,
            len(paths),
            time.monotonic() - started,
        )
        with atomic_writer(marker) as fh:
            fh.write(json.dumps({"batch_id": job_id, "pages": [p.name for p in paths]}).encode())
        return paths

    def _page_decode(self) -> PageDecode:
        """Reads a page with the run's columnar decoder (its types learned from every page)."""
        from bulk_enrich.columnar.place_decode import decoded_page

        return functools.partial(decoded_page, decoder=self._columnar())

    def _columnar(self) -> PlaceDecoder:
        with self._decoder_lock:  # fetches run on worker threads
            if self._decoder is None:
                from bulk_enrich.columnar.place_decode import PlaceDecoder

                self._decoder = PlaceDecoder()
            return self._decoder

    def _saved_pages(self, marker: Path, job_id: str) -> list[Path] | None:
        """The pages a completed fetch of this batch left, or None to fetch them."""
        try:
            data = json.loads(marker.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        if not isinstance(data, dict) or data.get("batch_id") != job_id:
            return None
        names = data.get("pages")
        if not isinstance(names, list) or not all(isinstance(n, str) for n in names):
            return None
        paths = [self.work_dir / Path(n).name for n in names]
        return paths if all(p.is_file() for p in paths) else None

    def results(
        self, chunk: Chunk, job_id: str | None, artifact: Any, failure: str | None
    ) -> Iterator[tuple[str, PlaceResult]]:
        expected = [str(j["place_id"]) for j in self.jobs[chunk.start : chunk.stop]]

        def stream() -> Iterator[tuple[str, PlaceResult]]:
            for path in artifact or []:
                jobs = self._parsed.take(path)
                if not isinstance(jobs, list):  # not fetched by this run, no longer kept, or
                    # decoded into columns (kept for the columnar path, which did not take it)
                    jobs, _total = page_jobs(loads(path.read_bytes()))
                for job in jobs:
                    if isinstance(job, dict):
                        pid = str(job.get("place_id"))
                        yield pid, PlaceResult(pid, job)

        def missing(pid: str) -> PlaceResult:
            why = (
                f"batch {shown(job_id)} failed"
                if failure
                else f"missing from the results of batch {shown(job_id)}"
            )
            return PlaceResult.failure(pid, why)

        # The pages stay until the run's work directory is removed: a resumed run reuses them.
        yield from ordered(expected, stream(), missing)

    def batch(
        self, chunk: Chunk, job_id: str | None, artifact: Any, failure: str | None
    ) -> ResultBatch:
        """The chunk's flat results column by column: its pages decoded straight into columns
        when they can be (the ``fast`` extra; :mod:`bulk_enrich.columnar.place_decode`) and
        hold every place once in input order, else from :meth:`results`."""
        if failure is None and artifact and fast_available():
            decoded = self._decoded(chunk, artifact)
            if decoded is not None:
                return decoded
        return ResultBatch.from_rows(flat_rows(self.results(chunk, job_id, artifact, failure)))

    def _decoded(self, chunk: Chunk, paths: Sequence[Path]) -> ResultBatch | None:
        from bulk_enrich.columnar.place_decode import concat

        batches: list[ResultBatch] = []
        for path in paths:
            batch = self._parsed.take(path)  # decoded as it arrived, else from its file
            if not isinstance(batch, ResultBatch):
                batch = self._columnar().decode(path.read_bytes())
            if batch is None:
                return None
            batches.append(batch)
        joined = concat(batches)
        sent = values_of(self.jobs, "place_id", chunk.start, chunk.stop)
        if joined.ids == sent:  # the ids as sent (text: checked)
            return joined
        return joined if joined.ids == list(map(str, sent)) else None

    def release(self, chunk: Chunk) -> None:
        """Let the chunk's jobs go once its results are handed over (memory)."""
        release_items(self.jobs, chunk)


def flat_rows(results: Iterator[tuple[str, PlaceResult]]) -> Iterator[tuple[str, dict[str, Any]]]:
    """``(place id, flat row)`` of each result, the id not among the row's columns."""
    for place_id, result in results:
        row = result.to_row()
        row.pop("place_id", None)
        yield place_id, row


def plan_places(
    core: PlaceCore,
    places: Any,
    attributes: Sequence[str] | None,
    attribute_set: str | None,
    chunk_size: int | None,
) -> tuple[Items, list[str] | None, str | None, list[Chunk] | ChunkFeed]:
    """Validate and plan the batches: all of them now, or, for an iterator (or places checked
    already, :class:`~bulk_enrich.engine.inputs.Checked`), as they are needed."""
    attrs, attr_set = validate_attributes(attributes, attribute_set)
    size = min(chunk_size or core.chunk_size, MAX_BATCH_JOBS)
    if isinstance(places, Checked) and _jobs_already(places.items):
        feed = ChunkFeed.of_encoded(places.items, size, core.max_body_bytes)
        return feed.items, attrs, attr_set, feed
    if isinstance(places, Checked):
        feed = ChunkFeed(places.items, place_job, size, core.max_body_bytes)
        return feed.items, attrs, attr_set, feed
    if isinstance(places, Iterator):
        feed = ChunkFeed(places, PlaceCheck(), size, core.max_body_bytes)
        return feed.items, attrs, attr_set, feed
    jobs = normalize_places(places)
    return jobs, attrs, attr_set, plan_chunks(jobs, size, core.max_body_bytes)


def _jobs_already(items: object) -> TypeGuard[EncodedItems]:
    """Whether ``items`` write their own JSON and each is a job as sent already (an id and
    inputs: :func:`~bulk_enrich.engine.inputs.place_job` gives it back as it is)."""
    return isinstance(items, EncodedItems) and {"place_id", "inputs"} <= items.keys
