from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.datasource_config_base_output_fields import (
        DatasourceConfigBaseOutputFields,
    )
    from ..models.datasource_config_non_supported_input_values_type_0 import (
        DatasourceConfigNonSupportedInputValuesType0,
    )
    from ..models.datasource_config_output_fields import DatasourceConfigOutputFields


T = TypeVar("T", bound="DatasourceConfig")


@_attrs_define
class DatasourceConfig:
    """
    Attributes:
        source_name (str):
        source_code (str):
        required_attrs (list[str] | Unset):
        optional_attrs (list[str] | Unset):
        requires_credentials (bool | Unset):
        non_supported_input_values (DatasourceConfigNonSupportedInputValuesType0 | None | Unset):
        supported_countries (list[str] | None | Unset):
        supported_us_states (list[str] | None | Unset):
        excluded_us_states (list[str] | None | Unset):
        geocode_confidence_required (float | None | Unset):
        geocode_precision_required (None | str | Unset):
        output_fields (DatasourceConfigOutputFields | Unset):
        base_output_fields (DatasourceConfigBaseOutputFields | Unset):
    """

    source_name: str
    source_code: str
    required_attrs: list[str] | Unset = UNSET
    optional_attrs: list[str] | Unset = UNSET
    requires_credentials: bool | Unset = UNSET
    non_supported_input_values: (
        DatasourceConfigNonSupportedInputValuesType0 | None | Unset
    ) = UNSET
    supported_countries: list[str] | None | Unset = UNSET
    supported_us_states: list[str] | None | Unset = UNSET
    excluded_us_states: list[str] | None | Unset = UNSET
    geocode_confidence_required: float | None | Unset = UNSET
    geocode_precision_required: None | str | Unset = UNSET
    output_fields: DatasourceConfigOutputFields | Unset = UNSET
    base_output_fields: DatasourceConfigBaseOutputFields | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.datasource_config_non_supported_input_values_type_0 import (
            DatasourceConfigNonSupportedInputValuesType0,
        )

        source_name = self.source_name

        source_code = self.source_code

        required_attrs: list[str] | Unset = UNSET
        if not isinstance(self.required_attrs, Unset):
            required_attrs = self.required_attrs

        optional_attrs: list[str] | Unset = UNSET
        if not isinstance(self.optional_attrs, Unset):
            optional_attrs = self.optional_attrs

        requires_credentials = self.requires_credentials

        non_supported_input_values: dict[str, Any] | None | Unset
        if isinstance(self.non_supported_input_values, Unset):
            non_supported_input_values = UNSET
        elif isinstance(
            self.non_supported_input_values,
            DatasourceConfigNonSupportedInputValuesType0,
        ):
            non_supported_input_values = self.non_supported_input_values.to_dict()
        else:
            non_supported_input_values = self.non_supported_input_values

        supported_countries: list[str] | None | Unset
        if isinstance(self.supported_countries, Unset):
            supported_countries = UNSET
        elif isinstance(self.supported_countries, list):
            supported_countries = self.supported_countries

        else:
            supported_countries = self.supported_countries

        supported_us_states: list[str] | None | Unset
        if isinstance(self.supported_us_states, Unset):
            supported_us_states = UNSET
        elif isinstance(self.supported_us_states, list):
            supported_us_states = self.supported_us_states

        else:
            supported_us_states = self.supported_us_states

        excluded_us_states: list[str] | None | Unset
        if isinstance(self.excluded_us_states, Unset):
            excluded_us_states = UNSET
        elif isinstance(self.excluded_us_states, list):
            excluded_us_states = self.excluded_us_states

        else:
            excluded_us_states = self.excluded_us_states

        geocode_confidence_required: float | None | Unset
        if isinstance(self.geocode_confidence_required, Unset):
            geocode_confidence_required = UNSET
        else:
            geocode_confidence_required = self.geocode_confidence_required

        geocode_precision_required: None | str | Unset
        if isinstance(self.geocode_precision_required, Unset):
            geocode_precision_required = UNSET
        else:
            geocode_precision_required = self.geocode_precision_required

        output_fields: dict[str, Any] | Unset = UNSET
        if not isinstance(self.output_fields, Unset):
            output_fields = self.output_fields.to_dict()

        base_output_fields: dict[str, Any] | Unset = UNSET
        if not isinstance(self.base_output_fields, Unset):
            base_output_fields = self.base_output_fields.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "source_name": source_name,
                "source_code": source_code,
            }
        )
        if required_attrs is not UNSET:
            field_dict["required_attrs"] = required_attrs
        if optional_attrs is not UNSET:
            field_dict["optional_attrs"] = optional_attrs
        if requires_credentials is not UNSET:
            field_dict["requires_credentials"] = requires_credentials
        if non_supported_input_values is not UNSET:
            field_dict["non_supported_input_values"] = non_supported_input_values
        if supported_countries is not UNSET:
            field_dict["supported_countries"] = supported_countries
        if supported_us_states is not UNSET:
            field_dict["supported_us_states"] = supported_us_states
        if excluded_us_states is not UNSET:
            field_dict["excluded_us_states"] = excluded_us_states
        if geocode_confidence_required is not UNSET:
            field_dict["geocode_confidence_required"] = geocode_confidence_required
        if geocode_precision_required is not UNSET:
            field_dict["geocode_precision_required"] = geocode_precision_required
        if output_fields is not UNSET:
            field_dict["output_fields"] = output_fields
        if base_output_fields is not UNSET:
            field_dict["base_output_fields"] = base_output_fields

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.datasource_config_base_output_fields import (
            DatasourceConfigBaseOutputFields,
        )
        from ..models.datasource_config_non_supported_input_values_type_0 import (
            DatasourceConfigNonSupportedInputValuesType0,
        )
        from ..models.datasource_config_output_fields import (
            DatasourceConfigOutputFields,
        )

        d = dict(src_dict)
        source_name = d.pop("source_name")

        source_code = d.pop("source_code")

        required_attrs = cast(list[str], d.pop("required_attrs", UNSET))

        optional_attrs = cast(list[str], d.pop("optional_attrs", UNSET))

        requires_credentials = d.pop("requires_credentials", UNSET)

        def _parse_non_supported_input_values(
            data: object,
        ) -> DatasourceConfigNonSupportedInputValuesType0 | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                non_supported_input_values_type_0 = (
                    DatasourceConfigNonSupportedInputValuesType0.from_dict(data)
                )

                return non_supported_input_values_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(
                DatasourceConfigNonSupportedInputValuesType0 | None | Unset, data
            )

        non_supported_input_values = _parse_non_supported_input_values(
            d.pop("non_supported_input_values", UNSET)
        )

        def _parse_supported_countries(data: object) -> list[str] | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, list):
                    raise TypeError()
                supported_countries_type_0 = cast(list[str], data)

                return supported_countries_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(list[str] | None | Unset, data)

        supported_countries = _parse_supported_countries(
            d.pop("supported_countries", UNSET)
        )

        def _parse_supported_us_states(data: object) -> list[str] | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, list):
                    raise TypeError()
                supported_us_states_type_0 = cast(list[str], data)

                return supported_us_states_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(list[str] | None | Unset, data)

        supported_us_states = _parse_supported_us_states(
            d.pop("supported_us_states", UNSET)
        )

        def _parse_excluded_us_states(data: object) -> list[str] | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, list):
                    raise TypeError()
                excluded_us_states_type_0 = cast(list[str], data)

                return excluded_us_states_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(list[str] | None | Unset, data)

        excluded_us_states = _parse_excluded_us_states(
            d.pop("excluded_us_states", UNSET)
        )

        def _parse_geocode_confidence_required(data: object) -> float | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(float | None | Unset, data)

        geocode_confidence_required = _parse_geocode_confidence_required(
            d.pop("geocode_confidence_required", UNSET)
        )

        def _parse_geocode_precision_required(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        geocode_precision_required = _parse_geocode_precision_required(
            d.pop("geocode_precision_required", UNSET)
        )

        _output_fields = d.pop("output_fields", UNSET)
        output_fields: DatasourceConfigOutputFields | Unset
        if isinstance(_output_fields, Unset):
            output_fields = UNSET
        else:
            output_fields = DatasourceConfigOutputFields.from_dict(_output_fields)

        _base_output_fields = d.pop("base_output_fields", UNSET)
        base_output_fields: DatasourceConfigBaseOutputFields | Unset
        if isinstance(_base_output_fields, Unset):
            base_output_fields = UNSET
        else:
            base_output_fields = DatasourceConfigBaseOutputFields.from_dict(
                _base_output_fields
            )

        datasource_config = cls(
            source_name=source_name,
            source_code=source_code,
            required_attrs=required_attrs,
            optional_attrs=optional_attrs,
            requires_credentials=requires_credentials,
            non_supported_input_values=non_supported_input_values,
            supported_countries=supported_countries,
            supported_us_states=supported_us_states,
            excluded_us_states=excluded_us_states,
            geocode_confidence_required=geocode_confidence_required,
            geocode_precision_required=geocode_precision_required,
            output_fields=output_fields,
            base_output_fields=base_output_fields,
        )

        datasource_config.additional_properties = d
        return datasource_config

    @property
    def additional_keys(self) -> list[str]:
        return list(self.additional_properties.keys())

    def __getitem__(self, key: str) -> Any:
        return self.additional_properties[key]

    def __setitem__(self, key: str, value: Any) -> None:
        self.additional_properties[key] = value

    def __delitem__(self, key: str) -> None:
        del self.additional_properties[key]

    def __contains__(self, key: str) -> bool:
        return key in self.additional_properties
