"""Calendar entity serving a seminar feed."""

import dataclasses
import datetime as dt
from typing import override

from homeassistant.components.calendar import CalendarEntity, CalendarEvent
from homeassistant.components.calendar.const import CalendarEventStatus
from homeassistant.core import HomeAssistant
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback
from homeassistant.util import dt as dt_util

from .coordinator import SeminarCalendarConfigEntry
from .engine import SeminarEvent, card_text, card_texts
from .entity import MAX_LONG_TEXT, SeminarCalendarEntity, capped

_STATUSES = {status.name: status for status in CalendarEventStatus}

# Entities read the coordinator's data; they never poll themselves.
PARALLEL_UPDATES = 0


async def async_setup_entry(
    hass: HomeAssistant,
    entry: SeminarCalendarConfigEntry,
    async_add_entities: AddConfigEntryEntitiesCallback,
) -> None:
    """Set up the calendar entity of an entry."""
    async_add_entities([SeminarCalendar(entry.runtime_data, "calendar")])


class SeminarCalendar(SeminarCalendarEntity, CalendarEntity):
    """The feed's seminars as a Home Assistant calendar."""

    _attr_name = None
    _attr_translation_key = "calendar"

    @property
    @override
    def event(self) -> CalendarEvent | None:
        """Return the seminar in progress, else the next one (its texts capped).

        Home Assistant copies this event into the state attributes, which the recorder
        stores at every change; async_get_events serves the texts whole.
        """
        event = self.coordinator.data.visible.current_or_next(dt_util.now())
        if event is None:
            return None
        whole = calendar_event(event, card_text(event, self.coordinator.card_labels))
        return dataclasses.replace(
            whole,
            summary=capped(whole.summary) or "",
            description=capped(whole.description, MAX_LONG_TEXT),
            location=capped(whole.location),
        )

    @override
    async def async_get_events(
        self, hass: HomeAssistant, start_date: dt.datetime, end_date: dt.datetime
    ) -> list[CalendarEvent]:
        """Return the seminars overlapping the window, from the in-memory index."""
        occurrences = self.coordinator.data.visible.between(start_date, end_date)
        cards = card_texts(occurrences, self.coordinator.card_labels)
        return list(map(calendar_event, occurrences, cards, strict=True))

    @override
    def _next_change(self) -> dt.datetime | None:
        """Return when the current seminar ends, or the next one starts."""
        now = dt_util.now()
        if (event := self.coordinator.data.visible.current_or_next(now)) is None:
            return None
        tz = self.coordinator.data.visible.tz
        start = event.start_at(tz)
        return start if start > now else event.end_at(tz)


def _local(value: dt.datetime | dt.date) -> dt.datetime | dt.date:
    return dt_util.as_local(value) if isinstance(value, dt.datetime) else value


def calendar_event(event: SeminarEvent, description: str | None) -> CalendarEvent:
    """Return the Home Assistant calendar event of a seminar, with its card.

    Built without CalendarEvent's validation (its __post_init__): the 4,901 events of a
    365-day window take 13 ms so, 171 ms validated (most of calendar.get_events on a
    large feed). The engine guarantees what the validation checks. Start
    and end are of one type, times are aware, and no seminar ends before it starts
    (engine.parsing.vevent.repaired_end); tests compare the result with a validated one.
    """
    built: CalendarEvent = object.__new__(CalendarEvent)
    # Set one by one, as CalendarEvent's own __init__ does: Python then keeps them in
    # the object itself, without a dictionary object of their own. The engine gives
    # times in Home Assistant's zone already (FeedParser's shown_in); past seminars read
    # back from the store, or a zone changed since, still need converting.
    start, end = event.start, event.end
    if isinstance(start, dt.datetime) and start.tzinfo is not dt_util.DEFAULT_TIME_ZONE:
        start, end = _local(start), _local(end)
    built.start = start
    built.end = end
    built.summary = event.summary
    built.description = description
    built.location = event.location
    built.uid = event.uid
    built.recurrence_id = event.recurrence_id
    built.rrule = None
    built.status = _STATUSES.get(event.status or "")
    return built
