"""Tests for the feed engine, without Home Assistant."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from custom_components.seminar_calendar.feed import Feed, FeedError, parse_feed

from .conftest import fixture_bytes

BERLIN = ZoneInfo("Europe/Berlin")
NEW_YORK = ZoneInfo("America/New_York")
NOW = dt.datetime(2025, 5, 1, tzinfo=dt.UTC)


def _feed(*events: str, header: str = "") -> Feed:
    body = "\r\n".join(
        ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//test//EN", header]
        + [f"BEGIN:VEVENT\r\n{event.strip()}\r\nEND:VEVENT" for event in events]
        + ["END:VCALENDAR", ""]
    )
    return parse_feed(body.encode(), BERLIN, NOW)


def test_cmsa_sample() -> None:
    feed = parse_feed(fixture_bytes("cmsa-events-sample.ics"), BERLIN, NOW)
    assert feed.name == "CMSA"
    assert feed.description == "Events for CMSA"
    assert feed.source_url == "https://cmsa.fas.harvard.edu"
    (event,) = feed.events
    assert event.start == dt.datetime(2025, 5, 16, 12, tzinfo=NEW_YORK)
    assert event.end == dt.datetime(2025, 5, 16, 13, tzinfo=NEW_YORK)
    assert not event.all_day
    assert event.uid == "10003714-1747396800-1747400400@cmsa.fas.harvard.edu"
    assert event.url == "https://cmsa.fas.harvard.edu/event/member-seminar-51625/"
    assert event.description is not None
    assert "\nSpeaker: Samy Jelassi, CMSA \nTitle: Echo Chamber" in event.description


@pytest.mark.parametrize(
    "body",
    [
        b"",
        b"<!DOCTYPE html><html><head><title>Events</title></head></html>",
        b'{"events": []}',
        b"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Samy\r\nEND:VCARD\r\n",
    ],
)
def test_bodies_without_a_calendar_are_errors(body: bytes) -> None:
    with pytest.raises(FeedError, match="not an iCalendar feed"):
        parse_feed(body, BERLIN, NOW)


def test_floating_times_use_the_default_zone() -> None:
    feed = _feed(
        "UID:a\r\nSUMMARY:Talk\r\nDTSTART:20250510T100000\r\nDTEND:20250510T110000"
    )
    assert feed.events[0].start == dt.datetime(2025, 5, 10, 10, tzinfo=BERLIN)


def test_cancelled_events_are_dropped_and_status_is_kept() -> None:
    feed = _feed(
        "UID:a\r\nSUMMARY:Off\r\nSTATUS:CANCELLED\r\nDTSTART:20250510T100000Z",
        "UID:b\r\nSUMMARY:Maybe\r\nSTATUS:tentative\r\nDTSTART:20250511T100000Z",
    )
    assert [(event.summary, event.status) for event in feed.events] == [
        ("Maybe", "TENTATIVE")
    ]


@pytest.mark.parametrize(
    ("lines", "start", "end"),
    [
        # RFC 5545 defaults: a date lasts one day, a date-time is an instant.
        ("DTSTART;VALUE=DATE:20250510", dt.date(2025, 5, 10), dt.date(2025, 5, 11)),
        (
            "DTSTART:20250510T100000Z",
            dt.datetime(2025, 5, 10, 10, tzinfo=dt.UTC),
            dt.datetime(2025, 5, 10, 10, tzinfo=dt.UTC),
        ),
        # Repairs: an end before the start, and mixed value types.
        (
            "DTSTART:20250510T100000Z\r\nDTEND:20250510T090000Z",
            dt.datetime(2025, 5, 10, 10, tzinfo=dt.UTC),
            dt.datetime(2025, 5, 10, 10, tzinfo=dt.UTC),
        ),
        (
            "DTSTART;VALUE=DATE:20250510\r\nDTEND:20250512T090000Z",
            dt.date(2025, 5, 10),
            dt.date(2025, 5, 12),
        ),
        (
            "DTSTART;VALUE=DATE:20250510\r\nDTEND;VALUE=DATE:20250510",
            dt.date(2025, 5, 10),
            dt.date(2025, 5, 11),
        ),
        (
            "DTSTART:20250510T100000Z\r\nDTEND;VALUE=DATE:20250512",
            dt.datetime(2025, 5, 10, 10, tzinfo=dt.UTC),
            dt.datetime(2025, 5, 12, tzinfo=dt.UTC),
        ),
        (
            "DTSTART:20250510T100000Z\r\nDURATION:PT90M",
            dt.datetime(2025, 5, 10, 10, tzinfo=dt.UTC),
            dt.datetime(2025, 5, 10, 11, 30, tzinfo=dt.UTC),
        ),
    ],
)
def test_ends_follow_rfc5545_and_are_repaired(
    lines: str, start: dt.date, end: dt.date
) -> None:
    (event,) = _feed(f"UID:a\r\nSUMMARY:Talk\r\n{lines}").events
    assert (event.start, event.end) == (start, end)
    assert event.all_day is not isinstance(start, dt.datetime)


def test_weekly_series_is_expanded_with_exceptions() -> None:
    feed = _feed(
        "UID:s\r\nSUMMARY:Colloquium\r\nDTSTART;TZID=Europe/Berlin:20250505T160000\r\n"
        "DURATION:PT1H\r\nRRULE:FREQ=WEEKLY;COUNT=4\r\nEXDATE;TZID=Europe/Berlin:20250512T160000",
        "UID:s\r\nSUMMARY:Colloquium (moved)\r\nRECURRENCE-ID;TZID=Europe/Berlin:20250519T160000\r\n"
        "DTSTART;TZID=Europe/Berlin:20250520T100000\r\nDURATION:PT1H",
    )
    assert [(e.summary, e.start.isoformat()) for e in feed.events] == [
        ("Colloquium", "2025-05-05T16:00:00+02:00"),
        ("Colloquium (moved)", "2025-05-20T10:00:00+02:00"),
        ("Colloquium", "2025-05-26T16:00:00+02:00"),
    ]
    assert feed.events[1].recurrence_id is not None


def test_window_queries_and_current_or_next() -> None:
    feed = _feed(
        "UID:long\r\nSUMMARY:Workshop\r\nDTSTART;VALUE=DATE:20250505\r\nDTEND;VALUE=DATE:20250510",
        "UID:a\r\nSUMMARY:A\r\nDTSTART:20250506T100000Z\r\nDTEND:20250506T110000Z",
        "UID:b\r\nSUMMARY:B\r\nDTSTART:20250506T110000Z\r\nDTEND:20250506T120000Z",
        "UID:c\r\nSUMMARY:C\r\nDTSTART:20250507T100000Z",
    )

    def summaries(start: str, end: str) -> list[str]:
        window = dt.datetime.fromisoformat(start), dt.datetime.fromisoformat(end)
        return [event.summary for event in feed.between(*window)]

    assert summaries("2025-05-06T10:30Z", "2025-05-06T11:00Z") == ["Workshop", "A"]
    assert summaries("2025-05-06T11:00Z", "2025-05-06T11:30Z") == ["Workshop", "B"]
    assert summaries("2025-05-07T10:00Z", "2025-05-07T10:01Z") == ["Workshop", "C"]
    assert summaries("2025-05-10T00:00+02:00", "2025-05-11T00:00+02:00") == []

    def current_or_next(at: str) -> str | None:
        event = feed.current_or_next(dt.datetime.fromisoformat(at))
        return event.summary if event else None

    assert current_or_next("2025-05-01T00:00Z") == "Workshop"
    assert current_or_next("2025-05-09T23:00+02:00") == "Workshop"
    assert current_or_next("2025-05-10T00:00+02:00") is None
