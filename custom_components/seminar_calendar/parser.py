"""Parse feed bodies into Feed objects, re-reading only the events that changed."""

from collections.abc import Iterator
from dataclasses import dataclass
import datetime as dt
import hashlib
import re
from typing import Final
from urllib.parse import unquote

from . import series
from .ics_text import (
    ContentLine,
    ascii_compatible,
    content_line,
    decode,
    decode_part,
    fingerprint,
    text_value,
    unfolded,
    without_dtstamp,
)
from .model import (
    END,
    RECURRENCE_ID,
    START,
    STATUS,
    UID,
    EventRecord,
    Feed,
    FeedError,
    SeminarEvent,
    When,
    as_event,
    index_records,
    pack_long_text,
)
from .seminar import seminar_fields, stable_key
from .timeutil import as_datetime, shifted
from .timezones import TimeZones, iana_zone
from .values import ValueParseError, parse_date_value, parse_duration

# Recurring series are expanded within this horizon around "now".
HORIZON_PAST: Final = dt.timedelta(days=366)
HORIZON_FUTURE: Final = dt.timedelta(days=2 * 366)
# Single events that ended longer ago than this are not kept.
DEFAULT_HISTORY: Final = dt.timedelta(days=90)
MAX_SKIP_REASONS: Final = 5
_IMAGE_TYPES: Final = ("image/",)
_SERIES_MARKERS: Final = frozenset({"RRULE", "RDATE"})
# Led by a literal newline, which the regex engine finds fast, unlike "^" with MULTILINE;
# not by spaces, which would make it the continuation of a folded line. The first line
# may follow a byte-order mark and blank lines.
_BOUNDARY: Final = re.compile(
    rb"\n(BEGIN|END)[ \t]*:[ \t]*([A-Z0-9-]+)[ \t]*(?=[\r\n]|$)", re.IGNORECASE
)
_FIRST_BOUNDARY: Final = re.compile(
    rb"(?:\xef\xbb\xbf)?[ \t\r\n]*(BEGIN|END)[ \t]*:[ \t]*([A-Z0-9-]+)[ \t]*(?=[\r\n]|$)",
    re.IGNORECASE,
)
_HEAD_BYTES: Final = 2048
_TZID_LINE: Final = re.compile(
    r"^[ \t]*TZID[ \t]*(?:;[^:\n]*)?:(.*)$", re.MULTILINE | re.IGNORECASE
)


class _Skip(Exception):
    """The event cannot be used; the message says why."""


# One VEVENT as read: its digest (the cache key), its occurrence, SEQUENCE, the instant
# its RECURRENCE-ID names, and for a part of a series its content lines, else none.
# A plain tuple of plain values, like the occurrence (see model.EventRecord): the
# cache holds one per event of the feed.
type _Parsed = tuple[bytes, EventRecord, int, When | None, tuple[str, ...]]


@dataclass(slots=True)
class _Components:
    """A body split into calendar properties, time zones and events (still bytes)."""

    properties: dict[str, ContentLine]
    vtimezones: dict[str, str]
    events: list[bytes]
    broken: int = 0


def _not_a_calendar(text: str) -> FeedError:
    head = text.lstrip("\ufeff \t\r\n")[:512].lower()
    if not head:
        return FeedError("empty_feed", "The feed is empty.")
    if head.startswith("<") or "<html" in head:
        return FeedError(
            "html_page", "The address returns a web page, not a calendar feed."
        )
    if head.startswith(("{", "[")):
        return FeedError(
            "json_data", "The address returns JSON data, not a calendar feed."
        )
    if "begin:vcard" in head:
        return FeedError(
            "contact_card", "The address returns a contact card, not a calendar feed."
        )
    return FeedError(
        "not_a_calendar", "The response is not an iCalendar feed (no BEGIN:VCALENDAR)."
    )


def _boundaries(data: bytes) -> Iterator[re.Match[bytes]]:
    """Return the BEGIN and END lines of data, in order."""
    first = _FIRST_BOUNDARY.match(data)
    if first:
        yield first
    yield from _BOUNDARY.finditer(data, first.end() if first else 0)


