"""Tests for window and next-event queries, and for re-parsing only what changed."""

import datetime as dt
import gc

import pytest

from custom_components.seminar_calendar.engine import CardLabels, FeedParser, model
from custom_components.seminar_calendar.engine.model import SeminarEvent

from .conftest import BERLIN, FIVE_EVENTS as FEED, NOW, calendar, parse_feed


def _summaries(start: str, end: str) -> list[str]:
    feed = parse_feed(FEED, BERLIN, NOW)
    window = dt.datetime.fromisoformat(start), dt.datetime.fromisoformat(end)
    return [event.summary for event in feed.between(*window)]


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        (
            "2025-05-06T10:30Z",
            "2025-05-06T11:00Z",
            ["Term-long exhibition", "Workshop", "A"],
        ),
        (
            "2025-05-06T11:00Z",
            "2025-05-06T11:30Z",
            ["Term-long exhibition", "Workshop", "B"],
        ),
        (
            "2025-05-07T10:00Z",
            "2025-05-07T10:01Z",
            ["Term-long exhibition", "Workshop", "C"],
        ),
        (
            "2025-05-07T09:00Z",
            "2025-05-07T10:00Z",
            ["Term-long exhibition", "Workshop"],
        ),
        ("2025-05-10T00:00+02:00", "2025-05-11T00:00+02:00", ["Term-long exhibition"]),
        ("2025-07-01T00:00+02:00", "2026-01-01T00:00+01:00", []),
        ("2025-03-01T00:00Z", "2025-04-01T00:00+02:00", []),
        (
            "2025-03-01T00:00Z",
            "2025-06-01T00:00Z",
            ["Term-long exhibition", "Workshop", "A", "B", "C"],
        ),
    ],
)
def test_window_queries(start: str, end: str, expected: list[str]) -> None:
    assert _summaries(start, end) == expected


@pytest.mark.parametrize(
    ("at", "expected"),
    [
        ("2025-03-01T00:00Z", "Term-long exhibition"),
        ("2025-05-06T10:30Z", "Term-long exhibition"),
        ("2025-07-01T00:00+02:00", None),
    ],
)
def test_current_or_next(at: str, expected: str | None) -> None:
    feed = parse_feed(FEED, BERLIN, NOW)
    event = feed.current_or_next(dt.datetime.fromisoformat(at))
    assert (event.summary if event else None) == expected


def test_current_or_next_without_long_events() -> None:
    body = calendar(
        "UID:a\r\nSUMMARY:A\r\nDTSTART:20250506T100000Z\r\nDTEND:20250506T110000Z",
        "UID:b\r\nSUMMARY:B\r\nDTSTART:20250506T110000Z\r\nDTEND:20250506T120000Z",
    )
    feed = parse_feed(body, BERLIN, NOW)
    assert [event.summary for event in feed.events] == ["A", "B"]
    at = dt.datetime(2025, 5, 6, 11, tzinfo=dt.UTC)
    assert feed.current_or_next(at).summary == "B"  # type: ignore[union-attr]
    assert feed.current_or_next(at - dt.timedelta(seconds=1)).summary == "A"  # type: ignore[union-attr]


def test_a_zero_length_event_at_the_window_start_counts() -> None:
    # Found by the fuzz tests: it was left out when nothing before it ended later.
    body = calendar(
        "UID:a\r\nSUMMARY:A\r\nDTSTART:20250506T100000Z\r\nDTEND:20250506T110000Z",
        "UID:z\r\nSUMMARY:Z\r\nDTSTART:20250506T110000Z",
        "UID:b\r\nSUMMARY:B\r\nDTSTART:20250506T110000Z\r\nDTEND:20250506T120000Z",
    )
    feed = parse_feed(body, BERLIN, NOW)
    at = dt.datetime(2025, 5, 6, 11, tzinfo=dt.UTC)
    window = feed.between(at, at + dt.timedelta(hours=2))
    assert sorted(event.summary for event in window) == ["B", "Z"]
    assert [event.summary for event in feed.between(at, at)] == []


def test_a_record_holds_the_event_fields_in_order() -> None:
    fields = SeminarEvent._fields
    event = SeminarEvent(
        **{name: f"value of {name}" for name in fields}  # type: ignore[arg-type]
    )
    assert event.record == tuple(f"value of {name}" for name in fields)
    assert type(event.record) is tuple
    assert SeminarEvent._make(event.record) == event
    # Each getter reads the field it is named after.
    getters = {name: getattr(model, f"{name}_of", None) for name in fields}
    read = {name: get(event.record) for name, get in getters.items() if get}
    assert read == {name: f"value of {name}" for name in read}
    assert len(read) == 10
    changed = model.with_long_text(event.record, model.NO_TEXT)
    assert SeminarEvent._make(changed) == event._replace(long_text=model.NO_TEXT)


def test_a_window_is_a_sequence_of_events_read_on_demand() -> None:
    window = parse_feed(FEED, BERLIN, NOW).between(
        dt.datetime(2025, 5, 6, tzinfo=dt.UTC), dt.datetime(2025, 5, 8, tzinfo=dt.UTC)
    )
    summaries = ["Term-long exhibition", "Workshop", "A", "B", "C"]
    assert len(window) == 5
    assert [event.summary for event in window] == summaries
    assert window[2].summary == "A"
    assert window[-1].summary == "C"


def _many(count: int) -> bytes:
    singles = [
        f"UID:s{n}\r\nSUMMARY:Talk {n}\r\nCATEGORIES:Seminar,Algebra\r\n"
        f"DESCRIPTION:Speaker: A{n}\\nAbstract: About {n}\r\n"
        f"DTSTART:202505{n % 28 + 1:02}T{n % 20:02}0000Z\r\nDURATION:PT1H"
        for n in range(count)
    ]
    weekly = "UID:w\r\nSUMMARY:Weekly\r\nDTSTART:20250505T100000Z\r\nRRULE:FREQ=WEEKLY"
    return calendar(*singles, weekly)


def test_a_parsed_feed_leaves_the_garbage_collector_nothing_per_event() -> None:
    """Full collections walk every tracked object while the event loop waits."""

    def tracked_after_parsing(count: int) -> int:
        gc.collect()
        before = len(gc.get_objects())
        # As the integration parses: times in the zone shown, cards packed.
        feed_parser = FeedParser(BERLIN, shown_in=BERLIN, card_labels=CardLabels())
        feed = feed_parser.parse(_many(count), NOW)
        feed_parser.parse(_many(count).replace(b"Talk 1\r", b"Talk one\r"), NOW)
        # A collection untracks a tuple whose items it has found untracked: tuples
        # nested three deep (cache entry, record, categories) may take three passes.
        for _ in range(3):
            gc.collect()
        assert feed.records
        assert not any(gc.is_tracked(record) for record in feed.records)
        found = len(gc.get_objects()) - before
        del feed, feed_parser
        return found

    assert tracked_after_parsing(2000) - tracked_after_parsing(20) < 20


def test_a_changed_download_keeps_the_records_of_unchanged_events() -> None:
    """seminar_changes compares only records that are not the previous download's."""
    feed_parser = FeedParser(BERLIN, shown_in=BERLIN, card_labels=CardLabels())
    first = feed_parser.parse(_many(200), NOW)
    # The first parse packs every text; the records it returns are those it keeps.
    second = feed_parser.parse(_many(200).replace(b"Talk 1\r", b"Talk one\r"), NOW)
    kept = {id(record) for record in first.records}
    fresh = [record for record in second.records if id(record) not in kept]
    assert [model.summary_of(record) for record in fresh] == ["Talk one"]
