"""Tests for the parser's reuse of what it read before, and its history cut-off."""

import datetime as dt

import pytest

from custom_components.seminar_calendar.engine import FeedParser, parser
from custom_components.seminar_calendar.engine.parsing.timezones import TimeZones
from custom_components.seminar_calendar.engine.parsing.vevent import ParsedEvent

from .conftest import BERLIN, FIVE_EVENTS as FEED, NOW, calendar, parse_feed


def test_history_window_drops_old_single_events() -> None:
    body = calendar(
        "UID:old\r\nSUMMARY:Old\r\nDTSTART:20250101T100000Z",
        "UID:recent\r\nSUMMARY:Recent\r\nDTSTART:20250420T100000Z",
    )
    assert [e.summary for e in parse_feed(body, BERLIN, NOW).events] == ["Recent"]
    kept = parse_feed(body, BERLIN, NOW, history=dt.timedelta(days=365))
    assert [e.summary for e in kept.events] == ["Old", "Recent"]


def test_unchanged_feed_is_recognised_without_parsing(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    feed_parser = FeedParser(BERLIN)
    first = feed_parser.parse_result(FEED, NOW)
    assert first.changed
    monkeypatch.setattr(parser, "split", None)  # any parsing would now fail
    again = feed_parser.parse_result(
        FEED.replace(b"VERSION:2.0", b"VERSION:2.0\r\nDTSTAMP:1"), NOW
    )
    assert again == (first.feed, False)
    # The next day, the same body is read again (series expand from "today").
    monkeypatch.undo()
    assert feed_parser.parse_result(FEED, NOW + dt.timedelta(days=1)).changed


def test_changed_feed_reparses_only_changed_events(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    feed_parser = FeedParser(BERLIN)
    feed_parser.parse(FEED, NOW)
    parsed: list[str] = []
    original = parser.parse_event

    def counting(
        block: str, digest: bytes, zones: TimeZones, heads: frozenset[str]
    ) -> ParsedEvent:
        parsed.append(block.split("UID:")[1].split("\n")[0])
        return original(block, digest, zones, heads)

    monkeypatch.setattr(parser, "parse_event", counting)
    edited = FEED.replace(b"SUMMARY:B", b"SUMMARY:B (room changed)")
    feed = feed_parser.parse(edited, NOW)
    assert parsed == ["b"]
    assert "B (room changed)" in [event.summary for event in feed.events]

    # A new day moves the horizon: a new Feed, but nothing is re-read.
    parsed.clear()
    later = feed_parser.parse(edited, NOW + dt.timedelta(days=1))
    assert parsed == []
    assert later is not feed
    assert later.events == feed.events

    # Another floating time zone changes what every event means: all are re-read.
    feed_parser.parse(
        edited.replace(b"VERSION:2.0", b"VERSION:2.0\r\nX-WR-TIMEZONE:Asia/Tokyo"), NOW
    )
    assert sorted(parsed) == ["a", "b", "c", "long", "term"]


def _talk(uid: str, day: int, summary: str) -> str:
    return (
        f"UID:{uid}\r\nDTSTART:202505{day:02}T150000Z\r\n"
        f"DTEND:202505{day:02}T160000Z\r\nSUMMARY:{summary}"
    )


def test_a_head_many_events_share_is_a_series_not_a_speaker() -> None:
    talks = [
        _talk("1", 5, "Rushbrooke: Jane Doe — Gauge Theory Today"),
        _talk("2", 12, "Rushbrooke: Knots and Braids"),
    ]
    feed_parser = FeedParser(BERLIN)
    # Two events share the head: not yet a series; "Knots and Braids" stays whole.
    two = {
        event.uid: event for event in feed_parser.parse(calendar(*talks), NOW).events
    }
    assert two["2"].talk_title is None
    # A third: the feed shows a series, and every event is read again with it.
    talks.append(_talk("3", 19, "Rushbrooke: Loops and Foams"))
    three = {
        event.uid: event for event in feed_parser.parse(calendar(*talks), NOW).events
    }
    assert three["2"].talk_title == "Knots and Braids"
    assert three["3"].talk_title == "Loops and Foams"
    assert (three["1"].speaker, three["1"].talk_title) == (
        "Jane Doe",
        "Gauge Theory Today",
    )


def test_a_speaker_with_several_talks_is_no_series() -> None:
    talks = [
        _talk(str(day), day, f"Jane Doe: Talk number {day}") for day in (5, 12, 19)
    ]
    events = parse_feed(calendar(*talks)).events
    assert [event.speaker for event in events] == ["Jane Doe"] * 3
    assert [event.talk_title for event in events] == [
        "Talk number 5",
        "Talk number 12",
        "Talk number 19",
    ]


def test_a_summary_without_a_value_has_no_head() -> None:
    events = parse_feed(
        calendar(
            "UID:x\r\nDTSTART:20250505T150000Z\r\nSUMMARY;LANGUAGE=en",
            _talk("y", 6, "Colloquium: Knots"),
        )
    ).events
    assert [event.summary for event in events] == ["", "Colloquium: Knots"]
