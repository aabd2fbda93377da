"""Absurd feeds: each ends in data, within bounds of memory and of what is kept."""

from collections import Counter
import datetime as dt
import tracemalloc

import pytest

from custom_components.seminar_calendar.engine.recurrence.expansion import (
    MAX_OCCURRENCES,
)

from .conftest import BERLIN, overlapping, parse_feed

NOW = dt.datetime(2026, 11, 1, tzinfo=dt.UTC)
MEMORY_LIMIT = 200 * 2**20


def _calendar(*lines: str) -> bytes:
    return (
        "BEGIN:VCALENDAR\r\n" + "\r\n".join(lines) + "\r\nEND:VCALENDAR\r\n"
    ).encode()


def _event(*lines: str) -> str:
    return "\r\n".join(["BEGIN:VEVENT", *lines, "END:VEVENT"])


ABSURD = {
    "huge_line_count": _calendar(
        *(
            _event(f"UID:{n}", f"DTSTART:2026{(n % 12) + 1:02d}01T100000Z", "SUMMARY:x")
            for n in range(30_000)
        )
    ),
    "one_enormous_line": _calendar(
        _event("UID:a", "DTSTART:20261201T100000Z", "DESCRIPTION:" + "x" * 5_000_000)
    ),
    "deeply_nested_components": _calendar(
        _event(
            "UID:a",
            "DTSTART:20261201T100000Z",
            *["BEGIN:VALARM"] * 5000,
            *["END:VALARM"] * 5000,
        )
    ),
    "thousands_of_recurrence_ids": _calendar(
        _event("UID:s", "DTSTART:20261201T100000Z", "RRULE:FREQ=DAILY;COUNT=3000"),
        *(
            _event(
                "UID:s",
                f"RECURRENCE-ID:{(dt.date(2026, 12, 1) + dt.timedelta(days=n)):%Y%m%d}T100000Z",
                f"DTSTART:{(dt.date(2026, 12, 1) + dt.timedelta(days=n)):%Y%m%d}T120000Z",
            )
            for n in range(3000)
        ),
    ),
    "secondly_without_end": _calendar(
        _event("UID:a", "DTSTART:20260101T000000Z", "RRULE:FREQ=SECONDLY")
    ),
    "absurd_time_zones": _calendar(
        "BEGIN:VTIMEZONE\r\nTZID:"
        + "Z" * 10_000
        + "\r\nBEGIN:STANDARD\r\nTZOFFSETTO:+9999\r\nEND:STANDARD\r\nEND:VTIMEZONE",
        _event("UID:a", "DTSTART;TZID=" + "Z" * 10_000 + ":20261201T100000"),
        _event(
            "UID:b",
            "DTSTART;TZID=Etc/GMT+14:20261201T100000",
            "RRULE:FREQ=HOURLY;COUNT=5000",
        ),
    ),
    "extreme_dates": _calendar(
        _event("UID:a", "DTSTART:00010101T000000Z", "RRULE:FREQ=YEARLY"),
        _event("UID:b", "DTSTART:99991231T235959Z", "RRULE:FREQ=DAILY"),
    ),
}


@pytest.mark.parametrize("name", list(ABSURD))
def test_absurd_feeds_end_in_data_within_bounds(name: str) -> None:
    """Bounded in what is kept, not in seconds (speed belongs to scripts/bench)."""
    tracemalloc.start()
    try:
        feed = parse_feed(ABSURD[name], BERLIN, NOW)
    finally:
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
    assert peak < MEMORY_LIMIT
    # Every series is cut at MAX_OCCURRENCES; single events are kept as they come.
    assert len(feed.records) <= 30_000 + 3 * MAX_OCCURRENCES
    end = NOW + dt.timedelta(days=365)
    window = feed.between(NOW, end)
    assert Counter(window.records) == Counter(overlapping(feed, NOW, end))
