from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.bev_error_response_401 import BEVErrorResponse401
from ...models.error_response import ErrorResponse
from ...models.usage_response import UsageResponse
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    start: str | Unset = UNSET,
    end: str | Unset = UNSET,
    username: str | Unset = UNSET,
    org_short_name: str | Unset = UNSET,
    delegate_to: str | Unset = UNSET,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    params["start"] = start

    params["end"] = end

    params["username"] = username

    params["org_short_name"] = org_short_name

    params["delegate_to"] = delegate_to

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/api/v1/usage",
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> BEVErrorResponse401 | ErrorResponse | UsageResponse | None:
    if response.status_code == 200:
        response_200 = UsageResponse.from_dict(response.json())

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
) -> Response[BEVErrorResponse401 | ErrorResponse | UsageResponse]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient | Client,
    start: str | Unset = UNSET,
    end: str | Unset = UNSET,
    username: str | Unset = UNSET,
    org_short_name: str | Unset = UNSET,
    delegate_to: str | Unset = UNSET,
) -> Response[BEVErrorResponse401 | ErrorResponse | UsageResponse]:
    """Credit usage

     Locations reserved and used per source, bucketed by a granularity the server chooses. `start` and
    `end` take a relative time (`-5m`, `-1h`, `-30d`) or an ISO 8601 UTC time; the default window is the
    last 30 days. `username` and `org_short_name` are mutually exclusive.

    Args:
        start (str | Unset): A relative time such as -5m, -1h, -30d, or an ISO 8601 UTC date-time.
        end (str | Unset): A relative time such as -5m, -1h, -30d, or an ISO 8601 UTC date-time.
        username (str | Unset):
        org_short_name (str | Unset):
        delegate_to (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[BEVErrorResponse401 | ErrorResponse | UsageResponse]
    """

    kwargs = _get_kwargs(
        start=start,
        end=end,
        username=username,
        org_short_name=org_short_name,
        delegate_to=delegate_to,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient | Client,
    start: str | Unset = UNSET,
    end: str | Unset = UNSET,
    username: str | Unset = UNSET,
    org_short_name: str | Unset = UNSET,
    delegate_to: str | Unset = UNSET,
) -> BEVErrorResponse401 | ErrorResponse | UsageResponse | None:
    """Credit usage

     Locations reserved and used per source, bucketed by a granularity the server chooses. `start` and
    `end` take a relative time (`-5m`, `-1h`, `-30d`) or an ISO 8601 UTC time; the default window is the
    last 30 days. `username` and `org_short_name` are mutually exclusive.

    Args:
        start (str | Unset): A relative time such as -5m, -1h, -30d, or an ISO 8601 UTC date-time.
        end (str | Unset): A relative time such as -5m, -1h, -30d, or an ISO 8601 UTC date-time.
        username (str | Unset):
        org_short_name (str | Unset):
        delegate_to (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        BEVErrorResponse401 | ErrorResponse | UsageResponse
    """

    return sync_detailed(
        client=client,
        start=start,
        end=end,
        username=username,
        org_short_name=org_short_name,
        delegate_to=delegate_to,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
    start: str | Unset = UNSET,
    end: str | Unset = UNSET,
    username: str | Unset = UNSET,
    org_short_name: str | Unset = UNSET,
    delegate_to: str | Unset = UNSET,
) -> Response[BEVErrorResponse401 | ErrorResponse | UsageResponse]:
    """Credit usage

     Locations reserved and used per source, bucketed by a granularity the server chooses. `start` and
    `end` take a relative time (`-5m`, `-1h`, `-30d`) or an ISO 8601 UTC time; the default window is the
    last 30 days. `username` and `org_short_name` are mutually exclusive.

    Args:
        start (str | Unset): A relative time such as -5m, -1h, -30d, or an ISO 8601 UTC date-time.
        end (str | Unset): A relative time such as -5m, -1h, -30d, or an ISO 8601 UTC date-time.
        username (str | Unset):
        org_short_name (str | Unset):
        delegate_to (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[BEVErrorResponse401 | ErrorResponse | UsageResponse]
    """

    kwargs = _get_kwargs(
        start=start,
        end=end,
        username=username,
        org_short_name=org_short_name,
        delegate_to=delegate_to,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient | Client,
    start: str | Unset = UNSET,
    end: str | Unset = UNSET,
    username: str | Unset = UNSET,
    org_short_name: str | Unset = UNSET,
    delegate_to: str | Unset = UNSET,
) -> BEVErrorResponse401 | ErrorResponse | UsageResponse | None:
    """Credit usage

     Locations reserved and used per source, bucketed by a granularity the server chooses. `start` and
    `end` take a relative time (`-5m`, `-1h`, `-30d`) or an ISO 8601 UTC time; the default window is the
    last 30 days. `username` and `org_short_name` are mutually exclusive.

    Args:
        start (str | Unset): A relative time such as -5m, -1h, -30d, or an ISO 8601 UTC date-time.
        end (str | Unset): A relative time such as -5m, -1h, -30d, or an ISO 8601 UTC date-time.
        username (str | Unset):
        org_short_name (str | Unset):
        delegate_to (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        BEVErrorResponse401 | ErrorResponse | UsageResponse
    """

    return (
        await asyncio_detailed(
            client=client,
            start=start,
            end=end,
            username=username,
            org_short_name=org_short_name,
            delegate_to=delegate_to,
        )
    ).parsed


#: The operation's id in the OpenAPI document.
OPERATION_ID = "get_usage"

_PARSER = Client(base_url="")


def build_request(
    *,
    start: str | Unset = UNSET,
    end: str | Unset = UNSET,
    username: str | Unset = UNSET,
    org_short_name: str | Unset = UNSET,
    delegate_to: str | Unset = UNSET,
) -> dict[str, Any]:
    """The request without I/O: ``operation_id`` plus the keyword arguments of
    ``httpx.Client.build_request`` (``method``, ``url`` relative to the base URL, and
    ``params``, ``json``, ``headers`` where the operation has them)."""
    return {
        "operation_id": OPERATION_ID,
        **_get_kwargs(
            start=start,
            end=end,
            username=username,
            org_short_name=org_short_name,
            delegate_to=delegate_to,
        ),
    }


def parse_response(
    status_code: int, content: bytes
) -> BEVErrorResponse401 | ErrorResponse | UsageResponse | None:
    """The answer's body as the model documented for ``status_code``, without I/O; None for an
    undocumented status."""
    return _parse_response(
        client=_PARSER, response=httpx.Response(status_code, content=content)
    )
