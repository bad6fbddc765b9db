"""Run a client as a child process and measure it: wall time, user+system CPU, peak RSS.

``os.wait4`` gives the resource usage of exactly that child (and the children it reaped), so
the emulator, which runs in its own process, is never counted. A small launcher process does
the waiting (see ``bench/launcher.py`` for why).
"""

from __future__ import annotations

import contextlib
import ctypes
import json
import os
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
LAUNCHER = Path(__file__).resolve().parent / "launcher.py"


class ClientFailed(RuntimeError):
    """A measured client exited with an error."""


@dataclass
class Measurement:
    """What one run of a child process cost."""

    wall: float
    user: float
    system: float
    max_rss_mb: float
    returncode: int
    started: float  # time.time() just before the child was started
    finished: float  # time.time() just after it was reaped
    stdout: str = field(default="", repr=False)
    stderr: str = field(default="", repr=False)

    @property
    def cpu(self) -> float:
        """User plus system CPU seconds."""
        return self.user + self.system

    def summary(self) -> dict[str, Any]:
        """JSON-ready numbers (no output text)."""
        data = asdict(self)
        data.pop("stdout")
        data.pop("stderr")
        data["cpu"] = self.cpu
        return data


def die_with_parent() -> None:
    """In a child before ``exec``: on Linux, SIGTERM it when the process that started it ends,
    so a benchmark (or its test) that is killed leaves no emulator or client running."""
    with contextlib.suppress(Exception):
        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGTERM)


def background_child() -> None:
    """``preexec_fn`` of a child on idle CPU time that ends with its parent."""
    die_with_parent()
    lowest_priority()


PR_SET_PDEATHSIG = 1


def lowest_priority() -> None:
    """In a child before ``exec`` (``preexec_fn``, with ``start_new_session``): run on CPU
    time nothing else wants. Linux shares the CPU between sessions first (autogroups), so the
    new session's group is lowered as well as the process."""
    os.nice(19)
    with contextlib.suppress(OSError), open("/proc/self/autogroup", "w") as fh:
        fh.write("19")


def child_env(extra: Mapping[str, str] | None = None) -> dict[str, str]:
    """Environment for a child: the repository importable, no proxies, no stray API settings."""
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.lower().endswith("_proxy")
        and not k.startswith(("PING_DATA_", "PLACE_ENRICHMENT_", "REPROMPT_"))
    }
    env["PYTHONPATH"] = os.pathsep.join([str(REPO), str(REPO / "facade"), str(REPO / "generated")])
    env["NO_PROXY"] = "127.0.0.1,localhost"
    env["PYTHONUNBUFFERED"] = "1"
    if extra:
        env.update(extra)
    return env


def run_measured(
    argv: Sequence[str],
    *,
    timeout: float,
    cwd: Path | None = None,
    env: Mapping[str, str] | None = None,
    log_path: Path | None = None,
    background: bool = False,
) -> Measurement:
    """Run ``argv`` to completion and measure it; raise :class:`ClientFailed` on error.

    The command is started by ``bench/launcher.py``, a small process that reaps it with
    ``os.wait4`` (so the bench's own memory never shows in the child's peak RSS). Output goes
    to files (never a pipe a busy child could block on); ``timeout`` kills the command.
    ``background``: at the lowest priority (see :func:`lowest_priority`).
    """
    log_dir = log_path.parent if log_path else Path(tempfile.gettempdir())
    log_dir.mkdir(parents=True, exist_ok=True)
    stem = log_path.name if log_path else f"bench-child-{os.getpid()}-{time.monotonic_ns()}"
    out_path = log_dir / f"{stem}.out"
    err_path = log_dir / f"{stem}.err"
    usage_path = log_dir / f"{stem}.usage.json"
    usage_path.unlink(missing_ok=True)
    with open(out_path, "wb") as out, open(err_path, "wb") as err:
        proc = subprocess.Popen(
            [PYTHON, "-I", "-S", str(LAUNCHER), str(usage_path), *argv],
            cwd=str(cwd or REPO),
            env=dict(env or child_env()),
            stdout=out,
            stderr=err,
            start_new_session=True,
            preexec_fn=background_child if background else die_with_parent,
        )
        try:
            proc.wait(timeout)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
            raise ClientFailed(
                f"timed out after {timeout:.0f} s: {' '.join(argv[:4])}..."
            ) from None
    m = _measurement(usage_path, out_path, err_path)
    if m.returncode != 0:
        tail = m.stderr.strip().splitlines()[-15:]
        raise ClientFailed(
            f"exit {m.returncode}: {' '.join(str(a) for a in argv[:6])}\n" + "\n".join(tail)
        )
    return m


def _measurement(usage_path: Path, out_path: Path, err_path: Path) -> Measurement:
    """What the launcher wrote about a finished child, with the child's output."""
    if not usage_path.is_file():
        raise ClientFailed(f"the launcher failed: {err_path.read_text(errors='replace')[-2000:]}")
    usage = json.loads(usage_path.read_text())
    return Measurement(
        wall=usage["wall"],
        user=usage["user"],
        system=usage["system"],
        max_rss_mb=usage["maxrss_kb"] / 1024.0,  # Linux reports KiB
        returncode=usage["exit"],
        started=usage["started"],
        finished=usage["finished"],
        stdout=out_path.read_text(errors="replace"),
        stderr=err_path.read_text(errors="replace"),
    )


def median(values: Sequence[float]) -> float:
    """Median of a non-empty sequence."""
    return float(statistics.median(values))
