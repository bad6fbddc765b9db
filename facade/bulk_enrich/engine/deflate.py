"""gzip for request bodies and downloads: ISA-L (``isal``, in the ``fast`` extra) if importable,
else the standard library's zlib. Both read and write the same format.

The choice, measured on the bench's request bodies (10,000 locations, 109 bytes each as JSON;
CPU per location, bytes sent per location):

=====================  ==========  ==========
library, level         CPU         sent
=====================  ==========  ==========
zlib 5 (before)        2.2 us      23.7 B
zlib 1                 0.6 us      28.3 B
isal 0                 0.18 us     35.0 B
isal 1                 0.19 us     27.9 B
isal 2                 0.2-0.3 us  27.7 B
=====================  ==========  ==========

Level 1 of either: 4 more bytes per location (0.4 MB per 100,000, well under a second on any
link) cost less than the 1.6-2 us of CPU that level 5 spends on them, and a request body is
sent once. Decoding a gzip-encoded 10,000-location output (936 bytes per location) in the
client's 1 MiB steps: zlib 2.2-2.5 us per location, isal 0.5 us.
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
