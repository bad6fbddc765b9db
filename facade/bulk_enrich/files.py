"""Safe file names, origin checks and atomic file writes for downloads."""

from __future__ import annotations

import contextlib
import os
import re
import tempfile
from collections.abc import Iterator
from contextlib import ExitStack
from pathlib import Path
from typing import IO
from urllib.parse import urlsplit

_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")
_DEFAULT_PORTS = {"http": 80, "https": 443}


def safe_filename(name: str | None, fallback: str = "output.json") -> str:
    """Reduce a server-chosen name to a safe basename.

    No directory separators, no ``..``, no absolute path, no leading dot, no control
    characters; at most 128 characters. An empty result gives ``fallback``.
    """
    if not name:
        return fallback
    base = re.split(r"[\\/]", name)[-1]
    base = _UNSAFE.sub("_", base).strip("._-")
    base = re.sub(r"\.{2,}", ".", base)
    if not base:
        return fallback
    return base[:128]


def origin(url: str) -> tuple[str, str, int | None]:
    """(scheme, host, port) of a URL, with the scheme's default port made explicit."""
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    port = parts.port or _DEFAULT_PORTS.get(scheme)
    return scheme, (parts.hostname or "").lower(), port


def same_origin(url: str, base_url: str) -> bool:
    """True when ``url`` is on the same scheme, host and port as ``base_url`` (False for a URL
    that cannot be read: a port out of range, a broken host)."""
    try:
        return origin(url) == origin(base_url)
    except ValueError:
        return False


@contextlib.contextmanager
def atomic_writer(target: Path) -> Iterator[IO[bytes]]:
    """Write to a temporary file beside ``target``; rename over it only on success."""
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".part-", suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            yield fh
            fh.flush()
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def work_directory(stack: ExitStack, work_dir: str | Path | None) -> Path:
    """``work_dir`` (created if needed), or a temporary directory removed when ``stack`` closes."""
    if work_dir is None:
        return Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="bulk-enrich-")))
    directory = Path(work_dir)
    directory.mkdir(parents=True, exist_ok=True)
    return directory
