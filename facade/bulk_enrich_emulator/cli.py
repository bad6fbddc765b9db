"""The emulator's command line (``python -m bulk_enrich_emulator``, ``bulk-enrich emulator``).

Once listening it prints one line on stdout, ``emulator listening on http://HOST:PORT``, the
URL it is bound to (with ``--port 0``, the free port picked), then serves until SIGINT/SIGTERM.
"""

from __future__ import annotations

import argparse
import contextlib
import logging
import signal
import sys
from collections.abc import Sequence
from pathlib import Path

from .config import MODES, PLACE_METADATA, EmulatorConfig, FaultConfig
from .server import LOOPBACK, bind_socket, serve


def _place_key(text: str) -> tuple[str, str | None]:
    key, sep, org = text.partition("=")
    if not key:
        raise argparse.ArgumentTypeError("expected KEY or KEY=ORG")
    return key, (org or None) if sep else None


#: The line printed on stdout once the port is bound: ``LISTENING.format(url=...)``.
LISTENING = "emulator listening on {url}"
DEFAULT_PROG = "bulk-enrich emulator"


class _DefaultsShown(argparse.HelpFormatter):
    """Each option's help ends with its default, unless it has none worth showing."""

    def _get_help_string(self, action: argparse.Action) -> str | None:
        text = action.help or ""
        default = action.default
        shown = not (default is None or default is False or default == argparse.SUPPRESS)
        if shown and "%(default)" not in text and "default" not in text:
            text += " (default: %(default)s)"
        return text


def build_parser(prog: str = DEFAULT_PROG) -> argparse.ArgumentParser:
    """The emulator's argument parser: every option described, with its default."""
    parser = argparse.ArgumentParser(
        prog=prog,
        description="Serve a stateful emulator of the Ping.Data and Place Enrichment APIs.",
        epilog=(
            "Once listening, one line goes to stdout: 'emulator listening on http://HOST:PORT' "
            "(the bound URL, so --port 0 reports the port it picked). SIGINT or SIGTERM stops "
            "the server; the exit status is then 0."
        ),
        formatter_class=_DefaultsShown,
    )
    _server_options(parser.add_argument_group("server and keys"))
    _pacing_options(parser.add_argument_group("jobs and quotas"))
    _fault_options(parser.add_argument_group("faults (rates are fractions of answers, 0 to 1)"))
    return parser


def _server_options(group: argparse._ArgumentGroup) -> None:
    group.add_argument("--host", default="127.0.0.1", help="address to bind (loopback)")
    group.add_argument(
        "--port", type=int, default=8765, help="port; 0 picks a free one, printed when listening"
    )
    group.add_argument("--allow-remote", action="store_true", help="allow a non-loopback --host")
    group.add_argument(
        "--api-key",
        action="append",
        dest="api_keys",
        metavar="KEY",
        help="accepted Ping.Data key, repeatable (none given: emulator-key)",
    )
    group.add_argument(
        "--place-api-key",
        action="append",
        dest="place_keys",
        type=_place_key,
        metavar="KEY[=ORG]",
        help="accepted Place key, optionally bound to an org, repeatable (none given: "
        "emulator-key, any org)",
    )
    group.add_argument(
        "--data-dir",
        type=Path,
        default=None,
        help="where job output files are written (default: a temporary folder, removed on stop)",
    )
    group.add_argument("--seed", type=int, default=0, help="seed of the faults' randomness")
    group.add_argument(
        "--state",
        type=Path,
        default=None,
        metavar="PATH",
        help="keep Ping.Data jobs in this SQLite file, so a restart keeps them (default: memory)",
    )


