"""Sensors of a Seminar Calendar entry."""

import datetime as dt
from typing import override

from homeassistant.components.sensor import SensorDeviceClass, SensorEntity
from homeassistant.const import EntityCategory
from homeassistant.core import HomeAssistant, callback
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback

from .coordinator import SeminarCalendarConfigEntry
from .entity import SeminarCalendarEntity

# Entities read the coordinator's data; they never poll themselves.
PARALLEL_UPDATES = 0


async def async_setup_entry(
    hass: HomeAssistant,
    entry: SeminarCalendarConfigEntry,
    async_add_entities: AddConfigEntryEntitiesCallback,
) -> None:
    """Set up the sensors of an entry."""
    async_add_entities([LastRefreshedSensor(entry.runtime_data, "last_refreshed")])


class LastRefreshedSensor(SeminarCalendarEntity, SensorEntity):
    """When the feed was last fetched successfully, changed or not."""

    _attr_translation_key = "last_refreshed"
    _attr_device_class = SensorDeviceClass.TIMESTAMP
    _attr_entity_category = EntityCategory.DIAGNOSTIC

    @property
    @override
    def native_value(self) -> dt.datetime | None:
        """Return the time of the last successful fetch."""
        return self.coordinator.state.last_success

    @callback
    @override
    def _async_refreshed(self) -> None:
        """Show every successful fetch, also those that changed nothing."""
        self.async_write_ha_state()
