"""Seminars as plain data, for the get_seminars action and the change events."""

import datetime as dt
from typing import Any

from homeassistant.util import dt as dt_util

from .engine import SeminarChange, SeminarEvent


def when(value: dt.date | dt.datetime) -> str:
    """Return a start or end as ISO 8601: a local time, or a date for all-day seminars."""
    if isinstance(value, dt.datetime):
        return dt_util.as_local(value).isoformat()
    return value.isoformat()


def seminar_data(event: SeminarEvent) -> dict[str, Any]:
    """Return every seminar field, whole; absent values are None (lists empty)."""
    description, abstract = event.long_texts()
    return {
        "summary": event.summary,
        "start": when(event.start),
        "end": when(event.end),
        "all_day": event.all_day,
        "location": event.location,
        "speaker": event.speaker,
        "speakers": list(event.speakers)
        if event.speakers
        else [event.speaker]
        if event.speaker
        else [],
        "affiliation": event.affiliation,
        "title": event.talk_title,
        "abstract": abstract,
        "description": description,
        "url": event.url,
        "image": event.image,
        "categories": list(event.categories),
        "status": event.status.lower() if event.status else None,
        "uid": event.uid,
    }


def change_data(change: SeminarChange) -> dict[str, Any]:
    """Return what a change event carries about its seminar."""
    event = change.event
    data: dict[str, Any] = {
        "summary": event.summary,
        "start": when(event.start),
        "end": when(event.end),
        "speaker": event.speaker,
        "title": event.talk_title,
        "url": event.url,
        "uid": event.uid,
        "categories": list(event.categories),
    }
    if change.kind == "rescheduled" and change.previous is not None:
        data["previous_start"] = when(change.previous.start)
        data["previous_end"] = when(change.previous.end)
    if change.fields:
        data["fields"] = list(change.fields)
    return data
