"""gzip for request bodies and downloads: ISA-L (``isal``, in the ``fast`` extra) if importable,
else the standard library's zlib. Both read and write the same format.

Level 1 of either, chosen by measuring the bench's request bodies: the few more bytes a
location it sends than level 5 cost less, on any link, than the CPU level 5 spends to save
them, and a request body is sent once. ISA-L compresses at a fraction of zlib's CPU at the
same level, and decodes gzip-encoded outputs several times faster.
"""

from __future__ import annotations

import zlib
from types import ModuleType
from typing import Any, cast

#: gzip framing for ``compressobj``/``decompressobj`` (a header and a CRC, one member).
GZIP_WBITS = 16 + zlib.MAX_WBITS
#: ISA-L's levels are 0-3, zlib's 1-9; 1 is the fast end of both.
LEVEL = 1

_lib: ModuleType
try:
    from isal import isal_zlib

    _lib = isal_zlib
    LIBRARY = "isal"
    #: What a corrupt stream raises, whichever library decodes it.
    ERRORS: tuple[type[Exception], ...] = (
        zlib.error,
        cast(type[Exception], isal_zlib.IsalError),  # a class (the stub says an instance)
    )
except ImportError:  # the optional ``fast`` extra is not installed
    _lib = zlib
    LIBRARY = "zlib"
    ERRORS = (zlib.error,)


def gzip_compress(raw: bytes, level: int | None = None) -> bytes:
    """``raw`` as one gzip member (modification time 0): by the library in use at its
    :data:`LEVEL`, or, given a ``level``, by zlib at that level."""
    if level is None:
        return _lib.compress(raw, LEVEL, GZIP_WBITS)  # type: ignore[no-any-return]
    return zlib.compress(raw, level, GZIP_WBITS)


def gzip_decompressobj() -> Any:
    """A zlib-compatible decompressor of one gzip member (``decompress(data, max_length)``,
    ``unconsumed_tail``, ``unused_data``, ``eof``), raising one of :data:`ERRORS`."""
    return _lib.decompressobj(GZIP_WBITS)
