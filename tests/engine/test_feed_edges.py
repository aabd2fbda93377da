"""Edge cases of the feed engine that real feeds rarely, but sometimes, contain."""

import datetime as dt

import pytest

from custom_components.seminar_calendar.engine import FeedParser
from custom_components.seminar_calendar.engine.fields import seminar_fields
from custom_components.seminar_calendar.engine.parsing.lines import content_line
from custom_components.seminar_calendar.engine.recurrence import expansion
from custom_components.seminar_calendar.engine.texts.blocks import NO_TEXT

from .conftest import BERLIN, NOW, events_of, parse_feed


def test_unclosed_quote_in_parameters() -> None:
    line = content_line('ORGANIZER;CN="Unclosed:mailto:a@example.org')
    assert line is not None
    assert line.name == "ORGANIZER"


def test_event_without_description_has_no_long_text() -> None:
    (event,) = events_of("UID:a\r\nDTSTART:20250510T100000Z")
    assert (event.summary, event.description, event.abstract) == ("", None, None)
    assert event.long_text == NO_TEXT


def test_all_day_event_on_the_last_day_of_9999_is_skipped() -> None:
    assert (
        events_of("UID:a\r\nDTSTART;VALUE=DATE:99991231\r\nDTEND;VALUE=DATE:99991231")
        == ()
    )


def test_unreadable_sequence_counts_as_zero() -> None:
    (event,) = events_of(
        "UID:a\r\nSEQUENCE:x\r\nSUMMARY:Unreadable\r\nDTSTART:20250510T100000Z",
        "UID:a\r\nSEQUENCE:0\r\nSUMMARY:Later in the feed\r\nDTSTART:20250510T100000Z",
    )
    assert event.summary == "Later in the feed"


def test_single_copy_with_higher_sequence_replaces_a_series() -> None:
    events = events_of(
        "UID:a\r\nSEQUENCE:1\r\nSUMMARY:Weekly\r\nDTSTART:20250505T100000Z\r\nRRULE:FREQ=WEEKLY;COUNT=3",
        "UID:a\r\nSEQUENCE:2\r\nSUMMARY:Now a single talk\r\nDTSTART:20250506T100000Z",
    )
    assert [event.summary for event in events] == ["Now a single talk"]


def test_date_series_with_date_override() -> None:
    events = events_of(
        "UID:a\r\nSUMMARY:Daily\r\nDTSTART;VALUE=DATE:20250505\r\nRRULE:FREQ=DAILY;COUNT=2",
        "UID:a\r\nRECURRENCE-ID;VALUE=DATE:20250506\r\nSUMMARY:Moved\r\nDTSTART;VALUE=DATE:20250509",
    )
    assert [(e.summary, e.start) for e in events] == [
        ("Daily", dt.date(2025, 5, 5)),
        ("Moved", dt.date(2025, 5, 9)),
    ]


def test_date_time_series_with_date_override() -> None:
    events = events_of(
        "UID:a\r\nSUMMARY:Daily\r\nDTSTART;TZID=Europe/Berlin:20250505T100000\r\nRRULE:FREQ=DAILY;COUNT=2",
        "UID:a\r\nRECURRENCE-ID;VALUE=DATE:20250506\r\nSUMMARY:Moved\r\nDTSTART;TZID=Europe/Berlin:20250506T150000",
    )
    assert [(e.summary, e.start) for e in events] == [
        ("Daily", dt.datetime(2025, 5, 5, 10, tzinfo=BERLIN)),
        ("Moved", dt.datetime(2025, 5, 6, 15, tzinfo=BERLIN)),
    ]


def test_dense_rules_with_odd_intervals_and_late_starts() -> None:
    events = events_of(
        "UID:a\r\nSUMMARY:Odd interval\r\nDTSTART:20250501T000000Z\r\nRRULE:FREQ=HOURLY;INTERVAL=x;COUNT=3",
        "UID:b\r\nSUMMARY:After the horizon\r\nDTSTART:20990101T000000Z\r\nRRULE:FREQ=MINUTELY",
        "UID:c\r\nSUMMARY:By hour\r\nDTSTART:20250501T090000Z\r\nRRULE:FREQ=DAILY;BYHOUR=9,17;COUNT=4",
    )
    summaries = [event.summary for event in events]
    assert "After the horizon" not in summaries
    assert summaries.count("By hour") == 4


def test_affiliation_not_split_for_a_parenthesis_in_the_middle() -> None:
    fields = seminar_fields("Speaker: A (MIT) and B\nTitle: Joint talk")
    # "A" and "B" are no names: better no speaker than a wrong one.
    assert (fields.speaker, fields.affiliation) == (None, None)


