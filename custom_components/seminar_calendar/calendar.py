"""Calendar entity serving a seminar feed."""

import datetime as dt
from typing import override

from homeassistant.components.calendar import CalendarEntity, CalendarEvent
from homeassistant.components.calendar.const import CalendarEventStatus
from homeassistant.core import HomeAssistant
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback
from homeassistant.util import dt as dt_util

from .coordinator import SeminarCalendarConfigEntry
from .entity import SeminarCalendarEntity
from .model import SeminarEvent

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

    @property
    @override
    def event(self) -> CalendarEvent | None:
        """Return the seminar in progress, else the next one."""
        event = self.coordinator.data.current_or_next(dt_util.now())
        return None if event is None else _calendar_event(event)

    @override
    async def async_get_events(
        self, hass: HomeAssistant, start_date: dt.datetime, end_date: dt.datetime
    ) -> list[CalendarEvent]:
        """Return the seminars overlapping the window."""
        return [
            _calendar_event(event)
            for event in self.coordinator.data.between(start_date, end_date)
        ]


def _local(value: dt.datetime | dt.date) -> dt.datetime | dt.date:
    return dt_util.as_local(value) if isinstance(value, dt.datetime) else value


def _calendar_event(event: SeminarEvent) -> CalendarEvent:
    return CalendarEvent(
        start=_local(event.start),
        end=_local(event.end),
        summary=event.summary,
        description=event.description,
        location=event.location,
        uid=event.uid,
        recurrence_id=event.recurrence_id,
        status=_STATUSES.get(event.status or ""),
    )
