"""What the drivers share: an answer's body kept in memory up to a limit, on disk past it; one
TLS context for every client of the process."""

from __future__ import annotations

import ssl
from pathlib import Path

import httpx
import pytest
from bulk_enrich import PingData, PlaceEnrichment
from bulk_enrich.drivers.common import Spool, tls_context


@pytest.mark.parametrize("blocks", [[], [b"{}"], [b'{"a"', b": [1, ", b"2]}"]])
def test_a_small_answer_is_read_back_whole(blocks: list[bytes]) -> None:
    with Spool(limit=64) as spool:
        for block in blocks:
            assert spool.write(block) == len(block)
        spool.seek(0)
        assert spool.read() == b"".join(blocks)
        assert spool._file is None


def test_an_answer_past_the_limit_moves_to_disk_and_reads_back_whole() -> None:
    blocks = [bytes([65 + i]) * 40 for i in range(5)]
    with Spool(limit=64) as spool:
        for block in blocks:
            spool.write(block)
        assert spool._file is not None
        assert spool._blocks == []
        spool.seek(0)
        assert spool.read() == b"".join(blocks)
        file = spool._file
    assert file.closed


def _context(client: httpx.Client) -> ssl.SSLContext:
    pool = client._transport._pool  # type: ignore[attr-defined]
    context: ssl.SSLContext = pool._ssl_context
    return context


def test_every_client_shares_one_tls_context_per_certificate_setting(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.delenv("SSL_CERT_FILE", raising=False)
    monkeypatch.delenv("SSL_CERT_DIR", raising=False)
    with (
        PingData(api_key="k", base_url="https://ping.example") as ping,
        PlaceEnrichment(api_key="k", org_slug="o", base_url="https://place.example") as places,
    ):
        first = _context(ping._http.client)
        assert first is _context(places._http.client)
        assert first.verify_mode == ssl.CERT_REQUIRED
        assert first.check_hostname
    import certifi

    bundle = tmp_path / "ca.pem"
    bundle.write_bytes(Path(certifi.where()).read_bytes())
    monkeypatch.setenv("SSL_CERT_FILE", str(bundle))  # as httpx reads it
    assert tls_context(str(bundle), None) is not first
    with PingData(api_key="k", base_url="https://ping.example") as ping:
        assert _context(ping._http.client) is tls_context(str(bundle), None)


def test_a_url_asked_for_again_is_not_parsed_again(monkeypatch: pytest.MonkeyPatch) -> None:
    import httpx._urls
    from bulk_enrich.drivers.common import request_of
    from bulk_enrich.engine.effects import Send
    from bulk_enrich.engine.transport import HttpSettings, Transport, parsed_url

    parses: list[str] = []
    real = getattr(httpx._urls, "urlparse")  # noqa: B009 (not exported: mypy)

    def counting(url: str = "", **kwargs: object) -> object:
        parses.append(url)
        return real(url, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(httpx._urls, "urlparse", counting)
    transport = Transport(HttpSettings(base_url="http://127.0.0.1:9", auth_header=("k", "v")))
    path = "/api/v1/bulk_enhance/job-that-is-polled"
    with httpx.Client() as client:
        for _ in range(5):
            url = transport.url(path)
            send = Send("GET", url, None, None, {}, "status", "job", 100, 1e18)
            request = request_of(client, send)
            assert str(request.url) == "http://127.0.0.1:9" + path
    assert parses.count("http://127.0.0.1:9" + path) <= 1
    assert parsed_url(url) is parsed_url(url)
    with pytest.raises(httpx.InvalidURL):
        parsed_url("http://127.0.0.1:9/\x01")
