"""Which stage of a client's work a Python stack is in, for :mod:`bench.stages`.

A stack is read from its innermost frame outwards; the first frame a rule names decides.
Rules name modules (a path fragment under ``bulk_enrich/``, or a bench client) and, where a
module serves several stages, functions (``co_qualname``). A *weak* rule (parsing JSON, which
status answers need too) decides only if no outer frame says otherwise: a worker thread's
operation (submit, poll, fetch: the generator its driver runs) does. Frames of libraries are
neutral: they count for the client code that called them. What no rule names is ``other``; the
sampler keeps the most frequent such frames, so a new module shows up and can be mapped here.
"""

from __future__ import annotations

import types
from typing import Any

#: Stage keys in report order, with what each covers.
STAGES: dict[str, str] = {
    "startup": "start-up and imports",
    "input": "reading and checking the input",
    "requests": "building, encoding, compressing and sending requests",
    "polling": "waiting and polling (status requests, scheduling)",
    "download": "downloading outputs",
    "decode": "decoding outputs (parsing, result objects, flattening)",
    "write": "joining and writing the output",
    "other": "other (options, journal, progress, threads ended unsampled)",
}

NEUTRAL, STOP, DRIVER = "", "!stop", "!driver"

#: ``(path fragment, qualname prefix or "", stage, weak)``, first match wins per frame.
RULES: tuple[tuple[str, str, str, bool], ...] = (
    ("/bench/stages.py", "", STOP, False),
    ("importlib/", "", "startup", False),
    ("bulk_enrich/drivers/sync.py", "SyncDriver.run", DRIVER, False),
    ("bulk_enrich/drivers/aio.py", "AsyncDriver.run", DRIVER, False),
    ("bulk_enrich/drivers/sync.py", "SyncDriver.stream", "download", False),
    ("bulk_enrich/drivers/sync.py", "SyncDriver.__init__", "startup", False),  # httpx, TLS
    ("bulk_enrich/drivers/common.py", "Download", "download", False),
    ("bulk_enrich/engine/wire.py", "encode", "requests", False),
    ("bulk_enrich/engine/wire.py", "json_with", "requests", False),
    ("bulk_enrich/engine/wire.py", "compress", "requests", False),
    ("bulk_enrich/engine/chunking.py", "", "requests", False),
    ("bulk_enrich/engine/jsonbytes.py", "", "requests", False),
    ("bulk_enrich/engine/deflate.py", "", "requests", False),
    ("bulk_enrich/engine/jsonstream.py", "loads", "decode", True),
    ("bulk_enrich/engine/jsonstream.py", "", "decode", False),
    ("bulk_enrich/results.py", "", "decode", False),
    ("bulk_enrich/flatten.py", "", "decode", False),
    ("bulk_enrich/batches.py", "", "decode", False),
    ("bulk_enrich/sourcedata.py", "", "decode", False),
    ("bulk_enrich/columnar/", "", "decode", False),
    ("bulk_enrich/ping/run.py", "PingBackend.results", "decode", False),
    ("bulk_enrich/ping/run.py", "PingBackend.batch", "decode", False),
    ("bulk_enrich/ping/run.py", "flat_rows", "decode", False),
    ("bulk_enrich/places/run.py", "PlaceBackend.batch", "decode", False),
    ("bulk_enrich/places/run.py", "PlaceBackend._decoded", "decode", False),
    ("bulk_enrich/places/run.py", "flat_rows", "decode", False),
    ("bulk_enrich/places/run.py", "PlaceBackend.results", "decode", False),
    ("bulk_enrich/places/run.py", "ParsedPages", "decode", False),
    ("bulk_enrich/ping/operations.py", "iter_file_results", "decode", False),
    ("bulk_enrich/engine/runs.py", "ordered", "decode", False),
    ("bulk_enrich/engine/scheduler.py", "", "polling", False),
    ("bulk_enrich/engine/polling.py", "", "polling", False),
    ("bulk_enrich/engine/waiting.py", "", "polling", False),
    ("bulk_enrich/engine/inputs.py", "", "input", False),
    ("bulk_enrich/engine/coerce.py", "", "input", False),
    ("bulk_enrich/cli/prepare.py", "", "input", False),
    ("bulk_enrich/cli/read", "", "input", False),  # readers.py, read_csv.py, ...
    ("bulk_enrich/cli/mapping.py", "", "input", False),
    ("bulk_enrich/cli/forms.py", "", "input", False),
    ("bulk_enrich/cli/columns.py", "", "input", False),
    ("bulk_enrich/cli/columnar_", "", "input", False),  # columnar_input.py, columnar_rows.py, ...
    ("bulk_enrich/cli/table.py", "", "input", False),
    ("bulk_enrich/cli/reuse.py", "", "input", False),
    ("bulk_enrich/cli/pipes.py", "", "input", False),
    ("bulk_enrich/cli/output.py", "", "write", False),
    ("bulk_enrich/cli/csv_block.py", "", "write", False),
    ("bulk_enrich/cli/blocks.py", "", "write", False),
    ("bulk_enrich/cli/write", "", "write", False),  # writers.py, write_text.py, ...
    ("bulk_enrich/cli/values.py", "", "write", False),
    ("bulk_enrich/cli/outcells.py", "", "write", False),
    ("bulk_enrich/cli/resultstore.py", "", "write", False),
    ("bulk_enrich/cli/progress.py", "", "other", False),
    ("bulk_enrich/cli/journal.py", "", "other", False),
    # The naive client (bench/naive.py): one function per stage.
    ("/bench/naive.py", "_client", "startup", False),  # httpx, TLS
    ("/bench/naive.py", "read_rows", "input", False),
    ("/bench/naive.py", "ping_locations", "requests", False),
    ("/bench/naive.py", "place_jobs", "requests", False),
    ("/bench/naive.py", "ping_submit", "requests", False),
    ("/bench/naive.py", "place_submit", "requests", False),
    ("/bench/naive.py", "ping_wait", "polling", False),
    ("/bench/naive.py", "place_wait", "polling", False),
    ("/bench/naive.py", "download", "download", False),
    ("/bench/naive.py", "parse", "decode", False),
    ("/bench/naive.py", "flatten", "decode", False),
    ("/bench/naive.py", "place_rows", "decode", False),
    ("/bench/naive.py", "write_rows", "write", False),
)

