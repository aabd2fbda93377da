"""Tests for parsing feeds as real servers send them, without Home Assistant."""

import codecs
from collections.abc import Callable
import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from custom_components.seminar_calendar.engine import FeedParser
from custom_components.seminar_calendar.engine.model import FeedError
from custom_components.seminar_calendar.engine.parser import MAX_SKIP_REASONS
from custom_components.seminar_calendar.engine.parsing.decoding import (
    event_digest,
    fingerprint,
)

from ..conftest import fixture_bytes
from .conftest import BERLIN, NOW, calendar, events_of, parse_feed

NEW_YORK = ZoneInfo("America/New_York")


def test_cmsa_sample_carries_every_field() -> None:
    feed = parse_feed(fixture_bytes("cmsa-events-sample.ics"), BERLIN, NOW)
    assert (feed.name, feed.source_url) == ("CMSA", "https://cmsa.fas.harvard.edu")
    assert feed.refresh_interval == dt.timedelta(hours=1)
    assert feed.skipped == 0
    assert feed.categories == ["Member Seminar"]
    (event,) = feed.events
    assert event.start == dt.datetime(2025, 5, 16, 12, tzinfo=NEW_YORK)
    assert event.end == dt.datetime(2025, 5, 16, 13, tzinfo=NEW_YORK)
    assert not event.all_day
    assert event.summary.startswith("Echo Chamber: RL Post-training")
    assert event.uid == "10003714-1747396800-1747400400@cmsa.fas.harvard.edu"
    assert event.key == "10003714@cmsa.fas.harvard.edu"
    assert event.url == "https://cmsa.fas.harvard.edu/event/member-seminar-51625/"
    assert event.location == (
        "CMSA Room G10, CMSA, 20 Garden Street, Cambridge, MA, 02138, United States"
    )
    assert event.categories == ("Member Seminar",)
    assert event.image == (
        "https://cmsa.fas.harvard.edu/media/CMSA-Member-Seminar-5.16.25.png"
    )
    assert (event.speaker, event.affiliation) == ("Samy Jelassi", "CMSA")
    assert event.talk_title == (
        "Echo Chamber: RL Post-training Amplifies Behaviors Learned in Pretraining"
    )
    assert event.abstract is not None
    assert event.abstract.startswith("Reinforcement Learning has become a crucial step")
    assert event.abstract.endswith("https://arxiv.org/abs/2504.07912")
    assert event.description is not None
    assert event.description.startswith("Member Seminar \nSpeaker: Samy Jelassi, CMSA")
    assert event.status is None


@pytest.mark.parametrize(
    ("body", "kind"),
    [
        (b"", "empty_feed"),
        (b"  \r\n ", "empty_feed"),
        (
            b"<!DOCTYPE html><html><head><title>Events</title></head></html>",
            "html_page",
        ),
        (b"\n<html><body>502 Bad Gateway</body></html>", "html_page"),
        (codecs.BOM_UTF8 + b"<!DOCTYPE html><html></html>", "html_page"),
        (b'{"events": []}', "json_data"),
        (b"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Samy\r\nEND:VCARD\r\n", "contact_card"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "not_a_calendar"),
        (
            b"BEGIN:VEVENT\r\nDTSTART:20250101T000000Z\r\nEND:VEVENT\r\n",
            "not_a_calendar",
        ),
    ],
)
def test_bodies_without_a_calendar_are_errors(body: bytes, kind: str) -> None:
    with pytest.raises(FeedError) as caught:
        parse_feed(body, BERLIN, NOW)
    assert caught.value.kind == kind
    assert str(caught.value)


def test_an_empty_calendar_is_a_feed_without_events() -> None:
    feed = parse_feed(
        b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nEND:VCALENDAR\r\n", BERLIN, NOW
    )
    assert feed.events == ()
    assert feed.name is None
    assert feed.refresh_interval is None


SAMPLE_EVENT = "UID:a\nSUMMARY:Grüße aus Köln – Vortrag\nDTSTART:20250510T100000Z"


SUMMARY = "Grüße aus Köln – Vortrag"


