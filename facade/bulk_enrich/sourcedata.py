"""``SourceData``: one source's answer for one location, typed, with ``None`` for what is missing.

The fields the spec declares for a source item (``SourceResult``) are typed attributes that are
``None`` when the server left them out; a value a source nests in ``external_data`` (PH's
``fema_flood_zone``) is read by the same name as its ``to_row()`` column. Other fields a source
adds are read with :meth:`SourceData.get`. The generated model stays available as ``model``.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from bulk_enrich.engine.coerce import Kind, model_fields
from bulk_enrich.logs import get_logger

if TYPE_CHECKING:
    from ping_data_api.models.source_result import SourceResult

log = get_logger("bulk_enrich.results")


def source_model(raw: Mapping[str, Any]) -> SourceResult:
    """Build the generated ``SourceResult`` from a raw item, tolerating unforeseen shapes."""
    from ping_data_api.models.source_result import SourceResult  # a Place run needs no Ping model

    try:
        return SourceResult.from_dict(raw)
    except Exception:  # an answer the spec does not foresee must not crash the caller
        log.debug("source item does not match the spec; keeping it raw", exc_info=True)
        model = SourceResult(is_success=raw.get("is_success") is True)
        model.additional_properties = {k: v for k, v in raw.items() if k != "is_success"}
        return model


@functools.cache
def declared_fields() -> dict[str, Kind | None]:
    """Wire name -> type of every declared field but ``external_data`` (merged into the rest)."""
    from ping_data_api.models.source_result import SourceResult

    fields = {k: v for k, v in model_fields(SourceResult).items() if k != "external_data"}
    return {"is_success": "bool", **fields}


class SourceData:
    """One source's answer for one location: declared fields as attributes, ``None`` if missing.

    ``is_success`` is a bool; every other declared field is ``<type> | None``. ``get(name)``
    reads any field, declared or not, top level first, then ``external_data``; ``raw`` is the
    server's dict and ``model`` the generated ``SourceResult``.
    """

    __slots__ = ("_model", "raw")

    if TYPE_CHECKING:  # the declared fields (tests check they match the generated model)
        error_message: str | None
        status_code: int | None
        fetch_time: float | None
        confidence: float | None
        is_cache_hit: bool | None
        latitude: float | None
        longitude: float | None
        formatted_address: str | None
        location_type: str | None
        street_number: str | None
        route: str | None
        address_line_1: str | None
        address_line_2: str | None
        city: str | None
        county: str | None
        state: str | None
        postal_code: str | None
        country: str | None
        place_id: str | None
        fema_flood_zone: str | None
        elevation: float | None
        bldg_year_built: int | None

    def __init__(self, raw: Mapping[str, Any]) -> None:
        self.raw: Mapping[str, Any] = raw
        self._model: SourceResult | None = None

    @property
    def is_success(self) -> bool:
        """True when this source answered for this location."""
        return self.raw.get("is_success") is True

    @property
    def external_data(self) -> dict[str, Any]:
        """The source's nested extra values (empty if none)."""
        value = self.raw.get("external_data")
        return dict(value) if isinstance(value, dict) else {}

    def get(self, name: str, default: Any = None) -> Any:
        """Any field by its wire name, top level first, then ``external_data``."""
        value = self.raw.get(name)
        if value is None and name != "external_data":
            nested = self.raw.get("external_data")
            if isinstance(nested, dict):
                value = nested.get(name)
        return default if value is None else value

    @property
    def additional_properties(self) -> dict[str, Any]:
        """Fields the spec does not declare (as on the generated model)."""
        known = declared_fields()
        return {k: v for k, v in self.raw.items() if k not in known and k != "external_data"}

    @property
    def model(self) -> SourceResult:
        """The generated ``SourceResult`` (built on first use)."""
        if self._model is None:
            self._model = source_model(self.raw)
        return self._model

    def to_dict(self) -> dict[str, Any]:
        """The server's dict, as sent."""
        return dict(self.raw)

    if not TYPE_CHECKING:

        def __getattr__(self, name: str) -> Any:
            if name in declared_fields():
                return self.get(name)
            if not name.startswith("_") and self.get(name) is not None:
                return self.get(name)
            raise AttributeError(
                f"{name!r} is not a declared field of this source; use .get({name!r})"
            )

    def __eq__(self, other: object) -> bool:
        return isinstance(other, SourceData) and self.raw == other.raw

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        shown = {k: v for k, v in self.raw.items() if v is not None and k != "raw_response"}
        return f"SourceData({shown!r})"
