"""Transport behaviour with a scripted server (httpx.MockTransport): retries, errors, downloads."""

from __future__ import annotations

import gzip
import json
import sys
from collections.abc import Callable
from pathlib import Path

import httpx
import pytest
from bulk_enrich import (
    AuthenticationError,
    DownloadError,
    JobFailed,
    NotFoundError,
    PingData,
    RateLimitError,
    RetryPolicy,
    ServerError,
    TransportError,
    WaitTimeout,
)
from bulk_enrich.engine.bodies import ByteCheck as _ByteCheck
from bulk_enrich.engine.bodies import Truncated as _Truncated
from bulk_enrich.engine.polling import PollSchedule

KEY = "secret-key-123"
BASE = "https://api.test"
FAST_RETRY = RetryPolicy(max_retries=3, backoff_base=0.001, backoff_cap=0.002)
FAST_POLL = PollSchedule(initial=0.001, factor=1.5, max_delay=0.01)


def client(handler: Callable[[httpx.Request], httpx.Response], **kw: object) -> PingData:
    return PingData(
        api_key=KEY,
        base_url=BASE,
        retry=FAST_RETRY,
        poll=FAST_POLL,
        transport=httpx.MockTransport(handler),
        **kw,  # type: ignore[arg-type]
    )


def status_body(
    state: str, outputs: list[dict[str, str]] | None = None, done: int = 0
) -> dict[str, object]:
    body: dict[str, object] = {
        "request": {
            "status": state,
            "num_requested": 2,
            "num_completed": done,
            "num_problems": 0,
            "num_canceled": 0,
            "requested_at": "2026-01-01T00:00:00Z",
        }
    }
    if outputs is not None:
        body["result"] = {
            "status": "SUCCESS",
            "message": "ok",
            "outputs": outputs,
            "sources": [],
            "total_processing_time": 1,
        }
    return body


def test_get_is_retried_then_succeeds() -> None:
    calls: list[str] = []

    def handler(request: httpx.Request) -> httpx.Response:
        calls.append(request.url.path)
        if len(calls) < 3:
            return httpx.Response(503, json={"message": "busy"})
        return httpx.Response(
            200, json={"configs": {"PG": {"source_name": "Geo", "source_code": "PG"}}}
        )

    assert list(client(handler).datasources()) == ["PG"]
    assert len(calls) == 3


def test_rate_limit_honours_retry_after_and_then_gives_up() -> None:
    calls = 0

    def handler(request: httpx.Request) -> httpx.Response:
        nonlocal calls
        calls += 1
        return httpx.Response(429, headers={"Retry-After": "0"}, json={"message": "slow down"})

    with pytest.raises(RateLimitError) as info:
        client(handler).datasources()
    assert calls == 1 + FAST_RETRY.max_retries
    assert info.value.status == 429
    assert info.value.retry_after == 0


def test_job_creating_post_is_not_retried_after_a_5xx() -> None:
    posts = 0

    def handler(request: httpx.Request) -> httpx.Response:
        nonlocal posts
        posts += 1
        return httpx.Response(503, json={"message": "oops"})

    with pytest.raises(ServerError):
        client(handler).submit([{"id": "a", "address": "1 Main St"}], sources=["PG"])
    assert posts == 1


def test_job_creating_post_is_not_retried_after_a_read_timeout() -> None:
    posts = 0

    def handler(request: httpx.Request) -> httpx.Response:
        nonlocal posts
        posts += 1
        raise httpx.ReadTimeout("no answer", request=request)

    with pytest.raises(TransportError):
        client(handler).submit([{"id": "a", "address": "1 Main St"}], sources=["PG"])
    assert posts == 1


def test_job_creating_post_is_retried_when_the_connection_was_never_made() -> None:
    posts = 0

    def handler(request: httpx.Request) -> httpx.Response:
        nonlocal posts
        posts += 1
        if posts == 1:
            raise httpx.ConnectError("refused", request=request)
        return httpx.Response(200, json={"id": "job-1", "message": "OK"})

    job = client(handler).submit([{"id": "a", "address": "1 Main St"}], sources=["PG"])
    assert job.id == "job-1"
    assert posts == 2


def test_errors_are_mapped_and_never_carry_the_key() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        assert request.headers["authorization"] == f"Token {KEY}"
        if request.url.path.endswith("/datasources"):
            return httpx.Response(401, json={"id": "req-9", "message": f"bad token {KEY}"})
        return httpx.Response(404, json={"message": "no such job"})

    ping = client(handler)
    with pytest.raises(AuthenticationError) as info:
        ping.datasources()
    err = info.value
    assert err.status == 401
    assert err.request_id == "req-9"
    assert KEY not in str(err)
    assert KEY not in repr(err)
    assert KEY not in (err.body_excerpt or "")
    with pytest.raises(NotFoundError):
        ping.job("nope").refresh()
    assert KEY not in repr(ping)


