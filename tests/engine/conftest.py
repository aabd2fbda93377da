"""Helpers for the feed engine's tests: bodies built from events, and one-off parses."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from custom_components.seminar_calendar.engine import (
    DEFAULT_HISTORY,
    EventRecord,
    Feed,
    FeedParser,
    SeminarEvent,
)
from custom_components.seminar_calendar.engine.model import end_of, start_of
from custom_components.seminar_calendar.engine.timeutil import as_datetime

BERLIN = ZoneInfo("Europe/Berlin")
NOW = dt.datetime(2025, 5, 1, tzinfo=dt.UTC)


@pytest.fixture(autouse=True)
def auto_enable_custom_integrations() -> None:
    """Replace the integration tests' fixture: the engine needs no Home Assistant."""


@pytest.fixture(autouse=True)
def frozen() -> None:
    """Replace the integration tests' fixture: the engine's tests pass their own times."""


def calendar(*events: str, header: str = "", newline: str = "\r\n") -> bytes:
    """Return a calendar body with a VEVENT for each text of content lines."""
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//test//EN"]
    lines += [header] if header else []
    lines += [
        f"BEGIN:VEVENT{newline}{event.strip()}{newline}END:VEVENT" for event in events
    ]
    lines += ["END:VCALENDAR", ""]
    return newline.join(lines).encode()


def events_of(*events: str, header: str = "") -> tuple[SeminarEvent, ...]:
    """Return the occurrences parsed from a calendar of these events."""
    return parse_feed(calendar(*events, header=header)).events


def parse_feed(
    body: bytes,
    default_tz: dt.tzinfo = BERLIN,
    now: dt.datetime = NOW,
    content_type: str | None = None,
    history: dt.timedelta = DEFAULT_HISTORY,
) -> Feed:
    """Parse one body with a parser of its own (no cache kept)."""
    return FeedParser(default_tz, history).parse(body, now, content_type)


# Five events: a term-long one, a five-day workshop, two back to back, one without an end.
FIVE_EVENTS = calendar(
    "UID:term\r\nSUMMARY:Term-long exhibition\r\nDTSTART;VALUE=DATE:20250401\r\nDTEND;VALUE=DATE:20250701",
    "UID:long\r\nSUMMARY:Workshop\r\nDTSTART;VALUE=DATE:20250505\r\nDTEND;VALUE=DATE:20250510",
    "UID:a\r\nSUMMARY:A\r\nDTSTART:20250506T100000Z\r\nDTEND:20250506T110000Z",
    "UID:b\r\nSUMMARY:B\r\nDTSTART:20250506T110000Z\r\nDTEND:20250506T120000Z",
    "UID:c\r\nSUMMARY:C\r\nDTSTART:20250507T100000Z",
)


def overlapping(feed: Feed, start: dt.datetime, end: dt.datetime) -> list[EventRecord]:
    """Return the feed's occurrences overlapping [start, end), found one by one.

    The oracle for the index: a zero-length occurrence counts when it lies in the window.
    """
    found = []
    for record in feed.records:
        begins, ends = (
            as_datetime(start_of(record), feed.tz),
            as_datetime(end_of(record), feed.tz),
        )
        if begins < end and (ends > start or begins == ends >= start):
            found.append(record)
    return found


def current_or_next(feed: Feed, now: dt.datetime) -> dt.datetime | None:
    """Return the start of the earliest occurrence in progress at now, else the next one's.

    The oracle for the index, found one by one: an occurrence in progress ends after
    now; one starting at now counts too.
    """
    starts = [
        as_datetime(start_of(record), feed.tz)
        for record in feed.records
        if as_datetime(end_of(record), feed.tz) > now
        or as_datetime(start_of(record), feed.tz) >= now
    ]
    return min(starts, default=None)
