"""A Python probe in a fresh interpreter: what a new process imports or sees."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Mapping


def python_probe(code: str, *, env: Mapping[str, str] | None = None, timeout: float = 120) -> str:
    """What ``python -c code`` prints; AssertionError (with its stderr) when it fails."""
    done = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
        env=None if env is None else {**os.environ, **env},
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return done.stdout
