"""The ``bulk-enrich`` command line.

Exit codes: 0 finished (even if some rows failed enrichment), 1 runtime failure or ``--strict``
with failed rows, 2 bad usage or bad input, 130 interrupted (the journal is kept; rerun to
resume).
"""

from __future__ import annotations

import atexit
import logging
import os
import signal
import sys
from collections.abc import Sequence
from types import FrameType

from bulk_enrich.cli.errors import EXIT_FAILED, EXIT_INTERRUPTED, EXIT_USAGE, CliError


def _on_sigterm(signum: int, frame: FrameType | None) -> None:
    raise KeyboardInterrupt


def _import_httpx_without_its_cli() -> None:
    """Import httpx without ``httpx._main``, its own command line (click, rich and pygments
    when they are installed: a third of httpx's import time), which this process never runs:
    a ``None`` in :data:`sys.modules` makes that one import fail, and httpx falls back to a
    stub ``httpx.main``. Nothing else changes; a program that already imported httpx keeps
    its own."""
    if "httpx" in sys.modules or "httpx._main" in sys.modules:
        return
    sys.modules["httpx._main"] = None  # type: ignore[assignment]
    try:
        import httpx  # noqa: F401
    except ImportError:  # an httpx that needs its command line after all: import it whole
        for name in [n for n in sys.modules if n == "httpx" or n.startswith("httpx.")]:
            del sys.modules[name]
    finally:
        if sys.modules.get("httpx._main", 0) is None:
            del sys.modules["httpx._main"]


def _join_relative_times(args: list[str]) -> list[str]:
    """``--start -7d`` -> ``--start=-7d`` (argparse would take ``-7d`` for an option)."""
    out: list[str] = []
    i = 0
    while i < len(args):
        arg = args[i]
        following = args[i + 1] if i + 1 < len(args) else ""
        if arg in ("--start", "--end") and following[:1] == "-" and following[1:2].isdigit():
            out.append(f"{arg}={following}")
            i += 2
            continue
        out.append(arg)
        i += 1
    return out


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``bulk-enrich`` console script."""
    args = list(sys.argv[1:] if argv is None else argv)
    if args and args[0] == "emulator":
        try:
            from bulk_enrich_emulator.cli import main as emulator_main
        except ModuleNotFoundError as exc:
            print(
                f"bulk-enrich: error: the emulator needs the 'emulator' extra ({exc.name} is "
                "missing): pip install 'bulk-enrich[emulator]'",
                file=sys.stderr,
            )
            return EXIT_USAGE

        return int(emulator_main(args[1:]))

    from bulk_enrich.cli.parser import build_parser

    parser = build_parser()
    namespace = parser.parse_args(_join_relative_times(args))  # --help ends here, light
    _import_httpx_without_its_cli()
    from bulk_enrich.cli.commands import dispatch
    from bulk_enrich.cli.gcpolicy import quiet_collector

    verbose = int(getattr(namespace, "verbose", 0) or 0)
    logging.basicConfig(
        level=logging.DEBUG if verbose > 1 else logging.INFO if verbose else logging.WARNING,
        format="bulk-enrich: %(levelname)s: %(name)s: %(message)s",
        stream=sys.stderr,
    )
    previous = None
    try:
        previous = signal.signal(signal.SIGTERM, _on_sigterm)
    except ValueError:  # not the main thread (e.g. called from a test's worker thread)
        previous = None
    try:
        with quiet_collector():
            return dispatch(namespace, parser)
    except CliError as exc:
        print(f"bulk-enrich: error: {exc}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print(
            "\nbulk-enrich: interrupted; run the same command again to resume "
            "(recorded jobs are reattached, not resubmitted)",
            file=sys.stderr,
        )
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        return EXIT_FAILED
    except Exception as exc:  # the last line of defence: one line, no traceback
        if verbose > 1:
            raise
        kind = type(exc).__name__
        print(f"bulk-enrich: error: {kind}: {exc} (run with -vv for details)", file=sys.stderr)
        return EXIT_FAILED
    finally:
        if previous is not None:
            signal.signal(signal.SIGTERM, previous)


def console() -> None:
    """The ``bulk-enrich`` console script: :func:`main`, then the process ends at once.

    When :func:`main` returns, the run has closed every file it wrote; what is left is the
    interpreter's teardown, which frees the objects of a large run one by one and delays the
    exit for nothing. So the exit handlers run (logging is flushed), the standard streams are
    flushed, and the process exits without it. Only here: :func:`main` itself returns
    normally, for programs and tests that call it.
    """
    code = main()
    try:
        atexit._run_exitfuncs()
        for stream in (sys.stdout, sys.stderr):
            if stream is not None:
                stream.flush()
    except BrokenPipeError:  # stdout closed early by a pipe's reader: as main() says
        code = code or EXIT_FAILED
    except Exception:  # a flush that fails: exit as Python would, with its teardown
        sys.exit(code)
    os._exit(code)


__all__ = ["EXIT_USAGE", "console", "main"]
