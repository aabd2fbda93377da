"""When to fetch a feed again: its published interval, HTTP caching headers, failures."""

import datetime as dt
from email.utils import parsedate_to_datetime
import re
from typing import Final, NamedTuple

MIN_INTERVAL: Final = dt.timedelta(minutes=15)
MAX_INTERVAL: Final = dt.timedelta(hours=24)
DEFAULT_INTERVAL: Final = dt.timedelta(hours=1)
FIRST_RETRY: Final = dt.timedelta(minutes=1)
_MAX_AGE: Final = re.compile(r"(?:^|[,\s])(?:s-)?max-age\s*=\s*\"?(\d+)", re.IGNORECASE)


class Interval(NamedTuple):
    """The time until the next fetch and what set it."""

    delay: dt.timedelta
    source: str  # "feed", "http" or "default"


def _clamped(delay: dt.timedelta) -> dt.timedelta:
    return min(max(delay, MIN_INTERVAL), MAX_INTERVAL)


def http_date(value: str | None) -> dt.datetime | None:
    """Return an HTTP date as an aware datetime, or None when it is not one."""
    if not value:
        return None
    try:
        moment = parsedate_to_datetime(value)
    except TypeError, ValueError, IndexError:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)


def http_lifetime(
    cache_control: str | None, expires: str | None, now: dt.datetime
) -> dt.timedelta | None:
    """Return how long HTTP says the response stays fresh (max-age, else Expires)."""
    if cache_control:
        lowered = cache_control.lower()
        if "no-cache" in lowered or "no-store" in lowered:
            return dt.timedelta()
        if match := _MAX_AGE.search(cache_control):
            return dt.timedelta(seconds=int(match.group(1)))
    if (moment := http_date(expires)) is not None:
        return max(moment - now, dt.timedelta())
    return None


def next_interval(
    published: dt.timedelta | None,
    cache_control: str | None,
    expires: str | None,
    now: dt.datetime,
) -> Interval:
    """Return the interval after a successful fetch, clamped to 15 minutes … 24 hours.

    The feed's own REFRESH-INTERVAL / X-PUBLISHED-TTL wins; without it, the HTTP
    lifetime; without either, one hour.
    """
    if published is not None and published > dt.timedelta():
        return Interval(_clamped(published), "feed")
    if (lifetime := http_lifetime(cache_control, expires, now)) is not None:
        return Interval(_clamped(lifetime), "http")
    return Interval(DEFAULT_INTERVAL, "default")


def retry_delay(
    failures: int, normal: dt.timedelta, retry_after: str | None, now: dt.datetime
) -> dt.timedelta:
    """Return when to try again after failures in a row (1 minute, doubling, capped).

    A server's Retry-After (seconds or an HTTP date) is honoured, up to 24 hours.
    """
    if retry_after:
        if retry_after.strip().isdigit():
            asked: dt.timedelta | None = dt.timedelta(seconds=int(retry_after.strip()))
        elif (moment := http_date(retry_after)) is not None:
            asked = moment - now
        else:
            asked = None
        if asked is not None:
            return min(max(asked, FIRST_RETRY), MAX_INTERVAL)
    backoff: dt.timedelta = FIRST_RETRY * 2 ** min(max(failures - 1, 0), 20)
    return min(backoff, normal)
