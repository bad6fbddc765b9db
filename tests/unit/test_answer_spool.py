"""An answer's body while it is read: kept in memory up to a limit, on disk past it."""

from __future__ import annotations

import pytest
from bulk_enrich.drivers.common import Spool


@pytest.mark.parametrize("blocks", [[], [b"{}"], [b'{"a"', b": [1, ", b"2]}"]])
def test_a_small_answer_is_read_back_whole(blocks: list[bytes]) -> None:
    with Spool(limit=64) as spool:
        for block in blocks:
            assert spool.write(block) == len(block)
        spool.seek(0)
        assert spool.read() == b"".join(blocks)
        assert spool._file is None


def test_an_answer_past_the_limit_moves_to_disk_and_reads_back_whole() -> None:
    blocks = [bytes([65 + i]) * 40 for i in range(5)]
    with Spool(limit=64) as spool:
        for block in blocks:
            spool.write(block)
        assert spool._file is not None
        assert spool._blocks == []
        spool.seek(0)
        assert spool.read() == b"".join(blocks)
        file = spool._file
    assert file.closed
