"""The emulator as a raw ASGI3 application serving both APIs on one port."""

from __future__ import annotations

import logging
import shutil
import tempfile
import uuid
import weakref
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import anyio
import anyio.to_thread

from . import geo
from .config import EmulatorConfig, FaultConfig
from .faults import NO_FAULT, Decision, FaultPlan
from .http import (
    ConnectionDropped,
    FileResponse,
    HTTPError,
    JSONResponse,
    Receive,
    Request,
    Response,
    Scope,
    Send,
    dumps,
    read_request,
    send_bytes,
    send_file,
    send_json,
)
from .ping import PingService
from .place import PlaceService
from .schedule import Scheduler
from .state import StateFile
from .stats import JobTiming, Stats
from .validation import match, operations, validate_body, validate_parameters

log = logging.getLogger(__name__)

Handler = Callable[[Request, dict[str, Any]], Awaitable[Response]]

#: Operations that create billed work (a fault may strike before or after creation).
CREATING = frozenset({"start_bulk_enhance", "create_batch"})
ADMIN_PREFIX = "/_emulator"


class _DropFilter(logging.Filter):
    """Hide the server's traceback for connections the emulator drops on purpose."""

    def filter(self, record: logging.LogRecord) -> bool:
        exc = record.exc_info[1] if record.exc_info else None
        return not isinstance(exc, ConnectionDropped)


_DROP_FILTER = _DropFilter()
logging.getLogger("uvicorn.error").addFilter(_DROP_FILTER)


def _corrupt(chunk: bytes, offset: int) -> bytes:
    if offset:
        return chunk
    middle = len(chunk) // 2
    garbage = b"\x00#corrupt#\xff"[: max(len(chunk) - middle, 0)]
    return chunk[:middle] + garbage + chunk[middle + len(garbage) :]


