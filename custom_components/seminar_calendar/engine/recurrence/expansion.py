"""Expand recurring series with icalendar and recurring-ical-events, boundedly."""

from collections.abc import Callable, Iterator, Sequence
import datetime as dt
import hashlib
import itertools
import math
import operator
from typing import Any, Final, NamedTuple, cast, override

import icalendar
import recurring_ical_events

from ..model import When
from ..parsing.lines import ContentLine
from ..parsing.timezones import TimeZones, iana_zone
from ..parsing.values import parse_date_value
from ..timeutil import as_datetime, shifted

# Only what places occurrences in time goes to icalendar: text stays with our parser.
SERIES_PROPERTIES: Final = frozenset(
    {
        "DTSTART",
        "DTEND",
        "DURATION",
        "RRULE",
        "RDATE",
        "EXDATE",
        "EXRULE",
        "RECURRENCE-ID",
        "UID",
        "SEQUENCE",
        "STATUS",
    }
)
MAX_OCCURRENCES: Final = 2000
# A dense rule needing more steps than this to reach the horizon is not expanded.
MAX_DENSE_STEPS: Final = 20_000
_PART: Final = "X-SEMINAR-CALENDAR-PART"
_SUB_DAILY: Final = ("BYHOUR", "BYMINUTE", "BYSECOND")
_STEP: Final = {
    "SECONDLY": dt.timedelta(seconds=1),
    "MINUTELY": dt.timedelta(minutes=1),
    "HOURLY": dt.timedelta(hours=1),
    "DAILY": dt.timedelta(days=1),
}


class SeriesError(ValueError):
    """A series cannot be expanded; the message says why."""


class InstanceFields(NamedTuple):
    """One expanded occurrence: the fields of a SeriesInstance, in order."""

    # The series' number in the query, and its part (master or override).
    series: int
    part: int
    start: When
    end: When
    recurrence_id: str


# An InstanceFields as a plain tuple of untracked values, which the garbage collector
# stops tracking at its first collection (never a NamedTuple's instance, see
# model.EventRecord). Instances live through the expansion: as NamedTuples, a first
# parse of a 5,000-event feed left 36,600 objects in the oldest generation, whose
# growth sets off full collections; 31,500 so (the mean of six feeds' first parses).
type SeriesInstance = tuple[int, int, When, When, str]
_AT: Final = {name: at for at, name in enumerate(InstanceFields._fields)}
series_of: Final[Callable[[SeriesInstance], int]] = operator.itemgetter(_AT["series"])
part_of: Final[Callable[[SeriesInstance], int]] = operator.itemgetter(_AT["part"])
instance_start: Final[Callable[[SeriesInstance], When]] = operator.itemgetter(
    _AT["start"]
)
instance_end: Final[Callable[[SeriesInstance], When]] = operator.itemgetter(_AT["end"])
instance_recurrence_id: Final[Callable[[SeriesInstance], str]] = operator.itemgetter(
    _AT["recurrence_id"]
)


def series_instance(
    series: int, part: int, start: When, end: When, recurrence_id: str
) -> SeriesInstance:
    """Return an occurrence of a series' part as a SeriesInstance."""
    return (*InstanceFields(series, part, start, end, recurrence_id),)


class _PartAdapter(recurring_ical_events.EventAdapter):
    """A VEVENT of the query's calendar, with the series and part it was written for."""

    def __init__(self, component: icalendar.cal.Component) -> None:
        super().__init__(component)
        number, _, part = str(component[_PART]).partition(".")
        self.series_number, self.part = int(number), int(part)
        given = component.get("RECURRENCE-ID")
        self.given_recurrence_id = None if given is None else given.to_ical().decode()


