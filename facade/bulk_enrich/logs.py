"""The package's loggers: every value interpolated into a message is escaped first.

Job ids, states, messages and URLs come from servers; a newline or a terminal escape in one
must not forge a log line or recolour a terminal. ``get_logger(name)`` wraps the standard
logger of that name (handlers and levels are configured on it as usual) and passes each
argument that is not a number through :func:`bulk_enrich.errors.shown`.
"""

from __future__ import annotations

import logging
from typing import Any

from bulk_enrich.errors import shown


class _Escaping(logging.LoggerAdapter):  # type: ignore[type-arg]
    def log(self, level: int, msg: object, *args: object, **kwargs: Any) -> None:
        safe = tuple(a if isinstance(a, int | float) else shown(a) for a in args)
        kwargs["stacklevel"] = kwargs.get("stacklevel", 1) + 1  # name the caller, not this
        super().log(level, msg, *safe, **kwargs)

    def process(self, msg: Any, kwargs: Any) -> tuple[Any, Any]:
        return msg, kwargs


def get_logger(name: str) -> logging.LoggerAdapter:  # type: ignore[type-arg]
    """The logger ``name``, escaping what it interpolates."""
    return _Escaping(logging.getLogger(name), extra=None)
