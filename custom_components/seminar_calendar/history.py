"""Keep seminars that have ended, after the feed drops them, for a history window."""

import base64
import dataclasses
import datetime as dt
from typing import Any

from .index import EventIndex
from .model import Feed, SeminarEvent


def with_history(
    feed: Feed,
    earlier: tuple[SeminarEvent, ...],
    now: dt.datetime,
    keep: dt.timedelta,
) -> Feed:
    """Return feed plus the earlier events that have ended, are recent, and it lacks.

    The Events Calendar exports only upcoming events, so a talk leaves the feed once it
    is over. An upcoming event that leaves the feed was cancelled or moved: it is not kept.
    """
    oldest = now - keep
    present = {(event.key, event.start) for event in feed.events}
    kept = [
        event
        for event in earlier
        if oldest <= event.end_at(feed.tz) <= now
        and (event.key, event.start) not in present
    ]
    if not kept:
        return feed
    return dataclasses.replace(feed, index=EventIndex([*feed.events, *kept], feed.tz))


def past_events(feed: Feed, now: dt.datetime) -> tuple[SeminarEvent, ...]:
    """Return the feed's events that have ended."""
    return tuple(event for event in feed.events if event.end_at(feed.tz) <= now)


def _when(value: dt.date) -> str:
    return value.isoformat()


def _parse_when(value: str) -> dt.date | dt.datetime:
    return (
        dt.datetime.fromisoformat(value)
        if "T" in value
        else dt.date.fromisoformat(value)
    )


def to_json(event: SeminarEvent) -> dict[str, Any]:
    """Return an event as JSON-compatible data (for the persistent cache)."""
    data = dataclasses.asdict(event)
    data["start"], data["end"] = _when(event.start), _when(event.end)
    data["categories"] = list(event.categories)
    data["long_text"] = base64.b64encode(event.long_text).decode()
    data["abstract_slice"] = (
        list(event.abstract_slice) if event.abstract_slice else None
    )
    return data


def from_json(data: dict[str, Any]) -> SeminarEvent:
    """Return an event stored by to_json."""
    return SeminarEvent(
        **{
            **data,
            "start": _parse_when(data["start"]),
            "end": _parse_when(data["end"]),
            "categories": tuple(data["categories"]),
            "long_text": base64.b64decode(data["long_text"]),
            "abstract_slice": tuple(data["abstract_slice"])
            if data["abstract_slice"]
            else None,
        }
    )
