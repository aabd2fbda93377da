"""Property-based tests: mutated real feeds parse or fail with the module's own error."""

from collections import Counter
import datetime as dt
import functools
from zoneinfo import ZoneInfo

from hypothesis import HealthCheck, given, settings, strategies as st

from custom_components.seminar_calendar.engine import FeedParser, SeminarEvent
from custom_components.seminar_calendar.engine.model import FeedError

from ..conftest import fixture_bytes
from .conftest import NOW, current_or_next, overlapping, parse_feed

FIXTURES = [
    fixture_bytes(name)
    for name in (
        "cmsa-events-sample.ics",
        "timezones.ics",
        "floating.ics",
        "recurrences.ics",
    )
]
TZ = ZoneInfo("Europe/Berlin")


@st.composite
def mutated_feeds(draw: st.DrawFn) -> bytes:
    """Return a fixture with lines dropped, bytes swapped or replaced, or cut short."""
    lines = draw(st.sampled_from(FIXTURES)).split(b"\n")
    for _ in range(draw(st.integers(0, 4))):
        if not lines:
            break
        index = draw(st.integers(0, len(lines) - 1))
        action = draw(st.sampled_from(["drop", "swap", "bytes", "duplicate"]))
        if action == "drop":
            del lines[index]
        elif action == "swap":
            other = draw(st.integers(0, len(lines) - 1))
            lines[index], lines[other] = lines[other], lines[index]
        elif action == "bytes":
            lines[index] = draw(st.binary(max_size=80))
        else:
            lines.insert(index, lines[index])
    body = b"\n".join(lines)
    return body[: draw(st.integers(0, len(body)))] if draw(st.booleans()) else body


def _parse_bounded(body: bytes) -> None:
    try:
        feed = parse_feed(body, TZ, NOW)
    except FeedError as err:
        error: FeedError | None = err
    else:
        error = None
        for event in feed.events:
            assert event.end_at(TZ) >= event.start_at(TZ)
        end = NOW + dt.timedelta(days=30)
        window = feed.between(NOW, end)
        assert Counter(window.records) == Counter(overlapping(feed, NOW, end))
        found = feed.current_or_next(NOW)
        assert (found and found.start_at(TZ)) == current_or_next(feed, NOW)
    if error is not None:
        assert error.kind
        assert str(error)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mutated_feeds())
def test_mutated_feeds_parse_or_raise_feed_error(body: bytes) -> None:
    _parse_bounded(body)


@settings(max_examples=150, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.sampled_from(
                [
                    "DTSTART",
                    "DTEND",
                    "DURATION",
                    "RRULE",
                    "RDATE",
                    "EXDATE",
                    "RECURRENCE-ID",
                    "SUMMARY",
                    "DESCRIPTION",
                    "SEQUENCE",
                    "STATUS",
                ]
            ),
            st.sampled_from(
                [
                    "",
                    ";TZID=Europe/Berlin",
                    ";VALUE=DATE",
                    ";TZID=Nowhere",
                    ";VALUE=PERIOD",
                ]
            ),
            st.text(alphabet="0123456789TZ:;,=-PWDHMS/FREQWEKLYCOUNTIBY", max_size=40),
        ),
        max_size=12,
    )
)
def test_random_property_values(properties: list[tuple[str, str, str]]) -> None:
    event = "\r\n".join(f"{name}{params}:{value}" for name, params, value in properties)
    body = f"BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:x\r\n{event}\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
    _parse_bounded(body.encode())


@settings(max_examples=40, deadline=None)
@given(st.lists(st.sampled_from(FIXTURES), min_size=1, max_size=3), st.booleans())
def test_successive_parses_share_a_cache_safely(
    bodies: list[bytes], restamp: bool
) -> None:
    feed_parser = FeedParser(TZ)
    for body in bodies:
        if restamp:
            body = body.replace(b"DTSTAMP:", b"DTSTAMP:1")
        assert feed_parser.parse(body, NOW).events == _read_alone(body)


@functools.cache
def _read_alone(body: bytes) -> tuple[SeminarEvent, ...]:
    """Return the events of body read by a parser of its own (the same every time)."""
    return parse_feed(body, TZ, NOW).events
