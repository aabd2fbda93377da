"""Base entity for Seminar Calendar."""

from typing import override

from homeassistant.core import callback
from homeassistant.helpers.device_registry import DeviceEntryType, DeviceInfo
from homeassistant.helpers.dispatcher import async_dispatcher_connect
from homeassistant.helpers.update_coordinator import CoordinatorEntity
from homeassistant.util import dt as dt_util

from .const import DOMAIN, STALE_AFTER
from .coordinator import SeminarCalendarCoordinator


class SeminarCalendarEntity(CoordinatorEntity[SeminarCalendarCoordinator]):
    """An entity on the entry's service device, named after the feed."""

    _attr_has_entity_name = True

    def __init__(self, coordinator: SeminarCalendarCoordinator, key: str) -> None:
        """Initialize the entity with a unique ID derived from the entry."""
        super().__init__(coordinator)
        entry = coordinator.config_entry
        self._attr_unique_id = f"{entry.entry_id}_{key}"
        self._attr_device_info = DeviceInfo(
            identifiers={(DOMAIN, entry.entry_id)},
            entry_type=DeviceEntryType.SERVICE,
            name=entry.title,
            manufacturer="Seminar Calendar",
            configuration_url=coordinator.data.source_url,
        )

    @property
    @override
    def available(self) -> bool:
        """Stay available on the last good data until it is a week old.

        Seminar schedules change rarely: a site that is down for a day should not
        blank a dashboard or stop automations.
        """
        last_success = self.coordinator.state.last_success
        return last_success is not None and dt_util.now() - last_success < STALE_AFTER

    @override
    async def async_added_to_hass(self) -> None:
        """Also hear about fetches that changed nothing, or failed again."""
        await super().async_added_to_hass()
        self.async_on_remove(
            async_dispatcher_connect(
                self.hass, self.coordinator.refreshed_signal, self._async_refreshed
            )
        )

    @callback
    def _async_refreshed(self) -> None:
        """Write the state once the data has gone stale; nothing otherwise."""
        if not self.available:
            self.async_write_ha_state()