def _pacing_options(group: argparse._ArgumentGroup) -> None:
    group.add_argument(
        "--rate", type=float, default=5000.0, help="locations or places processed per second"
    )
    group.add_argument(
        "--mode",
        choices=MODES,
        default="rate",
        help="rate: paced by --rate; instant: done once created; manual: after polls",
    )
    group.add_argument(
        "--polls-to-complete",
        type=int,
        default=3,
        help="status calls before a job completes in manual mode",
    )
    group.add_argument(
        "--queue-delay", type=float, default=0.1, help="seconds a new job waits in the queue"
    )
    group.add_argument(
        "--output-lag",
        type=float,
        default=0.0,
        help="seconds a completed job's output still answers 404",
    )
    group.add_argument(
        "--place-metadata",
        choices=PLACE_METADATA,
        default="null",
        help="batch metadata: null (the vendor's document) or filled (its guide's statistics)",
    )
    group.add_argument(
        "--place-failure-rate",
        type=float,
        default=0.0,
        help="fraction of places whose first attempt fails",
    )
    group.add_argument(
        "--daily-quota", type=int, default=5_000_000, help="credits per source per day (/limits)"
    )
    group.add_argument(
        "--monthly-quota",
        type=int,
        default=100_000_000,
        help="credits per source per month (/limits)",
    )


def _fault_options(group: argparse._ArgumentGroup) -> None:
    group.add_argument("--error-rate", type=float, default=0.0, help="answers that are a 5xx")
    group.add_argument("--rate-limit-rate", type=float, default=0.0, help="answers that are a 429")
    group.add_argument(
        "--retry-after", type=float, default=1.0, help="seconds a 429's Retry-After asks for"
    )
    group.add_argument(
        "--latency", type=float, default=0.0, help="seconds added before every answer"
    )
    group.add_argument(
        "--drop-rate", type=float, default=0.0, help="connections closed without an answer"
    )
    group.add_argument(
        "--truncate-rate", type=float, default=0.0, help="answers cut short mid-body"
    )
    group.add_argument(
        "--corrupt-rate", type=float, default=0.0, help="answers whose body is not valid JSON"
    )
    group.add_argument(
        "--post-fault-after-create",
        action="store_true",
        help="5xx/drops on job-creating POSTs strike after the job exists",
    )
    group.add_argument(
        "--max-streak",
        type=int,
        default=None,
        help="at most this many faulty answers in a row on one URL path (default: no bound)",
    )


def config_from_args(args: argparse.Namespace) -> EmulatorConfig:
    """An ``EmulatorConfig`` from parsed arguments."""
    faults = FaultConfig(
        error_rate=args.error_rate,
        rate_limit_rate=args.rate_limit_rate,
        retry_after=args.retry_after,
        latency=args.latency,
        drop_rate=args.drop_rate,
        truncate_rate=args.truncate_rate,
        corrupt_rate=args.corrupt_rate,
        post_fault_after_create=args.post_fault_after_create,
        max_streak=args.max_streak,
    )
    return EmulatorConfig(
        ping_api_keys=tuple(args.api_keys or ("emulator-key",)),
        place_api_keys=dict(args.place_keys or [("emulator-key", None)]),
        rate=args.rate,
        queue_delay=args.queue_delay,
        mode=args.mode,
        polls_to_complete=args.polls_to_complete,
        output_lag=args.output_lag,
        faults=faults,
        data_dir=args.data_dir,
        seed=args.seed,
        place_failure_rate=args.place_failure_rate,
        state_path=args.state,
        place_metadata=args.place_metadata,
        daily_quota=args.daily_quota,
        monthly_quota=args.monthly_quota,
    )


def main(argv: Sequence[str] | None = None, prog: str = DEFAULT_PROG) -> int:
    """Run the emulator until SIGINT/SIGTERM; returns the exit status."""
    parser = build_parser(prog)
    args = parser.parse_args(list(sys.argv[1:] if argv is None else argv))
    if args.host not in LOOPBACK and not args.allow_remote:
        parser.error(f"refusing to listen on {args.host!r}: pass --allow-remote to allow it")
    try:
        config = config_from_args(args)
    except ValueError as exc:
        parser.error(str(exc))
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    try:
        sock = bind_socket(args.host, args.port)
    except OSError as exc:
        print(f"cannot listen on {args.host}:{args.port}: {exc}", file=sys.stderr)
        return 1
    port = sock.getsockname()[1]
    host = f"[{args.host}]" if ":" in args.host else args.host
    sys.stdout.write(LISTENING.format(url=f"http://{host}:{port}") + "\n")
    sys.stdout.flush()
    # The server handles SIGTERM itself and re-raises it once shut down: exit 0 then.
    signal.signal(signal.SIGTERM, lambda signum, frame: None)
    with contextlib.suppress(KeyboardInterrupt):
        serve(config, args.host, port, sock=sock)
    return 0
