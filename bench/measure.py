"""Run a client as a child process and measure it: wall time, user+system CPU, peak RSS.

``os.wait4`` gives the resource usage of exactly that child (and the children it reaped), so
the emulator, which runs in its own process, is never counted.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import threading
import time
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
PYTHON = sys.executable


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
) -> Measurement:
    """Run ``argv`` to completion and measure it; raise :class:`ClientFailed` on error.

    Output goes to files (never a pipe a busy child could block on); ``timeout`` kills the
    child and raises.
    """
    log_dir = log_path.parent if log_path else Path(os.environ.get("TMPDIR", "/tmp"))
    log_dir.mkdir(parents=True, exist_ok=True)
    stem = log_path.name if log_path else f"bench-child-{os.getpid()}"
    out_path = log_dir / f"{stem}.out"
    err_path = log_dir / f"{stem}.err"
    with open(out_path, "wb") as out, open(err_path, "wb") as err:
        started = time.time()
        t0 = time.perf_counter()
        proc = subprocess.Popen(
            list(argv), cwd=str(cwd or REPO), env=dict(env or child_env()), stdout=out, stderr=err
        )
        timed_out = threading.Event()

        def kill() -> None:
            timed_out.set()
            proc.kill()

        timer = threading.Timer(timeout, kill)
        timer.daemon = True
        timer.start()
        try:
            _, status, rusage = os.wait4(proc.pid, 0)
        finally:
            timer.cancel()
        if timed_out.is_set():
            raise ClientFailed(f"timed out after {timeout:.0f} s: {' '.join(argv[:4])}...")
        wall = time.perf_counter() - t0
        finished = time.time()
    proc.returncode = os.waitstatus_to_exitcode(status)
    m = Measurement(
        wall=wall,
        user=rusage.ru_utime,
        system=rusage.ru_stime,
        max_rss_mb=rusage.ru_maxrss / 1024.0,  # Linux reports KiB
        returncode=proc.returncode,
        started=started,
        finished=finished,
        stdout=out_path.read_text(errors="replace"),
        stderr=err_path.read_text(errors="replace"),
    )
    if m.returncode != 0:
        tail = m.stderr.strip().splitlines()[-15:]
        raise ClientFailed(
            f"exit {m.returncode}: {' '.join(str(a) for a in argv[:6])}\n" + "\n".join(tail)
        )
    return m


def median(values: Sequence[float]) -> float:
    """Median of a non-empty sequence."""
    return float(statistics.median(values))