def _text(data: bytes, charset: str | None) -> str:
    return unfolded(decode_part(data, charset))


def _split(data: bytes, charset: str | None) -> _Components:
    """Split a body into components by their BEGIN/END lines, without reading values.

    Tolerates broken nesting: a VEVENT left open is counted as broken, stray END
    lines are ignored, and text outside any VCALENDAR is ignored. Raises ValueError
    without a VCALENDAR, and FeedError when the last one never ends (cut short).
    """
    found = _Components({}, {}, [])
    names: list[bytes] = []  # the open components, outermost first
    offsets: list[int] = []  # where each one's BEGIN line starts
    calendars = 0
    last = 0
    for match in _boundaries(data):
        kind, name = match.group(1).upper(), match.group(2).upper()
        line_start = match.start(1)
        if len(names) == 1 and calendars == 1 and line_start > last + 1:
            _add_properties(found.properties, _text(data[last:line_start], charset))
        last = match.end()
        if kind == b"BEGIN":
            if name == b"VCALENDAR":
                calendars += 1
                found.broken += b"VEVENT" in names
                names, offsets = [], []
            elif not names:
                continue
            elif name == b"VEVENT" and b"VEVENT" in names:
                found.broken += 1  # a VEVENT that never ended
                cut = names.index(b"VEVENT")
                del names[cut:], offsets[cut:]
            names.append(name)
            offsets.append(line_start)
        elif name in names:
            depth = len(names) - 1 - names[::-1].index(name)
            if depth == 1 and name == b"VEVENT":
                found.events.append(data[offsets[1] : match.end()])
            elif depth == 1 and name == b"VTIMEZONE":
                block = _text(data[offsets[1] : match.end()], charset)
                _add_vtimezone(found.vtimezones, block)
            elif depth == 0:
                found.broken += b"VEVENT" in names
            del names[depth:], offsets[depth:]
    if not calendars:
        raise ValueError("no VCALENDAR")
    if names:
        # What was cut off is unknown: keeping what came would drop the rest.
        raise FeedError(
            "truncated",
            "The feed ends before its END:VCALENDAR line: it was cut short.",
            transient=True,
        )
    return found


def _add_properties(properties: dict[str, ContentLine], text: str) -> None:
    for raw in text.split("\n"):
        if (line := content_line(raw.strip())) is not None:
            properties.setdefault(line.name, line)


def _add_vtimezone(vtimezones: dict[str, str], block: str) -> None:
    if match := _TZID_LINE.search(block):
        vtimezones.setdefault(match.group(1).strip(), block)


def _event_lines(block: str) -> list[str]:
    """Return a VEVENT's own content lines, without those of nested components."""
    lines: list[str] = []
    depth = 0
    for raw in block.split("\n")[1:-1]:
        line = raw.strip()
        keyword = line[:6].upper()
        if keyword == "BEGIN:":
            depth += 1
        elif keyword[:4] == "END:" and depth:
            depth -= 1
        elif not depth and line:
            lines.append(line)
    return lines


def _end(
    props: dict[str, ContentLine], start: dt.date | dt.datetime, zones: TimeZones
) -> dt.date | dt.datetime:
    """Return DTEND, else DTSTART + DURATION, else RFC 5545's default, repaired."""
    if "DTEND" in props:
        end = parse_date_value(props["DTEND"], zones)
    else:
        duration = dt.timedelta()
        if "DURATION" in props:
            duration = parse_duration(props["DURATION"].value)
        elif not isinstance(start, dt.datetime):
            duration = dt.timedelta(days=1)
        try:
            end = start + duration
        except OverflowError as err:
            raise ValueParseError("the event ends after the year 9999") from err
    try:
        return repaired_end(start, end)
    except OverflowError as err:
        raise ValueParseError("the event ends after the year 9999") from err


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


def _text_list(value: str) -> list[str]:
    """Split a comma-separated TEXT list, keeping escaped commas."""
    items, current = [], []
    escaped = False
    for char in value:
        if escaped:
            current.append("\\" + char)
            escaped = False
        elif char == "\\":
            escaped = True
        elif char == ",":
            items.append("".join(current))
            current = []
        else:
            current.append(char)
    items.append("".join(current))
    return [text for item in items if (text := text_value(item))]