def test_large_bodies_are_gzipped() -> None:
    seen: dict[str, object] = {}

    def handler(request: httpx.Request) -> httpx.Response:
        seen["encoding"] = request.headers.get("content-encoding")
        raw = gzip.decompress(request.content) if seen["encoding"] == "gzip" else request.content
        seen["count"] = len(json.loads(raw)["locations"])
        return httpx.Response(201, json={"id": "job-2", "message": "OK"})

    locations = [
        {"id": str(i), "address": f"{i} Long Street Name, Springfield, IL 62701"}
        for i in range(2000)
    ]
    client(handler).submit(locations, sources=["PG"])
    assert seen == {"encoding": "gzip", "count": 2000}
    client(handler).submit(locations[:2], sources=["PG"])
    assert seen["encoding"] is None


def test_wait_honours_retry_after_hint_and_reports_progress() -> None:
    polls = 0

    def handler(request: httpx.Request) -> httpx.Response:
        nonlocal polls
        polls += 1
        if polls < 3:
            return httpx.Response(
                200, headers={"Retry-After": "0.05"}, json=status_body("IN_PROGRESS", done=polls)
            )
        return httpx.Response(200, json=status_body("COMPLETE", [], done=2))

    seen: list[tuple[int, int]] = []
    status = client(handler).job("j").wait(timeout=5, on_progress=lambda c, t: seen.append((c, t)))
    assert status.state == "COMPLETE"
    assert polls == 3
    assert seen == [(1, 2), (2, 2)]


def test_wait_timeout_leaves_the_job_usable_and_failure_carries_message() -> None:
    state = {"value": "QUEUED"}

    def handler(request: httpx.Request) -> httpx.Response:
        if state["value"] == "FAILED":
            body = status_body("FAILED")
            body["result"] = {
                "status": "FAILED",
                "message": "source exploded",
                "outputs": [],
                "sources": [],
                "total_processing_time": None,
            }
            return httpx.Response(200, json=body)
        return httpx.Response(200, json=status_body(state["value"]))

    job = client(handler).job("j")
    with pytest.raises(WaitTimeout) as info:
        job.wait(timeout=0.05)
    assert info.value.job_id == "j"
    assert job.status == "QUEUED"
    state["value"] = "FAILED"
    with pytest.raises(JobFailed, match="source exploded"):
        job.wait(timeout=5)


def test_unknown_status_values_do_not_crash() -> None:
    answers = iter([status_body("PAUSED_FOR_MAINTENANCE"), status_body("COMPLETE", [])])

    def handler(request: httpx.Request) -> httpx.Response:
        body = next(answers)
        body["new_field"] = {"x": 1}
        return httpx.Response(200, json=body)

    assert client(handler).job("j").wait(timeout=5).state == "COMPLETE"


def test_download_stays_on_the_api_origin_and_uses_a_safe_name(tmp_path: Path) -> None:
    requested: list[str] = []
    payload = json.dumps({"a": {"PG": {"is_success": True, "latitude": 1.0}}}).encode()

    def handler(request: httpx.Request) -> httpx.Response:
        requested.append(str(request.url))
        if request.url.host != "api.test":
            return httpx.Response(200, content=b"{}")
        if "/output/" in request.url.path:
            return httpx.Response(200, content=payload)
        outputs = [
            {
                "description": "x",
                "filename": "../../evil/out.json",
                "url": "https://attacker.test/steal",
            }
        ]
        return httpx.Response(200, json=status_body("COMPLETE", outputs))

    job = client(handler).job("job-9")
    paths = job.download(tmp_path / "dl")
    assert paths == [tmp_path / "dl" / "out.json"]
    assert all("attacker" not in url for url in requested)
    assert requested[-1] == f"{BASE}/api/v1/bulk_enhance/job-9/output/..%2F..%2Fevil%2Fout.json"
    assert [r.id for r in job.results()] == ["a"]
    assert not list((tmp_path / "dl").glob(".part-*"))


def test_truncated_or_corrupt_downloads_are_detected(tmp_path: Path) -> None:
    mode = {"value": "short"}

    def handler(request: httpx.Request) -> httpx.Response:
        if "/output/" in request.url.path:
            if mode["value"] == "short":
                return httpx.Response(200, headers={"Content-Length": "100"}, content=b'{"a": {}}')
            return httpx.Response(200, content=b'{"a": {"PG": ')
        return httpx.Response(
            200,
            json=status_body(
                "COMPLETE",
                [
                    {
                        "description": "",
                        "filename": "o.json",
                        "url": f"{BASE}/api/v1/bulk_enhance/j/output/o.json",
                    }
                ],
            ),
        )

    ping = client(handler)
    with pytest.raises(DownloadError):
        ping.job("j").download(tmp_path)
    mode["value"] = "corrupt"
    with pytest.raises(DownloadError, match="not valid JSON"):
        ping.job("j").download(tmp_path)
    assert not list(tmp_path.iterdir())


