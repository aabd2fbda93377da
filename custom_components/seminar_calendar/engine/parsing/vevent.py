"""Read one VEVENT into an occurrence record: times, texts and the seminar fields."""

from collections.abc import Callable
import datetime as dt
import operator
import re
from typing import Any, Final, NamedTuple, cast
from urllib.parse import unquote

from ..fields import (
    NO_CONTEXT,
    FeedContext,
    attendee_name,
    seminar_fields,
    stable_key,
    summary_head,
)
from ..model import EventRecord, SeminarEvent, When
from ..texts.blocks import loose_text
from ..timeutil import in_zone
from .decoding import decode_part
from .lines import ContentLine, content_line, event_lines, text_list, text_value
from .timezones import TimeZones
from .values import ValueParseError, parse_date_value, parse_duration

_IMAGE_TYPES: Final = ("image/",)
_SERIES_MARKERS: Final = frozenset({"RRULE", "RDATE"})
_SUMMARY_LINE: Final = re.compile(rb"\nSUMMARY[;:][^\n]*")


class ParsedFields(NamedTuple):
    """One VEVENT as read: the fields of a ParsedEvent, in order."""

    # The digest of the VEVENT's lines (the parser's cache key).
    digest: bytes
    record: EventRecord
    sequence: int
    # The instant its RECURRENCE-ID names.
    recurrence_of: When | None
    # For a part of a series, its content lines; else none.
    series_lines: tuple[str, ...]


# A ParsedFields as a plain tuple of plain values, like the occurrence (see
# model.EventRecord): the parser's cache holds one per event of the feed. Read by the
# getters below, or unpacked whole.
type ParsedEvent = tuple[bytes, EventRecord, int, When | None, tuple[str, ...]]
_AT: Final = {name: at for at, name in enumerate(ParsedFields._fields)}


def _getter(name: str) -> Callable[[ParsedEvent], Any]:
    return operator.itemgetter(_AT[name])


parsed_digest: Final[Callable[[ParsedEvent], bytes]] = _getter("digest")
parsed_record: Final[Callable[[ParsedEvent], EventRecord]] = _getter("record")
parsed_sequence: Final[Callable[[ParsedEvent], int]] = _getter("sequence")
parsed_recurrence: Final[Callable[[ParsedEvent], When | None]] = _getter(
    "recurrence_of"
)
parsed_series_lines: Final[Callable[[ParsedEvent], tuple[str, ...]]] = _getter(
    "series_lines"
)


def with_record(part: ParsedEvent, record: EventRecord) -> ParsedEvent:
    """Return the parsed event with another record (its texts packed anew)."""
    at = _AT["record"]
    return cast(ParsedEvent, (*part[:at], record, *part[at + 1 :]))


class SkippedEvent(Exception):
    """The event cannot be used; the message says why."""


class _Properties:
    """A VEVENT's content lines by name (the first of each), categories and image."""

    def __init__(self, block: str) -> None:
        self.by_name: dict[str, ContentLine] = {}
        self.categories: list[str] = []
        self.image: str | None = None
        self.attendees: list[str] = []
        self.raw_lines: list[str] = []
        for raw in event_lines(block):
            if (line := content_line(raw)) is not None:
                self.raw_lines.append(raw)
                self._add(line)

    def _add(self, line: ContentLine) -> None:
        if line.name == "CATEGORIES":
            self.categories += text_list(line.value)
        elif line.name == "ATTACH":
            media_type = (line.param("FMTTYPE") or "").lower()
            if self.image is None and media_type.startswith(_IMAGE_TYPES):
                self.image = line.value.strip() or None
        elif line.name == "IMAGE":  # RFC 7986 (Indico)
            self.image = self.image or line.value.strip() or None
        elif line.name == "ATTENDEE":
            name = attendee_name(unquote(line.param("CN") or ""))
            # A chair presents nobody's talk; an attendee who answered an invitation
            # (PARTSTAT, as calendar apps write their guests) is a guest, not a speaker.
            role = (line.param("ROLE") or "").upper()
            if name and role != "CHAIR" and line.param("PARTSTAT") is None:
                self.attendees.append(name)
        else:
            self.by_name.setdefault(line.name, line)

    def text(self, name: str) -> str | None:
        """Return a TEXT property's value, or None when absent or empty."""
        line = self.by_name.get(name)
        return text_value(line.value) or None if line else None

    def sequence(self) -> int:
        """Return SEQUENCE, 0 when absent or unreadable."""
        try:
            return int(self.by_name["SEQUENCE"].value)
        except KeyError, ValueError:
            return 0