class _Instance(recurring_ical_events.Occurrence):
    """An occurrence the query gives as a SeriesInstance.

    Through the library's own hook for the class of its results: it would copy every
    occurrence's component, properties and all. The series of a 5,000-event feed are
    expanded in 0.17 s so, 0.30 s with the copies (its first parse: 1.0 s, 1.15 s).
    """

    def __init__(self, adapter: _PartAdapter, *args: Any, **kwargs: Any) -> None:
        super().__init__(adapter, *args, **kwargs)
        self._part_adapter = adapter

    @override
    def as_component(  # type: ignore[override]  # what the query yields: not a Component
        self, keep_recurrence_attributes: bool
    ) -> SeriesInstance:
        """Return the occurrence."""
        adapter = self._part_adapter
        # An override keeps its RECURRENCE-ID; the master's occurrences are named by start.
        recurrence_id = adapter.given_recurrence_id or (
            icalendar.vDDDTypes(self.start).to_ical().decode()
        )
        # The annotation admits a duration, which the series never pass.
        end = cast(dt.date | dt.datetime, self.end)
        return series_instance(
            adapter.series_number, adapter.part, self.start, end, recurrence_id
        )


_INSTANCES: Final = recurring_ical_events.ComponentsWithName(
    "VEVENT", _PartAdapter, occurrence=_Instance
)


def _custom_tzid(text: str) -> str:
    # icalendar caches zones by TZID process-wide: give each feed definition its own name.
    return (
        "seminar-calendar-" + hashlib.blake2b(text.encode(), digest_size=8).hexdigest()
    )


def _line_text(line: ContentLine, tzids: dict[str, str | None]) -> str:
    params = dict(line.params)
    if (tzid := line.param("TZID")) is not None:
        if (renamed := tzids.get(tzid)) is None:
            del params["TZID"]  # unknown zone: read as floating, in the feed's default
        else:
            params["TZID"] = renamed
    head = line.name + "".join(
        f';{key}="{value}"' if ":" in value or ";" in value else f";{key}={value}"
        for key, value in params.items()
    )
    return f"{head}:{line.value}"


def _rules(lines: Sequence[ContentLine]) -> Iterator[dict[str, str]]:
    for line in lines:
        if line.name == "RRULE":
            yield dict(
                part.partition("=")[::2] for part in line.value.upper().split(";")
            )


def _step(rule: dict[str, str]) -> dt.timedelta:
    """Return the time between a rule's steps: its FREQ (daily at most) times INTERVAL."""
    try:
        interval = max(int(rule.get("INTERVAL", "1")), 1)
    except ValueError:
        interval = 1
    return _STEP.get(rule.get("FREQ", ""), dt.timedelta(days=1)) * interval


def _dense_span(lines: Sequence[ContentLine]) -> dt.timedelta | None:
    """Return how long a dense rule takes to make MAX_OCCURRENCES, or None if not dense.

    Dense rules repeat more than daily (FREQ=HOURLY and faster, or BYHOUR, BYMINUTE,
    BYSECOND). They are expanded only over this span from the horizon's start (or
    their own), in one query, so that their cost is bounded by the cap.
    """
    spans = []
    for rule in _rules(lines):
        by_parts = [rule[key].count(",") + 1 for key in _SUB_DAILY if key in rule]
        if rule.get("FREQ") not in _STEP and not by_parts:
            continue
        step = _step(rule)
        spans.append(max(step * MAX_OCCURRENCES / math.prod(by_parts), step))
    return min(spans, default=None)


def _check_density(
    lines: Sequence[ContentLine], horizon_start: dt.datetime, zones: TimeZones
) -> dt.datetime:
    """Return where a dense series starts; refuse one that starts long before the horizon.

    recurring-ical-events walks a rule from its DTSTART, so for a dense rule the steps
    before the horizon, not the occurrences kept, cost the time.
    """
    start_line = next(line for line in lines if line.name == "DTSTART")
    first = as_datetime(parse_date_value(start_line, zones), zones.default)
    for rule in _rules(lines):
        if (horizon_start - first) / _step(rule) > MAX_DENSE_STEPS:
            raise SeriesError("a rule repeats too often, for too long, to expand")
    return first


def _window(
    parts: Sequence[Sequence[ContentLine]],
    zones: TimeZones,
    horizon: tuple[dt.datetime, dt.datetime],
) -> tuple[dt.datetime, dt.datetime] | None:
    """Return the span to expand a series over, or None when nothing of it falls inside."""
    span = _dense_span(parts[0])
    if span is None:
        return horizon
    first = max(_check_density(parts[0], horizon[0], zones), horizon[0])
    if first >= horizon[1]:
        return None
    return first, min(shifted(first, span), horizon[1])


