"""The Seminar Calendar integration: a seminar or event feed as a calendar."""

from homeassistant.const import Platform
from homeassistant.core import HomeAssistant
from homeassistant.helpers import config_validation as cv
from homeassistant.helpers.typing import ConfigType

from .card_labels import async_card_labels
from .const import DOMAIN
from .coordinator import SeminarCalendarConfigEntry, SeminarCalendarCoordinator
from .services import async_setup_services
from .store import store_for

PLATFORMS: list[Platform] = [
    Platform.CALENDAR,
    Platform.EVENT,
    Platform.IMAGE,
    Platform.SENSOR,
]
CONFIG_SCHEMA = cv.config_entry_only_config_schema(DOMAIN)


async def async_setup(hass: HomeAssistant, config: ConfigType) -> bool:
    """Register the integration's actions (once, for every entry)."""
    async_setup_services(hass)
    return True


async def async_setup_entry(
    hass: HomeAssistant, entry: SeminarCalendarConfigEntry
) -> bool:
    """Set up a feed: from the saved copy at once if there is one, else from the network."""
    coordinator = SeminarCalendarCoordinator(hass, entry, await async_card_labels(hass))
    if await coordinator.async_load_cache():
        # The site may be down right now: show the last known seminars, refresh after.
        entry.async_create_background_task(
            hass, coordinator.async_refresh(), f"{entry.title} first refresh"
        )
    else:
        await coordinator.async_config_entry_first_refresh()
    entry.runtime_data = coordinator
    await hass.config_entries.async_forward_entry_setups(entry, PLATFORMS)
    return True


async def async_unload_entry(
    hass: HomeAssistant, entry: SeminarCalendarConfigEntry
) -> bool:
    """Unload a config entry."""
    return await hass.config_entries.async_unload_platforms(entry, PLATFORMS)


async def async_remove_entry(
    hass: HomeAssistant, entry: SeminarCalendarConfigEntry
) -> None:
    """Delete the saved feed of a removed entry."""
    await store_for(hass, entry.entry_id).async_remove()