class Emulator:
    """Stateful emulator of the Ping.Data and Place Enrichment APIs (an ASGI3 callable).

    ``app.state`` is the emulator itself: ``stats``, ``config``, ``ping`` and ``place``
    services, and :meth:`snapshot` for the counters.
    """

    def __init__(self, config: EmulatorConfig | None = None) -> None:
        self.config = config or EmulatorConfig()
        #: Whether the emulator has its process to itself (:func:`~.server.serve`), and so may
        #: tune process-wide state such as the garbage collector; not when started in a thread
        #: of a host process (tests, an application's own checks).
        self.owns_process = False
        self._own_dir: str | None = None
        if self.config.data_dir is None:
            self._own_dir = tempfile.mkdtemp(prefix="bulk-enrich-emulator-")
            self.data_dir = Path(self._own_dir)
            self._finalizer = weakref.finalize(
                self, shutil.rmtree, self._own_dir, ignore_errors=True
            )
        else:
            self.data_dir = Path(self.config.data_dir)
            self.data_dir.mkdir(parents=True, exist_ok=True)
        # The specs' validators are compiled now (once per process), not by the first request,
        # which would otherwise wait about a quarter of a second for them.
        operations()
        self.stats = Stats()
        self.scheduler = Scheduler()
        self.faults = FaultPlan(self.config.faults, self.config.seed)
        self.state_file: StateFile | None = None
        if self.config.state_path is not None:
            self.state_file = StateFile(self.config.state_path)
        self.ping = PingService(self)
        self.place = PlaceService(self)
        if self.state_file is not None:
            for job_id, created_at, body in self.state_file.ping_jobs():
                self.ping.create_job(body, job_id=job_id, now=created_at)
        self.handlers: dict[str, Handler] = {
            "start_bulk_enhance": self.ping.start_bulk_enhance,
            "get_bulk_enhance_status": self.ping.get_bulk_enhance_status,
            "download_bulk_enhance_output": self.ping.download_bulk_enhance_output,
            "enhance": self.ping.enhance,
            "list_datasources": self.ping.list_datasources,
            "get_datasource": self.ping.get_datasource,
            "get_usage": self.ping.get_usage,
            "get_limits": self.ping.get_limits,
            "create_batch": self.place.create_batch,
            "list_batches": self.place.list_batches,
            "get_batch": self.place.get_batch,
            "reprocess_batch": self.place.reprocess_batch,
            "list_jobs": self.place.list_jobs,
            "get_job": self.place.get_job,
            "enrich_place": self.place.enrich_place,
            "get_attributes": self.place.get_attributes,
            "update_batch": self.place.update_batch,
            "delete_batch": self.place.delete_batch,
            "refresh_batches": self.place.refresh_batches,
            "submit_job": self.place.submit_job,
            "delete_job": self.place.delete_job,
            "reprocess_jobs": self.place.reprocess_jobs,
        }
        self.closed = False

    # -- public Python interface --------------------------------------------------------------
    @property
    def state(self) -> Emulator:
        """The emulator's state (itself), as frameworks expose ``app.state``."""
        return self

    def snapshot(self) -> dict[str, Any]:
        """Counters of what was served (the ``/_emulator/stats`` document)."""
        timings: dict[str, JobTiming] = {}
        timings.update(self.ping.timings())
        timings.update(self.place.timings())
        data = self.stats.snapshot(timings)
        data["config"] = self.config.to_dict()
        return data

    def reset(self) -> None:
        """Forget all jobs, batches and counters; restart the fault stream."""
        self.ping.reset()
        self.place.reset()
        if self.state_file is not None:
            self.state_file.clear()
        self.stats.reset()
        self.scheduler.reset()
        self.faults.reset()

    def set_faults(self, faults: FaultConfig | dict[str, Any] | None = None, **kwargs: Any) -> None:
        """Replace the fault settings (a ``FaultConfig``, a dict, or keyword arguments)."""
        if faults is None:
            new = FaultConfig(**kwargs)
        elif isinstance(faults, FaultConfig):
            new = faults
        else:
            new = FaultConfig.from_dict({**faults, **kwargs})
        self.config.faults = new
        self.faults.replace(new)

    def close(self) -> None:
        """Stop background work and remove the private data directory."""
        if self.closed:
            return
        self.closed = True
        self.ping.close()
        self.place.close()
        if self.state_file is not None:
            self.state_file.close()
        if self._own_dir is not None:
            self._finalizer()

    # -- ASGI -------------------------------------------------------------------------------
    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        kind = scope["type"]
        if kind == "lifespan":
            await self._lifespan(receive, send)
        elif kind == "http":
            await self._http(scope, receive, send)

    async def _lifespan(self, receive: Receive, send: Send) -> None:
        while True:
            message = await receive()
            if message["type"] == "lifespan.startup":
                # Build the ZIP index before the first job needs it (once per process).
                await anyio.to_thread.run_sync(geo.index)
                await send({"type": "lifespan.startup.complete"})
            elif message["type"] == "lifespan.shutdown":
                self.close()
                await send({"type": "lifespan.shutdown.complete"})
                return

    async def _http(self, scope: Scope, receive: Receive, send: Send) -> None:
        try:
            request = await read_request(scope, receive)
        except HTTPError as exc:
            await send_json(send, exc.status, exc.body, exc.headers)
            return
        if request.path == ADMIN_PREFIX or request.path.startswith(ADMIN_PREFIX + "/"):
            await self._admin(request, send)
            return
        op, path_params, allowed = match(request.method, request.path)
        if op is None:
            if allowed:
                await send_json(
                    send,
                    405,
                    {"detail": f"Method {request.method} not allowed."},
                    {"allow": ", ".join(sorted(set(allowed)))},
                )
            else:
                await send_json(send, 404, {"detail": "Not found."})
            return
        request.operation_id = op.operation_id
        request.org_slug = path_params.pop("org_slug", None)
        request.path_params = path_params
        self.stats.request(op.operation_id)
        decision = self.faults.decide(
            op.operation_id, creates=op.operation_id in CREATING, path=request.path
        )
        try:
            response = await self._handle(op.api, op, request, decision)
        except ConnectionDropped:
            # Start an answer, then abort: the server closes the connection mid-response and
            # the client sees a connection error instead of an answer.
            await send(
                {
                    "type": "http.response.start",
                    "status": 200,
                    "headers": [(b"content-type", b"application/json"), (b"content-length", b"64")],
                }
            )
            raise
        except HTTPError as exc:
            self.stats.answer(op.operation_id, exc.status)
            body = self._error_body(op.api, exc.status, exc.body)
            await self._send(send, request, JSONResponse(body, exc.status, exc.headers))
            return
        await self._send(send, request, response, decision)

    async def _handle(self, api: str, op: Any, request: Request, decision: Decision) -> Response:
        if decision.latency:
            self.stats.fault("latency")
            await anyio.sleep(decision.latency)
        if decision.before == "rate_limit":
            self.stats.fault("rate_limit")
            retry = self.config.faults.retry_after
            text = f"{retry:g}" if retry != int(retry) else str(int(retry))
            raise HTTPError(429, {"detail": "Rate limit exceeded."}, {"retry-after": text})
        if decision.before is not None and not decision.after_create:
            await self._fail(decision)
        self._authenticate(api, request)
        params = validate_parameters(op, request.query, request.path_params, request.headers)
        if op.body_validator is not None and (op.body_required or request.body.strip()):
            validate_body(op, request.json())
        response = await self.handlers[op.operation_id](request, params)
        if decision.after_create:
            await self._fail(decision)
        self.stats.answer(
            op.operation_id, response.status if isinstance(response, JSONResponse) else 200
        )
        return response

    async def _fail(self, decision: Decision) -> None:
        if decision.before == "drop":
            self.stats.fault("drop")
            raise ConnectionDropped("connection dropped (fault injection)")
        self.stats.fault(f"error_{decision.status}")
        raise HTTPError(decision.status, {"detail": "Internal server error (injected)."})

    def _error_body(self, api: str, status: int, body: Any) -> Any:
        if api == "ping" and isinstance(body, dict):
            if status == 401:
                return body
            detail = body.get("detail")
            return {"message": detail if isinstance(detail, str) else "Error.", **body}
        return body

    def _authenticate(self, api: str, request: Request) -> None:
        authorization = request.header("authorization") or ""
        scheme, _, credential = authorization.strip().partition(" ")
        credential = credential.strip()
        if api == "ping":
            if not authorization:
                raise HTTPError(
                    401,
                    {
                        "id": str(uuid.uuid4()),
                        "message": "Authentication credentials were not provided.",
                    },
                )
            if scheme.lower() != "token" or credential not in self.config.ping_api_keys:
                raise HTTPError(401, {"id": str(uuid.uuid4()), "message": "Invalid token."})
            return
        key: str | None = None
        if scheme.lower() == "bearer" and credential:
            key = credential
        elif request.header("apikey"):
            key = (request.header("apikey") or "").strip()
        keys = self.config.place_api_keys
        if not key or key not in keys:
            raise HTTPError(401, {"detail": "Invalid or missing API key."})
        bound = keys[key]
        if bound is not None and bound != request.org_slug:
            raise HTTPError(403, {"detail": "API key does not match organization slug."})

    async def _send(
        self, send: Send, request: Request, response: Response, decision: Decision = NO_FAULT
    ) -> None:
        head = request.method == "HEAD"
        if isinstance(response, FileResponse):
            if head:
                size = response.path.stat().st_size
                await send(
                    {
                        "type": "http.response.start",
                        "status": 200,
                        "headers": [
                            (b"content-type", b"application/json"),
                            (b"content-length", str(size).encode()),
                        ],
                    }
                )
                await send({"type": "http.response.body", "body": b""})
                return
            truncate_at: int | None = None
            if decision.truncate:
                self.stats.fault("truncate")
                truncate_at = response.path.stat().st_size // 2
            if decision.corrupt:
                self.stats.fault("corrupt")
            await send_file(
                send,
                response.path,
                headers=response.headers,
                truncate_at=truncate_at,
                corrupt=_corrupt if decision.corrupt else None,
            )
            return
        payload = response.raw if response.raw is not None else dumps(response.body)
        if head:
            headers = {"content-type": "application/json", "content-length": str(len(payload))}
            headers.update(response.headers)
            await send(
                {
                    "type": "http.response.start",
                    "status": response.status,
                    "headers": [(k.encode(), v.encode()) for k, v in headers.items()],
                }
            )
            await send({"type": "http.response.body", "body": b""})
            return
        await send_bytes(send, response.status, payload, response.headers)

    # -- admin ------------------------------------------------------------------------------
    async def _admin(self, request: Request, send: Send) -> None:
        route = request.path[len(ADMIN_PREFIX) :].rstrip("/")
        try:
            if route == "/stats" and request.method == "GET":
                await send_json(send, 200, self.snapshot())
            elif route == "/reset" and request.method == "POST":
                self.reset()
                await send_json(send, 200, {"status": "reset"})
            elif route == "/faults" and request.method == "PUT":
                body = request.json() if request.body.strip() else {}
                if not isinstance(body, dict):
                    raise HTTPError(400, {"detail": "faults: a JSON object is required"})
                self.set_faults(FaultConfig.from_dict(body))
                await send_json(send, 200, self.config.faults.to_dict())
            elif route == "/faults" and request.method == "GET":
                await send_json(send, 200, self.config.faults.to_dict())
            elif route == "/config" and request.method == "PUT":
                body = request.json()
                if not isinstance(body, dict):
                    raise HTTPError(400, {"detail": "config: a JSON object is required"})
                self.config.update(body)
                await send_json(send, 200, self.config.to_dict())
            elif route == "/config" and request.method == "GET":
                await send_json(send, 200, self.config.to_dict())
            else:
                raise HTTPError(404, {"detail": "Not found."})
        except (ValueError, TypeError) as exc:
            await send_json(send, 400, {"detail": str(exc)})
        except HTTPError as exc:
            await send_json(send, exc.status, exc.body, exc.headers)


def create_app(config: EmulatorConfig | None = None) -> Emulator:
    """A new emulator ASGI app with its own state (``config`` defaults to ``EmulatorConfig()``)."""
    return Emulator(config)