def _calendar_text(
    series: Sequence[tuple[int, Sequence[Sequence[ContentLine]]]], zones: TimeZones
) -> str:
    """Write series as one calendar: only timing lines, tagged with series and part."""
    tzids: dict[str, str | None] = {}
    vtimezones: list[str] = []
    for _, parts in series:
        for line in itertools.chain.from_iterable(parts):
            tzid = line.param("TZID")
            if tzid is None or tzid in tzids:
                continue
            if (zone := iana_zone(tzid)) is not None:
                tzids[tzid] = zone.key
            elif (text := zones.vtimezone(tzid)) is not None:
                tzids[tzid] = _custom_tzid(text)
                vtimezones.append(
                    text.replace(f"TZID:{tzid}", f"TZID:{tzids[tzid]}", 1)
                )
            else:
                tzids[tzid] = None
    body = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Seminar Calendar//EN"]
    body += vtimezones
    for number, parts in series:
        for part_number, part in enumerate(parts):
            body += ["BEGIN:VEVENT", f"{_PART}:{number}.{part_number}"]
            body += [
                _line_text(line, tzids)
                for line in part
                if line.name in SERIES_PROPERTIES
            ]
            body.append("END:VEVENT")
    body.append("END:VCALENDAR")
    return "\r\n".join(body)


def _query(
    series: Sequence[tuple[int, Sequence[Sequence[ContentLine]]]],
    zones: TimeZones,
    window: tuple[dt.datetime, dt.datetime],
) -> dict[int, list[SeriesInstance]]:
    """Expand several series in one query; any library error propagates."""
    calendar = icalendar.Calendar.from_ical(_calendar_text(series, zones))
    found: dict[int, list[SeriesInstance]] = {number: [] for number, _ in series}
    query = recurring_ical_events.of(calendar, components=[_INSTANCES])
    for instance in cast(list[SeriesInstance], query.between(*window)):
        found[series_of(instance)].append(
            series_instance(
                series_of(instance),
                part_of(instance),
                _aware(instance_start(instance), zones.default),
                _aware(instance_end(instance), zones.default),
                instance_recurrence_id(instance),
            )
        )
    return found


def _expand_one(
    number: int,
    parts: Sequence[Sequence[ContentLine]],
    zones: TimeZones,
    window: tuple[dt.datetime, dt.datetime],
) -> list[SeriesInstance] | SeriesError:
    try:
        return _query([(number, parts)], zones, window)[number]
    except Exception as err:  # any failure inside the libraries costs only this series
        return SeriesError(f"the series cannot be expanded: {type(err).__name__}")


def expand_all(
    series: Sequence[Sequence[Sequence[ContentLine]]],
    zones: TimeZones,
    horizon_start: dt.datetime,
    horizon_end: dt.datetime,
) -> list[list[SeriesInstance] | SeriesError]:
    """Return, per series (its master, then its overrides), its occurrences or why not.

    Series are expanded together in one query, which is much faster than one query
    each; if the libraries fail on the batch, each series is expanded on its own so
    that a broken one costs only itself.
    """
    horizon = (horizon_start, horizon_end)
    results: list[list[SeriesInstance] | SeriesError] = [[] for _ in series]
    batch: list[tuple[int, Sequence[Sequence[ContentLine]]]] = []
    for number, parts in enumerate(series):
        try:
            window = _window(parts, zones, horizon)
        except SeriesError as err:
            results[number] = err
            continue
        if window == horizon:
            batch.append((number, parts))
        elif window is not None:
            results[number] = _expand_one(number, parts, zones, window)
    if batch:
        try:
            found = _query(batch, zones, horizon)
        except Exception:
            for number, parts in batch:
                results[number] = _expand_one(number, parts, zones, horizon)
        else:
            for number, occurrences in found.items():
                results[number] = occurrences
    for result in results:
        if isinstance(result, list):
            # RDATE lists and BY-rules can exceed the cap: keep the earliest.
            result.sort(
                key=lambda occurrence: as_datetime(
                    instance_start(occurrence), zones.default
                )
            )
            del result[MAX_OCCURRENCES:]
    return results


def _aware(value: dt.date | dt.datetime, tz: dt.tzinfo) -> dt.date | dt.datetime:
    """Return dates as they are and naive (floating) times in tz."""
    return as_datetime(value, tz) if isinstance(value, dt.datetime) else value
