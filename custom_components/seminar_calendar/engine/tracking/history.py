"""Keep seminars that have ended, after the feed drops them, for a history window."""

from collections.abc import Iterable, Sequence
import dataclasses
import datetime as dt
import json
from typing import Any

from ..model import (
    EventRecord,
    Feed,
    SeminarEvent,
    as_event,
    end_of,
    index_records,
    key_of,
    long_text_of,
    start_of,
    with_long_text,
)
from ..texts.blocks import loose_text, packed, unpacked
from ..timeutil import as_datetime


def with_history(
    feed: Feed,
    earlier: Sequence[EventRecord],
    now: dt.datetime,
    keep: dt.timedelta,
) -> Feed:
    """Return feed plus the earlier events that have ended, are recent, and it lacks.

    The Events Calendar exports only upcoming events, so a talk leaves the feed once it
    is over. An upcoming event that leaves the feed was cancelled or moved: it is not kept.
    """
    oldest = now - keep
    recent = [
        record
        for record in earlier
        if oldest <= as_datetime(end_of(record), feed.tz) <= now
    ]
    if not recent:
        return feed
    # Only the feed's records that share a key with them: a pair for every record would
    # be thousands of objects for the garbage collector at every refresh.
    keys = {key_of(record) for record in recent}
    present = {
        (key_of(record), start_of(record))
        for record in feed.records
        if key_of(record) in keys
    }
    kept = [
        record for record in recent if (key_of(record), start_of(record)) not in present
    ]
    if not kept:
        return feed
    # Packed afresh: they would otherwise keep the earlier download's blocks alive.
    kept = with_texts_packed(kept)
    return dataclasses.replace(
        feed, index=index_records([*feed.records, *kept], feed.tz), history=(*kept,)
    )


def past_events(feed: Feed, now: dt.datetime) -> list[EventRecord]:
    """Return the feed's events that have ended."""
    return [
        record for record in feed.records if as_datetime(end_of(record), feed.tz) <= now
    ]


def _when(value: dt.date) -> str:
    return value.isoformat()


def _parse_when(value: str) -> dt.date | dt.datetime:
    return (
        dt.datetime.fromisoformat(value)
        if "T" in value
        else dt.date.fromisoformat(value)
    )


def to_json(record: EventRecord) -> dict[str, Any]:
    """Return an event as JSON-compatible data (for the persistent cache)."""
    data: dict[str, Any] = as_event(record)._asdict()
    data["start"], data["end"] = _when(start_of(record)), _when(end_of(record))
    data["categories"] = list(data["categories"])
    data["speakers"] = list(data["speakers"])
    data["description"], data["abstract"] = unpacked(data.pop("long_text"))
    return data


def from_json(data: dict[str, Any]) -> EventRecord:
    """Return an event stored by to_json (its texts not packed yet: see texts.blocks.packed)."""
    fields = {name: data[name] for name in SeminarEvent._fields if name in data}
    return SeminarEvent(
        **{
            **fields,
            "start": _parse_when(data["start"]),
            "end": _parse_when(data["end"]),
            "categories": tuple(data["categories"]),
            "long_text": loose_text(data["description"], data["abstract"]),
            # Saved by 0.2, before several speakers were kept.
            "speakers": tuple(data.get("speakers", ())),
        }
    ).record


def with_texts_packed(records: Sequence[EventRecord]) -> list[EventRecord]:
    """Return the records with their texts packed together (see texts.blocks.packed)."""
    texts = packed(long_text_of(record) for record in records)
    return list(map(with_long_text, records, texts, strict=True))


def events_to_text(records: Iterable[EventRecord]) -> str:
    """Return events as one JSON text, building one event's JSON objects at a time.

    A text, not a list of objects: thousands of dicts and lists alive until the store
    writes them would all be left for Python's full garbage collections to walk.
    """
    return "[" + ",".join(json.dumps(to_json(record)) for record in records) + "]"


def events_from_text(text: str) -> list[EventRecord]:
    """Return the events in a text made by events_to_text, their texts packed."""
    return with_texts_packed([from_json(data) for data in json.loads(text)])
