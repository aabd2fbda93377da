"""Tests for when a feed is fetched again: its interval, HTTP caching, failures."""

import datetime as dt

import pytest

from custom_components.seminar_calendar.engine.web.refresh import (
    http_date,
    http_lifetime,
    next_interval,
    retry_delay,
)

NOW = dt.datetime(2025, 5, 10, 12, tzinfo=dt.UTC)
HOUR = dt.timedelta(hours=1)


@pytest.mark.parametrize(
    ("published", "cache_control", "expires", "delay", "source"),
    [
        (HOUR, "max-age=60", None, HOUR, "feed"),
        (dt.timedelta(minutes=1), None, None, dt.timedelta(minutes=15), "feed"),
        (dt.timedelta(days=7), None, None, dt.timedelta(hours=24), "feed"),
        (None, "public, max-age=7200", None, 2 * HOUR, "http"),
        (None, 's-maxage=10, max-age="3600"', None, HOUR, "http"),
        (None, "no-cache", None, dt.timedelta(minutes=15), "http"),
        (None, None, "Sat, 10 May 2025 15:00:00 GMT", 3 * HOUR, "http"),
        (None, None, "Sat, 10 May 2025 11:00:00 GMT", dt.timedelta(minutes=15), "http"),
        (None, None, "0", HOUR, "default"),
        (None, "private", None, HOUR, "default"),
        (dt.timedelta(), None, None, HOUR, "default"),
    ],
)
def test_next_interval(
    published: dt.timedelta | None,
    cache_control: str | None,
    expires: str | None,
    delay: dt.timedelta,
    source: str,
) -> None:
    assert next_interval(published, cache_control, expires, NOW) == (delay, source)


def test_http_helpers() -> None:
    assert http_date("Sat, 10 May 2025 15:00:00 GMT") == NOW + 3 * HOUR
    assert http_date("Sat, 10 May 2025 15:00:00") == NOW + 3 * HOUR  # no zone: UTC
    assert http_date(None) is None
    assert http_date("soon") is None
    assert http_lifetime(None, None, NOW) is None


@pytest.mark.parametrize(
    ("failures", "retry_after", "delay"),
    [
        (1, None, dt.timedelta(minutes=1)),
        (2, None, dt.timedelta(minutes=2)),
        (3, None, dt.timedelta(minutes=4)),
        (7, None, HOUR),  # never later than the normal interval
        (500, None, HOUR),
        (1, "120", dt.timedelta(minutes=2)),
        (1, "5", dt.timedelta(minutes=1)),
        (1, "Sat, 10 May 2025 12:30:00 GMT", dt.timedelta(minutes=30)),
        (1, "999999", dt.timedelta(hours=24)),
        (2, "later", dt.timedelta(minutes=2)),
    ],
)
def test_retry_delay(
    failures: int, retry_after: str | None, delay: dt.timedelta
) -> None:
    assert retry_delay(failures, HOUR, retry_after, NOW) == delay
