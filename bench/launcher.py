"""Start one measured command from a small process and report its resource usage as JSON.

``python -I -S bench/launcher.py REPORT.json ARGV...`` forks, execs ``ARGV`` and writes
``{"wall", "user", "system", "maxrss_kb", "exit", "started", "finished"}`` after reaping it.

Why a launcher: Linux carries a parent's memory high-water mark into a child it spawns (the
parent's address space is the child's until ``exec``), so a child started straight from the
bench, which holds large inputs, would report the bench's peak RSS instead of its own. This
process stays at a few megabytes. Only the standard library is used (it runs with ``-I -S``).
"""

import json
import os
import signal
import sys
import time


def main() -> int:
    """Run the command, write the report, exit with the command's exit code."""
    report, argv = sys.argv[1], sys.argv[2:]
    started = time.time()
    t0 = time.perf_counter()
    pid = os.fork()
    if pid == 0:  # the child: become the command
        try:
            os.execvp(argv[0], argv)
        finally:
            os._exit(127)

    def forward(signum: int, frame: object) -> None:  # the bench stops us: stop it too
        os.kill(pid, signal.SIGKILL)

    signal.signal(signal.SIGTERM, forward)
    _, status, usage = os.wait4(pid, 0)
    wall = time.perf_counter() - t0
    code = os.waitstatus_to_exitcode(status)
    with open(report, "w") as fh:
        json.dump(
            {
                "wall": wall,
                "user": usage.ru_utime,
                "system": usage.ru_stime,
                "maxrss_kb": usage.ru_maxrss,
                "exit": code,
                "started": started,
                "finished": time.time(),
            },
            fh,
        )
    return code if code >= 0 else 128 - code


if __name__ == "__main__":
    sys.exit(main())
