from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.bev_error_response_401 import BEVErrorResponse401
from ...models.datasource_list_response import DatasourceListResponse
from ...models.error_response import ErrorResponse
from ...types import Response


def _get_kwargs() -> dict[str, Any]:

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/api/v1/datasources",
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> BEVErrorResponse401 | DatasourceListResponse | ErrorResponse | None:
    if response.status_code == 200:
        response_200 = DatasourceListResponse.from_dict(response.json())

        return response_200

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
) -> Response[BEVErrorResponse401 | DatasourceListResponse | ErrorResponse]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient | Client,
) -> Response[BEVErrorResponse401 | DatasourceListResponse | ErrorResponse]:
    """List the datasources this key may use

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[BEVErrorResponse401 | DatasourceListResponse | ErrorResponse]
    """

    kwargs = _get_kwargs()

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient | Client,
) -> BEVErrorResponse401 | DatasourceListResponse | ErrorResponse | None:
    """List the datasources this key may use

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        BEVErrorResponse401 | DatasourceListResponse | ErrorResponse
    """

    return sync_detailed(
        client=client,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
) -> Response[BEVErrorResponse401 | DatasourceListResponse | ErrorResponse]:
    """List the datasources this key may use

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[BEVErrorResponse401 | DatasourceListResponse | ErrorResponse]
    """

    kwargs = _get_kwargs()

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient | Client,
) -> BEVErrorResponse401 | DatasourceListResponse | ErrorResponse | None:
    """List the datasources this key may use

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        BEVErrorResponse401 | DatasourceListResponse | ErrorResponse
    """

    return (
        await asyncio_detailed(
            client=client,
        )
    ).parsed


#: The operation's id in the OpenAPI document.
OPERATION_ID = "list_datasources"

_PARSER = Client(base_url="")


def build_request() -> dict[str, Any]:
    """The request without I/O: ``operation_id`` plus the keyword arguments of
    ``httpx.Client.build_request`` (``method``, ``url`` relative to the base URL, and
    ``params``, ``json``, ``headers`` where the operation has them)."""
    return {
        "operation_id": OPERATION_ID,
        **_get_kwargs(),
    }


def parse_response(
    status_code: int, content: bytes
) -> BEVErrorResponse401 | DatasourceListResponse | ErrorResponse | None:
    """The answer's body as the model documented for ``status_code``, without I/O; None for an
    undocumented status."""
    return _parse_response(
        client=_PARSER, response=httpx.Response(status_code, content=content)
    )
