from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.bev_error_response_401 import BEVErrorResponse401
from ...models.error_response import ErrorResponse
from ...models.limits_response import LimitsResponse
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    org_short_name: str | Unset = UNSET,
    username: str | Unset = UNSET,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    params["org_short_name"] = org_short_name

    params["username"] = username

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/api/v1/limits",
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> BEVErrorResponse401 | ErrorResponse | LimitsResponse | None:
    if response.status_code == 200:
        response_200 = LimitsResponse.from_dict(response.json())

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
) -> Response[BEVErrorResponse401 | ErrorResponse | LimitsResponse]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient | Client,
    org_short_name: str | Unset = UNSET,
    username: str | Unset = UNSET,
) -> Response[BEVErrorResponse401 | ErrorResponse | LimitsResponse]:
    """Source access policy and quotas

     Quota windows are calendar-aligned in UTC.

    Args:
        org_short_name (str | Unset):
        username (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[BEVErrorResponse401 | ErrorResponse | LimitsResponse]
    """

    kwargs = _get_kwargs(
        org_short_name=org_short_name,
        username=username,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient | Client,
    org_short_name: str | Unset = UNSET,
    username: str | Unset = UNSET,
) -> BEVErrorResponse401 | ErrorResponse | LimitsResponse | None:
    """Source access policy and quotas

     Quota windows are calendar-aligned in UTC.

    Args:
        org_short_name (str | Unset):
        username (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        BEVErrorResponse401 | ErrorResponse | LimitsResponse
    """

    return sync_detailed(
        client=client,
        org_short_name=org_short_name,
        username=username,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
    org_short_name: str | Unset = UNSET,
    username: str | Unset = UNSET,
) -> Response[BEVErrorResponse401 | ErrorResponse | LimitsResponse]:
    """Source access policy and quotas

     Quota windows are calendar-aligned in UTC.

    Args:
        org_short_name (str | Unset):
        username (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[BEVErrorResponse401 | ErrorResponse | LimitsResponse]
    """

    kwargs = _get_kwargs(
        org_short_name=org_short_name,
        username=username,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient | Client,
    org_short_name: str | Unset = UNSET,
    username: str | Unset = UNSET,
) -> BEVErrorResponse401 | ErrorResponse | LimitsResponse | None:
    """Source access policy and quotas

     Quota windows are calendar-aligned in UTC.

    Args:
        org_short_name (str | Unset):
        username (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        BEVErrorResponse401 | ErrorResponse | LimitsResponse
    """

    return (
        await asyncio_detailed(
            client=client,
            org_short_name=org_short_name,
            username=username,
        )
    ).parsed


#: The operation's id in the OpenAPI document.
OPERATION_ID = "get_limits"

_PARSER = Client(base_url="")


def build_request(
    *,
    org_short_name: str | Unset = UNSET,
    username: str | Unset = UNSET,
) -> dict[str, Any]:
    """The request without I/O: ``operation_id`` plus the keyword arguments of
    ``httpx.Client.build_request`` (``method``, ``url`` relative to the base URL, and
    ``params``, ``json``, ``headers`` where the operation has them)."""
    return {
        "operation_id": OPERATION_ID,
        **_get_kwargs(
            org_short_name=org_short_name,
            username=username,
        ),
    }


def parse_response(
    status_code: int, content: bytes
) -> BEVErrorResponse401 | ErrorResponse | LimitsResponse | None:
    """The answer's body as the model documented for ``status_code``, without I/O; None for an
    undocumented status."""
    return _parse_response(
        client=_PARSER, response=httpx.Response(status_code, content=content)
    )
