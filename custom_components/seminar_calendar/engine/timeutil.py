"""Small date and time helpers shared by the feed modules."""

import datetime as dt

EARLIEST = dt.datetime.min.replace(tzinfo=dt.UTC)
LATEST = dt.datetime.max.replace(tzinfo=dt.UTC)


def as_datetime(value: dt.date | dt.datetime, tz: dt.tzinfo) -> dt.datetime:
    """Return value as an aware datetime: a date is midnight in tz, a naive time is in tz."""
    if not isinstance(value, dt.datetime):
        return dt.datetime.combine(value, dt.time(), tz)
    return value if value.tzinfo else value.replace(tzinfo=tz)


def in_zone[T: (dt.date, dt.datetime)](value: T, tz: dt.tzinfo | None) -> T:
    """Return a time as seen in tz; dates and floating times stay as they are.

    So do times that tz cannot show (near the ends of the calendar), and all when tz
    is None.
    """
    if tz is None or not isinstance(value, dt.datetime) or value.tzinfo is None:
        return value
    try:
        return value.astimezone(tz)
    except OverflowError:
        return value


def shifted(moment: dt.datetime, delta: dt.timedelta) -> dt.datetime:
    """Return moment + delta, clamped to the representable range."""
    try:
        return moment + delta
    except OverflowError:
        return EARLIEST if delta < dt.timedelta() else LATEST