def _organizer(line: ContentLine | None) -> str | None:
    if line is None:
        return None
    if name := line.param("CN"):
        return text_value(unquote(name)) or None
    return (
        text_value(line.value.removeprefix("mailto:").removeprefix("MAILTO:")) or None
    )


def _parse_event(block: str, digest: bytes, zones: TimeZones) -> _Parsed:
    """Read one VEVENT block, or raise _Skip or ValueParseError."""
    props: dict[str, ContentLine] = {}
    categories: list[str] = []
    image: str | None = None
    lines: list[str] = []
    for raw in _event_lines(block):
        line = content_line(raw)
        if line is None:
            continue
        lines.append(raw)
        if line.name == "CATEGORIES":
            categories += _text_list(line.value)
        elif line.name == "ATTACH":
            if image is None and (line.param("FMTTYPE") or "").lower().startswith(
                _IMAGE_TYPES
            ):
                image = line.value.strip() or None
        else:
            props.setdefault(line.name, line)
    if "DTSTART" not in props:
        raise _Skip("an event has no start (DTSTART)")
    start = parse_date_value(props["DTSTART"], zones)
    end = _end(props, start, zones)
    recurrence = props.get("RECURRENCE-ID")
    recurrence_of = parse_date_value(recurrence, zones) if recurrence else None
    try:
        sequence = int(props["SEQUENCE"].value) if "SEQUENCE" in props else 0
    except ValueError:
        sequence = 0

    def text(name: str) -> str | None:
        return text_value(props[name].value) or None if name in props else None

    description = text("DESCRIPTION")
    fields = seminar_fields(description)
    long_text, abstract_slice = pack_long_text(description, fields.abstract)
    uid, url = text("UID"), text("URL")
    status = text("STATUS")
    recurring = not _SERIES_MARKERS.isdisjoint(props)
    event = SeminarEvent(
        summary=text("SUMMARY") or "",
        start=start,
        end=end,
        uid=uid,
        key=stable_key(uid, url),
        recurrence_id=recurrence.value.strip() if recurrence else None,
        status=status.upper() if status else None,
        location=text("LOCATION"),
        url=url,
        categories=tuple(dict.fromkeys(categories)),
        image=image,
        organizer=_organizer(props.get("ORGANIZER")),
        speaker=fields.speaker,
        affiliation=fields.affiliation,
        talk_title=fields.title,
        long_text=long_text,
        abstract_slice=abstract_slice,
    )
    series_lines = tuple(lines) if recurring or recurrence else ()
    return digest, event.record, sequence, recurrence_of, series_lines


def _interval(properties: dict[str, ContentLine]) -> dt.timedelta | None:
    for name in ("REFRESH-INTERVAL", "X-PUBLISHED-TTL"):
        if name in properties:
            try:
                return parse_duration(properties[name].value)
            except ValueParseError:
                continue
    return None


