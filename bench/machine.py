"""Where the bench ran: date, cores, memory, CPU model, Python."""

from __future__ import annotations

import datetime as dt
import os
import platform
import subprocess
from pathlib import Path


def cpu_model() -> str:
    """CPU model name from /proc/cpuinfo (``unknown`` elsewhere)."""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def memory_total() -> str:
    """Total memory as ``free -h`` shows it."""
    try:
        out = subprocess.run(["free", "-h"], capture_output=True, text=True, check=True).stdout
        for line in out.splitlines():
            if line.startswith("Mem:"):
                return line.split()[1]
    except (OSError, subprocess.CalledProcessError):
        pass
    return "unknown"


def describe() -> dict[str, str | int]:
    """Machine facts for the report."""
    return {
        "date": dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "nproc": os.cpu_count() or 0,
        "memory": memory_total(),
        "cpu_model": cpu_model(),
        "python": platform.python_version(),
        "platform": platform.platform(terse=True),
        "load_average": " ".join(f"{x:.2f}" for x in os.getloadavg()),
    }