#: A driver's operation (the generators it runs, outermost first) -> stage, by name fragment.
OPERATIONS: tuple[tuple[str, str], ...] = (
    ("submit", "requests"),
    ("create", "requests"),
    ("poll", "polling"),
    ("status", "polling"),
    ("wait", "polling"),
    ("fetch", "download"),
    ("download", "download"),
    ("page", "download"),
)

#: A frame of these native libraries marks a thread that may be waiting on their own threads.
NATIVE = ("/polars/", "/pyarrow/", "/isal/")


def rule_of(code: types.CodeType) -> tuple[str, bool]:
    """``(stage or NEUTRAL / STOP / DRIVER, weak)`` for one function's code."""
    if code.co_name == "<module>" and "/bench/" not in code.co_filename:
        return "startup", False  # a module's body runs when it is imported
    filename, qualname = code.co_filename, code.co_qualname
    for fragment, prefix, stage, weak in RULES:
        if fragment in filename and qualname.startswith(prefix):
            return stage, weak
    return NEUTRAL, False


def operation_stage(frame: types.FrameType) -> str:
    """The stage of the operation a driver's ``run`` frame executes (NEUTRAL if unknown)."""
    steps: Any = frame.f_locals.get("steps")
    seen = 0
    while steps is not None and seen < 16:
        name = getattr(steps, "__name__", "")
        for fragment, stage in OPERATIONS:
            if fragment in name:
                return stage
        steps = _inner(steps)
        seen += 1
    return NEUTRAL


def _inner(steps: Any) -> Any:
    """The generator ``steps`` delegates to (``yield from``, or one it drives by hand)."""
    inner = getattr(steps, "gi_yieldfrom", None)
    if inner is None:
        frame = getattr(steps, "gi_frame", None)
        inner = frame.f_locals.get("steps") if frame is not None else None
    return inner if inner is not steps else None


class Classifier:
    """Stacks to stages, with each function's rule cached."""

    def __init__(self) -> None:
        self._rules: dict[types.CodeType, tuple[str, bool]] = {}

    def rule(self, code: types.CodeType) -> tuple[str, bool]:
        """The cached rule of ``code``."""
        found = self._rules.get(code)
        if found is None:
            found = self._rules[code] = rule_of(code)
        return found

    def stage(self, frame: types.FrameType | None) -> tuple[str, str]:
        """``(stage, innermost frame's label)`` of the stack whose top is ``frame``."""
        top = frame
        weak = ""
        while frame is not None:
            stage, is_weak = self.rule(frame.f_code)
            if stage == STOP:
                break
            if stage == DRIVER:
                op = operation_stage(frame)
                if weak and op in ("", "download"):
                    return weak, ""
                if op:
                    return op, ""
            elif stage and is_weak:
                weak = weak or stage
            elif stage:
                return stage, ""
            frame = frame.f_back
        if weak:
            return weak, ""
        return "other", label(top)

    def native(self, frame: types.FrameType | None) -> bool:
        """Whether the stack is inside a call into a native library that has threads."""
        while frame is not None:
            if any(lib in frame.f_code.co_filename for lib in NATIVE):
                return True
            frame = frame.f_back
        return False


def label(frame: types.FrameType | None) -> str:
    """``module.py:qualname`` of the innermost frame of the client's own code."""
    first = frame
    while frame is not None:
        name = frame.f_code.co_filename
        if "bulk_enrich" in name or "/bench/" in name:
            return f"{name.rsplit('/', 1)[-1]}:{frame.f_code.co_qualname}"
        frame = frame.f_back
    if first is None:
        return "?"
    return f"{first.f_code.co_filename.rsplit('/', 1)[-1]}:{first.f_code.co_qualname}"
