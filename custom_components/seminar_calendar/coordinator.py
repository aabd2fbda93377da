"""Keep a Seminar Calendar entry's feed up to date."""

import datetime as dt
import logging
from typing import Final, override

from homeassistant.config_entries import ConfigEntry
from homeassistant.const import CONF_URL
from homeassistant.core import HomeAssistant
from homeassistant.helpers.aiohttp_client import async_get_clientsession
from homeassistant.helpers.update_coordinator import DataUpdateCoordinator, UpdateFailed
from homeassistant.util import dt as dt_util

from .client import FeedTooLarge, FetchError, FetchTimeout, fetch_feed
from .const import DOMAIN
from .feed import Feed, FeedError, parse_feed

type SeminarCalendarConfigEntry = ConfigEntry[SeminarCalendarCoordinator]

_LOGGER = logging.getLogger(__name__)
UPDATE_INTERVAL: Final = dt.timedelta(hours=1)


async def async_load_feed(hass: HomeAssistant, url: str) -> Feed:
    """Download and parse a feed; parsing runs in the executor."""
    body = await fetch_feed(async_get_clientsession(hass), url)
    return await hass.async_add_executor_job(
        parse_feed, body, dt_util.get_default_time_zone(), dt_util.now()
    )


class SeminarCalendarCoordinator(DataUpdateCoordinator[Feed]):
    """Fetch and parse one feed."""

    config_entry: SeminarCalendarConfigEntry

    def __init__(self, hass: HomeAssistant, entry: SeminarCalendarConfigEntry) -> None:
        """Initialize the coordinator for an entry."""
        super().__init__(
            hass,
            _LOGGER,
            config_entry=entry,
            name=DOMAIN,
            update_interval=UPDATE_INTERVAL,
        )

    @override
    async def _async_update_data(self) -> Feed:
        """Fetch and parse the feed."""
        try:
            return await async_load_feed(self.hass, self.config_entry.data[CONF_URL])
        except FetchTimeout as err:
            raise UpdateFailed(
                translation_domain=DOMAIN, translation_key="timeout"
            ) from err
        except FeedTooLarge as err:
            raise UpdateFailed(
                translation_domain=DOMAIN,
                translation_key="too_large",
                translation_placeholders={"limit_mib": f"{err.limit / 2**20:g}"},
            ) from err
        except FetchError as err:
            raise UpdateFailed(
                translation_domain=DOMAIN,
                translation_key="cannot_connect",
                translation_placeholders={"reason": str(err)},
            ) from err
        except FeedError as err:
            raise UpdateFailed(
                translation_domain=DOMAIN,
                translation_key="invalid_feed",
                translation_placeholders={"reason": str(err)},
            ) from err
