"""Turn parsed VEVENTs into occurrences: re-sent copies, series and their overrides."""

from collections.abc import Iterator
import datetime as dt
from typing import Final

from ..model import (
    EventRecord,
    as_event,
    end_of,
    location_of,
    recurrence_id_of,
    start_of,
    uid_of,
)
from ..parsing.lines import ContentLine, content_line
from ..parsing.timezones import TimeZones
from ..parsing.vevent import (
    ParsedEvent,
    parsed_digest,
    parsed_record,
    parsed_recurrence,
    parsed_sequence,
    parsed_series_lines,
    repaired_end,
)
from ..timeutil import as_datetime, in_zone, shifted
from . import expansion

# Recurring series are expanded within this horizon around "now".
HORIZON_PAST: Final = dt.timedelta(days=366)
HORIZON_FUTURE: Final = dt.timedelta(days=2 * 366)

# A series' occurrences, or why it could not be expanded; keyed by the day the horizon
# starts and the digests of its parts, so that an unchanged series is expanded once a day.
type SeriesKey = tuple[object, ...]
type SeriesResult = tuple[EventRecord, ...] | str


def occurrence_records(
    parsed: list[ParsedEvent],
    zones: TimeZones,
    now: dt.datetime,
    history: dt.timedelta,
    known_series: dict[SeriesKey, SeriesResult],
) -> tuple[list[EventRecord], dict[SeriesKey, SeriesResult], int]:
    """Return the occurrences, every series' result by key, and how many copies merged.

    Single events that ended longer than history ago are left out; known_series holds
    the results of the previous parse. Cancelled occurrences are among those returned.
    """
    singles, series_parts = _grouped(parsed)
    # The horizon moves by whole days, so that expansions can be reused within a day.
    today = dt.datetime.combine(now.astimezone(dt.UTC).date(), dt.time(), dt.UTC)
    horizon = (shifted(today, -HORIZON_PAST), shifted(today, HORIZON_FUTURE))
    results: dict[SeriesKey, SeriesResult] = {}
    pending: list[tuple[SeriesKey, list[ParsedEvent]]] = []
    for uid, parts in series_parts.items():
        if (chosen := _chosen_parts(uid, parts, singles, zones)) is None:
            continue
        key = (horizon[0].date(), *map(parsed_digest, chosen))
        if (known := known_series.get(key)) is not None:
            results[key] = known
        else:
            pending.append((key, chosen))
    if pending:
        results.update(_expanded(pending, zones, horizon))
    records = [
        record
        for result in results.values()
        if not isinstance(result, str)
        for record in result
    ]
    oldest_end = shifted(now, -history)
    records += (
        record
        for record in singles.records()
        if as_datetime(end_of(record), zones.default) >= oldest_end
    )
    return records, results, singles.merged


class _Singles:
    """Single events by UID: one per event, though some feeds give several one UID.

    Two VEVENTs with one UID are copies of one event (the highest SEQUENCE, else the
    last, wins) when their SEQUENCE differs (an update was re-sent), or when they have
    the same start and the same place (sent twice, perhaps retitled). With the same
    SEQUENCE and another start or place they are different talks that a generator gave
    one UID (a conference schedule, parallel rooms): both are kept.
    """

    def __init__(self) -> None:
        # A UID's one event, or its list when a generator gave one UID several talks:
        # a list per event would be thousands of objects for the garbage collector at
        # every refresh (with a list each, they caused a third of its collections).
        self.by_uid: dict[object, ParsedEvent | list[ParsedEvent]] = {}
        self.merged = 0

    def add(self, uid: object, part: ParsedEvent) -> None:
        """Add a VEVENT: as an event of its own, or in place of an older copy."""
        if (known := self.by_uid.get(uid)) is None:
            self.by_uid[uid] = part  # the usual case: a UID of its own
            return
        events = self._copies(uid)
        record, sequence = parsed_record(part), parsed_sequence(part)
        for index, known_part in enumerate(events):
            known_record, known_sequence = (
                parsed_record(known_part),
                parsed_sequence(known_part),
            )
            same_slot = (start_of(known_record), location_of(known_record)) == (
                start_of(record),
                location_of(record),
            )
            if known_sequence != sequence or same_slot:
                self.merged += 1
                if sequence >= known_sequence:
                    events[index] = part
                    self.by_uid[uid] = events if isinstance(known, list) else part
                return
        self.by_uid[uid] = [*events, part]

    def _copies(self, uid: object) -> list[ParsedEvent]:
        """Return the events kept under uid, as a list."""
        known = self.by_uid.get(uid)
        if known is None:
            return []
        return known if isinstance(known, list) else [known]

    def newer_than(self, uid: str, sequence: int) -> bool:
        """Return True when a single copy under uid has a higher SEQUENCE."""
        return any(parsed_sequence(part) > sequence for part in self._copies(uid))

    def records(self) -> Iterator[EventRecord]:
        """Return the occurrence of every single event."""
        for known in self.by_uid.values():
            if isinstance(known, list):
                yield from map(parsed_record, known)
            else:
                yield parsed_record(known)


