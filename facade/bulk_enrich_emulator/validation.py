"""Routing and request validation driven by the vendored OpenAPI documents.

The specs are the one source of truth: every route, parameter and body schema comes from
``openapi/*.yaml``; nothing here restates a schema by hand. Validators are compiled once per
process with ``jsonschema_rs``.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

import jsonschema_rs
import yaml
from bulk_enrich.specs import PING_DATA, PLACE_ENRICHMENT, spec_path

from .http import HTTPError

DRAFT = "https://json-schema.org/draft/2020-12/schema"
METHODS = ("get", "put", "post", "delete", "patch", "head", "options", "trace")

#: API name -> (spec file, URL prefix the spec's paths are served under).
APIS: Mapping[str, tuple[str, str]] = {
    "ping": (PING_DATA, ""),
    "place": (PLACE_ENRICHMENT, "/v1/{org_slug}"),
}


@dataclass
class Parameter:
    """One declared parameter and its compiled validator."""

    name: str
    location: str
    required: bool
    schema: dict[str, Any]
    validator: Any
    is_array: bool
    item_type: str | None
    value_type: str | None


@dataclass
class Operation:
    """One operation of a spec."""

    api: str
    operation_id: str
    method: str
    template: str
    pattern: re.Pattern[str]
    parameters: list[Parameter] = field(default_factory=list)
    body_validator: Any = None
    body_required: bool = False


def _load(name: str) -> dict[str, Any]:
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    with spec_path(name).open("rb") as handle:
        document: dict[str, Any] = yaml.load(handle, Loader=loader)  # noqa: S506 (safe loader)
    return document


def _compile(schema: Mapping[str, Any], components: Mapping[str, Any]) -> Any:
    wrapped = dict(schema)
    wrapped["$schema"] = DRAFT
    wrapped["components"] = components
    return jsonschema_rs.validator_for(wrapped, validate_formats=False)


def _resolve(schema: Mapping[str, Any], document: Mapping[str, Any]) -> Mapping[str, Any]:
    seen = 0
    while "$ref" in schema and seen < 20:
        node: Any = document
        for part in schema["$ref"].lstrip("#/").split("/"):
            node = node[part.replace("~1", "/").replace("~0", "~")]
        schema = node
        seen += 1
    return schema


def _primary_type(schema: Mapping[str, Any]) -> str | None:
    kind = schema.get("type")
    if isinstance(kind, list):
        kinds = [k for k in kind if k != "null"]
        return kinds[0] if kinds else None
    return kind if isinstance(kind, str) else None


def _template_regex(prefix: str, template: str) -> re.Pattern[str]:
    full = prefix + template
    parts = re.split(r"(\{[^}]+\})", full)
    regex = "".join(f"(?P<{p[1:-1]}>[^/]+)" if p.startswith("{") else re.escape(p) for p in parts)
    return re.compile(f"^{regex}$")


def _build(api: str) -> list[Operation]:
    filename, prefix = APIS[api]
    document = _load(filename)
    components = document.get("components", {})
    operations: list[Operation] = []
    for template, item in document.get("paths", {}).items():
        shared = item.get("parameters", [])
        for method in METHODS:
            spec = item.get(method)
            if spec is None:
                continue
            operation = Operation(
                api=api,
                operation_id=spec["operationId"],
                method=method.upper(),
                template=template,
                pattern=_template_regex(prefix, template),
            )
            for raw in [*shared, *spec.get("parameters", [])]:
                param = _resolve(raw, document)
                schema = dict(param.get("schema", {}))
                resolved = _resolve(schema, document)
                value_type = _primary_type(resolved)
                item_type = None
                if value_type == "array":
                    item_type = _primary_type(_resolve(resolved.get("items", {}), document))
                operation.parameters.append(
                    Parameter(
                        name=param["name"],
                        location=param["in"],
                        required=bool(param.get("required", param["in"] == "path")),
                        schema=schema,
                        validator=_compile(schema, components),
                        is_array=value_type == "array",
                        item_type=item_type,
                        value_type=value_type,
                    )
                )
            body = spec.get("requestBody")
            if body is not None:
                body = _resolve(body, document)
                media = body.get("content", {}).get("application/json", {})
                operation.body_validator = _compile(media.get("schema", {}), components)
                operation.body_required = bool(body.get("required", False))
            operations.append(operation)
    return operations


@functools.lru_cache(maxsize=1)
def operations() -> tuple[Operation, ...]:
    """Every operation of both specs (compiled once per process)."""
    return tuple(op for api in APIS for op in _build(api))


@functools.lru_cache(maxsize=1)
def operation_ids() -> frozenset[str]:
    """The operationIds of both specs."""
    return frozenset(op.operation_id for op in operations())


def match(method: str, path: str) -> tuple[Operation | None, dict[str, str], list[str]]:
    """Find the operation for ``method path``.

    Returns (operation, path parameters, allowed methods); the operation is ``None`` when the
    path matches but the method does not (allowed methods non-empty) or nothing matches.
    """
    candidates = [(op, found) for op in operations() if (found := op.pattern.match(path))]
    if candidates:  # a literal segment beats a parameter (/batches/refresh, /batches/{id})
        fewest = min(op.template.count("{") for op, _ in candidates)
        candidates = [(op, m) for op, m in candidates if op.template.count("{") == fewest]
    allowed: list[str] = []
    for op, found in candidates:
        if op.method == method or (method == "HEAD" and op.method == "GET"):
            return op, found.groupdict(), []
        allowed.append(op.method)
    return None, {}, allowed


def field_path(parts: Iterable[str | int]) -> str:
    """``["locations", 0, "latitude"]`` -> ``locations[0].latitude``."""
    text = ""
    for part in parts:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            text += f".{part}" if text else str(part)
    return text


def _first_error(validator: Any, instance: Any) -> tuple[str, str] | None:
    """(field, message) of the most specific validation error, or ``None`` if valid."""
    if validator.is_valid(instance):
        return None
    best: tuple[str, str] | None = None
    best_depth = -1
    for error in validator.iter_errors(instance):
        parts: list[str | int] = list(error.instance_path)
        kind = error.kind
        if isinstance(kind, jsonschema_rs.ValidationErrorKind.Required):
            parts.append(str(kind.property))
        depth = len(parts)
        if depth > best_depth:
            message = error.message
            if len(message) > 300:
                message = message[:297] + "..."
            best = (field_path(parts), message)
            best_depth = depth
    return best


_TRUE = {"true", "1", "yes", "on"}
_FALSE = {"false", "0", "no", "off"}


def _coerce(value: str, kind: str | None) -> Any:
    if kind == "integer":
        try:
            return int(value)
        except ValueError:
            return value
    if kind == "number":
        try:
            number = float(value)
        except ValueError:
            return value
        if number != number or number in (float("inf"), float("-inf")):
            return value
        return int(number) if number.is_integer() and "." not in value else number
    if kind == "boolean":
        lowered = value.lower()
        if lowered in _TRUE:
            return True
        if lowered in _FALSE:
            return False
        return value
    return value


def validate_parameters(
    op: Operation,
    request_query: list[tuple[str, str]],
    path_params: Mapping[str, str],
    headers: Mapping[str, str],
) -> dict[str, Any]:
    """Coerce and validate declared parameters; 400 naming the parameter when invalid."""
    query: dict[str, list[str]] = {}
    for key, text in request_query:
        query.setdefault(key, []).append(text)
    values: dict[str, Any] = {}
    for param in op.parameters:
        raw: list[str] | None
        if param.location == "path":
            raw = [path_params[param.name]] if param.name in path_params else None
        elif param.location == "query":
            raw = query.get(param.name)
        elif param.location == "header":
            header = headers.get(param.name.lower())
            raw = None if header is None else [header]
        else:
            continue
        if raw is None:
            if param.required:
                raise HTTPError(
                    400,
                    {
                        "detail": f"{param.location} parameter '{param.name}' is required",
                        "field": param.name,
                    },
                )
            continue
        value: Any
        if param.is_array:
            value = [_coerce(v, param.item_type) for v in raw]
        else:
            if len(raw) > 1:
                raise HTTPError(
                    400,
                    {
                        "detail": f"{param.location} parameter '{param.name}' given more than once",
                        "field": param.name,
                    },
                )
            value = _coerce(raw[0], param.value_type)
        problem = _first_error(param.validator, value)
        if problem is not None:
            where, message = problem
            name = param.name + (f"{where}" if where.startswith("[") else "")
            raise HTTPError(
                400,
                {
                    "detail": f"{param.location} parameter '{name}': {message}",
                    "field": param.name,
                },
            )
        values[param.name] = value
    return values


def validate_body(op: Operation, body: Any) -> None:
    """Validate a parsed JSON body; 400 naming the field when invalid."""
    if op.body_validator is None:
        return
    problem = _first_error(op.body_validator, body)
    if problem is not None:
        where, message = problem
        raise HTTPError(
            400,
            {"detail": f"{where or 'request body'}: {message}", "field": where or None},
        )
