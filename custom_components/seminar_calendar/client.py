"""Download a feed over HTTP with a shared aiohttp session."""

from typing import Final, NamedTuple
from urllib.parse import urlsplit

import aiohttp

from .const import VERSION

# A named client: some The Events Calendar sites answer 403 to library default agents.
USER_AGENT: Final = f"SeminarCalendar/{VERSION} (Home Assistant integration)"
CONNECT_TIMEOUT: Final = 10.0
TOTAL_TIMEOUT: Final = 60.0
MAX_BODY_BYTES: Final = 20 * 1024 * 1024
MAX_REDIRECTS: Final = 10
_CHUNK_BYTES: Final = 64 * 1024


class Fetched(NamedTuple):
    """A downloaded body and the Content-Type it was sent with."""

    body: bytes
    content_type: str | None


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


async def fetch_feed(session: aiohttp.ClientSession, url: str) -> Fetched:
    """Return the body of url, or raise FetchError."""
    try:
        async with session.get(
            url,
            headers={"User-Agent": USER_AGENT, "Accept": "text/calendar, */*;q=0.5"},
            timeout=aiohttp.ClientTimeout(total=TOTAL_TIMEOUT, connect=CONNECT_TIMEOUT),
            max_redirects=MAX_REDIRECTS,
        ) as response:
            if response.status >= 400:
                raise FetchError(f"The server answered HTTP {response.status}.")
            body = bytearray()
            async for chunk in response.content.iter_chunked(_CHUNK_BYTES):
                body += chunk
                if len(body) > MAX_BODY_BYTES:
                    raise FeedTooLarge(MAX_BODY_BYTES)
            return Fetched(bytes(body), response.headers.get("Content-Type"))
    except TimeoutError as err:
        raise FetchTimeout("The server did not answer in time.") from err
    except (aiohttp.ClientError, ValueError) as err:
        raise FetchError(
            f"The feed could not be downloaded: {type(err).__name__}."
        ) from err
