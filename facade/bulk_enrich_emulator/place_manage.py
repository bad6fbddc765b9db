"""Place Enrichment batch and job management: rename, delete, refresh, single jobs."""

from __future__ import annotations

from typing import Any

from .http import HTTPError, JSONResponse, Request
from .place_data import resolve_attributes
from .place_state import Batch, PlaceRecord, PlaceState


def attribute_override(body: dict[str, Any]) -> list[str] | None:
    """The attributes a reprocess request asks for, or None to keep each job's own."""
    if body.get("attributes") or body.get("attribute_set"):
        return resolve_attributes(body.get("attributes"), body.get("attribute_set"))
    return None


class PlaceManagement(PlaceState):
    """The operations that change batches and single jobs after they were created."""

    def _rerun(self, batch: Batch, records: list[PlaceRecord], *, refresh: bool, why: str) -> int:
        """Run ``records`` of ``batch`` again (under the lock); returns how many."""
        work = self._requeue(records, refresh=refresh, attributes=None)
        if work is not None:
            batch.units.append((f"{batch.id}#{len(batch.units)}@{why}", work))
        return len(records)

    def _set_refresh(self, batch: Batch, refresh: bool) -> None:
        """Mark (or unmark) a batch for refresh; marking it runs its jobs again now, as the
        vendor's scheduled refresh run would (under the lock)."""
        if refresh:
            self._rerun(batch, list(batch.records), refresh=True, why="refresh")
        batch.refresh = refresh

    async def update_batch(self, request: Request, params: dict[str, Any]) -> JSONResponse:
        """PUT /place_enrichment/batches/{batch_id}: rename, or set the refresh flag."""
        body = request.json()
        with self.lock:
            batch = self._batch(request, params["batch_id"])
            if body.get("batch_name") is not None:
                batch.name = str(body["batch_name"])
            if body.get("refresh") is not None:
                self._set_refresh(batch, bool(body["refresh"]))
        return JSONResponse(self._summary(batch, self._view()))

    async def delete_batch(self, request: Request, params: dict[str, Any]) -> JSONResponse:
        """DELETE /place_enrichment/batches/{batch_id}: the batch and its jobs are gone."""
        with self.lock:
            batch = self._batch(request, params["batch_id"])
            del self.batches[self._org(request)][batch.id]
        return JSONResponse(
            {
                "id": batch.id,
                "status": "deleted",
                "message": f"Batch {batch.id} and its {len(batch.records)} job(s) were deleted.",
            }
        )

    async def refresh_batches(self, request: Request, params: dict[str, Any]) -> JSONResponse:
        """POST /place_enrichment/batches/refresh: set the refresh flag of several batches."""
        body = request.json()
        refresh = bool(body.get("refresh", True))
        updated: list[str] = []
        missing: list[str] = []
        with self.lock:
            batches = self.batches.get(self._org(request), {})
            for batch_id in body["batch_ids"]:
                batch = batches.get(str(batch_id))
                if batch is None:
                    missing.append(str(batch_id))
                    continue
                self._set_refresh(batch, refresh)
                updated.append(batch.id)
        return JSONResponse({"updated": updated, "missing": missing, "refresh": refresh})

    async def submit_job(self, request: Request, params: dict[str, Any]) -> JSONResponse:
        """POST /place_enrichment/jobs: one place, enriched asynchronously (202)."""
        body = request.json()
        attributes = resolve_attributes(body.get("attributes"), body.get("attribute_set"))
        work = self._schedule(1)
        (record,) = self._new_records(
            [body], attributes, work, refresh=bool(body.get("refresh", False))
        )
        with self.lock:
            self.singles.setdefault(self._org(request), {})[record.place_id] = record
        answer = {
            "place_id": record.place_id,
            "inputs": {"input_type": "place", **record.inputs},
            "status": "pending",
        }
        return JSONResponse(answer, status=202)

    def _place_records(self, org: str, place_id: str) -> list[PlaceRecord]:
        return [r for r in self._records(org, None) if r.place_id == place_id]

    async def delete_job(self, request: Request, params: dict[str, Any]) -> JSONResponse:
        """DELETE /place_enrichment/jobs/{place_id}: every job of that place is gone."""
        place_id = params["place_id"]
        org = self._org(request)
        with self.lock:
            removed = 0
            for batch in self.batches.get(org, {}).values():
                kept = [r for r in batch.records if r.place_id != place_id]
                removed += len(batch.records) - len(kept)
                batch.records = kept
            if self.singles.get(org, {}).pop(place_id, None) is not None:
                removed += 1
        if not removed:
            raise HTTPError(404, {"detail": f"Job {place_id!r} not found."})
        return JSONResponse({"place_id": place_id, "status": "deleted", "deleted": removed})

    async def reprocess_jobs(self, request: Request, params: dict[str, Any]) -> JSONResponse:
        """POST /place_enrichment/jobs/reprocess: run the latest job of each place again."""
        body = request.json()
        org = self._org(request)
        override = attribute_override(body)
        refresh = bool(body.get("refresh", False))
        found: list[PlaceRecord] = []
        missing: list[str] = []
        with self.lock:
            for place_id in dict.fromkeys(str(p) for p in body["place_ids"]):
                records = self._place_records(org, place_id)
                if records:
                    found.append(max(records, key=lambda r: r.unit.created))
                else:
                    missing.append(place_id)
            self._requeue(found, refresh=refresh, attributes=override)
        return JSONResponse(
            {
                "status": "queued" if found else "no_jobs",
                "job_count": len(found),
                "place_ids": [r.place_id for r in found],
                "missing": missing,
            }
        )
