"""No talk lost: series without a UID, and generators that give many talks one UID."""

import datetime as dt

from ..conftest import FIXTURES
from .conftest import calendar, parse_feed

NOW = dt.datetime(2025, 5, 1, tzinfo=dt.UTC)


def _summaries_and_starts(body: bytes) -> list[tuple[str, dt.datetime | dt.date]]:
    return [(event.summary, event.start) for event in parse_feed(body, now=NOW).events]


def test_a_daily_series_without_a_uid_keeps_every_day() -> None:
    body = calendar(
        "SUMMARY:Reading group\nDTSTART:20250502T090000Z\nDTEND:20250502T100000Z\n"
        "RRULE:FREQ=DAILY;COUNT=100"
    )
    events = parse_feed(body, now=NOW).events
    assert len(events) == 100
    assert events[-1].start == dt.datetime(2025, 8, 9, 9, tzinfo=dt.UTC)
    # The same body again: the same series (a key from its content), expanded once.
    assert parse_feed(body, now=NOW).events == events


def test_rules_dates_and_exceptions_without_a_uid() -> None:
    body = calendar(
        "SUMMARY:Lab meeting\nDTSTART:20250505T140000Z\nDTEND:20250505T150000Z\n"
        "RRULE:FREQ=WEEKLY;COUNT=4\nRDATE:20250507T140000Z\nEXDATE:20250512T140000Z",
        "SUMMARY:Podcast\nDTSTART;VALUE=DATE:20250515\n"
        "RDATE;VALUE=DATE:20250615,20250715,20250815",
    )
    assert _summaries_and_starts(body) == [
        ("Lab meeting", dt.datetime(2025, 5, 5, 14, tzinfo=dt.UTC)),
        ("Lab meeting", dt.datetime(2025, 5, 7, 14, tzinfo=dt.UTC)),
        ("Podcast", dt.date(2025, 5, 15)),
        ("Lab meeting", dt.datetime(2025, 5, 19, 14, tzinfo=dt.UTC)),
        ("Lab meeting", dt.datetime(2025, 5, 26, 14, tzinfo=dt.UTC)),
        ("Podcast", dt.date(2025, 6, 15)),
        ("Podcast", dt.date(2025, 7, 15)),
        ("Podcast", dt.date(2025, 8, 15)),
    ]


def test_a_schedule_that_gives_its_talks_few_uids_keeps_every_talk() -> None:
    """FOSDEM's real schedule, rewritten as a generator that reuses five UIDs."""
    feed = (FIXTURES / "seminar-fields/feeds/01-fosdem-2026-pentabarf.ics").read_bytes()
    blocks = feed.split(b"BEGIN:VEVENT")
    head, talks = blocks[0], blocks[1:89]
    shared = []
    for number, talk in enumerate(talks):
        lines = [
            f"UID:room-{number % 5}@fosdem.org".encode()
            if line.startswith(b"UID:")
            else line
            for line in talk.split(b"\r\n")
        ]
        shared.append(
            b"BEGIN:VEVENT"
            + b"\r\n".join(lines).split(b"END:VEVENT")[0]
            + b"END:VEVENT\r\n"
        )
    body = head + b"".join(shared) + b"END:VCALENDAR\r\n"
    now = dt.datetime(2026, 1, 20, tzinfo=dt.UTC)
    parsed = parse_feed(body, now=now)
    assert len(parsed.events) == 88
    assert parsed.merged_copies == 0

    # A re-sent update (a higher SEQUENCE) of one talk is a copy, not another talk.
    update = shared[0].replace(b"SUMMARY:", b"SEQUENCE:3\r\nSUMMARY:Moved: ")
    resent = parse_feed(
        head + b"".join(shared) + update + b"END:VCALENDAR\r\n", now=now
    )
    assert len(resent.events) == 88
    assert resent.merged_copies == 1
    assert sum(event.summary.startswith("Moved: ") for event in resent.events) == 1
