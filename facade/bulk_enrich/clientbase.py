"""What every client shares: its transport settings, its longest wait, a key-free repr."""

from __future__ import annotations

from typing import Any

import httpx

from bulk_enrich.engine.retry import RetryPolicy
from bulk_enrich.engine.transport import HttpSettings, timeout_of


class ClientBase:
    """Holds ``base_url``, the transport settings and ``max_wait`` of a client."""

    base_url: str
    max_wait: float | None
    _settings: HttpSettings

    def _configure(
        self,
        base_url: str,
        auth_header: tuple[str, str],
        *,
        timeout: float | httpx.Timeout | None,
        retry: RetryPolicy | None,
        gzip_threshold: int | None,
        max_concurrency: int,
        transport: Any,
        max_response_bytes: int,
        max_download_bytes: int,
        max_wait: float | None,
    ) -> None:
        self.base_url = base_url
        self.max_wait = max_wait
        self._settings = HttpSettings(
            base_url=base_url,
            auth_header=auth_header,
            timeout=timeout_of(timeout),
            retry=retry or RetryPolicy(),
            gzip_threshold=gzip_threshold,
            max_connections=max(8, max_concurrency * 2 + 2),
            transport=transport,
            max_response_bytes=max_response_bytes,
            max_download_bytes=max_download_bytes,
        )

    def __repr__(self) -> str:
        return f"{type(self).__name__}(base_url={self.base_url!r})"
