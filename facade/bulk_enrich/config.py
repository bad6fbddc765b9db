"""Where keys, base URLs and organization slugs come from.

Ping.Data: ``api_key=`` | env ``PING_DATA_AUTH_TOKEN`` (``PING_DATA_AUTH_TOKEN_STG`` for staging)
| ``~/.pingintel.ini`` section ``[pingdata]`` (``PINGDATA_AUTH_TOKEN`` or ``PING_DATA_AUTH_TOKEN``,
``_STG`` suffix for staging); ``base_url=`` | env ``PING_DATA_BASE_URL`` | the environment's host.

Place Enrichment: ``api_key=`` | env ``PLACE_ENRICHMENT_API_KEY`` | env ``REPROMPT_API_KEY``;
``base_url=`` | env ``PLACE_ENRICHMENT_BASE_URL`` | ``https://api.repromptai.com``;
``org_slug=`` | env ``PLACE_ENRICHMENT_ORG``. A base URL that already ends in ``/v1/<org>`` is
accepted and gives the organization.
"""

from __future__ import annotations

import configparser
import os
import re
from collections.abc import Mapping
from pathlib import Path

from bulk_enrich.errors import AuthenticationError, ConfigurationError

PING_HOSTS = {
    "production": "https://data-api.sovfixer.com",
    "prod": "https://data-api.sovfixer.com",
    "staging": "https://data-api-staging.sovfixer.com",
    "stg": "https://data-api-staging.sovfixer.com",
}
PING_KEY_ENV = "PING_DATA_AUTH_TOKEN"
PING_BASE_ENV = "PING_DATA_BASE_URL"
PING_INI = Path("~/.pingintel.ini")

PLACE_DEFAULT_BASE = "https://api.repromptai.com"
PLACE_KEY_ENVS = ("PLACE_ENRICHMENT_API_KEY", "REPROMPT_API_KEY")
PLACE_BASE_ENV = "PLACE_ENRICHMENT_BASE_URL"
PLACE_ORG_ENV = "PLACE_ENRICHMENT_ORG"

_ORG_IN_URL = re.compile(r"^(?P<root>.*?)/v1/(?P<org>[^/]+)/?$")


def _env_suffix(environment: str) -> str:
    env = environment.lower()
    if env in ("production", "prod"):
        return ""
    if env in ("staging", "stg"):
        return "_STG"
    return "_" + env.upper()[:3]


def resolve_ping(
    api_key: str | None,
    base_url: str | None,
    environment: str = "production",
    *,
    env: Mapping[str, str] | None = None,
    config_file: Path | None = None,
) -> tuple[str, str]:
    """Return ``(api_key, base_url)`` for Ping.Data, or raise AuthenticationError without a key."""
    env = os.environ if env is None else env
    suffix = _env_suffix(environment)
    key = api_key or env.get(PING_KEY_ENV + suffix) or (env.get(PING_KEY_ENV) if suffix else None)
    if not key:
        key = _ping_key_from_ini((config_file or PING_INI).expanduser(), suffix)
    if not key:
        raise AuthenticationError(
            "no Ping.Data API key: pass api_key=, set PING_DATA_AUTH_TOKEN, or add "
            "PINGDATA_AUTH_TOKEN to the [pingdata] section of ~/.pingintel.ini"
        )
    url = base_url or env.get(PING_BASE_ENV)
    if not url:
        url = PING_HOSTS.get(environment.lower())
        if url is None:
            raise ConfigurationError(
                f"unknown environment {environment!r}: use production or staging, or base_url="
            )
    return key, url.rstrip("/")


def _ping_key_from_ini(path: Path, suffix: str) -> str | None:
    if not path.is_file():
        return None
    parser = configparser.ConfigParser()
    try:
        parser.read(path, encoding="utf-8")
    except configparser.Error:
        return None
    if not parser.has_section("pingdata"):
        return None
    section = parser["pingdata"]
    for name in ("PINGDATA_AUTH_TOKEN", "PING_DATA_AUTH_TOKEN"):
        value = section.get(name + suffix)
        if value:
            return value.strip()
    return None


def resolve_place(
    api_key: str | None,
    base_url: str | None,
    org_slug: str | None,
    *,
    env: Mapping[str, str] | None = None,
) -> tuple[str, str, str]:
    """Return ``(api_key, host_root, org_slug)`` for Place Enrichment."""
    env = os.environ if env is None else env
    key = api_key or next((env[n] for n in PLACE_KEY_ENVS if env.get(n)), None)
    if not key:
        raise AuthenticationError(
            "no Place Enrichment API key: pass api_key= or set PLACE_ENRICHMENT_API_KEY "
            "(or REPROMPT_API_KEY)"
        )
    root = (base_url or env.get(PLACE_BASE_ENV) or PLACE_DEFAULT_BASE).rstrip("/")
    match = _ORG_IN_URL.match(root)
    if match:
        root = match.group("root")
        url_org = match.group("org")
        if org_slug and org_slug != url_org:
            raise ConfigurationError(
                f"org_slug {org_slug!r} disagrees with the base URL's organization {url_org!r}"
            )
        org_slug = org_slug or url_org
    org_slug = org_slug or env.get(PLACE_ORG_ENV)
    if not org_slug:
        raise ConfigurationError("no organization: pass org_slug= or set PLACE_ENRICHMENT_ORG")
    return key, root, org_slug