@pytest.mark.parametrize(
    ("encode", "content_type", "summary"),
    [
        (lambda text: text.encode("utf-8"), None, SUMMARY),
        (lambda text: codecs.BOM_UTF8 + text.encode("utf-8"), None, SUMMARY),
        (lambda text: text.encode("utf-16"), None, SUMMARY),
        (lambda text: codecs.BOM_UTF16_BE + text.encode("utf-16-be"), None, SUMMARY),
        (lambda text: text.encode("utf-16-le"), None, SUMMARY),
        (lambda text: text.encode("utf-16-be"), None, SUMMARY),
        (
            lambda text: text.encode("latin-1", "replace"),
            None,
            "Grüße aus Köln ? Vortrag",
        ),
        # Undeclared Windows-1252 (what "Latin-1" files usually are), and true Latin-1.
        (lambda text: text.encode("cp1252"), None, SUMMARY),
        (
            lambda text: text.encode("latin-1", "replace").replace(b"?", b"\x81"),
            None,
            "Grüße aus Köln  Vortrag",  # a C1 control character, dropped
        ),
        (
            lambda text: text.encode("cp1252"),
            "text/calendar; charset=windows-1252",
            SUMMARY,
        ),
        (lambda text: text.encode("utf-8"), "text/calendar; charset=no-such", SUMMARY),
        (lambda text: text.encode("utf-8"), "text/calendar; charset=ascii", SUMMARY),
        (lambda text: text.encode("utf-8"), "text/calendar; charset=base64", SUMMARY),
        # Declared charsets that do not keep ASCII as it is.
        (
            lambda text: text.encode("utf-16-le"),
            "text/calendar; charset=utf-16le",
            SUMMARY,
        ),
        (
            lambda text: text.encode("cp500", "replace"),
            "text/calendar; charset=cp500",
            "Grüße aus Köln ? Vortrag",
        ),
        (
            lambda text: codecs.BOM_UTF8 + b"\r\n  \r\n" + text.encode("utf-8"),
            None,
            SUMMARY,
        ),
        (
            lambda text: text.encode("utf-8").replace(b"\r\n", b"\r\n\x00"),
            None,
            SUMMARY,
        ),
    ],
)
def test_encodings(
    encode: Callable[[str], bytes], content_type: str | None, summary: str
) -> None:
    body = encode(calendar(SAMPLE_EVENT).decode())
    (event,) = parse_feed(body, BERLIN, NOW, content_type).events
    assert event.summary == summary


@pytest.mark.parametrize("newline", ["\r\n", "\n", "\r"])
def test_line_ends_and_folding(newline: str) -> None:
    event = (
        f"UID:a{newline}SUMMARY:A talk with a very long title that an exporter fol{newline}"
        f" ded over two lines{newline}DTSTART:20250510T100000Z{newline}DESCRIPTION:one{newline}\ttwo"
    )
    (parsed,) = parse_feed(calendar(event, newline=newline), BERLIN, NOW).events
    assert parsed.summary == (
        "A talk with a very long title that an exporter folded over two lines"
    )
    assert parsed.description == "onetwo"


def test_a_folded_line_that_reads_like_a_boundary_is_text() -> None:
    event = (
        "UID:a\r\nSUMMARY:Talk\r\nDTSTART:20250510T100000Z\r\n"
        "DESCRIPTION:Bring a laptop\r\n END:VEVENT\r\n BEGIN:VEVENT"
    )
    (parsed,) = parse_feed(calendar(event), BERLIN, NOW).events
    assert parsed.description == "Bring a laptopEND:VEVENTBEGIN:VEVENT"


def test_doubled_carriage_returns_end_lines_too() -> None:
    event = "UID:a\r\r\nSUMMARY:Talk\r\r\nDTSTART:20250510T100000Z"
    (parsed,) = parse_feed(calendar(event, newline="\r\r\n"), BERLIN, NOW).events
    assert parsed.summary == "Talk"


def test_several_calendars_in_one_body() -> None:
    body = calendar("UID:a\nSUMMARY:First\nDTSTART:20250510T100000Z") + calendar(
        "UID:b\nSUMMARY:Second\nDTSTART:20250511T100000Z", header="X-WR-CALNAME:Second"
    )
    feed = parse_feed(body, BERLIN, NOW)
    assert [event.summary for event in feed.events] == ["First", "Second"]
    assert feed.name is None  # the first calendar's properties name the feed


