"""The library pays once: ``dedupe=`` and ``cache=`` of ``enhance_many``."""

from __future__ import annotations

from pathlib import Path

from bulk_enrich import PingData
from bulk_enrich.resultcache import ResultCache, location_key
from bulk_enrich_emulator import EmulatorHandle

KEY = "emulator-key"
LOCATIONS = [
    {"id": "a", "address": "1 Main St, Boston, MA 02110"},
    {"id": "b", "address": "1 MAIN ST.  boston ma 02110"},  # the same location
    {"id": "c", "address": "5 Elm St, Austin, TX"},
    {"id": "d", "latitude": 41.8781, "longitude": -87.6298},
]


def _sent(emulator: EmulatorHandle) -> int:
    return sum(job["size"] for job in emulator.stats()["jobs"].values())


def test_location_key_ignores_ids_case_spaces_and_punctuation() -> None:
    assert location_key(LOCATIONS[0]) == location_key(LOCATIONS[1])
    assert location_key(LOCATIONS[0]) != location_key(LOCATIONS[2])
    inputs = {"place_id": "1", "inputs": {"name": "Joe's", "full_address": "7 Carmine St"}}
    assert location_key(inputs) == location_key(
        {"inputs": {"name": "joes", "full_address": "7 carmine st"}}
    )


def test_dedupe_and_cache_send_each_location_once(emulator: EmulatorHandle, tmp_path: Path) -> None:
    path = tmp_path / "results.sqlite"
    with PingData(api_key=KEY, base_url=emulator.base_url) as ping:
        with ResultCache(path, max_age=3600, scope={"server": emulator.base_url}) as cache:
            first = ping.enhance_many(LOCATIONS, sources=["pg"], dedupe=True, cache=cache)
        assert list(first) == ["a", "b", "c", "d"]
        assert first["b"]["PG"].latitude == first["a"]["PG"].latitude
        assert first.saved == {"dedupe": 1, "cache": 0}
        assert _sent(emulator) == 3
        with ResultCache(path, max_age=3600, scope={"server": emulator.base_url}) as cache:
            again = ping.enhance_many(LOCATIONS, sources=["PG"], dedupe=True, cache=cache)
        assert _sent(emulator) == 3  # nothing sent
        assert again.saved == {"dedupe": 1, "cache": 3}
        assert [r.to_row() for r in again.values()] == [r.to_row() for r in first.values()]
        changed = [*LOCATIONS[:3], {"id": "d", "address": "9 Oak Ave, Miami, FL"}]
        with ResultCache(path, max_age=3600, scope={"server": emulator.base_url}) as cache:
            ping.enhance_many(changed, sources=["PG"], cache=cache)
        assert _sent(emulator) == 4  # only the changed location
        plain = ping.enhance_many(LOCATIONS, sources=["PG"])
    assert plain.saved == {}
    assert _sent(emulator) == 8  # by default every location is sent
