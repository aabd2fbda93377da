"""Tests for refresh scheduling rules and event history, without Home Assistant."""

import datetime as dt

import pytest

from custom_components.seminar_calendar.history import (
    events_from_text,
    events_to_text,
    from_json,
    past_events,
    to_json,
    with_history,
)
from custom_components.seminar_calendar.model import (
    Feed,
    SeminarEvent,
    index_records,
    pack_long_text,
)
from custom_components.seminar_calendar.refresh import (
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


def _event(
    summary: str, start: dt.datetime | dt.date, **changes: object
) -> SeminarEvent:
    end = start + (HOUR if isinstance(start, dt.datetime) else dt.timedelta(days=1))
    return SeminarEvent(summary=summary, start=start, end=end, key=summary)._replace(
        **changes
    )


def _feed(*events: SeminarEvent) -> Feed:
    index = index_records([event.record for event in events], dt.UTC)
    return Feed(None, None, None, None, dt.UTC, "x", index)


def test_history_keeps_recent_past_events_the_feed_dropped() -> None:
    yesterday = _event("Yesterday's talk", NOW - dt.timedelta(days=1))
    long_ago = _event("Long ago", NOW - dt.timedelta(days=100))
    tomorrow = _event("Tomorrow's talk, now cancelled", NOW + dt.timedelta(days=1))
    still_listed = _event("Listed", NOW - dt.timedelta(days=2))
    earlier = past_events(_feed(yesterday, long_ago, tomorrow, still_listed), NOW)
    assert tomorrow.record not in earlier

    new = _feed(still_listed, _event("Next week", NOW + dt.timedelta(days=7)))
    merged = with_history(new, earlier, NOW, dt.timedelta(days=90))
    assert [event.summary for event in merged.events] == [
        "Listed",
        "Yesterday's talk",
        "Next week",
    ]
    # Only what the new body lacks is history (and saved for a restart).
    assert merged.history == (yesterday.record,)
    assert with_history(new, (), NOW, dt.timedelta(days=90)) is new
    # A recent seminar the new body still lists is not history.
    assert with_history(new, [still_listed.record], NOW, dt.timedelta(days=90)) is new


def test_events_survive_json() -> None:
    long_text, abstract_slice = pack_long_text("Speaker: A\nAbstract: B", "B")
    events = [
        _event(
            "Talk",
            dt.datetime(2025, 5, 1, 10, tzinfo=dt.timezone(dt.timedelta(hours=-4))),
            categories=("Colloquium",),
            long_text=long_text,
            abstract_slice=abstract_slice,
            speaker="A",
        ),
        _event("Workshop", dt.date(2025, 5, 2)),
    ]
    for event in events:
        assert from_json(to_json(event.record)) == event.record
    assert SeminarEvent._make(from_json(to_json(events[0].record))).abstract == "B"
    records = [event.record for event in events]
    assert events_from_text(events_to_text(records)) == records
    assert events_from_text(events_to_text([])) == []
