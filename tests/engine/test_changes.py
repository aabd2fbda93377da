"""Tests for what changed between two downloads of a feed."""

import datetime as dt

from custom_components.seminar_calendar.engine import ChangeKind, seminar_changes

from ..conftest import tec_talk as _talk
from .conftest import calendar, parse_feed

NOW = dt.datetime(2025, 5, 12, 8, tzinfo=dt.UTC)


def _body(events: list[str]) -> bytes:
    return calendar(
        *(
            event.removeprefix("BEGIN:VEVENT\n").removesuffix("\nEND:VEVENT")
            for event in events
        )
    )


def _changes(
    before: list[str], after: list[str]
) -> list[tuple[str, str, tuple[str, ...]]]:
    found = seminar_changes(
        parse_feed(_body(before), now=NOW), parse_feed(_body(after), now=NOW), NOW
    )
    return [(change.kind, change.event.summary, change.fields) for change in found]


def test_each_kind_of_change_is_found_once() -> None:
    before = [
        _talk(1, 13, "Moved talk"),
        _talk(2, 14, "Called-off talk"),
        _talk(3, 15, "Vanished talk"),
        _talk(4, 16, "Edited talk", "LOCATION:Room 1"),
        _talk(5, 20, "Steady talk"),
    ]
    after = [
        _talk(1, 19, "Moved talk"),  # a new UID, the same post: rescheduled
        _talk(2, 14, "Called-off talk", "STATUS:CANCELLED"),
        _talk(4, 16, "Edited talk, new room", "LOCATION:Room 2"),
        _talk(5, 20, "Steady talk"),
        _talk(6, 17, "New talk"),
    ]
    assert _changes(before, after) == [
        (ChangeKind.CANCELLED, "Called-off talk", ()),
        (ChangeKind.REMOVED, "Vanished talk", ()),
        (ChangeKind.CHANGED, "Edited talk, new room", ("summary", "location")),
        (ChangeKind.ADDED, "New talk", ()),
        (ChangeKind.RESCHEDULED, "Moved talk", ()),
    ]
    moved = seminar_changes(
        parse_feed(_body(before), now=NOW), parse_feed(_body(after), now=NOW), NOW
    )[-1]
    assert moved.previous is not None
    assert moved.previous.start == dt.datetime(2025, 5, 13, 15, tzinfo=dt.UTC)


def test_ended_and_slid_out_seminars_are_not_removals() -> None:
    before = [
        _talk(1, 9, "Last week"),  # ended: a sliding feed drops it
        _talk(2, 13, "Tuesday"),
        _talk(3, 30, "Far ahead"),  # beyond the new download's last seminar
    ]
    after = [_talk(2, 13, "Tuesday"), _talk(4, 14, "Wednesday")]
    assert _changes(before, after) == [(ChangeKind.ADDED, "Wednesday", ())]


def test_an_occurrence_of_a_series_is_cancelled_or_moved_on_its_own() -> None:
    series = "\n".join(
        [
            "UID:weekly@maths",
            "DTSTART:20250513T150000Z",
            "DTEND:20250513T160000Z",
            "RRULE:FREQ=WEEKLY;COUNT=4",
            "SUMMARY:Weekly seminar",
        ]
    )
    cancelled = "\n".join(
        [
            "UID:weekly@maths",
            "RECURRENCE-ID:20250520T150000Z",
            "DTSTART:20250520T150000Z",
            "DTEND:20250520T160000Z",
            "SUMMARY:Weekly seminar",
            "STATUS:CANCELLED",
        ]
    )
    moved = "\n".join(
        [
            "UID:weekly@maths",
            "RECURRENCE-ID:20250527T150000Z",
            "DTSTART:20250528T150000Z",
            "DTEND:20250528T160000Z",
            "SUMMARY:Weekly seminar",
        ]
    )
    assert _changes([series], [series, cancelled, moved]) == [
        (ChangeKind.CANCELLED, "Weekly seminar", ()),
        (ChangeKind.RESCHEDULED, "Weekly seminar", ()),
    ]
    assert _changes([series], [series]) == []


def test_seminars_without_a_uid_or_link_are_followed_by_their_times() -> None:
    plain = "SUMMARY:Open problems\nDTSTART:20250513T150000Z\nDTEND:20250513T160000Z"
    twice = [
        plain,
        plain.replace("20250513T15", "20250514T15").replace("13T16", "14T16"),
    ]
    renamed = plain.replace("Open problems", "Open problems session")
    assert _changes(twice, [renamed, twice[1]]) == [
        (ChangeKind.ADDED, "Open problems session", ()),
        (ChangeKind.REMOVED, "Open problems", ()),
    ]
