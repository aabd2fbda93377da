"""One table from what went wrong to what a user reads: in the form, the log and the repair."""

from typing import Final, NamedTuple

from homeassistant.core import HomeAssistant
from homeassistant.helpers.translation import async_get_translations

from .const import DOMAIN
from .engine import (
    CertificateError,
    FeedError,
    FeedTooLarge,
    FetchError,
    FetchTimeout,
    HTTPStatusError,
    UnknownHost,
)

_HTTP_STATUS: Final = {
    401: "invalid_auth",
    403: "forbidden",
    404: "not_found",
    410: "gone",
    429: "rate_limited",
}
# Answers that mean the address itself is wrong, not that the site is having a bad day.
_WRONG_ADDRESS: Final = frozenset({404, 410})
_FETCH_ERRORS: Final = (
    (FetchTimeout, "timeout"),
    (CertificateError, "ssl_error"),
    (UnknownHost, "unknown_host"),
)


class Failure(NamedTuple):
    """Why a fetch failed: a translation key (config.error and exceptions) and values."""

    key: str
    placeholders: dict[str, str]
    # The address itself is wrong (not a passing problem): a repair at once.
    wrong_address: bool = False


def failure_of(err: FetchError | FeedError) -> Failure:
    """Return the failure a download or parsing error stands for."""
    if isinstance(err, FeedError):
        return Failure(err.kind, {}, wrong_address=not err.transient)
    if isinstance(err, HTTPStatusError):
        if key := _HTTP_STATUS.get(err.status):
            return Failure(key, {}, wrong_address=err.status in _WRONG_ADDRESS)
        return Failure("http_error", {"status": str(err.status)})
    for kind, key in _FETCH_ERRORS:
        if isinstance(err, kind):
            return Failure(key, {})
    if isinstance(err, FeedTooLarge):
        return Failure("too_large", {"limit_mib": f"{err.limit / 2**20:g}"})
    cause = err.__cause__
    return Failure(
        "cannot_connect", {"reason": type(cause).__name__ if cause else str(err)}
    )


async def async_describe(hass: HomeAssistant, failure: Failure) -> str:
    """Return the failure's message in Home Assistant's language (for a repair)."""
    translations = await async_get_translations(
        hass, hass.config.language, "exceptions", [DOMAIN]
    )
    message = translations.get(
        f"component.{DOMAIN}.exceptions.{failure.key}.message", failure.key
    )
    # Worded like the error Home Assistant logs (which drops the closing full stop).
    return message.rstrip(".").format(**failure.placeholders)
