"""Seminar changes as an event entity: added, rescheduled, cancelled, removed, changed."""

from collections import Counter
from collections.abc import Sequence
from typing import Final, override

from homeassistant.components.event import EventEntity
from homeassistant.core import HomeAssistant, callback
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback

from .coordinator import SeminarCalendarConfigEntry, SeminarCalendarCoordinator
from .engine import ChangeKind, SeminarChange
from .entity import SeminarCalendarEntity, capped
from .seminar_data import change_data

# A download that changes more seminars than this (a site rebuilt, a feed swapped) fires
# one summary event instead of a flood of notifications.
MANY_CHANGES: Final = 25
MANY_CHANGED: Final = "many_changed"

# Entities read the coordinator's data; they never poll themselves.
PARALLEL_UPDATES = 0


async def async_setup_entry(
    hass: HomeAssistant,
    entry: SeminarCalendarConfigEntry,
    async_add_entities: AddConfigEntryEntitiesCallback,
) -> None:
    """Set up the seminar changes event entity of an entry."""
    async_add_entities([SeminarChangesEvent(entry.runtime_data, "seminar_changes")])


class SeminarChangesEvent(SeminarCalendarEntity, EventEntity):
    """Fires an event for each seminar a download added, moved, cancelled or changed."""

    _attr_translation_key = "seminar_changes"

    def __init__(self, coordinator: SeminarCalendarCoordinator, key: str) -> None:
        """Start after the changes the coordinator knows of: set-up is no news."""
        super().__init__(coordinator, key)
        self._attr_event_types = [*ChangeKind, MANY_CHANGED]
        self._serial = coordinator.changes.serial

    @callback
    @override
    def _handle_coordinator_update(self) -> None:
        """Fire the events of a download that changed seminars, once each."""
        batch = self.coordinator.changes
        if batch.serial != self._serial:
            self._serial = batch.serial
            self._announce(batch.changes)
        super()._handle_coordinator_update()

    @callback
    def _announce(self, changes: Sequence[SeminarChange]) -> None:
        if len(changes) > MANY_CHANGES:
            counts = Counter(change.kind for change in changes)
            summary = {kind.value: counts[kind] for kind in ChangeKind}
            self._trigger_event(MANY_CHANGED, {"count": len(changes), **summary})
            return
        for change in changes:
            data = change_data(change)
            data["summary"] = capped(data["summary"])
            data["title"] = capped(data["title"])
            data["speaker"] = capped(data["speaker"])
            self._trigger_event(change.kind, data)
            self.async_write_ha_state()
