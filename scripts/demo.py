"""``make demo``: enrich the bundled examples against the bundled emulator.

Starts ``bulk-enrich emulator`` on a free loopback port, runs ``bulk-enrich ping enhance`` on
examples/sov.csv and ``bulk-enrich places enrich`` on examples/stores.csv, writes
demo-output/*.enriched.csv, checks each has as many rows as its input, and always stops the
emulator. Exits non-zero if anything failed.
"""

from __future__ import annotations

import argparse
import csv
import os
import queue
import re
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
EXAMPLES = ROOT / "examples"
OUT = ROOT / "demo-output"
KEY = "emulator-key"
ORG = "demo"
LISTENING = re.compile(r"emulator listening on (http://\S+)")


def _cli() -> list[str]:
    script = BIN / "bulk-enrich"
    if script.exists():
        return [str(script)]
    return [sys.executable, "-c", "import sys; from bulk_enrich.cli import main; sys.exit(main())"]


def start_emulator(timeout: float = 30.0) -> tuple[subprocess.Popen[str], str]:
    """Start the emulator on a free port; return the process and its base URL."""
    proc = subprocess.Popen(
        [*_cli(), "emulator", "--host", "127.0.0.1", "--port", "0"],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        cwd=ROOT,
    )
    lines: queue.Queue[str | None] = queue.Queue()

    def pump() -> None:
        assert proc.stdout is not None
        for line in proc.stdout:
            lines.put(line)
        lines.put(None)

    threading.Thread(target=pump, daemon=True).start()
    deadline = time.monotonic() + timeout
    seen: list[str] = []
    while time.monotonic() < deadline:
        try:
            line = lines.get(timeout=0.2)
        except queue.Empty:
            continue
        if line is None:
            break
        seen.append(line)
        match = LISTENING.search(line)
        if match:
            return proc, match.group(1)
    stop(proc)
    raise RuntimeError("the emulator did not start:\n" + "".join(seen[-20:]))


def stop(proc: subprocess.Popen[str]) -> None:
    """Terminate the emulator and wait for it; kill it if it lingers."""
    if proc.poll() is not None:
        return
    proc.terminate()
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait(timeout=10)


def _shown(path: Path) -> Path:
    """``path`` relative to the repository when inside it."""
    return path.relative_to(ROOT) if path.is_relative_to(ROOT) else path


def count_rows(path: Path) -> int:
    """Data rows of a CSV file."""
    with path.open(encoding="utf-8-sig", newline="") as fh:
        return sum(1 for _ in csv.reader(fh)) - 1


def run(title: str, args: list[str], env: dict[str, str]) -> None:
    """Run one CLI command, echoing it; raise if it fails."""
    print(f"\n== {title}\n$ bulk-enrich {' '.join(args)}", flush=True)
    result = subprocess.run([*_cli(), *args], env=env, cwd=ROOT, check=False)
    if result.returncode != 0:
        raise RuntimeError(f"'bulk-enrich {args[0]} {args[1]}' exited {result.returncode}")


def main(argv: list[str] | None = None) -> int:
    """Run the demo; 0 on success."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=OUT, help="where to write (demo-output/)")
    out = parser.parse_args(argv).out.resolve()
    started = time.monotonic()
    out.mkdir(parents=True, exist_ok=True)
    proc, base_url = start_emulator()
    print(f"emulator: {base_url}", flush=True)
    try:
        env = {
            **os.environ,
            "PING_DATA_AUTH_TOKEN": KEY,
            "PING_DATA_BASE_URL": base_url,
            "PLACE_ENRICHMENT_API_KEY": KEY,
            "PLACE_ENRICHMENT_BASE_URL": base_url,
            "PLACE_ENRICHMENT_ORG": ORG,
        }
        jobs = [
            (
                "Ping.Data bulk enhance: a 2,000-building statement of values",
                EXAMPLES / "sov.csv",
                out / "sov.enriched.csv",
                ["ping", "enhance", "--sources", "PG,PH", "--chunk-size", "250"],
            ),
            (
                "Place Enrichment: a list of 500 stores and points of interest",
                EXAMPLES / "stores.csv",
                out / "stores.enriched.csv",
                ["places", "enrich", "--attributes", "websites,phoneNumbers"],
            ),
        ]
        for title, source, target, command in jobs:
            rel_in, rel_out = source.relative_to(ROOT), _shown(target)
            args = [*command[:2], str(rel_in), "-o", str(rel_out), *command[2:], "--restart"]
            run(title, args, env)
            rows_in, rows_out = count_rows(source), count_rows(target)
            if rows_in != rows_out:
                raise RuntimeError(f"{rel_out} has {rows_out} rows, {rel_in} has {rows_in}")
    except (RuntimeError, OSError) as exc:
        print(f"\ndemo failed: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("\ndemo interrupted", file=sys.stderr)
        return 130
    finally:
        stop(proc)
    print(
        f"\ndemo finished in {time.monotonic() - started:.1f}s; enriched files are in "
        f"{_shown(out)}/ ; the emulator is stopped",
        flush=True,
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
