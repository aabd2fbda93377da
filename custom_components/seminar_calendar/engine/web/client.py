"""Download a feed over HTTP with a shared aiohttp session, conditionally."""

from typing import Final, NamedTuple
from urllib.parse import urlsplit

import aiohttp

CONNECT_TIMEOUT: Final = 10.0
TOTAL_TIMEOUT: Final = 60.0
MAX_BODY_BYTES: Final = 20 * 1024 * 1024
MAX_REDIRECTS: Final = 10
_CHUNK_BYTES: Final = 64 * 1024


class Validators(NamedTuple):
    """What a server said identifies its response, for conditional requests."""

    etag: str | None = None
    last_modified: str | None = None


NO_VALIDATORS: Final = Validators()


class Fetched(NamedTuple):
    """A response: its body (None for 304 Not Modified) and the headers that matter.

    The body stays in the chunks it arrived in until whoever parses it joins them
    (see joined): a copy of megabytes, which should not be made for many at once.
    """

    chunks: list[bytes] | None
    content_type: str | None
    validators: Validators
    cache_control: str | None
    expires: str | None


class FetchError(Exception):
    """The feed could not be downloaded."""


class FetchTimeout(FetchError):
    """The server did not answer in time."""


class FeedTooLarge(FetchError):
    """The body is larger than the limit; reading stopped there."""

    def __init__(self, limit: int) -> None:
        """Record the limit that was passed."""
        super().__init__(f"The feed is larger than {limit} bytes.")
        self.limit = limit


class UnknownHost(FetchError):
    """The server's name could not be found (DNS)."""


class CertificateError(FetchError):
    """The server's TLS certificate could not be verified."""


class HTTPStatusError(FetchError):
    """The server answered with an error status."""

    def __init__(self, status: int, retry_after: str | None) -> None:
        """Record the status and the server's Retry-After header, if any."""
        super().__init__(f"The server answered HTTP {status}.")
        self.status = status
        self.retry_after = retry_after


def user_agent(version: str) -> str:
    """Return the User-Agent naming this client and its version.

    A named client: some The Events Calendar sites answer 403 to library default agents.
    """
    return f"SeminarCalendar/{version} (Home Assistant integration)"


def is_supported_url(url: str) -> bool:
    """Return True for an absolute http or https URL with a host."""
    parts = urlsplit(url)
    return parts.scheme.lower() in {"http", "https"} and bool(parts.hostname)


def normalize_url(url: str) -> str:
    """Return the URL with webcal:// (a calendar-app alias) replaced by https://."""
    url = url.strip()
    if url[:9].lower() == "webcal://":
        return "https://" + url[9:]
    return url


async def fetch_feed(
    session: aiohttp.ClientSession,
    url: str,
    agent: str,
    validators: Validators = NO_VALIDATORS,
    authorization: str | None = None,
) -> Fetched:
    """Return the response to a (conditional) GET of url, or raise FetchError."""
    headers = {"User-Agent": agent, "Accept": "text/calendar, */*;q=0.5"}
    if validators.etag:
        headers["If-None-Match"] = validators.etag
    if validators.last_modified:
        headers["If-Modified-Since"] = validators.last_modified
    if authorization:
        headers["Authorization"] = authorization
    try:
        async with session.get(
            url,
            headers=headers,
            timeout=aiohttp.ClientTimeout(total=TOTAL_TIMEOUT, connect=CONNECT_TIMEOUT),
            max_redirects=MAX_REDIRECTS,
        ) as response:
            if response.status >= 400:
                raise HTTPStatusError(
                    response.status, response.headers.get("Retry-After")
                )
            chunks = None if response.status == 304 else await _read_capped(response)
            return Fetched(
                chunks=chunks,
                content_type=response.headers.get("Content-Type"),
                validators=Validators(
                    response.headers.get("ETag") or validators.etag,
                    response.headers.get("Last-Modified") or validators.last_modified,
                ),
                cache_control=response.headers.get("Cache-Control"),
                expires=response.headers.get("Expires"),
            )
    except TimeoutError as err:
        raise FetchTimeout("The server did not answer in time.") from err
    except aiohttp.ClientConnectorDNSError as err:
        raise UnknownHost("The server's name could not be found.") from err
    except aiohttp.ClientSSLError as err:
        raise CertificateError(
            "The server's certificate could not be verified."
        ) from err
    except (aiohttp.ClientError, ValueError) as err:
        raise FetchError(
            f"The feed could not be downloaded: {type(err).__name__}."
        ) from err


async def _read_capped(response: aiohttp.ClientResponse) -> list[bytes]:
    """Read the (decompressed) body, stopping at MAX_BODY_BYTES."""
    chunks: list[bytes] = []
    size = 0
    async for chunk in response.content.iter_chunked(_CHUNK_BYTES):
        chunks.append(chunk)
        size += len(chunk)
        if size > MAX_BODY_BYTES:
            raise FeedTooLarge(MAX_BODY_BYTES)
    return chunks


def joined(fetched: Fetched) -> bytes:
    """Return the body of a response that has one, taking it out of its chunks.

    The chunks are let go at once: a refresh still holds the response while it parses,
    merges and saves, and twenty feeds' chunks of megabytes would stay in memory
    together (scripts/bench --load, RSS after round 10).
    """
    assert fetched.chunks is not None
    body = b"".join(fetched.chunks)
    fetched.chunks.clear()
    return body
