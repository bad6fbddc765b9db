"""A stateful emulator of the Ping.Data and Place Enrichment APIs, for offline work and tests.

One ASGI app serves both APIs: Ping.Data under ``/api/v1/...`` and Place Enrichment under
``/v1/{org_slug}/place_enrichment/...``. Requests are validated against the vendored OpenAPI
documents; jobs move through their real life cycles at a configurable pace; output files are
real files; faults can be injected; ``/_emulator/stats`` counts what was served.

    from bulk_enrich_emulator import EmulatorConfig, running

    with running(EmulatorConfig(rate=20_000)) as emulator:
        ping_base_url = emulator.base_url
        place_base_url = emulator.place_base_url("my-org")

From a shell: ``python -m bulk_enrich_emulator --port 0`` (or ``bulk-enrich emulator``) prints
``emulator listening on http://127.0.0.1:PORT`` and serves until SIGINT/SIGTERM. Its
dependencies come with the ``emulator`` extra: ``pip install 'bulk-enrich[emulator]'``.
"""

from __future__ import annotations

from .app import Emulator, create_app
from .config import EmulatorConfig, FaultConfig
from .server import EmulatorHandle, running, serve, start

__all__ = [
    "Emulator",
    "EmulatorConfig",
    "EmulatorHandle",
    "FaultConfig",
    "create_app",
    "running",
    "serve",
    "start",
]
