from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.bev_error_response_401 import BEVErrorResponse401
from ...models.error_response import ErrorResponse
from ...models.get_bulk_enhance_api_view_response import GetBulkEnhanceAPIViewResponse
from ...types import Response


def _get_kwargs(
    id: str,
) -> dict[str, Any]:

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/api/v1/bulk_enhance/{id}".format(
            id=quote(str(id), safe=""),
        ),
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> BEVErrorResponse401 | ErrorResponse | GetBulkEnhanceAPIViewResponse | None:
    if response.status_code == 200:
        response_200 = GetBulkEnhanceAPIViewResponse.from_dict(response.json())

        return response_200

    if response.status_code == 401:
        response_401 = BEVErrorResponse401.from_dict(response.json())

        return response_401

    if response.status_code == 404:
        response_404 = ErrorResponse.from_dict(response.json())

        return response_404

    if response.status_code == 429:
        response_429 = ErrorResponse.from_dict(response.json())

        return response_429

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[BEVErrorResponse401 | ErrorResponse | GetBulkEnhanceAPIViewResponse]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    id: str,
    *,
    client: AuthenticatedClient | Client,
) -> Response[BEVErrorResponse401 | ErrorResponse | GetBulkEnhanceAPIViewResponse]:
    """Check bulk enhance job status

     Status of a job; when complete, `result` lists the output files and per-source statistics.

    Args:
        id (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[BEVErrorResponse401 | ErrorResponse | GetBulkEnhanceAPIViewResponse]
    """

    kwargs = _get_kwargs(
        id=id,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    id: str,
    *,
    client: AuthenticatedClient | Client,
) -> BEVErrorResponse401 | ErrorResponse | GetBulkEnhanceAPIViewResponse | None:
    """Check bulk enhance job status

     Status of a job; when complete, `result` lists the output files and per-source statistics.

    Args:
        id (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        BEVErrorResponse401 | ErrorResponse | GetBulkEnhanceAPIViewResponse
    """

    return sync_detailed(
        id=id,
        client=client,
    ).parsed


async def asyncio_detailed(
    id: str,
    *,
    client: AuthenticatedClient | Client,
) -> Response[BEVErrorResponse401 | ErrorResponse | GetBulkEnhanceAPIViewResponse]:
    """Check bulk enhance job status

     Status of a job; when complete, `result` lists the output files and per-source statistics.

    Args:
        id (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[BEVErrorResponse401 | ErrorResponse | GetBulkEnhanceAPIViewResponse]
    """

    kwargs = _get_kwargs(
        id=id,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    id: str,
    *,
    client: AuthenticatedClient | Client,
) -> BEVErrorResponse401 | ErrorResponse | GetBulkEnhanceAPIViewResponse | None:
    """Check bulk enhance job status

     Status of a job; when complete, `result` lists the output files and per-source statistics.

    Args:
        id (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        BEVErrorResponse401 | ErrorResponse | GetBulkEnhanceAPIViewResponse
    """

    return (
        await asyncio_detailed(
            id=id,
            client=client,
        )
    ).parsed


#: The operation's id in the OpenAPI document.
OPERATION_ID = "get_bulk_enhance_status"

_PARSER = Client(base_url="")


def build_request(
    id: str,
) -> dict[str, Any]:
    """The request without I/O: ``operation_id`` plus the keyword arguments of
    ``httpx.Client.build_request`` (``method``, ``url`` relative to the base URL, and
    ``params``, ``json``, ``headers`` where the operation has them)."""
    return {
        "operation_id": OPERATION_ID,
        **_get_kwargs(
            id=id,
        ),
    }


def parse_response(
    status_code: int, content: bytes
) -> BEVErrorResponse401 | ErrorResponse | GetBulkEnhanceAPIViewResponse | None:
    """The answer's body as the model documented for ``status_code``, without I/O; None for an
    undocumented status."""
    return _parse_response(
        client=_PARSER, response=httpx.Response(status_code, content=content)
    )
