"""One run per output: an exclusive lock held for the whole run, and no symlinked work files.

The lock is ``.OUTPUT.lock`` beside the output, locked with ``flock`` and holding the running
process's id: a second run on the same output stops at once (exit 2) and names the first. The
file is removed when the run ends; a lock file left by a killed run is free to take.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
from collections.abc import Iterator
from pathlib import Path

from bulk_enrich.cli.errors import UsageError
from bulk_enrich.cli.journal import journal_path, parts_dir


def lock_path(output: Path) -> Path:
    """Where the lock of a run writing ``output`` lives."""
    return output.with_name(f".{output.name}.lock")


def refuse_symlinks(output: Path) -> None:
    """A journal, parts folder or lock that is a symbolic link would put the run's files
    elsewhere (and remove them there): refused."""
    for path in (parts_dir(output), journal_path(output), lock_path(output)):
        if path.is_symlink():
            raise UsageError(
                f"{path} is a symbolic link; remove it (bulk-enrich keeps its work files "
                "beside the output, never behind a link)"
            )


@contextlib.contextmanager
def output_lock(output: Path) -> Iterator[None]:
    """Hold the output's lock for the block; UsageError at once if another run holds it."""
    path = lock_path(output)
    created = [d for d in path.parents if not d.exists()]  # innermost first
    path.parent.mkdir(parents=True, exist_ok=True)
    while True:
        fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.pread(fd, 64, 0).decode(errors="replace").strip() or "another process"
            os.close(fd)
            raise UsageError(
                f"another bulk-enrich run (process {holder}) is writing {output}; wait for it "
                f"to end, or choose another -o"
            ) from None
        if _same_file(fd, path):
            break
        os.close(fd)  # removed by the run that just ended: take the new one
    try:
        os.ftruncate(fd, 0)
        os.pwrite(fd, str(os.getpid()).encode(), 0)
        yield
    finally:
        with contextlib.suppress(OSError):
            path.unlink()
        os.close(fd)
        for directory in created:  # folders made for this run that it left empty
            with contextlib.suppress(OSError):
                directory.rmdir()


def _same_file(fd: int, path: Path) -> bool:
    try:
        on_disk = path.stat()
    except FileNotFoundError:
        return False
    held = os.fstat(fd)
    return (held.st_dev, held.st_ino) == (on_disk.st_dev, on_disk.st_ino)
