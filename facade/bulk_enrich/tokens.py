"""Job tokens: plain JSON naming the API, the job (or batch) id and the server it lives on."""

from __future__ import annotations

import json
from typing import Any

from bulk_enrich.errors import ConfigurationError

TOKEN_VERSION = 1


def make_token(api: str, key: str, job_id: str, origin: str) -> str:
    """The token of job ``job_id`` of ``api`` on the server at ``origin``."""
    return json.dumps({"v": TOKEN_VERSION, "api": api, key: job_id, "origin": origin})


def read_token(text: str, api: str, key: str, origin: str) -> str:
    """The job id in a token (or a plain id, returned as is).

    Raises ``ValueError`` for a token of another API and :class:`ConfigurationError` for a
    token of another server: polling it here would ask the wrong server.
    """
    text = text.strip()
    if not text.startswith("{"):
        return text
    data: Any = json.loads(text)
    if not isinstance(data, dict) or data.get("api") != api or not isinstance(data.get(key), str):
        raise ValueError(f"not a {api} token")
    theirs = data.get("origin")
    if isinstance(theirs, str) and theirs.rstrip("/") != origin.rstrip("/"):
        raise ConfigurationError(
            f"this token belongs to {theirs}, but the client talks to {origin}: "
            "reattach with a client for that server"
        )
    return str(data[key])