def parse_event(
    block: str,
    digest: bytes,
    zones: TimeZones,
    context: FeedContext = NO_CONTEXT,
) -> ParsedEvent:
    """Read one VEVENT block, or raise SkippedEvent or ValueParseError.

    context: what the whole feed shows (fields.feed_context).
    """
    props = _Properties(block)
    by_name = props.by_name
    if "DTSTART" not in by_name:
        raise SkippedEvent("an event has no start (DTSTART)")
    start = parse_date_value(by_name["DTSTART"], zones)
    end = _end(by_name, start, zones)
    recurrence = by_name.get("RECURRENCE-ID")
    in_series = recurrence is not None or not _SERIES_MARKERS.isdisjoint(by_name)
    if not in_series:
        # A series part keeps its own zone: it is expanded (and converted) later.
        start, end = in_zone(start, zones.local), in_zone(end, zones.local)
    description = props.text("DESCRIPTION")
    summary = props.text("SUMMARY") or ""
    fields = seminar_fields(description, summary, tuple(props.attendees), context)
    uid, url, status = props.text("UID"), props.text("URL"), props.text("STATUS")
    event = SeminarEvent(
        summary=summary,
        start=start,
        end=end,
        uid=uid,
        key=stable_key(uid, url),
        recurrence_id=recurrence.value.strip() if recurrence else None,
        status=status.upper() if status else None,
        location=props.text("LOCATION"),
        url=url,
        categories=tuple(dict.fromkeys(props.categories)),
        image=props.image,
        speaker=fields.speaker,
        affiliation=fields.affiliation,
        talk_title=fields.title,
        speakers=fields.speakers,
        long_text=loose_text(description, fields.abstract),
    )
    instant = parse_date_value(recurrence, zones) if recurrence else None
    lines = tuple(props.raw_lines) if in_series else ()
    return (*ParsedFields(digest, event.record, props.sequence(), instant, lines),)


def _end(
    props: dict[str, ContentLine], start: dt.date | dt.datetime, zones: TimeZones
) -> dt.date | dt.datetime:
    """Return DTEND, else DTSTART + DURATION, else RFC 5545's default, repaired."""
    try:
        if "DTEND" in props:
            end = parse_date_value(props["DTEND"], zones)
        elif "DURATION" in props:
            end = start + parse_duration(props["DURATION"].value)
        else:
            end = start + dt.timedelta(days=0 if isinstance(start, dt.datetime) else 1)
        return repaired_end(start, end)
    except OverflowError as err:
        raise ValueParseError("the event ends after the year 9999") from err


def summary_head_of(block: bytes, charset: str | None) -> str | None:
    """Return what leads a VEVENT's SUMMARY (fields.summary_head), read from its bytes.

    Only the SUMMARY's first line is decoded: a head is short, and the feed's other
    events are read only when they changed.
    """
    if (match := _SUMMARY_LINE.search(block)) is None:
        return None
    line = content_line(decode_part(match.group()[1:], charset).rstrip("\r"))
    if line is None:  # "SUMMARY;LANGUAGE=en" without a value
        return None
    return summary_head(text_value(line.value))


def repaired_end(
    start: dt.date | dt.datetime, end: dt.date | dt.datetime
) -> dt.date | dt.datetime:
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
