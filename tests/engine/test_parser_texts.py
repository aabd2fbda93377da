"""Tests for how the parser packs the events' texts, and gives times in one zone."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from custom_components.seminar_calendar.engine import (
    CardLabels,
    EventWindow,
    FeedParser,
    card_text,
    card_texts,
)
from custom_components.seminar_calendar.engine.model import Feed
from custom_components.seminar_calendar.engine.texts import blocks
from custom_components.seminar_calendar.engine.texts.blocks import TextFields
from custom_components.seminar_calendar.engine.tracking.changes import seminar_changes

from ..conftest import fixture_bytes
from .conftest import BERLIN, NOW, calendar, parse_feed

PACIFIC = ZoneInfo("America/Los_Angeles")


def _talk(number: int, words: str = "about") -> str:
    description = f"Speaker: Ada {number}\\nAbstract: {f'{words} {number} ' * 400}"
    return (
        f"UID:t{number}\r\nSUMMARY:Talk {number}\r\nDESCRIPTION:{description}\r\n"
        f"DTSTART:202505{number % 28 + 1:02}T{number % 12 + 8:02}0000Z\r\nDURATION:PT1H"
    )


SERIES = (
    "UID:w\r\nSUMMARY:Weekly\r\nDESCRIPTION:The weekly seminar\r\n"
    "DTSTART:20250505T100000Z\r\nDURATION:PT1H\r\nRRULE:FREQ=WEEKLY;COUNT=4"
)
FIRST = calendar(*(_talk(n) for n in range(40)), SERIES)
# One talk edited, one added.
CHANGED = calendar(*(_talk(n, "on" if n == 3 else "about") for n in range(41)), SERIES)


def _blocks(feed: Feed) -> dict[str, bytes | str]:
    return {
        event.summary + str(event.start): TextFields(*event.long_text).block
        for event in feed.events
    }


def _texts(feed: Feed) -> dict[str, tuple[str | None, str | None]]:
    return {
        event.summary + str(event.start): event.long_texts() for event in feed.events
    }


def test_only_new_texts_are_packed_others_keep_their_blocks() -> None:
    feed_parser = FeedParser(BERLIN)
    first = feed_parser.parse(FIRST, NOW)
    changed = feed_parser.parse(CHANGED, NOW)
    assert _texts(changed) == _texts(parse_feed(CHANGED))
    before, after = _blocks(first), _blocks(changed)
    kept = {key for key in after if key in before and after[key] is before[key]}
    new = set(after) - kept
    assert {key.split("2025")[0] for key in new} == {"Talk 3", "Talk 40"}
    assert all(isinstance(block, bytes) for block in after.values())
    assert len({id(block) for block in before.values()}) >= 3


def test_texts_are_packed_afresh_when_blocks_spread_out(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(blocks, "MAX_SPREAD", 0)  # any change now spreads them out
    feed_parser = FeedParser(BERLIN, card_labels=CardLabels())
    first = feed_parser.parse(FIRST, NOW)
    changed = feed_parser.parse(CHANGED, NOW)
    assert _texts(changed) == _texts(parse_feed(CHANGED))
    earlier = {id(block) for block in _blocks(first).values()}
    packed = {id(block) for block in _blocks(changed).values()}
    assert not earlier & packed
    # The caches point at the new blocks too: a body with the same events (another
    # calendar name) is read from them, series included, without packing.
    renamed = feed_parser.parse(
        CHANGED.replace(b"VERSION:2.0", b"VERSION:2.0\r\nX-WR-CALNAME:Renamed"), NOW
    )
    assert renamed.name == "Renamed"
    assert {id(block) for block in _blocks(renamed).values()} <= packed
    assert len([key for key in _blocks(renamed) if key.startswith("Weekly")]) == 4
    # Cards packed before are kept, new ones made.
    assert all(event.card for event in renamed.events)
    assert [event.card for event in changed.events] == [
        card_text(event) for event in parse_feed(CHANGED).events
    ]


def test_seminars_packed_apart_are_not_changed() -> None:
    """The same descriptions in other blocks are the same descriptions."""
    one, other = parse_feed(CHANGED), parse_feed(CHANGED)
    assert (
        _blocks(one)["Talk 0" + str(one.events[0].start)]
        is not (_blocks(other)["Talk 0" + str(other.events[0].start)])
    )
    assert seminar_changes(one, other, NOW) == []


def test_times_are_given_in_the_zone_they_are_shown_in() -> None:
    body = fixture_bytes("timezones.ics")
    own = FeedParser(PACIFIC).parse(body, NOW).events
    shown = FeedParser(PACIFIC, shown_in=BERLIN).parse(body, NOW).events
    assert len(shown) == len(own) > 5
    for mine, theirs in zip(shown, own, strict=True):
        assert (mine.summary, mine.start, mine.end) == (
            theirs.summary,
            theirs.start,
            theirs.end,
        )
        for value in (mine.start, mine.end):
            if isinstance(value, dt.datetime):
                assert value.tzinfo is BERLIN
    # All-day seminars stay dates.
    day = calendar("UID:d\r\nSUMMARY:Day\r\nDTSTART;VALUE=DATE:20250510")
    (event,) = FeedParser(PACIFIC, shown_in=BERLIN).parse(day, NOW).events
    assert event.start == dt.date(2025, 5, 10)
    # A time the zone cannot show (past the year 9999 there) keeps its own zone.
    late = calendar("UID:l\r\nSUMMARY:Late\r\nDTSTART:99991231T233000Z")
    (event,) = FeedParser(PACIFIC, shown_in=BERLIN).parse(late, NOW).events
    assert event.start == dt.datetime(9999, 12, 31, 23, 30, tzinfo=dt.UTC)
    assert event.start.tzinfo is dt.UTC


@pytest.mark.parametrize(
    "fixture",
    ["cmsa-events-sample.ics", "recurrences.ics", "timezones.ics", "floating.ics"],
)
def test_packed_cards_are_the_cards_built_from_the_fields(fixture: str) -> None:
    german = CardLabels("Vortragende", "Titel", "Kategorien")
    body = fixture_bytes(fixture)
    with_packed = FeedParser(BERLIN, card_labels=german).parse(body, NOW)
    plain = parse_feed(body)
    assert len(plain.events) == len(with_packed.events) > 0
    built = [card_text(event, german) for event in plain.events]
    assert list(card_texts(EventWindow(with_packed.records))) == built
    assert [card_text(event) for event in with_packed.events] == built
    assert all(event.card is not None for event in with_packed.events)
    assert all(event.card is None for event in plain.events)
    assert [event.long_texts() for event in with_packed.events] == [
        event.long_texts() for event in plain.events
    ]


def test_seminars_without_texts_get_cards_of_their_own() -> None:
    body = calendar(
        "UID:a\r\nSUMMARY:A\r\nURL:https://a.example\r\nDTSTART:20250510T100000Z",
        "UID:b\r\nSUMMARY:B\r\nCATEGORIES:Algebra\r\nDTSTART:20250511T100000Z",
        "UID:c\r\nSUMMARY:C\r\nDTSTART:20250512T100000Z",
    )
    events = FeedParser(BERLIN, card_labels=CardLabels()).parse(body, NOW).events
    assert [event.card for event in events] == [
        "https://a.example",
        "Categories: Algebra",
        "",
    ]
    assert [card_text(event) for event in events] == [
        card_text(event) for event in parse_feed(body).events
    ]
