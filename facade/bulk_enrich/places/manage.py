"""Place Enrichment management operations: delete (cancel), rename and refresh batches;
submit, delete and reprocess single jobs. Each is a generator of effects run by a driver."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from place_enrichment_api.api.batches import delete_batch, refresh_batches, update_batch
from place_enrichment_api.api.jobs import delete_job, reprocess_jobs, submit_job
from place_enrichment_api.models.attribute_set import AttributeSet
from place_enrichment_api.models.bulk_refresh_batch_request import BulkRefreshBatchRequest
from place_enrichment_api.models.place_job import PlaceJob
from place_enrichment_api.models.reprocess_job_request import ReprocessJobRequest
from place_enrichment_api.models.update_batch_request import UpdateBatchRequest
from place_enrichment_api.types import UNSET

from bulk_enrich.engine.effects import Call, Steps
from bulk_enrich.errors import InvalidInputError


def _answer(data: Any) -> dict[str, Any]:
    """The server's answer as a dict (the vendor leaves these answers open)."""
    return dict(data) if isinstance(data, Mapping) else {"answer": data}


def delete_batch_steps(batch_id: str) -> Steps[dict[str, Any]]:
    """Delete a batch: its unfinished jobs stop (the API's way to cancel a batch)."""
    reply = yield Call.of(delete_batch.build_request(batch_id), job_id=batch_id)
    return _answer(reply.data)


def update_batch_steps(
    batch_id: str, batch_name: str | None, refresh: bool | None
) -> Steps[dict[str, Any]]:
    """Rename a batch and/or set its refresh flag (None leaves a field as it is)."""
    body = UpdateBatchRequest(
        batch_name=UNSET if batch_name is None else batch_name,
        refresh=UNSET if refresh is None else refresh,
    )
    reply = yield Call.of(update_batch.build_request(batch_id, body=body), job_id=batch_id)
    return _answer(reply.data)


def refresh_batches_steps(batch_ids: Sequence[str], refresh: bool) -> Steps[dict[str, Any]]:
    """Mark batches for refresh (or unmark them); the answer lists ``updated`` and ``missing``."""
    body = BulkRefreshBatchRequest(batch_ids=[str(b) for b in batch_ids], refresh=refresh)
    reply = yield Call.of(refresh_batches.build_request(body=body), idempotent=False)
    return _answer(reply.data)


def submit_job_steps(job: Mapping[str, Any]) -> Steps[dict[str, Any]]:
    """Submit one place for asynchronous enrichment; fetch its result later by place id."""
    try:
        body = PlaceJob.from_dict(dict(job))
    except (KeyError, TypeError, ValueError) as exc:
        raise InvalidInputError(f"submit_job: the place does not fit the API: {exc}") from None
    reply = yield Call.of(submit_job.build_request(body=body), idempotent=False)
    return _answer(reply.data)


def delete_job_steps(place_id: str) -> Steps[dict[str, Any]]:
    """Delete a place's job."""
    reply = yield Call.of(delete_job.build_request(place_id))
    return _answer(reply.data)


def reprocess_jobs_steps(
    place_ids: Sequence[str],
    attributes: Sequence[str] | None,
    attribute_set: str | None,
    refresh: bool,
) -> Steps[dict[str, Any]]:
    """Run the jobs of these places again."""
    if attributes is not None and attribute_set is not None:
        raise InvalidInputError("give attributes or attribute_set, not both")
    body = ReprocessJobRequest(
        place_ids=[str(p) for p in place_ids],
        attributes=UNSET if attributes is None else list(attributes),
        attribute_set=UNSET if attribute_set is None else AttributeSet(attribute_set),
        refresh=refresh,
    )
    reply = yield Call.of(reprocess_jobs.build_request(body=body), idempotent=False)
    return _answer(reply.data)
