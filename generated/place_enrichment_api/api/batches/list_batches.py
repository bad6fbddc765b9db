from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error_response import ErrorResponse
from ...models.paginated_batches_response import PaginatedBatchesResponse
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    limit: int | Unset = 10,
    offset: int | Unset = 0,
    query: str | Unset = UNSET,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    params["limit"] = limit

    params["offset"] = offset

    params["query"] = query

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/place_enrichment/batches",
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> ErrorResponse | PaginatedBatchesResponse | None:
    if response.status_code == 200:
        response_200 = PaginatedBatchesResponse.from_dict(response.json())

        return response_200

    if response.status_code == 400:
        response_400 = ErrorResponse.from_dict(response.json())

        return response_400

    if response.status_code == 401:
        response_401 = ErrorResponse.from_dict(response.json())

        return response_401

    if response.status_code == 403:
        response_403 = ErrorResponse.from_dict(response.json())

        return response_403

    if response.status_code == 429:
        response_429 = ErrorResponse.from_dict(response.json())

        return response_429

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[ErrorResponse | PaginatedBatchesResponse]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient | Client,
    limit: int | Unset = 10,
    offset: int | Unset = 0,
    query: str | Unset = UNSET,
) -> Response[ErrorResponse | PaginatedBatchesResponse]:
    """List batches

    Args:
        limit (int | Unset):  Default: 10.
        offset (int | Unset):  Default: 0.
        query (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorResponse | PaginatedBatchesResponse]
    """

    kwargs = _get_kwargs(
        limit=limit,
        offset=offset,
        query=query,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient | Client,
    limit: int | Unset = 10,
    offset: int | Unset = 0,
    query: str | Unset = UNSET,
) -> ErrorResponse | PaginatedBatchesResponse | None:
    """List batches

    Args:
        limit (int | Unset):  Default: 10.
        offset (int | Unset):  Default: 0.
        query (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorResponse | PaginatedBatchesResponse
    """

    return sync_detailed(
        client=client,
        limit=limit,
        offset=offset,
        query=query,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
    limit: int | Unset = 10,
    offset: int | Unset = 0,
    query: str | Unset = UNSET,
) -> Response[ErrorResponse | PaginatedBatchesResponse]:
    """List batches

    Args:
        limit (int | Unset):  Default: 10.
        offset (int | Unset):  Default: 0.
        query (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorResponse | PaginatedBatchesResponse]
    """

    kwargs = _get_kwargs(
        limit=limit,
        offset=offset,
        query=query,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient | Client,
    limit: int | Unset = 10,
    offset: int | Unset = 0,
    query: str | Unset = UNSET,
) -> ErrorResponse | PaginatedBatchesResponse | None:
    """List batches

    Args:
        limit (int | Unset):  Default: 10.
        offset (int | Unset):  Default: 0.
        query (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorResponse | PaginatedBatchesResponse
    """

    return (
        await asyncio_detailed(
            client=client,
            limit=limit,
            offset=offset,
            query=query,
        )
    ).parsed


#: The operation's id in the OpenAPI document.
OPERATION_ID = "list_batches"

_PARSER = Client(base_url="")


def build_request(
    *,
    limit: int | Unset = 10,
    offset: int | Unset = 0,
    query: str | Unset = UNSET,
) -> dict[str, Any]:
    """The request without I/O: ``operation_id`` plus the keyword arguments of
    ``httpx.Client.build_request`` (``method``, ``url`` relative to the base URL, and
    ``params``, ``json``, ``headers`` where the operation has them)."""
    return {
        "operation_id": OPERATION_ID,
        **_get_kwargs(
            limit=limit,
            offset=offset,
            query=query,
        ),
    }


def parse_response(
    status_code: int, content: bytes
) -> ErrorResponse | PaginatedBatchesResponse | None:
    """The answer's body as the model documented for ``status_code``, without I/O; None for an
    undocumented status."""
    return _parse_response(
        client=_PARSER, response=httpx.Response(status_code, content=content)
    )
