"""Config flow for Seminar Calendar."""

import logging
from typing import Any, override
from urllib.parse import urlsplit

from homeassistant.config_entries import ConfigFlow, ConfigFlowResult
from homeassistant.const import CONF_URL
from homeassistant.helpers.selector import (
    TextSelector,
    TextSelectorConfig,
    TextSelectorType,
)
import probatio

from .client import (
    FeedTooLarge,
    FetchError,
    FetchTimeout,
    is_supported_url,
    normalize_url,
)
from .const import DOMAIN
from .coordinator import async_load_feed
from .model import Feed, FeedError

_LOGGER = logging.getLogger(__name__)

STEP_USER_SCHEMA = probatio.Schema(
    {
        probatio.Required(CONF_URL): TextSelector(
            TextSelectorConfig(type=TextSelectorType.URL)
        )
    }
)


class SeminarCalendarConfigFlow(ConfigFlow, domain=DOMAIN):
    """Set up a seminar feed from its URL."""

    VERSION = 1

    @override
    async def async_step_user(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """Ask for the feed URL, then fetch and parse it before creating the entry."""
        errors: dict[str, str] = {}
        if user_input is not None:
            url = normalize_url(user_input[CONF_URL])
            self._async_abort_entries_match({CONF_URL: url})
            if not is_supported_url(url):
                errors[CONF_URL] = "invalid_url"
            else:
                try:
                    feed = await self._async_load(url)
                except _FormError as err:
                    errors["base"] = str(err)
                else:
                    title = feed.name or urlsplit(url).hostname or url
                    return self.async_create_entry(title=title, data={CONF_URL: url})
        return self.async_show_form(
            step_id="user",
            data_schema=self.add_suggested_values_to_schema(
                STEP_USER_SCHEMA, user_input
            ),
            errors=errors,
        )

    async def _async_load(self, url: str) -> Feed:
        """Fetch and parse the feed, or raise _FormError with the form's error key."""
        try:
            return await async_load_feed(self.hass, url)
        except FetchTimeout as err:
            raise _FormError("timeout") from err
        except FeedTooLarge as err:
            raise _FormError("too_large") from err
        except FetchError as err:
            _LOGGER.debug("Fetching the feed failed: %s", err)
            raise _FormError("cannot_connect") from err
        except FeedError as err:
            _LOGGER.debug("The response is not a usable feed: %s", err)
            raise _FormError(err.kind) from err


class _FormError(Exception):
    """A form error key for the user step."""