def test_one_broken_event_never_costs_the_rest() -> None:
    body = calendar(
        "UID:good1\nSUMMARY:Good\nDTSTART:20250510T100000Z",
        "UID:bad-date\nSUMMARY:Bad date\nDTSTART:2025-13-45",
        "UID:no-start\nSUMMARY:No start",
        "UID:bad-end\nSUMMARY:Bad end\nDTSTART:20250510T100000Z\nDTEND:tomorrow",
        "UID:bad-duration\nSUMMARY:Bad\nDTSTART:20250510T100000Z\nDURATION:an hour",
        "UID:good2\nSUMMARY:Also good\nDTSTART:20250511T100000Z\nthis line is junk",
    ).replace(
        b"END:VCALENDAR", b"BEGIN:VEVENT\r\nUID:cut\r\nSUMMARY:Cut off\r\nEND:VCALENDAR"
    )
    feed = parse_feed(body, BERLIN, NOW)
    assert [event.summary for event in feed.events] == ["Good", "Also good"]
    assert feed.skipped == 5
    assert len(feed.skip_reasons) <= MAX_SKIP_REASONS
    assert "DTSTART is not a valid date: '2025-13-45'" in feed.skip_reasons
    assert "an event has no start (DTSTART)" in feed.skip_reasons
    assert "an event is cut off (no END:VEVENT)" in feed.skip_reasons


@pytest.mark.parametrize("cut", [0.3, 0.6, 0.99])
def test_a_body_cut_short_is_an_error_not_a_shorter_feed(cut: float) -> None:
    body = calendar(
        "UID:a\nSUMMARY:First\nDTSTART:20250510T100000Z",
        "UID:b\nSUMMARY:Second\nDTSTART:20250511T100000Z",
    )
    with pytest.raises(FeedError) as raised:
        parse_feed(body[: int(len(body) * cut)], BERLIN, NOW)
    assert raised.value.kind == "truncated"


def test_nesting_mistakes_are_tolerated() -> None:
    body = (
        b"junk before\r\nEND:VEVENT\r\nBEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:open\r\n"
        b"SUMMARY:Never ended\r\nDTSTART:20250510T100000Z\r\nBEGIN:VEVENT\r\nUID:next\r\n"
        b"SUMMARY:Next\r\nDTSTART:20250511T100000Z\r\nBEGIN:VALARM\r\nACTION:DISPLAY\r\n"
        b"SUMMARY:Not the event's summary\r\nEND:VALARM\r\nEND:VEVENT\r\nEND:VTODO\r\n"
        b"BEGIN:VTODO\r\nSUMMARY:A task\r\nEND:VTODO\r\nEND:VCALENDAR\r\n"
    )
    feed = parse_feed(body, BERLIN, NOW)
    assert [event.summary for event in feed.events] == ["Next"]
    assert feed.skipped == 1


def test_text_values() -> None:
    (event,) = events_of(
        "UID:a\nSUMMARY:Seminar; Part 2\\, revisited &amp; extended\n"
        "DTSTART:20250510T100000Z\n"
        "DESCRIPTION:Line one\\nLine two\\N\\;three\\\\four\\:five&nbsp;six\n"
        'ORGANIZER;CN="Jane%20Doe, PhD":mailto:jane@example.org\n'
        "CATEGORIES:Colloquium,Talks\\, public\n"
        "CATEGORIES:Colloquium\n"
        "ATTACH;FMTTYPE=application/pdf:https://example.org/abstract.pdf\n"
        "ATTACH;FMTTYPE=IMAGE/JPEG:https://example.org/poster.jpg\n"
        "LOCATION:  \n"
        "STATUS:tentative"
    )
    assert event.summary == "Seminar; Part 2, revisited & extended"
    assert event.description == "Line one\nLine two\n;three\\four:five six"
    assert event.categories == ("Colloquium", "Talks, public")
    assert event.image == "https://example.org/poster.jpg"
    assert event.location is None
    assert event.status == "TENTATIVE"


def test_cancelled_events_are_dropped() -> None:
    events = events_of(
        "UID:a\nSUMMARY:Off\nSTATUS:CANCELLED\nDTSTART:20250510T100000Z",
        "UID:b\nSUMMARY:On\nSTATUS:CONFIRMED\nDTSTART:20250511T100000Z",
    )
    assert [(event.summary, event.status) for event in events] == [("On", "CONFIRMED")]


