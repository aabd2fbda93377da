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
from .model import Feed, FeedError
from .parser import FeedParser

type SeminarCalendarConfigEntry = ConfigEntry[SeminarCalendarCoordinator]

_LOGGER = logging.getLogger(__name__)
UPDATE_INTERVAL: Final = dt.timedelta(hours=1)


async def async_load_feed(
    hass: HomeAssistant, url: str, parser: FeedParser | None = None
) -> Feed:
    """Download and parse a feed; parsing runs in the executor."""
    parser = parser or FeedParser(dt_util.get_default_time_zone())
    fetched = await fetch_feed(async_get_clientsession(hass), url)
    feed = await hass.async_add_executor_job(
        parser.parse, fetched.body, dt_util.now(), fetched.content_type
    )
    if feed.skipped:
        _LOGGER.debug(
            "Skipped %s unusable event(s) in %s: %s",
            feed.skipped,
            feed.name,
            "; ".join(feed.skip_reasons),
        )
    return feed


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
        self._parser = FeedParser(dt_util.get_default_time_zone())

    @override
    async def _async_update_data(self) -> Feed:
        """Fetch and parse the feed."""
        try:
            return await async_load_feed(
                self.hass, self.config_entry.data[CONF_URL], self._parser
            )
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
                translation_domain=DOMAIN, translation_key=err.kind
            ) from err
