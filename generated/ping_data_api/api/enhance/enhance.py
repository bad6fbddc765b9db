from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.bev_error_response_401 import BEVErrorResponse401
from ...models.enhance_response import EnhanceResponse
from ...models.error_response import ErrorResponse
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    sources: list[str],
    address: str | Unset = UNSET,
    address_line_1: str | Unset = UNSET,
    address_line_2: str | Unset = UNSET,
    city: str | Unset = UNSET,
    state: str | Unset = UNSET,
    postal_code: str | Unset = UNSET,
    county: str | Unset = UNSET,
    country: str | Unset = UNSET,
    latitude: float | Unset = UNSET,
    longitude: float | Unset = UNSET,
    timeout: float | Unset = UNSET,
    include_raw_response: bool | Unset = UNSET,
    check_cache: bool | Unset = UNSET,
    delegate_to: str | Unset = UNSET,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    json_sources = sources

    params["sources"] = json_sources

    params["address"] = address

    params["address_line_1"] = address_line_1

    params["address_line_2"] = address_line_2

    params["city"] = city

    params["state"] = state

    params["postal_code"] = postal_code

    params["county"] = county

    params["country"] = country

    params["latitude"] = latitude

    params["longitude"] = longitude

    params["timeout"] = timeout

    params["include_raw_response"] = include_raw_response

    params["check_cache"] = check_cache

    params["delegate_to"] = delegate_to

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/api/v1/enhance",
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> BEVErrorResponse401 | EnhanceResponse | ErrorResponse | None:
    if response.status_code == 200:
        response_200 = EnhanceResponse.from_dict(response.json())

        return response_200

    if response.status_code == 400:
        response_400 = ErrorResponse.from_dict(response.json())

        return response_400

    if response.status_code == 401:
        response_401 = BEVErrorResponse401.from_dict(response.json())

        return response_401

    if response.status_code == 429:
        response_429 = ErrorResponse.from_dict(response.json())

        return response_429

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[BEVErrorResponse401 | EnhanceResponse | ErrorResponse]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient | Client,
    sources: list[str],
    address: str | Unset = UNSET,
    address_line_1: str | Unset = UNSET,
    address_line_2: str | Unset = UNSET,
    city: str | Unset = UNSET,
    state: str | Unset = UNSET,
    postal_code: str | Unset = UNSET,
    county: str | Unset = UNSET,
    country: str | Unset = UNSET,
    latitude: float | Unset = UNSET,
    longitude: float | Unset = UNSET,
    timeout: float | Unset = UNSET,
    include_raw_response: bool | Unset = UNSET,
    check_cache: bool | Unset = UNSET,
    delegate_to: str | Unset = UNSET,
) -> Response[BEVErrorResponse401 | EnhanceResponse | ErrorResponse]:
    """Enhance one location

     Enhance a single location synchronously. Give an `address`, structured address parts, or `latitude`
    and `longitude`.

    Args:
        sources (list[str]):
        address (str | Unset):
        address_line_1 (str | Unset):
        address_line_2 (str | Unset):
        city (str | Unset):
        state (str | Unset):
        postal_code (str | Unset):
        county (str | Unset):
        country (str | Unset):
        latitude (float | Unset):
        longitude (float | Unset):
        timeout (float | Unset):
        include_raw_response (bool | Unset):
        check_cache (bool | Unset):
        delegate_to (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[BEVErrorResponse401 | EnhanceResponse | ErrorResponse]
    """

    kwargs = _get_kwargs(
        sources=sources,
        address=address,
        address_line_1=address_line_1,
        address_line_2=address_line_2,
        city=city,
        state=state,
        postal_code=postal_code,
        county=county,
        country=country,
        latitude=latitude,
        longitude=longitude,
        timeout=timeout,
        include_raw_response=include_raw_response,
        check_cache=check_cache,
        delegate_to=delegate_to,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient | Client,
    sources: list[str],
    address: str | Unset = UNSET,
    address_line_1: str | Unset = UNSET,
    address_line_2: str | Unset = UNSET,
    city: str | Unset = UNSET,
    state: str | Unset = UNSET,
    postal_code: str | Unset = UNSET,
    county: str | Unset = UNSET,
    country: str | Unset = UNSET,
    latitude: float | Unset = UNSET,
    longitude: float | Unset = UNSET,
    timeout: float | Unset = UNSET,
    include_raw_response: bool | Unset = UNSET,
    check_cache: bool | Unset = UNSET,
    delegate_to: str | Unset = UNSET,
) -> BEVErrorResponse401 | EnhanceResponse | ErrorResponse | None:
    """Enhance one location

     Enhance a single location synchronously. Give an `address`, structured address parts, or `latitude`
    and `longitude`.

    Args:
        sources (list[str]):
        address (str | Unset):
        address_line_1 (str | Unset):
        address_line_2 (str | Unset):
        city (str | Unset):
        state (str | Unset):
        postal_code (str | Unset):
        county (str | Unset):
        country (str | Unset):
        latitude (float | Unset):
        longitude (float | Unset):
        timeout (float | Unset):
        include_raw_response (bool | Unset):
        check_cache (bool | Unset):
        delegate_to (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        BEVErrorResponse401 | EnhanceResponse | ErrorResponse
    """

    return sync_detailed(
        client=client,
        sources=sources,
        address=address,
        address_line_1=address_line_1,
        address_line_2=address_line_2,
        city=city,
        state=state,
        postal_code=postal_code,
        county=county,
        country=country,
        latitude=latitude,
        longitude=longitude,
        timeout=timeout,
        include_raw_response=include_raw_response,
        check_cache=check_cache,
        delegate_to=delegate_to,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
    sources: list[str],
    address: str | Unset = UNSET,
    address_line_1: str | Unset = UNSET,
    address_line_2: str | Unset = UNSET,
    city: str | Unset = UNSET,
    state: str | Unset = UNSET,
    postal_code: str | Unset = UNSET,
    county: str | Unset = UNSET,
    country: str | Unset = UNSET,
    latitude: float | Unset = UNSET,
    longitude: float | Unset = UNSET,
    timeout: float | Unset = UNSET,
    include_raw_response: bool | Unset = UNSET,
    check_cache: bool | Unset = UNSET,
    delegate_to: str | Unset = UNSET,
) -> Response[BEVErrorResponse401 | EnhanceResponse | ErrorResponse]:
    """Enhance one location

     Enhance a single location synchronously. Give an `address`, structured address parts, or `latitude`
    and `longitude`.

    Args:
        sources (list[str]):
        address (str | Unset):
        address_line_1 (str | Unset):
        address_line_2 (str | Unset):
        city (str | Unset):
        state (str | Unset):
        postal_code (str | Unset):
        county (str | Unset):
        country (str | Unset):
        latitude (float | Unset):
        longitude (float | Unset):
        timeout (float | Unset):
        include_raw_response (bool | Unset):
        check_cache (bool | Unset):
        delegate_to (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[BEVErrorResponse401 | EnhanceResponse | ErrorResponse]
    """

    kwargs = _get_kwargs(
        sources=sources,
        address=address,
        address_line_1=address_line_1,
        address_line_2=address_line_2,
        city=city,
        state=state,
        postal_code=postal_code,
        county=county,
        country=country,
        latitude=latitude,
        longitude=longitude,
        timeout=timeout,
        include_raw_response=include_raw_response,
        check_cache=check_cache,
        delegate_to=delegate_to,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient | Client,
    sources: list[str],
    address: str | Unset = UNSET,
    address_line_1: str | Unset = UNSET,
    address_line_2: str | Unset = UNSET,
    city: str | Unset = UNSET,
    state: str | Unset = UNSET,
    postal_code: str | Unset = UNSET,
    county: str | Unset = UNSET,
    country: str | Unset = UNSET,
    latitude: float | Unset = UNSET,
    longitude: float | Unset = UNSET,
    timeout: float | Unset = UNSET,
    include_raw_response: bool | Unset = UNSET,
    check_cache: bool | Unset = UNSET,
    delegate_to: str | Unset = UNSET,
) -> BEVErrorResponse401 | EnhanceResponse | ErrorResponse | None:
    """Enhance one location

     Enhance a single location synchronously. Give an `address`, structured address parts, or `latitude`
    and `longitude`.

    Args:
        sources (list[str]):
        address (str | Unset):
        address_line_1 (str | Unset):
        address_line_2 (str | Unset):
        city (str | Unset):
        state (str | Unset):
        postal_code (str | Unset):
        county (str | Unset):
        country (str | Unset):
        latitude (float | Unset):
        longitude (float | Unset):
        timeout (float | Unset):
        include_raw_response (bool | Unset):
        check_cache (bool | Unset):
        delegate_to (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        BEVErrorResponse401 | EnhanceResponse | ErrorResponse
    """

    return (
        await asyncio_detailed(
            client=client,
            sources=sources,
            address=address,
            address_line_1=address_line_1,
            address_line_2=address_line_2,
            city=city,
            state=state,
            postal_code=postal_code,
            county=county,
            country=country,
            latitude=latitude,
            longitude=longitude,
            timeout=timeout,
            include_raw_response=include_raw_response,
            check_cache=check_cache,
            delegate_to=delegate_to,
        )
    ).parsed