@pytest.mark.parametrize(
    ("lines", "start", "end"),
    [
        # RFC 5545 defaults: a date lasts one day, a date-time is an instant.
        ("DTSTART;VALUE=DATE:20250510", dt.date(2025, 5, 10), dt.date(2025, 5, 11)),
        ("DTSTART:20250510", dt.date(2025, 5, 10), dt.date(2025, 5, 11)),
        (
            "DTSTART:20250510T100000Z",
            dt.datetime(2025, 5, 10, 10, tzinfo=dt.UTC),
            dt.datetime(2025, 5, 10, 10, tzinfo=dt.UTC),
        ),
        # Repairs: an end before the start, and mixed value types.
        (
            "DTSTART:20250510T100000Z\nDTEND:20250510T090000Z",
            dt.datetime(2025, 5, 10, 10, tzinfo=dt.UTC),
            dt.datetime(2025, 5, 10, 10, tzinfo=dt.UTC),
        ),
        (
            "DTSTART;VALUE=DATE:20250510\nDTEND:20250512T090000Z",
            dt.date(2025, 5, 10),
            dt.date(2025, 5, 12),
        ),
        (
            "DTSTART;VALUE=DATE:20250510\nDTEND;VALUE=DATE:20250510",
            dt.date(2025, 5, 10),
            dt.date(2025, 5, 11),
        ),
        (
            "DTSTART:20250510T100000Z\nDTEND;VALUE=DATE:20250512",
            dt.datetime(2025, 5, 10, 10, tzinfo=dt.UTC),
            dt.datetime(2025, 5, 12, tzinfo=dt.UTC),
        ),
        (
            "DTSTART:20250510T100000Z\nDURATION:PT1H30M",
            dt.datetime(2025, 5, 10, 10, tzinfo=dt.UTC),
            dt.datetime(2025, 5, 10, 11, 30, tzinfo=dt.UTC),
        ),
        (
            "DTSTART;VALUE=DATE:20250510\nDURATION:P1W",
            dt.date(2025, 5, 10),
            dt.date(2025, 5, 17),
        ),
        (
            "DTSTART:20250510T100000Z\nDURATION:-PT1H",
            dt.datetime(2025, 5, 10, 10, tzinfo=dt.UTC),
            dt.datetime(2025, 5, 10, 10, tzinfo=dt.UTC),
        ),
        # Lenient date-times: dashes, no seconds, a leap second, fractions.
        (
            "DTSTART:2025-05-10T10:00:60Z\nDTEND:20250510T1100Z",
            dt.datetime(2025, 5, 10, 10, 0, 59, tzinfo=dt.UTC),
            dt.datetime(2025, 5, 10, 11, tzinfo=dt.UTC),
        ),
        (
            "DTSTART;VALUE=DATE:20250510T100000",
            dt.date(2025, 5, 10),
            dt.date(2025, 5, 11),
        ),
    ],
)
def test_ends_follow_rfc5545_and_are_repaired(
    lines: str, start: dt.date, end: dt.date
) -> None:
    (event,) = events_of(f"UID:a\nSUMMARY:Talk\n{lines}")
    assert (event.start, event.end) == (start, end)
    assert event.all_day is not isinstance(start, dt.datetime)


def test_extreme_dates_are_skipped_or_kept_without_crashing() -> None:
    parser = FeedParser(BERLIN, history=dt.timedelta(days=365 * 10_000))
    feed = parser.parse(
        calendar(
            "UID:a\nSUMMARY:Year one\nDTSTART:00010101T000000Z",
            "UID:b\nSUMMARY:Year 9999\nDTSTART:99991231T230000Z\nDURATION:PT30M",
            "UID:d\nSUMMARY:Past 9999\nDTSTART:99991231T230000Z\nDURATION:PT2H",
            "UID:c\nSUMMARY:Overflow\nDTSTART:20250510T100000Z\nDURATION:P99999999W",
        ),
        NOW,
    )
    assert [event.summary for event in feed.events] == ["Year one", "Year 9999"]
    assert feed.events[1].end == dt.datetime(9999, 12, 31, 23, 30, tzinfo=dt.UTC)
    assert feed.skipped == 2
    assert feed.skip_reasons == ("the event ends after the year 9999",)


