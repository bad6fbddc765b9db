from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.bev_error_response_401 import BEVErrorResponse401
from ...models.bulk_enhance_request import BulkEnhanceRequest
from ...models.error_response import ErrorResponse
from ...models.start_bulk_enhance_response import StartBulkEnhanceResponse
from ...types import Response


def _get_kwargs(
    *,
    body: BulkEnhanceRequest,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/api/v1/bulk_enhance",
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> BEVErrorResponse401 | ErrorResponse | StartBulkEnhanceResponse | None:
    if response.status_code == 200:
        response_200 = StartBulkEnhanceResponse.from_dict(response.json())

        return response_200

    if response.status_code == 201:
        response_201 = StartBulkEnhanceResponse.from_dict(response.json())

        return response_201

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
) -> Response[BEVErrorResponse401 | ErrorResponse | StartBulkEnhanceResponse]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient | Client,
    body: BulkEnhanceRequest,
) -> Response[BEVErrorResponse401 | ErrorResponse | StartBulkEnhanceResponse]:
    """Start a bulk enhance job

     Submit a batch of locations for asynchronous enhancement. The body may be sent gzip-compressed
    (`Content-Encoding: gzip`). This request is not idempotent: each accepted call creates a new, billed
    job.

    Args:
        body (BulkEnhanceRequest): Each location's sources are its own `sources`, else the
            request's `sources`, else the server's default set (the vendor's description puts sources
            on each location; its official client calls the request's list the default that a location
            overrides, and its command line sends an empty list unless sources are given).

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[BEVErrorResponse401 | ErrorResponse | StartBulkEnhanceResponse]
    """

    kwargs = _get_kwargs(
        body=body,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient | Client,
    body: BulkEnhanceRequest,
) -> BEVErrorResponse401 | ErrorResponse | StartBulkEnhanceResponse | None:
    """Start a bulk enhance job

     Submit a batch of locations for asynchronous enhancement. The body may be sent gzip-compressed
    (`Content-Encoding: gzip`). This request is not idempotent: each accepted call creates a new, billed
    job.

    Args:
        body (BulkEnhanceRequest): Each location's sources are its own `sources`, else the
            request's `sources`, else the server's default set (the vendor's description puts sources
            on each location; its official client calls the request's list the default that a location
            overrides, and its command line sends an empty list unless sources are given).

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        BEVErrorResponse401 | ErrorResponse | StartBulkEnhanceResponse
    """

    return sync_detailed(
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
    body: BulkEnhanceRequest,
) -> Response[BEVErrorResponse401 | ErrorResponse | StartBulkEnhanceResponse]:
    """Start a bulk enhance job

     Submit a batch of locations for asynchronous enhancement. The body may be sent gzip-compressed
    (`Content-Encoding: gzip`). This request is not idempotent: each accepted call creates a new, billed
    job.

    Args:
        body (BulkEnhanceRequest): Each location's sources are its own `sources`, else the
            request's `sources`, else the server's default set (the vendor's description puts sources
            on each location; its official client calls the request's list the default that a location
            overrides, and its command line sends an empty list unless sources are given).

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[BEVErrorResponse401 | ErrorResponse | StartBulkEnhanceResponse]
    """

    kwargs = _get_kwargs(
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient | Client,
    body: BulkEnhanceRequest,
) -> BEVErrorResponse401 | ErrorResponse | StartBulkEnhanceResponse | None:
    """Start a bulk enhance job

     Submit a batch of locations for asynchronous enhancement. The body may be sent gzip-compressed
    (`Content-Encoding: gzip`). This request is not idempotent: each accepted call creates a new, billed
    job.

    Args:
        body (BulkEnhanceRequest): Each location's sources are its own `sources`, else the
            request's `sources`, else the server's default set (the vendor's description puts sources
            on each location; its official client calls the request's list the default that a location
            overrides, and its command line sends an empty list unless sources are given).

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        BEVErrorResponse401 | ErrorResponse | StartBulkEnhanceResponse
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
        )
    ).parsed


#: The operation's id in the OpenAPI document.
OPERATION_ID = "start_bulk_enhance"

_PARSER = Client(base_url="")


def build_request(
    *,
    body: BulkEnhanceRequest,
) -> dict[str, Any]:
    """The request without I/O: ``operation_id`` plus the keyword arguments of
    ``httpx.Client.build_request`` (``method``, ``url`` relative to the base URL, and
    ``params``, ``json``, ``headers`` where the operation has them)."""
    return {
        "operation_id": OPERATION_ID,
        **_get_kwargs(
            body=body,
        ),
    }


def parse_response(
    status_code: int, content: bytes
) -> BEVErrorResponse401 | ErrorResponse | StartBulkEnhanceResponse | None:
    """The answer's body as the model documented for ``status_code``, without I/O; None for an
    undocumented status."""
    return _parse_response(
        client=_PARSER, response=httpx.Response(status_code, content=content)
    )