@pytest.mark.parametrize(
    ("blocks", "problem"),
    [
        # "é" (c3 a9) and "日" (e6 97 a5) split across blocks, then plain ASCII: valid.
        ([b'{"city": "Caf\xc3', b"\xa9 \xe6", b"\x97", b'\xa5"}'], None),
        ([b'{"city": "x\x01y"}'], "control characters"),
        ([b'{"city": "x', b'\x1f"}'], "control characters"),
        ([b'{"city": "\xff"}'], "invalid UTF-8"),
        # A lead byte, then an ASCII block where its continuation bytes should be.
        ([b'{"city": "\xc3', b'x"}'], "invalid UTF-8"),
        ([b'{"city": "\xe6\x97'], "inside a character"),
        ([b'{"city":"x",', b"", b'"a":1}\n'], None),  # compact, empty, then whitespace
        ([b'{"city":"x"}', b'{"a":\x7f}\x0b'], "control characters"),
    ],
)
@pytest.mark.parametrize("numpy_loaded", [True, False])
def test_download_blocks_are_screened_for_binary_garbage(
    blocks: list[bytes], problem: str | None, numpy_loaded: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With numpy loaded, blocks of printable bytes only are passed by their smallest byte."""
    if numpy_loaded:
        import numpy  # noqa: F401
    else:
        monkeypatch.delitem(sys.modules, "numpy", raising=False)
    check = _ByteCheck()

    def screen() -> None:
        for block in blocks:
            check.feed(block)
        check.close()

    if problem is None:
        screen()
        assert json.loads(b"".join(blocks))["city"] in ("x", "Caf\u00e9 \u65e5")
    else:
        with pytest.raises(_Truncated, match=problem):
            screen()


def test_a_download_with_control_bytes_is_refused_and_leaves_no_file(tmp_path: Path) -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        if "/output/" in request.url.path:
            return httpx.Response(200, content=b'{"a": {"PG": {"city": "x\x00y"}}}')
        url = f"{BASE}/api/v1/bulk_enhance/j/output/o.json"
        outputs = [{"description": "", "filename": "o.json", "url": url}]
        return httpx.Response(200, json=status_body("COMPLETE", outputs))

    with pytest.raises(DownloadError, match="control characters"):
        client(handler).job("j").download(tmp_path)
    assert not list(tmp_path.iterdir())


@pytest.mark.parametrize("announced", [True, False])
def test_an_answer_over_the_size_cap_is_refused_and_not_retried(announced: bool) -> None:
    calls = 0
    big = json.dumps(status_body("IN_PROGRESS") | {"pad": "x" * 5000}).encode()

    def handler(request: httpx.Request) -> httpx.Response:
        nonlocal calls
        calls += 1
        if announced:  # Content-Length says it all: refused before reading
            return httpx.Response(200, content=big)
        return httpx.Response(200, content=iter([big[:1000], big[1000:]]))  # chunked

    with pytest.raises(ServerError) as info:
        client(handler, max_response_bytes=4096).job("j").refresh()
    assert "larger than 4096 bytes" in str(info.value)
    assert calls == 1
    # Under the cap the same answer is accepted.
    assert client(handler, max_response_bytes=len(big)).job("j").refresh().state == "IN_PROGRESS"


def test_an_error_answer_is_read_only_in_part_and_still_mapped() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        head = b'{"message": "no such job", "pad": "'
        return httpx.Response(404, content=iter([head, b"y" * (1 << 20), b'"}']))

    with pytest.raises(NotFoundError) as info:
        client(handler, max_response_bytes=4096).job("j").refresh()
    assert info.value.status == 404
    assert info.value.body_excerpt is not None
    assert info.value.body_excerpt.startswith('{"message": "no such job"')


@pytest.mark.parametrize(("name", "segment"), [("..", "%2E%2E"), (".", "%2E"), ("a..b", "a..b")])
def test_the_fallback_output_path_keeps_dot_names_inside_the_job(name: str, segment: str) -> None:
    core = client(lambda r: httpx.Response(500))._core
    url = core.output_url("job-1", name, "")
    assert url.endswith(f"/bulk_enhance/job-1/output/{segment}")
    assert httpx.URL(BASE + url).path.endswith(f"/output/{name}")
    assert core.output_url("..", "out.json", "").endswith("/bulk_enhance/%2E%2E/output/out.json")


def test_clients_share_one_tls_context_that_verifies(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every client of a process uses one TLS context (made once: loading the roots is slow),
    one that verifies as httpx's own would; SSL_CERT_FILE still names other roots."""
    import ssl

    import certifi
    from bulk_enrich.drivers.common import tls_context

    monkeypatch.delenv("SSL_CERT_FILE", raising=False)
    monkeypatch.delenv("SSL_CERT_DIR", raising=False)
    first = tls_context(None, None)
    assert tls_context(None, None) is first
    assert first.verify_mode == ssl.CERT_REQUIRED
    assert first.check_hostname
    with (
        PingData(api_key=KEY, base_url="https://api.example.com") as a,
        PingData(api_key=KEY, base_url="https://api.example.com") as b,
    ):
        contexts = {id(c._http.client._transport._pool._ssl_context) for c in (a, b)}
    assert contexts == {id(first)}
    monkeypatch.setenv("SSL_CERT_FILE", certifi.where())
    other = tls_context(certifi.where(), None)
    assert other is not first
    assert other.verify_mode == ssl.CERT_REQUIRED
