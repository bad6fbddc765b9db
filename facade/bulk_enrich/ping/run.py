"""A multi-job Ping.Data run: the API's side of the scheduler (one bulk job per chunk)."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

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
    LocationCheck,
    OnInvalid,
    normalize_locations,
    unchecked,
    validate_sources,
)
from bulk_enrich.engine.runs import ordered, release_items
from bulk_enrich.errors import shown
from bulk_enrich.files import safe_filename
from bulk_enrich.ping.operations import JobStatus, PingCore, iter_file_results
from bulk_enrich.results import LocationResult


class PingBackend:
    """The Ping.Data side of a multi-chunk run."""

    fetch_failed = False

    def __init__(
        self,
        core: PingCore,
        items: Items,
        sources: Sequence[str],
        options: Mapping[str, Any],
        rejected: Mapping[str, str],
        work_dir: Path,
        encoded: Callable[[Chunk], bytes | None] | None = None,
    ) -> None:
        self.core = core
        self.encoded = encoded
        self.items = items
        self.sources = list(sources)
        self.options = options
        self.rejected = rejected
        self.work_dir = work_dir

    def _sources_of(self, loc: Mapping[str, Any]) -> list[str]:
        own = loc.get("sources")
        return list(own) if isinstance(own, list) and own else self.sources

    def submit_steps(self, chunk: Chunk) -> Steps[str | None]:
        encoded = self.encoded(chunk) if self.encoded is not None else None
        if encoded is not None and not self.rejected:  # the locations need not be read
            return (
                yield from self.core.submit_encoded_steps(
                    encoded, len(chunk), self.sources, self.options
                )
            )
        locs = [
            loc for loc in self.items[chunk.start : chunk.stop] if loc["id"] not in self.rejected
        ]
        if not locs:
            return None
        if len(locs) != len(chunk):  # some were rejected: the planned array does not apply
            encoded = None
        return (yield from self.core.submit_steps(locs, self.sources, self.options, encoded))

    def poll_steps(self, chunk: Chunk, job_id: str) -> Steps[JobStatus]:
        return (yield from self.core.status_steps(job_id))

    def fetch_steps(self, chunk: Chunk, job_id: str, status: Any) -> Steps[list[Path]]:
        prefix = f"chunk-{chunk.index:05d}-{safe_filename(job_id)[:36]}-"
        return (
            yield from self.core.download_steps(
                status, self.work_dir, prefix=prefix, validate=False, reuse=True
            )
        )

    def results(
        self, chunk: Chunk, job_id: str | None, artifact: Any, failure: str | None
    ) -> Iterator[tuple[str, LocationResult]]:
        locs = self.items[chunk.start : chunk.stop]
        if failure is not None:
            for loc in locs:
                yield (
                    loc["id"],
                    LocationResult.failure(
                        loc["id"],
                        self._sources_of(loc),
                        f"job {shown(job_id)} failed: {shown(failure)}",
                    ),
                )
            return
        sent = [loc["id"] for loc in locs if loc["id"] not in self.rejected]
        by_id: dict[str, Mapping[str, Any]] = {}

        def missing(loc_id: str) -> LocationResult:
            if not by_id:
                by_id.update((loc["id"], loc) for loc in locs)
            loc = by_id[loc_id]
            return LocationResult.failure(
                loc_id, self._sources_of(loc), f"missing from the output of job {shown(job_id)}"
            )

        stream = ordered(sent, iter_file_results(artifact or [], job_id), missing)
        for loc in locs:
            loc_id = loc["id"]
            reason = self.rejected.get(loc_id)
            if reason is not None:
                yield (
                    loc_id,
                    LocationResult.failure(loc_id, self._sources_of(loc), f"not sent: {reason}"),
                )
            else:
                yield next(stream)

    def batch(
        self, chunk: Chunk, job_id: str | None, artifact: Any, failure: str | None
    ) -> ResultBatch:
        """The chunk's flat results, decoded column by column when they can be (the ``fast``
        extra: :mod:`bulk_enrich.columnar.ping_frame` into polars columns, else
        :mod:`bulk_enrich.columnar.ping_decode`), else from :meth:`results`."""
        if failure is None and artifact and fast_available():
            ids = values_of(self.items, "id", chunk.start, chunk.stop)
            if not self.rejected or self.rejected.keys().isdisjoint(ids):
                from bulk_enrich.columnar.ping_decode import decode_output
                from bulk_enrich.columnar.ping_frame import decode_frame

                decoded = decode_frame(artifact, ids)
                if decoded is None:
                    decoded = decode_output(artifact, ids)
                if decoded is not None:
                    return decoded
        return ResultBatch.from_rows(flat_rows(self.results(chunk, job_id, artifact, failure)))

    def release(self, chunk: Chunk) -> None:
        """Let the chunk's locations go once its results are handed over (memory)."""
        release_items(self.items, chunk)


def flat_rows(
    results: Iterator[tuple[str, LocationResult]],
) -> Iterator[tuple[str, dict[str, Any]]]:
    """``(id, flat row)`` of each result, the id not among the row's columns."""
    for location_id, result in results:
        row = result.to_row()
        row.pop("id", None)
        yield location_id, row


def plan_run(
    core: PingCore, locations: Any, sources: Any, chunk_size: int | None, on_invalid: OnInvalid
) -> tuple[Items, list[str], dict[str, str], list[Chunk] | ChunkFeed]:
    """Validate and plan the chunks: all of them now, or, for an iterator (or items checked
    already, :class:`~bulk_enrich.engine.inputs.Checked`), as they are needed."""
    codes = validate_sources(sources)
    size = chunk_size or core.chunk_size
    if isinstance(locations, Checked) and isinstance(locations.items, EncodedItems):
        feed = ChunkFeed.of_encoded(locations.items, size, core.max_body_bytes)
        return feed.items, codes, {}, feed
    if isinstance(locations, Checked):
        feed = ChunkFeed(locations.items, unchecked, size, core.max_body_bytes)
        return feed.items, codes, {}, feed
    if isinstance(locations, Iterator):
        checker = LocationCheck(on_invalid)
        feed = ChunkFeed(locations, checker, size, core.max_body_bytes)
        return feed.items, codes, checker.rejected, feed
    items, rejected = normalize_locations(locations, on_invalid=on_invalid)
    return items, codes, rejected, plan_chunks(items, size, core.max_body_bytes)
