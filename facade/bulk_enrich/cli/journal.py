"""The resume journal: versioned plain JSON beside the output, rewritten atomically.

It records what the run is (command, input SHA-256, options that shape the jobs, API origin)
and, the moment each is known, the job or batch id of every chunk. Never a key.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import json
import os
import shutil
import tempfile
import threading
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bulk_enrich.cli.errors import UsageError
from bulk_enrich.cli.writers import fsync_dir

JOURNAL_VERSION = 1
JOURNAL_SUFFIX = ".journal.json"
PARTS_SUFFIX = ".parts"


def journal_path(output: Path) -> Path:
    """Where the journal of a run writing ``output`` lives."""
    return output.with_name(output.name + JOURNAL_SUFFIX)


def parts_dir(output: Path) -> Path:
    """Where downloaded chunk outputs of a run writing ``output`` are kept until it finishes."""
    return output.with_name(output.name + PARTS_SUFFIX)


def fingerprint(command: str, input_sha256: str, options: dict[str, Any]) -> str:
    """SHA-256 over the command, the input file's SHA-256 and the job-shaping options."""
    blob = json.dumps(
        {"command": command, "input": input_sha256, "options": options},
        sort_keys=True,
        separators=(",", ":"),
    )
    return hashlib.sha256(blob.encode()).hexdigest()


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


def write_json_atomic(path: Path, data: Any) -> None:
    """Write JSON to a temp file beside ``path``, fsync it, rename it over ``path``."""
    fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            json.dump(data, fh, indent=2, sort_keys=True)
            fh.write("\n")
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp_name, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp_name)
        raise
    fsync_dir(path.parent)


@dataclass
class Journal:
    """One run's journal; :meth:`record` is safe to call from several threads."""

    path: Path
    command: str
    input_path: str
    input_sha256: str
    options: dict[str, Any]
    origin: str
    chunks: dict[int, str] = field(default_factory=dict)
    created_at: str = field(default_factory=_now)
    updated_at: str = field(default_factory=_now)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False, compare=False)

    @property
    def fingerprint(self) -> str:
        """The fingerprint of input and options this journal was written for."""
        return fingerprint(self.command, self.input_sha256, self.options)

    def to_json(self) -> dict[str, Any]:
        """The journal's JSON form."""
        return {
            "version": JOURNAL_VERSION,
            "tool": "bulk-enrich",
            "command": self.command,
            "fingerprint": self.fingerprint,
            "input": {"path": self.input_path, "sha256": self.input_sha256},
            "options": self.options,
            "api_origin": self.origin,
            "chunks": {str(k): v for k, v in sorted(self.chunks.items())},
            "created_at": self.created_at,
            "updated_at": self.updated_at,
        }

    def save(self) -> None:
        """Rewrite the journal atomically."""
        with self._lock:
            self._save_locked()

    def _save_locked(self) -> None:
        self.updated_at = _now()
        write_json_atomic(self.path, self.to_json())

    def record(self, chunk_index: int, job_id: str) -> None:
        """Record a chunk's job (or batch) id and persist it before returning."""
        with self._lock:
            self.chunks[int(chunk_index)] = str(job_id)
            self._save_locked()

    def delete(self) -> None:
        """Remove the journal file."""
        with contextlib.suppress(FileNotFoundError):
            self.path.unlink()

    @classmethod
    def load(cls, path: Path) -> Journal | None:
        """The journal at ``path``, or None if there is none; :class:`UsageError` if unreadable."""
        try:
            raw = json.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return None
        except (OSError, ValueError) as exc:
            raise UsageError(
                f"{path.name}: unreadable resume journal ({exc}); rerun with --restart "
                "to discard it"
            ) from None
        if not isinstance(raw, dict) or raw.get("version") != JOURNAL_VERSION:
            version = raw.get("version") if isinstance(raw, dict) else None
            raise UsageError(
                f"{path.name}: resume journal version {version!r} is not supported "
                f"(expected {JOURNAL_VERSION}); rerun with --restart to discard it"
            )
        try:
            return cls(
                path=path,
                command=str(raw["command"]),
                input_path=str(raw["input"]["path"]),
                input_sha256=str(raw["input"]["sha256"]),
                options=dict(raw["options"]),
                origin=str(raw["api_origin"]),
                chunks={int(k): str(v) for k, v in raw.get("chunks", {}).items()},
                created_at=str(raw.get("created_at", "")),
                updated_at=str(raw.get("updated_at", "")),
            )
        except (KeyError, TypeError, ValueError, AttributeError) as exc:
            raise UsageError(
                f"{path.name}: malformed resume journal (missing {exc}); rerun with --restart "
                "to discard it"
            ) from None

    def mismatch(self, other: Journal) -> str | None:
        """Why ``other`` (this run) cannot resume this journal, or None if it can."""
        if self.command != other.command:
            return f"it records a '{self.command}' run, not '{other.command}'"
        if self.input_sha256 != other.input_sha256:
            return f"the input file changed since (it recorded {self.input_path})"
        if self.options != other.options:
            changed = sorted(
                k
                for k in set(self.options) | set(other.options)
                if self.options.get(k) != other.options.get(k)
            )
            return "the options differ: " + ", ".join(
                f"{k} was {self.options.get(k)!r}, now {other.options.get(k)!r}" for k in changed
            )
        if self.origin != other.origin:
            return f"its jobs live on {self.origin}, this run talks to {other.origin}"
        return None


def open_journal(fresh: Journal, *, restart: bool) -> tuple[Journal, bool]:
    """The journal to use: the recorded one when it matches ``fresh``, else ``fresh``.

    Returns ``(journal, resumed)``. A recorded journal for different input, options or API
    raises :class:`UsageError` unless ``restart``, which discards it.
    """
    existing = Journal.load(fresh.path)
    if existing is not None and (restart or not existing.chunks):  # nothing to lose
        existing.delete()
        existing = None
    if existing is None:
        fresh.save()
        return fresh, False
    reason = existing.mismatch(fresh)
    if reason is not None:
        raise UsageError(
            f"{fresh.path.name} records an unfinished run for this output, but {reason}. "
            "Rerun with the same arguments to resume it, or add --restart to discard it "
            "(its jobs are then not reused)"
        )
    return existing, True


#: Files of a parts directory unlinked at once: unlinking a large file frees its blocks, which
#: the file system does faster for several files at a time than one after another.
REMOVERS = 4


def remove_tree(path: Path) -> None:
    """Delete a parts directory if present: its files (the downloaded outputs, large)
    several at a time, then whatever is left. Symbolic links are removed, never followed."""
    try:
        with os.scandir(path) as entries:
            files = [e.path for e in entries if e.is_file(follow_symlinks=False)]
    except OSError:
        files = []
    if len(files) > 1:
        with ThreadPoolExecutor(REMOVERS, thread_name_prefix="bulk-enrich-remove") as pool:
            for _ in pool.map(_unlink, files):
                pass
    shutil.rmtree(path, ignore_errors=True)


def _unlink(path: str) -> None:
    with contextlib.suppress(OSError):
        os.unlink(path)