def _grouped(
    parsed: list[ParsedEvent],
) -> tuple[_Singles, dict[str, list[ParsedEvent]]]:
    """Return the single events, and the parts of each series by UID.

    A series without a UID (real exporters omit it) gets a key from its content.
    """
    singles = _Singles()
    series_parts: dict[str, list[ParsedEvent]] = {}
    for number, part in enumerate(parsed):
        uid = uid_of(parsed_record(part))
        if parsed_series_lines(part) and (uid or parsed_recurrence(part) is None):
            key = uid or f"~{parsed_digest(part).hex()}"
            series_parts.setdefault(key, []).append(part)
        else:
            singles.add(uid or number, part)
    return singles, series_parts


def _chosen_parts(
    uid: str,
    parts: list[ParsedEvent],
    singles: _Singles,
    zones: TimeZones,
) -> list[ParsedEvent] | None:
    """Return a series' master and latest overrides, or None when it is not a series.

    Overrides whose master is missing become single events; a single copy with a
    higher SEQUENCE than the master replaces the series.
    """
    masters = [part for part in parts if parsed_recurrence(part) is None]
    if not masters:
        for part in parts:
            singles.add((uid, recurrence_id_of(parsed_record(part))), part)
        return None
    master = _latest(masters)
    if singles.newer_than(uid, parsed_sequence(master)):
        return None
    singles.by_uid.pop(uid, None)
    overrides: dict[object, ParsedEvent] = {}
    for part in parts:
        if (recurrence_of := parsed_recurrence(part)) is not None:
            _keep_latest(overrides, _instant(recurrence_of, zones), part)
    return [master, *overrides.values()]


def _keep_latest(
    latest: dict[object, ParsedEvent], key: object, part: ParsedEvent
) -> None:
    """Keep the part with the highest SEQUENCE under key; among equals, the last one."""
    known = latest.get(key)
    if known is None or parsed_sequence(part) >= parsed_sequence(known):
        latest[key] = part


def _latest(parts: list[ParsedEvent]) -> ParsedEvent:
    """Return the part with the highest SEQUENCE; among equals, the last in the feed."""
    return max(reversed(parts), key=parsed_sequence)


def _expanded(
    pending: list[tuple[SeriesKey, list[ParsedEvent]]],
    zones: TimeZones,
    horizon: tuple[dt.datetime, dt.datetime],
) -> dict[SeriesKey, SeriesResult]:
    """Expand the series not expanded before; return occurrences or why not, by key."""
    parts = [
        [_content_lines(chosen[0])]
        + [
            _with_recurrence_id_like_master(part, chosen[0], zones)
            for part in chosen[1:]
        ]
        for _, chosen in pending
    ]
    results = expansion.expand_all(parts, zones, *horizon)
    expanded: dict[SeriesKey, SeriesResult] = {}
    for (key, chosen), result in zip(pending, results, strict=True):
        if isinstance(result, expansion.SeriesError):
            expanded[key] = f"a recurring event was skipped: {result}"
            continue
        events = [as_event(parsed_record(part)) for part in chosen]
        expanded[key] = tuple(
            events[expansion.part_of(occurrence)]
            ._replace(
                start=in_zone(
                    start := expansion.instance_start(occurrence), zones.local
                ),
                end=in_zone(
                    repaired_end(start, expansion.instance_end(occurrence)), zones.local
                ),
                recurrence_id=expansion.instance_recurrence_id(occurrence),
            )
            .record
            for occurrence in result
        )
    return expanded


def _content_lines(part: ParsedEvent) -> tuple[ContentLine, ...]:
    """Return a series part's content lines (kept as text: see ParsedEvent)."""
    return tuple(
        line
        for raw in parsed_series_lines(part)
        if (line := content_line(raw)) is not None
    )


def _with_recurrence_id_like_master(
    part: ParsedEvent, master: ParsedEvent, zones: TimeZones
) -> tuple[ContentLine, ...]:
    """Rewrite an override's RECURRENCE-ID in the form of the master's DTSTART.

    recurring-ical-events matches overrides to occurrences by value, so an override
    written in UTC for a TZID series, or as a DATE-TIME for a DATE series, would not
    replace its occurrence.
    """
    wanted = parsed_recurrence(part)
    assert wanted is not None
    start_line = next(line for line in _content_lines(master) if line.name == "DTSTART")
    master_start = start_of(parsed_record(master))
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
