"""The Place Enrichment side of the emulator: batches, job results, reprocess, enrich."""

from __future__ import annotations

import gc
import uuid
from typing import Any

import anyio.to_thread

from .http import HTTPError, JSONResponse, Request
from .place_answers import page_bytes
from .place_data import ALL, CORE, resolve_attributes
from .place_manage import PlaceManagement
from .place_state import Batch

#: A batch of this many jobs or more is kept out of the garbage collector's passes.
FREEZE_AT = 1000


class PlaceService(PlaceManagement):
    """The handlers of the Place Enrichment API (batch management in ``PlaceManagement``)."""

    # -- handlers ---------------------------------------------------------------------------
    async def create_batch(self, request: Request, params: dict[str, Any]) -> JSONResponse:
        """POST /place_enrichment/batches (create, or append with ``batch_id``)."""
        body = request.json()
        org = self._org(request)
        jobs: list[dict[str, Any]] = body["jobs"]
        attributes = resolve_attributes(body.get("attributes"), body.get("attribute_set"))
        released = bool(body.get("kick_off_jobs_now", True))
        work = self._schedule(len(jobs), released=released)
        records = self._new_records(jobs, attributes, work, refresh=False)
        batch_id = body.get("batch_id")
        with self.lock:
            org_batches = self.batches.setdefault(org, {})
            batch = org_batches.get(batch_id) if batch_id else None
            if batch is None:
                batch = Batch(
                    id=batch_id or str(uuid.uuid4()),
                    name=str(body["batch_name"]),
                    org=org,
                    created_at=work.created,
                )
                org_batches[batch.id] = batch
                self.emulator.stats.batch_created()
            else:
                self.emulator.stats.appended()
            start = len(batch.records)
            batch.records.extend(records)
            batch.units.append((f"{batch.id}#{len(batch.units)}@{start}", work))
        if len(records) >= FREEZE_AT and self.emulator.owns_process:
            # The records live until their batch is deleted (no cycles): out of the collector's
            # full passes, which otherwise cost as much as building the answers. Only in a
            # process of its own: a host's collector is the host's.
            gc.freeze()
        self.warmer.add(records)
        return JSONResponse(self._batch_answer(batch, self._view()))

    async def list_batches(self, request: Request, params: dict[str, Any]) -> JSONResponse:
        """GET /place_enrichment/batches."""
        limit = int(params.get("limit", 10))
        offset = int(params.get("offset", 0))
        query = str(params.get("query") or "").lower()
        with self.lock:
            batches = sorted(
                self.batches.get(self._org(request), {}).values(),
                key=lambda b: b.created_at,
                reverse=True,
            )
        if query:
            batches = [b for b in batches if query in b.name.lower()]
        view = self._view()
        page = [self._summary(batch, view) for batch in batches[offset : offset + limit]]
        return JSONResponse(
            {"batches": page, "total": len(batches), "limit": limit, "offset": offset}
        )

    async def get_batch(self, request: Request, params: dict[str, Any]) -> JSONResponse:
        """GET /place_enrichment/batches/{batch_id}."""
        batch = self._batch(request, params["batch_id"])
        for _, work in batch.units:
            work.poll()
        self.emulator.stats.polled(batch.id)
        return JSONResponse(self._batch_answer(batch, self._view(), params.get("enrichments")))

    async def reprocess_batch(self, request: Request, params: dict[str, Any]) -> JSONResponse:
        """POST /place_enrichment/batches/{batch_id}/reprocess."""
        batch = self._batch(request, params["batch_id"])
        body = request.json() if request.body.strip() else {}
        if not isinstance(body, dict):
            body = {}
        failed_only = bool(body.get("failed_only", True))
        incomplete_only = bool(body.get("incomplete_only", False))
        refresh = bool(body.get("refresh", False))
        override = (
            resolve_attributes(body.get("attributes"), body.get("attribute_set"))
            if body.get("attributes") or body.get("attribute_set")
            else None
        )
        view = self._view()
        wanted: set[str] = set()
        if incomplete_only:
            wanted |= {"pending", "queued", "in_progress"}
        if failed_only:
            wanted.add("failed")
        with self.lock:
            selected = [
                record for record in batch.records if not wanted or view.status(record) in wanted
            ]
            work = self._requeue(selected, refresh=refresh, attributes=override)
            if work is not None:
                batch.units.append((f"{batch.id}#{len(batch.units)}@reprocess", work))
                batch.refresh = batch.refresh or refresh
                self.emulator.stats.reprocessed()
        count = len(selected)
        return JSONResponse(
            {
                "status": "queued" if count else "no_jobs",
                "message": f"Queued {count} job(s) for reprocessing."
                if count
                else "No jobs matched; nothing to reprocess.",
                "job_count": count,
                "batch_id": batch.id,
                "excluded_deferred_count": 0,
            }
        )

    async def list_jobs(self, request: Request, params: dict[str, Any]) -> JSONResponse:
        """GET /place_enrichment/jobs?batchId=&limit=&offset=."""
        limit = min(int(params.get("limit", 10000)), 10000)
        offset = int(params.get("offset", 0))
        records = self._records(self._org(request), params.get("batchId"))
        view = self._view()

        def build() -> bytes:
            answers = self._answers(records[offset : offset + limit], view)
            return page_bytes(answers, len(records), limit, offset)

        # Pages are big (up to 10,000 results): join them off the event loop (a finished
        # job's answer was built ahead, see ``place_answers``).
        return JSONResponse(None, raw=await anyio.to_thread.run_sync(build))

    async def get_job(self, request: Request, params: dict[str, Any]) -> JSONResponse:
        """GET /place_enrichment/jobs/{place_id}: the latest job for that place."""
        place_id = params["place_id"]
        records = [r for r in self._records(self._org(request), None) if r.place_id == place_id]
        if not records:
            raise HTTPError(404, {"detail": f"Job {place_id!r} not found."})
        latest = max(records, key=lambda r: r.unit.created)
        return JSONResponse(self._result(latest, self._view().status(latest)))

    async def enrich_place(self, request: Request, params: dict[str, Any]) -> JSONResponse:
        """POST /place_enrichment/enrich: one place, synchronously."""
        body = request.json()
        attributes = resolve_attributes(body.get("attributes"), body.get("attribute_set"))
        work = self.emulator.scheduler.schedule(
            1, rate=1.0, queue_delay=0.0, mode="instant", polls_to_complete=1
        )
        (record,) = self._new_records(
            [body], attributes, work, refresh=bool(body.get("refresh", False))
        )
        with self.lock:
            self.singles.setdefault(self._org(request), {})[record.place_id] = record
        return JSONResponse(self._result(record, "failed" if record.will_fail else "completed"))

    async def get_attributes(self, request: Request, params: dict[str, Any]) -> JSONResponse:
        """GET /place_enrichment/attributes."""
        return JSONResponse({"core": list(CORE), "all": list(ALL), "custom": []})
