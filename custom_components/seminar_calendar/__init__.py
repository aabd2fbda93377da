"""The Seminar Calendar integration: a seminar or event feed as a calendar."""

from homeassistant.const import Platform
from homeassistant.core import HomeAssistant

from .coordinator import SeminarCalendarConfigEntry, SeminarCalendarCoordinator

PLATFORMS: list[Platform] = [Platform.CALENDAR]


async def async_setup_entry(
    hass: HomeAssistant, entry: SeminarCalendarConfigEntry
) -> bool:
    """Set up a feed from a config entry."""
    coordinator = SeminarCalendarCoordinator(hass, entry)
    await coordinator.async_config_entry_first_refresh()
    entry.runtime_data = coordinator
    await hass.config_entries.async_forward_entry_setups(entry, PLATFORMS)
    return True


async def async_unload_entry(
    hass: HomeAssistant, entry: SeminarCalendarConfigEntry
) -> bool:
    """Unload a config entry."""
    return await hass.config_entries.async_unload_platforms(entry, PLATFORMS)