#: The operation's id in the OpenAPI document.
OPERATION_ID = "enhance"

_PARSER = Client(base_url="")


def build_request(
    *,
    sources: list[str],
    address: str | Unset = UNSET,
    address_line_1: str | Unset = UNSET,
    address_line_2: str | Unset = UNSET,
    city: str | Unset = UNSET,
    state: str | Unset = UNSET,
    postal_code: str | Unset = UNSET,
    county: str | Unset = UNSET,
    country: str | Unset = UNSET,
    latitude: float | Unset = UNSET,
    longitude: float | Unset = UNSET,
    timeout: float | Unset = UNSET,
    include_raw_response: bool | Unset = UNSET,
    check_cache: bool | Unset = UNSET,
    delegate_to: str | Unset = UNSET,
) -> dict[str, Any]:
    """The request without I/O: ``operation_id`` plus the keyword arguments of
    ``httpx.Client.build_request`` (``method``, ``url`` relative to the base URL, and
    ``params``, ``json``, ``headers`` where the operation has them)."""
    return {
        "operation_id": OPERATION_ID,
        **_get_kwargs(
            sources=sources,
            address=address,
            address_line_1=address_line_1,
            address_line_2=address_line_2,
            city=city,
            state=state,
            postal_code=postal_code,
            county=county,
            country=country,
            latitude=latitude,
            longitude=longitude,
            timeout=timeout,
            include_raw_response=include_raw_response,
            check_cache=check_cache,
            delegate_to=delegate_to,
        ),
    }


def parse_response(
    status_code: int, content: bytes
) -> BEVErrorResponse401 | EnhanceResponse | ErrorResponse | None:
    """The answer's body as the model documented for ``status_code``, without I/O; None for an
    undocumented status."""
    return _parse_response(
        client=_PARSER, response=httpx.Response(status_code, content=content)
    )