def test_title_without_speaker() -> None:
    assert seminar_fields("Title: Only a title").title == "Only a title"


def test_a_duration_beyond_any_date_is_skipped() -> None:
    assert events_of("UID:a\r\nDTSTART:20250510T100000Z\r\nDURATION:P999999999W") == ()


def test_unchanged_series_are_not_expanded_again(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    body = (
        "BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:s\r\nSUMMARY:Weekly\r\n"
        "DTSTART:20250505T100000Z\r\nRRULE:FREQ=WEEKLY;COUNT=3\r\nEND:VEVENT\r\n"
        "BEGIN:VEVENT\r\nUID:a\r\nSUMMARY:Talk\r\nDTSTART:20250506T100000Z\r\n"
        "END:VEVENT\r\nEND:VCALENDAR\r\n"
    )
    feed_parser = FeedParser(BERLIN)
    first = feed_parser.parse(body.encode(), NOW)
    monkeypatch.setattr(expansion, "expand_all", None)  # expanding again would fail
    second = feed_parser.parse(body.replace("Talk", "Talk (moved)").encode(), NOW)
    assert [e.summary for e in first.events if e.uid == "s"] == ["Weekly"] * 3
    assert [e.summary for e in second.events if e.uid == "s"] == ["Weekly"] * 3


def test_plural_speaker_label_keeps_the_list() -> None:
    fields = seminar_fields("Speakers: Ada Lovelace, Charles Babbage\nTitle: Engines")
    assert (fields.speaker, fields.speakers, fields.affiliation) == (
        "Ada Lovelace",
        ("Ada Lovelace", "Charles Babbage"),
        None,
    )


def test_time_zone_without_tzid_is_ignored() -> None:
    body = (
        b"BEGIN:VCALENDAR\r\nBEGIN:VTIMEZONE\r\nBEGIN:STANDARD\r\nTZOFFSETTO:+0100\r\n"
        b"END:STANDARD\r\nEND:VTIMEZONE\r\nBEGIN:VEVENT\r\nUID:a\r\n"
        b"DTSTART;TZID=Somewhere:20250510T100000\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
    )
    (event,) = parse_feed(body, BERLIN, NOW).events
    assert event.start == dt.datetime(2025, 5, 10, 10, tzinfo=BERLIN)


def test_broken_time_zone_definition_falls_back_to_the_default() -> None:
    body = (
        b"BEGIN:VCALENDAR\r\nBEGIN:VTIMEZONE\r\nTZID:Broken\r\nBEGIN:STANDARD\r\n"
        b"TZOFFSETTO:garbage\r\nDTSTART:nonsense\r\nEND:STANDARD\r\nEND:VTIMEZONE\r\n"
        b"BEGIN:VEVENT\r\nUID:a\r\nDTSTART;TZID=Broken:20250510T100000\r\nEND:VEVENT\r\n"
        b"END:VCALENDAR\r\n"
    )
    (event,) = parse_feed(body, BERLIN, NOW).events
    assert event.start == dt.datetime(2025, 5, 10, 10, tzinfo=BERLIN)


def test_series_in_an_unknown_zone_uses_the_default() -> None:
    events = events_of(
        "UID:a\r\nSUMMARY:Weekly\r\nDTSTART;TZID=Nowhere/Special:20250505T100000\r\n"
        "RRULE:FREQ=WEEKLY;COUNT=2"
    )
    assert [event.start for event in events] == [
        dt.datetime(2025, 5, 5, 10, tzinfo=BERLIN),
        dt.datetime(2025, 5, 12, 10, tzinfo=BERLIN),
    ]


def test_an_older_override_of_one_occurrence_is_ignored() -> None:
    series = "UID:s\r\nSUMMARY:Weekly\r\nDTSTART:20250505T100000Z\r\nRRULE:FREQ=WEEKLY;COUNT=2"
    newer = "UID:s\r\nRECURRENCE-ID:20250512T100000Z\r\nSEQUENCE:2\r\nSUMMARY:Moved\r\nDTSTART:20250513T100000Z"
    older = "UID:s\r\nRECURRENCE-ID:20250512T100000Z\r\nSEQUENCE:1\r\nSUMMARY:Old\r\nDTSTART:20250514T100000Z"
    assert [event.summary for event in events_of(series, newer, older)] == [
        "Weekly",
        "Moved",
    ]


def test_an_rfc_7986_image_is_the_seminars_poster() -> None:
    (event,) = events_of(
        "UID:i\r\nSUMMARY:Talk\r\nDTSTART:20250510T100000Z\r\n"
        "IMAGE;VALUE=URI;DISPLAY=BADGE:https://indico.example.org/poster.png"
    )
    assert event.image == "https://indico.example.org/poster.png"
