"""Place result pages that never end: a total that grows with each page, or the same page
whatever the offset. Paging is bounded by what was submitted; a server that pages past it is
an error carrying the resume map, never a loop."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qs

import pytest
from bulk_enrich import PlaceEnrichment, PollSchedule, RetryPolicy, ServerError

from faults.support import serve

KEY = "hostile-place-key-0123456789"
PLACES = [{"place_id": f"P{i}", "inputs": {"name": f"Shop {i}"}} for i in range(5)]


@dataclass
class LoopingPlaces:
    """Enough of the Place API for one batch; its job listing misbehaves as told."""

    mode: str = "growing-total"
    place_ids: list[str] = field(default_factory=list)
    pages: int = 0

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            return
        body = b""
        while True:
            message = await receive()
            body += message.get("body", b"")
            if not message.get("more_body"):
                break
        path, method = scope["path"], scope["method"]
        if method == "POST" and path.endswith("/place_enrichment/batches"):
            self.place_ids = [str(j["place_id"]) for j in json.loads(body)["jobs"]]
            await _json(send, 200, self._batch())
        elif method == "GET" and "/place_enrichment/batches/" in path:
            await _json(send, 200, self._batch())
        elif method == "GET" and path.endswith("/place_enrichment/attributes"):
            await _json(send, 200, {"core": ["websites"], "all": ["websites"], "custom": []})
        elif method == "GET" and path.endswith("/place_enrichment/jobs"):
            query = parse_qs(scope["query_string"].decode())
            await _json(send, 200, self._page(int(query.get("offset", ["0"])[0])))
        else:
            await _json(send, 404, {"detail": "not found"})

    def _batch(self) -> dict[str, Any]:
        return {
            "id": "batch-1",
            "batch_name": "loop",
            "status": "completed",
            "jobs": {"completed": self.place_ids},
        }

    def _page(self, offset: int) -> dict[str, Any]:
        self.pages += 1
        if self.mode == "same-page":
            start, total = 0, len(self.place_ids) + 1
        elif self.mode == "past-the-end":  # more results than places: ids made up
            return {
                "jobs": [
                    {"place_id": f"X{offset + i}", "status": "completed", "outputs": {}}
                    for i in range(2)
                ],
                "total": 100,
            }
        else:  # a total that grows with each page
            start, total = offset, offset + 3
        ids = (self.place_ids * 1000)[start : start + 2]
        jobs = [{"place_id": pid, "status": "completed", "outputs": {}} for pid in ids]
        return {"jobs": jobs, "total": total}


async def _json(send: Any, status: int, data: Any) -> None:
    raw = json.dumps(data).encode()
    headers = [(b"content-type", b"application/json"), (b"content-length", str(len(raw)).encode())]
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": raw})


@pytest.fixture(params=["growing-total", "same-page"])
def looping(request: pytest.FixtureRequest) -> Iterator[tuple[LoopingPlaces, str]]:
    app = LoopingPlaces(mode=request.param)
    with serve(app) as served:
        yield app, served.base_url


def _client(base_url: str) -> PlaceEnrichment:
    return PlaceEnrichment(
        KEY,
        org_slug="acme",
        base_url=base_url,
        retry=RetryPolicy(max_retries=1, backoff_base=0.01),
        poll=PollSchedule(initial=0.01, max_delay=0.05),
    )


def test_listings_that_never_end_are_not_followed(looping: tuple[LoopingPlaces, str]) -> None:
    app, base_url = looping
    with _client(base_url) as client:
        if app.mode == "same-page":
            with pytest.raises(ServerError, match="same page") as caught:
                client.enrich_many(PLACES, ["websites"])
            assert caught.value.resume == {0: "batch-1"}
        else:  # the total first given is kept: the places never listed are failures
            results = client.enrich_many(PLACES, ["websites"])
            assert [r.is_success for r in results.values()] == [True] * 4 + [False]
    assert app.pages <= len(PLACES), f"{app.pages} pages fetched for {len(PLACES)} places"


def test_a_listing_past_what_was_submitted_is_an_error() -> None:
    app = LoopingPlaces(mode="past-the-end")
    with (
        serve(app) as served,
        _client(served.base_url) as client,
        pytest.raises(ServerError, match="pages past") as caught,
    ):
        client.enrich_many(PLACES, ["websites"])
    assert caught.value.resume == {0: "batch-1"}
