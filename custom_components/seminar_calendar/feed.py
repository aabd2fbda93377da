"""Turn an iCalendar feed body into an immutable, queryable set of seminars."""

import bisect
from collections.abc import Iterator
from dataclasses import dataclass, field
import datetime as dt
import operator

import icalendar
import recurring_ical_events

# Recurrences are expanded once per parse, within this horizon around "now".
HORIZON_PAST = dt.timedelta(days=366)
HORIZON_FUTURE = dt.timedelta(days=2 * 366)


class FeedError(Exception):
    """The body is not a calendar feed; the message says why, for people."""


@dataclass(frozen=True, slots=True)
class SeminarEvent:
    """One occurrence of an event in the feed."""

    summary: str
    start: dt.datetime | dt.date
    end: dt.datetime | dt.date
    location: str | None = None
    description: str | None = None
    url: str | None = None
    uid: str | None = None
    recurrence_id: str | None = None
    status: str | None = None

    @property
    def all_day(self) -> bool:
        """Return True for events that last whole days."""
        return not isinstance(self.start, dt.datetime)

    def start_at(self, tz: dt.tzinfo) -> dt.datetime:
        """Return the start as an aware datetime; all-day events start at local midnight."""
        return _as_datetime(self.start, tz)

    def end_at(self, tz: dt.tzinfo) -> dt.datetime:
        """Return the end as an aware datetime; all-day events end at local midnight."""
        return _as_datetime(self.end, tz)


@dataclass(frozen=True, slots=True)
class Feed:
    """A parsed feed: its metadata and its occurrences, sorted by start."""

    name: str | None
    description: str | None
    source_url: str | None
    tz: dt.tzinfo
    events: tuple[SeminarEvent, ...]
    _starts: tuple[dt.datetime, ...] = field(repr=False, compare=False)
    _ends: tuple[dt.datetime, ...] = field(repr=False, compare=False)
    _max_duration: dt.timedelta = field(repr=False, compare=False)

    def _indices_from(self, start: dt.datetime) -> Iterator[int]:
        """Yield, in start order, the occurrences that end after start or begin at it."""
        first = bisect.bisect_left(self._starts, start - self._max_duration)
        for index in range(first, len(self.events)):
            if self._starts[index] >= start or self._ends[index] > start:
                yield index

    def between(self, start: dt.datetime, end: dt.datetime) -> list[SeminarEvent]:
        """Return the occurrences overlapping [start, end), in start order."""
        found = []
        for index in self._indices_from(start):
            if self._starts[index] >= end:
                break
            found.append(self.events[index])
        return found

    def current_or_next(self, now: dt.datetime) -> SeminarEvent | None:
        """Return the earliest occurrence in progress at now, else the next to start."""
        index = next(self._indices_from(now), None)
        return None if index is None else self.events[index]


def _as_datetime(value: dt.datetime | dt.date, tz: dt.tzinfo) -> dt.datetime:
    if isinstance(value, dt.datetime):
        return value
    return dt.datetime.combine(value, dt.time(), tz)


def _aware(value: dt.datetime | dt.date, tz: dt.tzinfo) -> dt.datetime | dt.date:
    """Read floating date-times in tz."""
    if isinstance(value, dt.datetime) and value.tzinfo is None:
        return value.replace(tzinfo=tz)
    return value


def _repaired_end(
    start: dt.datetime | dt.date, end: dt.datetime | dt.date
) -> dt.datetime | dt.date:
    """Return an end of the start's type that is not before it.

    A date-time start with a date end ends at that date's midnight; a date start
    lasts whole days, one at least; an end before the start makes a zero-length event.
    """
    if isinstance(start, dt.datetime):
        if not isinstance(end, dt.datetime):
            end = dt.datetime.combine(end, dt.time(), start.tzinfo)
        return max(end, start)
    if isinstance(end, dt.datetime):
        end = end.date()
    return end if end > start else start + dt.timedelta(days=1)


def _text(component: icalendar.cal.Component, name: str) -> str | None:
    value = component.get(name)
    if value is None:
        return None
    # Exporters write no-break spaces where plain ones belong ("Speaker:\xa0Name").
    text = str(value).replace("\xa0", " ").strip()
    return text or None


def _repair_end(component: icalendar.cal.Component, tz: dt.tzinfo) -> None:
    """Rewrite a DTEND that is before DTSTART or of another value type."""
    if "DTSTART" not in component or "DTEND" not in component:
        return
    start = _aware(component.decoded("DTSTART"), tz)
    end = _aware(component.decoded("DTEND"), tz)
    repaired = _repaired_end(start, end)
    if repaired != end or type(repaired) is not type(end):
        del component["DTEND"]
        component.add("DTEND", repaired)


def _occurrence(component: icalendar.cal.Component, tz: dt.tzinfo) -> SeminarEvent:
    start = _aware(component.decoded("DTSTART"), tz)
    end = _repaired_end(start, _aware(component.decoded("DTEND", start), tz))
    recurrence_id = component.get("RECURRENCE-ID")
    status = _text(component, "STATUS")
    return SeminarEvent(
        summary=_text(component, "SUMMARY") or "",
        start=start,
        end=end,
        location=_text(component, "LOCATION"),
        description=_text(component, "DESCRIPTION"),
        url=_text(component, "URL"),
        uid=_text(component, "UID"),
        recurrence_id=recurrence_id.to_ical().decode() if recurrence_id else None,
        status=status.upper() if status else None,
    )


def _calendar(body: bytes) -> icalendar.Calendar:
    text = body.decode("utf-8-sig", errors="replace")
    if "BEGIN:VCALENDAR" not in text.upper():
        raise FeedError("The response is not an iCalendar feed (no BEGIN:VCALENDAR).")
    try:
        calendar: icalendar.Calendar = icalendar.Calendar.from_ical(text)
    except ValueError as err:
        raise FeedError(f"The iCalendar feed could not be read: {err}") from err
    return calendar


def parse_feed(body: bytes, default_tz: dt.tzinfo, now: dt.datetime) -> Feed:
    """Parse a feed body; floating times are read in default_tz."""
    calendar = _calendar(body)
    tz = default_tz
    for component in calendar.walk("VEVENT"):
        _repair_end(component, tz)
    occurrences = recurring_ical_events.of(calendar).between(
        now - HORIZON_PAST, now + HORIZON_FUTURE
    )
    events = sorted(
        (
            event
            for event in (_occurrence(component, tz) for component in occurrences)
            if event.status != "CANCELLED"
        ),
        key=lambda event: event.start_at(tz),
    )
    starts = tuple(event.start_at(tz) for event in events)
    ends = tuple(event.end_at(tz) for event in events)
    return Feed(
        name=_text(calendar, "X-WR-CALNAME"),
        description=_text(calendar, "X-WR-CALDESC"),
        source_url=_text(calendar, "X-ORIGINAL-URL"),
        tz=tz,
        events=tuple(events),
        _starts=starts,
        _ends=ends,
        _max_duration=max(
            map(operator.sub, ends, starts, strict=True), default=dt.timedelta()
        ),
    )
