"""The response a download gives, as the engine keeps it."""

from custom_components.seminar_calendar.engine import NO_VALIDATORS, Fetched, joined


def test_joining_a_body_lets_its_chunks_go() -> None:
    chunks = [b"BEGIN:VCALENDAR\n", b"END:VCALENDAR\n"]
    fetched = Fetched(chunks, "text/calendar", NO_VALIDATORS, None, None)
    assert joined(fetched) == b"BEGIN:VCALENDAR\nEND:VCALENDAR\n"
    # The refresh still holds the response while it parses: the chunks are not kept.
    assert fetched.chunks == []