def test_refresh_interval_prefers_refresh_interval_then_ttl() -> None:
    header = "REFRESH-INTERVAL;VALUE=DURATION:P1D\r\nX-PUBLISHED-TTL:PT1H"
    assert parse_feed(
        calendar(header=header), BERLIN, NOW
    ).refresh_interval == dt.timedelta(days=1)
    header = "REFRESH-INTERVAL;VALUE=DURATION:soon\r\nX-PUBLISHED-TTL:PT30M"
    assert parse_feed(
        calendar(header=header), BERLIN, NOW
    ).refresh_interval == dt.timedelta(minutes=30)


@pytest.mark.parametrize(
    ("uid", "url", "key"),
    [
        (
            "10003714-1747396800-1747400400@cmsa.fas.harvard.edu",
            None,
            "10003714@cmsa.fas.harvard.edu",
        ),
        ("abc-123@example.org", "https://example.org/e/1", "abc-123@example.org"),
        (None, "https://example.org/e/1", "https://example.org/e/1"),
    ],
)
def test_stable_keys(uid: str | None, url: str | None, key: str) -> None:
    lines = ["SUMMARY:x", "DTSTART:20250510T100000Z"]
    lines += [f"UID:{uid}"] if uid else []
    lines += [f"URL:{url}"] if url else []
    (event,) = events_of("\n".join(lines))
    assert event.key == key


def test_rescheduled_tec_seminar_keeps_its_key() -> None:
    before = events_of(
        "UID:42-1747396800-1747400400@x.edu\nSUMMARY:x\nDTSTART:20250516T120000Z"
    )
    after = events_of(
        "UID:42-1747483200-1747486800@x.edu\nSUMMARY:x\nDTSTART:20250517T120000Z"
    )
    assert before[0].key == after[0].key == "42@x.edu"


def test_fingerprint_ignores_dtstamp_only() -> None:
    first = fixture_bytes("cmsa-events-sample.ics")
    restamped = first.replace(b"DTSTAMP:20260520T115918", b"DTSTAMP:20261124T000000")
    edited = first.replace(b"Room G10", b"Room G02")
    assert restamped != first
    assert fingerprint(restamped) == fingerprint(first)
    assert fingerprint(edited) != fingerprint(first)
    assert fingerprint(b"X-DTSTAMP-NOTE:1\nDESCRIPTION:see DTSTAMP\n") != fingerprint(
        b"X-DTSTAMP-NOTE:2\nDESCRIPTION:see DTSTAMP\n"
    )
    assert fingerprint(b"DTSTAMP:1") == fingerprint(b"DTSTAMP:2")
    assert fingerprint(b"a DTSTAMP:1") != fingerprint(b"a DTSTAMP:2")


def test_event_digest_reads_a_component_in_place_without_its_dtstamp() -> None:
    event = b"BEGIN:VEVENT\nUID:a\nDTSTAMP:20260520T115918\n Z\nSUMMARY:x\nEND:VEVENT"
    restamped = event.replace(b"20260520T115918\n Z", b"20261124T000000")
    body = b"BEGIN:VCALENDAR\n" + event + b"\nEND:VCALENDAR"
    at = body.index(event)
    in_place = event_digest(body, at, at + len(event))
    assert in_place == event_digest(event, 0, len(event))
    assert in_place == event_digest(restamped, 0, len(restamped))
    # Only the component's own bytes count, and only a line that is a DTSTAMP.
    assert in_place != event_digest(body, 0, len(body))
    edited = event.replace(b"SUMMARY:x", b"SUMMARY:y")
    assert in_place != event_digest(edited, 0, len(edited))
    one, two = (b"BEGIN:VEVENT\nX-NOTE:DTSTAMP:%d\nEND:VEVENT" % n for n in (1, 2))
    assert event_digest(one, 0, len(one)) != event_digest(two, 0, len(two))


def test_control_characters_never_reach_text() -> None:
    (event,) = events_of(
        "UID:a\nSUMMARY:Bell\x07 and\x1b[31m escape\x7f\x85\n"
        "DTSTART:20250510T100000Z\nDESCRIPTION:tab\tand\\nline\x0bkept"
    )
    assert event.summary == "Bell and[31m escape"
    assert event.description == "tab\tand\nlinekept"
