"""Transport safety: TLS verification on, plain http refused off loopback unless explicitly
allowed, request bodies bounded by chunking, redirects never followed."""

from __future__ import annotations

import ssl
from pathlib import Path

import pytest
from bulk_enrich import (
    AsyncPingData,
    AsyncPlaceEnrichment,
    BulkEnrichError,
    PingData,
    PlaceEnrichment,
)
from bulk_enrich.engine.chunking import json_size, plan_chunks
from bulk_enrich.engine.wire import ALLOW_HTTP_ENV, check_base_url

from faults.matrix import run_cli
from faults.support import write_input

KEY = "transport-test-key"


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1:8765",
        "http://127.9.9.9",
        "http://localhost:1",
        "http://[::1]:8765",
        "https://data-api.sovfixer.com",
        "https://example.com:8443/v1/acme",
    ],
)
def test_https_and_loopback_http_are_accepted(url: str) -> None:
    check_base_url(url, env={})


@pytest.mark.parametrize(
    "url",
    [
        "http://data-api.sovfixer.com",
        "http://10.0.0.5:8765",
        "http://127.0.0.1.evil.test",
        "http://localhost.evil.test",
        "ftp://data-api.sovfixer.com",
        "file:///etc/passwd",
    ],
)
def test_plain_http_off_loopback_is_refused(url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(ALLOW_HTTP_ENV, raising=False)
    with pytest.raises(BulkEnrichError):
        check_base_url(url, env={})
    if url.startswith("http://"):
        for make in (
            lambda: PingData(KEY, base_url=url),
            lambda: AsyncPingData(KEY, base_url=url),
            lambda: PlaceEnrichment(KEY, org_slug="acme", base_url=url),
            lambda: AsyncPlaceEnrichment(KEY, org_slug="acme", base_url=url),
        ):
            with pytest.raises(BulkEnrichError, match="unencrypted") as caught:
                make()
            assert KEY not in str(caught.value)


def test_plain_http_is_allowed_only_when_asked(monkeypatch: pytest.MonkeyPatch) -> None:
    check_base_url("http://10.0.0.5", env={ALLOW_HTTP_ENV: "1"})
    with pytest.raises(BulkEnrichError):
        check_base_url("http://10.0.0.5", env={ALLOW_HTTP_ENV: "yes please"})
    monkeypatch.setenv(ALLOW_HTTP_ENV, "1")
    PingData(KEY, base_url="http://10.0.0.5").close()  # constructing sends nothing


def test_cli_refuses_plain_http_before_sending(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv(ALLOW_HTTP_ENV, raising=False)
    src = write_input(tmp_path / "in.csv", "ping", 5)
    code, err = run_cli(
        [
            "ping",
            "enhance",
            str(src),
            "-o",
            str(tmp_path / "o.csv"),
            "--sources",
            "PG",
            "--base-url",
            "http://192.0.2.1:9",
            "--api-key",
            KEY,
        ]
    )
    assert code in (1, 2)
    assert "unencrypted" in err
    assert KEY not in err
    assert "Traceback" not in err
    assert not (tmp_path / "o.csv").exists()


@pytest.mark.parametrize("cls", [PingData, PlaceEnrichment])
def test_tls_verification_is_on_by_default(cls: type) -> None:
    kw = {"org_slug": "acme"} if cls is PlaceEnrichment else {}
    client = cls(KEY, base_url="https://api.example.com", **kw)
    try:
        inner = client._http.client
        assert inner.follow_redirects is False
        context = inner._transport._pool._ssl_context
        assert context.verify_mode == ssl.CERT_REQUIRED
        assert context.check_hostname is True
    finally:
        client.close()


def test_request_bodies_are_bounded_by_chunking() -> None:
    items = [{"id": f"L{i}", "address": "x" * 500} for i in range(400)]
    limit = 20_000
    chunks = plan_chunks(items, chunk_size=10_000, max_body_bytes=limit)
    assert len(chunks) > 1
    assert sum(len(c) for c in chunks) == len(items)
    for chunk in chunks:
        assert json_size(items[chunk.start : chunk.stop]) <= limit
