"""Tests for the seminars kept after a feed drops them, and how they are saved."""

import datetime as dt

from custom_components.seminar_calendar.engine.model import (
    Feed,
    SeminarEvent,
    index_records,
)
from custom_components.seminar_calendar.engine.texts.blocks import (
    TextFields,
    loose_text,
)
from custom_components.seminar_calendar.engine.tracking.history import (
    events_from_text,
    events_to_text,
    from_json,
    past_events,
    to_json,
    with_history,
)

NOW = dt.datetime(2025, 5, 10, 12, tzinfo=dt.UTC)
HOUR = dt.timedelta(hours=1)


def _event(
    summary: str, start: dt.datetime | dt.date, **changes: object
) -> SeminarEvent:
    end = start + (HOUR if isinstance(start, dt.datetime) else dt.timedelta(days=1))
    return SeminarEvent(summary=summary, start=start, end=end, key=summary)._replace(
        **changes
    )


def _feed(*events: SeminarEvent) -> Feed:
    index = index_records([event.record for event in events], dt.UTC)
    return Feed(None, None, None, dt.UTC, "x", index)


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
    events = [
        _event(
            "Talk",
            dt.datetime(2025, 5, 1, 10, tzinfo=dt.timezone(dt.timedelta(hours=-4))),
            categories=("Colloquium",),
            long_text=loose_text("Speaker: A\nAbstract: B", "B"),
            speaker="A",
        ),
        _event("Workshop", dt.date(2025, 5, 2)),
    ]
    for event in events:
        assert from_json(to_json(event.record)) == event.record
        # Saved by 0.4, which kept the organizer (never shown) too.
        saved = {**to_json(event.record), "organizer": "Jane Doe"}
        assert from_json(saved) == event.record
    assert SeminarEvent._make(from_json(to_json(events[0].record))).abstract == "B"
    records = [event.record for event in events]
    read = [
        SeminarEvent._make(record)
        for record in events_from_text(events_to_text(records))
    ]
    # Read back with their texts packed: the same events, the same texts.
    assert [
        event._replace(long_text=loose_text(*event.long_texts())) for event in read
    ] == events
    assert isinstance(TextFields(*read[0].long_text).block, bytes)
    assert events_from_text(events_to_text([])) == []