class FeedParser:
    """Parse successive bodies of one feed, reusing what did not change."""

    def __init__(
        self, default_tz: dt.tzinfo, history: dt.timedelta = DEFAULT_HISTORY
    ) -> None:
        """Set the zone for floating times and how long ended events are kept."""
        self.default_tz = default_tz
        self.history = history
        self._last: tuple[str, dt.date, Feed] | None = None
        self._context: tuple[object, ...] = ()
        self._events: dict[bytes, _Parsed | str] = {}
        self._series: dict[tuple[object, ...], tuple[EventRecord, ...] | str] = {}

    def parse(
        self, body: bytes, now: dt.datetime, content_type: str | None = None
    ) -> Feed:
        """Return the feed in body, or raise FeedError when it holds no calendar."""
        digest = fingerprint(body)
        if self._last and self._last[:2] == (digest, now.date()):
            return self._last[2]
        data, charset = ascii_compatible(body, content_type)
        try:
            components = _split(data, charset)
        except ValueError:
            raise _not_a_calendar(decode(body[:_HEAD_BYTES], content_type)) from None
        props = components.properties
        floating = self.default_tz
        if "X-WR-TIMEZONE" in props:
            floating = iana_zone(props["X-WR-TIMEZONE"].value) or floating
        zones = TimeZones(components.vtimezones, floating)
        context = (floating, charset, tuple(sorted(components.vtimezones.items())))
        if context != self._context:
            self._context, self._events, self._series = context, {}, {}
        skipped = ["an event is cut off (no END:VEVENT)"] * components.broken
        parsed = self._parse_events(components.events, charset, zones, skipped)
        events = self._occurrences(parsed, zones, now, skipped)
        feed = Feed(
            name=_property_text(props, "X-WR-CALNAME"),
            description=_property_text(props, "X-WR-CALDESC"),
            source_url=_property_text(props, "X-ORIGINAL-URL"),
            refresh_interval=_interval(props),
            tz=floating,
            fingerprint=digest,
            index=index_records(events, floating),
            skipped=len(skipped),
            skip_reasons=tuple(dict.fromkeys(skipped))[:MAX_SKIP_REASONS],
        )
        self._last = (digest, now.date(), feed)
        return feed

    def _parse_events(
        self,
        blocks: list[bytes],
        charset: str | None,
        zones: TimeZones,
        skipped: list[str],
    ) -> list[_Parsed]:
        cache: dict[bytes, _Parsed | str] = {}
        parsed: list[_Parsed] = []
        for block in blocks:
            # Keyed by a digest, not the bytes: the cache must not keep the body alive.
            key = hashlib.sha256(without_dtstamp(block)).digest()
            result = self._events.get(key)
            if result is None:
                try:
                    result = _parse_event(_text(block, charset), key, zones)
                except (_Skip, ValueParseError) as err:
                    result = str(err)
            cache[key] = result
            if isinstance(result, str):
                skipped.append(result)
            else:
                parsed.append(result)
        self._events = cache
        return parsed

    def _occurrences(
        self,
        parsed: list[_Parsed],
        zones: TimeZones,
        now: dt.datetime,
        skipped: list[str],
    ) -> list[EventRecord]:
        singles: dict[object, _Parsed] = {}  # the latest part for each UID
        series_parts: dict[str, list[_Parsed]] = {}
        for number, part in enumerate(parsed):
            uid = part[1][UID]
            if uid and part[4]:
                series_parts.setdefault(uid, []).append(part)
            else:
                _keep_latest(singles, uid or number, part)
        records: list[EventRecord] = []
        # The horizon moves by whole days, so that expansions can be reused within a day.
        today = dt.datetime.combine(now.astimezone(dt.UTC).date(), dt.time(), dt.UTC)
        horizon = (shifted(today, -HORIZON_PAST), shifted(today, HORIZON_FUTURE))
        cache: dict[tuple[object, ...], tuple[EventRecord, ...] | str] = {}
        pending: list[tuple[tuple[object, ...], list[_Parsed]]] = []
        for uid, parts in series_parts.items():
            masters = [part for part in parts if part[3] is None]
            if not masters:  # overrides of a series the feed does not hold
                for part in parts:
                    _keep_latest(singles, (uid, part[1][RECURRENCE_ID]), part)
                continue
            master = _latest(masters)
            if uid in singles and singles[uid][2] > master[2]:
                continue
            singles.pop(uid, None)
            overrides: dict[object, _Parsed] = {}
            for part in parts:
                if (recurrence_of := part[3]) is not None:
                    _keep_latest(overrides, _instant(recurrence_of, zones), part)
            chosen = [master, *overrides.values()]
            key = (horizon[0].date(), *(part[0] for part in chosen))
            if (known := self._series.get(key)) is not None:
                cache[key] = known
            else:
                pending.append((key, chosen))
        if pending:
            cache.update(_expanded(pending, zones, horizon))
        self._series = cache
        for result in cache.values():
            if isinstance(result, str):
                skipped.append(result)
            else:
                records += result
        oldest_end = shifted(now, -self.history)
        records += (
            record
            for _, record, _, _, _ in singles.values()
            if as_datetime(record[END], zones.default) >= oldest_end
        )
        return [record for record in records if record[STATUS] != "CANCELLED"]


