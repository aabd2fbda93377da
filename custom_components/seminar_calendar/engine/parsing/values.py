"""Read DATE, DATE-TIME and DURATION values, leniently."""

import datetime as dt
import re
from typing import Final

from .lines import ContentLine
from .timezones import TimeZones

_DATE_TIME: Final = re.compile(
    r"(\d{4})-?(\d{2})-?(\d{2})"
    r"(?:[Tt ](\d{2}):?(\d{2})(?::?(\d{2}))?(?:[.,]\d+)?\s*([Zz])?)?\s*$"
)
_DURATION: Final = re.compile(
    r"\s*([+-])?P(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?\s*$",
    re.IGNORECASE,
)


class ValueParseError(ValueError):
    """A value could not be read; the message says which and why."""


def parse_date_value(line: ContentLine, zones: TimeZones) -> dt.date | dt.datetime:
    """Return a date, or an aware datetime: UTC, the TZID's zone, else the feed's default."""
    match = _DATE_TIME.match(line.value.strip())
    if match is None:
        raise ValueParseError(f"{line.name} is not a date: {line.value[:40]!r}")
    year, month, day, hour, minute, second, utc = match.groups()
    try:
        if hour is None or (line.param("VALUE") or "").upper() == "DATE":
            return dt.date(int(year), int(month), int(day))
        tz = dt.UTC if utc else zones.default
        if not utc and (tzid := line.param("TZID")):
            tz = zones.named(tzid) or zones.default
        return dt.datetime(
            int(year),
            int(month),
            int(day),
            int(hour),
            int(minute),
            min(int(second or 0), 59),  # a leap second is read as :59
            tzinfo=tz,
        )
    except ValueError as err:
        raise ValueParseError(
            f"{line.name} is not a valid date: {line.value[:40]!r}"
        ) from err


def parse_duration(value: str) -> dt.timedelta:
    """Return an RFC 5545 duration ("PT1H", "P1W", "-P1D")."""
    match = _DURATION.match(value)
    if match is None or not any(match.groups()[1:]):
        raise ValueParseError(f"not a duration: {value[:40]!r}")
    sign, weeks, days, hours, minutes, seconds = match.groups()
    try:
        duration = dt.timedelta(
            weeks=int(weeks or 0),
            days=int(days or 0),
            hours=int(hours or 0),
            minutes=int(minutes or 0),
            seconds=int(seconds or 0),
        )
    except OverflowError as err:
        raise ValueParseError(f"duration out of range: {value[:40]!r}") from err
    return -duration if sign == "-" else duration
