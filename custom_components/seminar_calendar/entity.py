"""Base entity for Seminar Calendar."""

from homeassistant.helpers.device_registry import DeviceEntryType, DeviceInfo
from homeassistant.helpers.update_coordinator import CoordinatorEntity

from .const import DOMAIN
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