def _keep_latest(latest: dict[object, _Parsed], key: object, part: _Parsed) -> None:
    """Keep the part with the highest SEQUENCE under key; among equals, the last one."""
    if (known := latest.get(key)) is None or part[2] >= known[2]:
        latest[key] = part


def _latest(parts: list[_Parsed]) -> _Parsed:
    """Return the part with the highest SEQUENCE; among equals, the last in the feed."""
    return max(reversed(parts), key=lambda part: part[2])


def _expanded(
    pending: list[tuple[tuple[object, ...], list[_Parsed]]],
    zones: TimeZones,
    horizon: tuple[dt.datetime, dt.datetime],
) -> dict[tuple[object, ...], tuple[EventRecord, ...] | str]:
    """Expand the series not expanded before; return occurrences or why not, by key."""
    parts = [
        [_content_lines(chosen[0])]
        + [
            _with_recurrence_id_like_master(part, chosen[0], zones)
            for part in chosen[1:]
        ]
        for _, chosen in pending
    ]
    results = series.expand_all(parts, zones, *horizon)
    expanded: dict[tuple[object, ...], tuple[EventRecord, ...] | str] = {}
    for (key, chosen), result in zip(pending, results, strict=True):
        if isinstance(result, series.SeriesError):
            expanded[key] = f"a recurring event was skipped: {result}"
            continue
        events = [as_event(part[1]) for part in chosen]
        expanded[key] = tuple(
            events[occurrence.part]
            ._replace(
                start=occurrence.start,
                end=repaired_end(occurrence.start, occurrence.end),
                recurrence_id=occurrence.recurrence_id,
            )
            .record
            for occurrence in result
        )
    return expanded


def _content_lines(part: _Parsed) -> tuple[ContentLine, ...]:
    """Return a series part's content lines (kept as text: see _Parsed)."""
    return tuple(line for raw in part[4] if (line := content_line(raw)) is not None)


def _with_recurrence_id_like_master(
    part: _Parsed, master: _Parsed, zones: TimeZones
) -> tuple[ContentLine, ...]:
    """Rewrite an override's RECURRENCE-ID in the form of the master's DTSTART.

    recurring-ical-events matches overrides to occurrences by value, so an override
    written in UTC for a TZID series, or as a DATE-TIME for a DATE series, would not
    replace its occurrence.
    """
    wanted = part[3]
    assert wanted is not None
    start_line = next(line for line in _content_lines(master) if line.name == "DTSTART")
    master_start = master[1][START]
    if isinstance(master_start, dt.datetime):
        if isinstance(wanted, dt.datetime):
            local = wanted.astimezone(master_start.tzinfo)
        else:
            local = dt.datetime.combine(wanted, master_start.timetz())
        utc = start_line.value.strip().upper().endswith("Z")
        value = local.strftime("%Y%m%dT%H%M%S") + ("Z" if utc else "")
        params = tuple(pair for pair in start_line.params if pair[0] == "TZID")
    else:
        day = wanted.date() if isinstance(wanted, dt.datetime) else wanted
        value, params = day.strftime("%Y%m%d"), (("VALUE", "DATE"),)
    recurrence_id = ContentLine("RECURRENCE-ID", params, value)
    return tuple(
        recurrence_id if line.name == "RECURRENCE-ID" else line
        for line in _content_lines(part)
    )


def _instant(value: dt.date | dt.datetime, zones: TimeZones) -> dt.datetime:
    """Compare RECURRENCE-IDs written as UTC, TZID or DATE by the instant they name."""
    if isinstance(value, dt.datetime):
        return value.astimezone(dt.UTC)
    return dt.datetime.combine(value, dt.time(), zones.default).astimezone(dt.UTC)


def _property_text(properties: dict[str, ContentLine], name: str) -> str | None:
    line = properties.get(name)
    return text_value(line.value) or None if line else None


def parse_feed(
    body: bytes,
    default_tz: dt.tzinfo,
    now: dt.datetime,
    content_type: str | None = None,
    history: dt.timedelta = DEFAULT_HISTORY,
) -> Feed:
    """Parse one body, with no cache kept (see FeedParser for successive bodies)."""
    return FeedParser(default_tz, history).parse(body, now, content_type)
