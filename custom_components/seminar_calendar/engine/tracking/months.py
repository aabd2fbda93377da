"""A list feed with the seminars of its month exports (see web.tec), no seminar twice."""

import dataclasses

from ..model import EventRecord, Feed, index_records, key_of, start_of
from ..timeutil import as_datetime


def with_months(list_feed: Feed, months: list[Feed]) -> Feed:
    """Return the list feed with the seminars its month exports add (no seminar twice).

    The list feed is the fresher: between its first and its last seminar it is the
    authority, and a month's seminar it no longer lists there was moved or called off.
    Month exports add what lies before (this month's past) and after (beyond 30 events).
    """
    if not months:
        return list_feed
    records, tz = list_feed.records, list_feed.tz
    seen = {(key_of(record), start_of(record)) for record in records}
    span = list_feed.index.start_span()
    added: list[EventRecord] = []
    cancelled = list(list_feed.cancelled)
    for month in months:
        for record in month.records:
            start = as_datetime(start_of(record), tz)
            inside = span is not None and span[0] <= start <= span[1]
            if not inside and (key_of(record), start_of(record)) not in seen:
                seen.add((key_of(record), start_of(record)))
                added.append(record)
        cancelled += month.cancelled
    if not added and len(cancelled) == len(list_feed.cancelled):
        return list_feed
    return dataclasses.replace(
        list_feed,
        index=index_records([*records, *added], list_feed.tz),
        cancelled=tuple(cancelled),
    )
