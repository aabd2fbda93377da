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

    def counting(block: str, digest: bytes, zones: TimeZones) -> ParsedEvent:
        parsed.append(block.split("UID:")[1].split("\n")[0])
        return original(block, digest, zones)

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
