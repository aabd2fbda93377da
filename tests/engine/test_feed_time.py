"""Tests for time zones and recurrences in feeds."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from custom_components.seminar_calendar.engine.model import Feed
from custom_components.seminar_calendar.engine.recurrence import expansion as series

from ..conftest import fixture_bytes
from .conftest import BERLIN, NOW, parse_feed

NEW_YORK = ZoneInfo("America/New_York")
PACIFIC = ZoneInfo("America/Los_Angeles")


def _by_summary(feed: Feed) -> dict[str, list[tuple[dt.date, dt.date]]]:
    found: dict[str, list[tuple[dt.date, dt.date]]] = {}
    for event in feed.events:
        found.setdefault(event.summary, []).append((event.start, event.end))
    return found


def test_time_zones() -> None:
    feed = parse_feed(fixture_bytes("timezones.ics"), PACIFIC, NOW)
    events = _by_summary(feed)
    noon_new_york = dt.datetime(2025, 5, 16, 12, tzinfo=NEW_YORK)
    assert events["Windows zone name"] == [
        (noon_new_york, noon_new_york + dt.timedelta(hours=1))
    ]
    assert events["US-Eastern alias"][0][0] == noon_new_york
    assert events["Mozilla path"][0][0] == dt.datetime(2025, 5, 16, 12, tzinfo=BERLIN)
    assert events["UTC"][0][0] == dt.datetime(2025, 5, 16, 12, tzinfo=dt.UTC)
    # Neither IANA nor defined in the feed: read in the default zone.
    assert events["Unknown zone, no definition"][0][0] == dt.datetime(
        2025, 5, 16, 12, tzinfo=PACIFIC
    )
    # Exchange's "Customized Time Zone": the VTIMEZONE's own rules (UTC+05:30).
    custom = events["Exchange custom zone"][0][0]
    assert isinstance(custom, dt.datetime)
    assert custom.utcoffset() == dt.timedelta(hours=5, minutes=30)
    assert custom.astimezone(dt.UTC) == dt.datetime(2025, 5, 16, 6, 30, tzinfo=dt.UTC)


def test_series_in_custom_and_windows_zones() -> None:
    events = _by_summary(parse_feed(fixture_bytes("timezones.ics"), PACIFIC, NOW))
    custom = [
        start.astimezone(dt.UTC) for start, _ in events["Weekly in the custom zone"]
    ]  # type: ignore[union-attr]
    assert custom == [
        dt.datetime(2025, 5, day, 3, 30, tzinfo=dt.UTC) for day in (12, 19, 26)
    ]
    windows = [start for start, _ in events["Weekly across DST, Windows zone"]]
    assert [start.utcoffset() for start in windows] == [  # type: ignore[union-attr]
        dt.timedelta(hours=-4),
        dt.timedelta(hours=-5),
    ]
    assert [start.hour for start in windows] == [12, 12]  # type: ignore[union-attr]


def test_floating_times_use_x_wr_timezone_and_dates_stay_dates() -> None:
    feed = parse_feed(fixture_bytes("floating.ics"), PACIFIC, NOW)
    assert feed.tz == BERLIN
    events = _by_summary(feed)
    assert events["Floating time"][0][0] == dt.datetime(2025, 5, 16, 12, tzinfo=BERLIN)
    assert events["Three-day workshop across the DST change"] == [
        (dt.date(2025, 3, 29), dt.date(2025, 4, 1))
    ]
    assert events["All day, no end"] == [(dt.date(2025, 10, 26), dt.date(2025, 10, 27))]


def test_floating_times_without_x_wr_timezone_use_the_default() -> None:
    body = fixture_bytes("floating.ics").replace(b"X-WR-TIMEZONE:Europe/Berlin\n", b"")
    feed = parse_feed(body, PACIFIC, NOW)
    assert _by_summary(feed)["Floating time"][0][0] == dt.datetime(
        2025, 5, 16, 12, tzinfo=PACIFIC
    )


def test_recurrences() -> None:
    feed = parse_feed(fixture_bytes("recurrences.ics"), BERLIN, NOW)
    events = _by_summary(feed)

    def at(day: int, hour: int, month: int = 5) -> dt.datetime:
        return dt.datetime(2025, month, day, hour, tzinfo=NEW_YORK)

    def utc(day: int, hour: int, minute: int = 0) -> dt.datetime:
        return dt.datetime(2025, 5, day, hour, minute, tzinfo=dt.UTC)

    # EXDATE drops the 12th; the UTC-written override moves the 19th; the cancelled
    # override removes the 26th; UNTIL ends the series before June 3rd.
    assert [start for start, _ in events["Analysis seminar"]] == [
        at(5, 16),
        at(2, 16, month=6),
    ]
    assert events["Analysis seminar (moved, written in UTC)"] == [
        (at(20, 10), at(20, 11))
    ]
    # A DATE series whose override is written as a DATE-TIME.
    assert events["Reading group"] == [
        (dt.date(2025, 5, 5), dt.date(2025, 5, 6)),
        (dt.date(2025, 5, 7), dt.date(2025, 5, 8)),
    ]
    assert events["Reading group (special, written as DATE-TIME)"] == [
        (dt.date(2025, 5, 6), dt.date(2025, 5, 7))
    ]
    # RDATE periods keep their own length; plain RDATEs take the master's duration.
    assert events["Lecture series"] == [
        (utc(7, 14), utc(7, 15)),
        (utc(9, 14), utc(9, 16)),
        (utc(11, 14), utc(11, 14, 30)),
        (utc(13, 14), utc(13, 15)),
    ]
    # The highest SEQUENCE wins among copies of one UID.
    assert events["Colloquium (latest version)"] == [(utc(8, 19), utc(8, 20))]
    assert "Colloquium (old version)" not in events
    assert "Colloquium (middle version)" not in events
    assert events["Override of a series the feed does not hold"] == [
        (utc(9, 9), utc(9, 10))
    ]


def test_open_and_dense_rules_stay_bounded() -> None:
    feed = parse_feed(fixture_bytes("recurrences.ics"), BERLIN, NOW)
    events = _by_summary(feed)
    tea = [start for start, _ in events["Tea, every Friday forever"]]
    assert min(tea) >= NOW - dt.timedelta(days=367)  # type: ignore[operator]
    assert max(tea) <= NOW + dt.timedelta(days=2 * 366)  # type: ignore[operator]
    assert 150 <= len(tea) <= 160
    assert all(start.hour == 15 and start.minute == 30 for start in tea)  # type: ignore[union-attr]
    assert len(events["Every minute, no end"]) == series.MAX_OCCURRENCES
    assert "Every second since 2020" not in events
    # An unreadable rule leaves the event's first occurrence.
    assert events["Unreadable rule"] == [(NOW.replace(hour=10), NOW.replace(hour=10))]
    assert feed.skip_reasons == (
        "a recurring event was skipped: a rule repeats too often, for too long, to expand",
    )


def test_recurrence_ids_are_set_on_series_occurrences() -> None:
    feed = parse_feed(fixture_bytes("recurrences.ics"), BERLIN, NOW)
    ids = {
        (event.summary, event.recurrence_id)
        for event in feed.events
        if event.uid == "weekly@example.org"
    }
    assert ids == {
        ("Analysis seminar", "20250505T160000"),
        ("Analysis seminar (moved, written in UTC)", "20250519T160000"),
        ("Analysis seminar", "20250602T160000"),
    }
    single = next(event for event in feed.events if event.uid == "versions@example.org")
    assert single.recurrence_id is None


@pytest.mark.parametrize("count", [1, 3])
def test_series_with_counts_outside_the_horizon(count: int) -> None:
    body = (
        "BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:old\r\nSUMMARY:Old series\r\n"
        f"DTSTART:20100104T100000Z\r\nRRULE:FREQ=WEEKLY;COUNT={count}\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
    ).encode()
    assert parse_feed(body, BERLIN, NOW).events == ()
