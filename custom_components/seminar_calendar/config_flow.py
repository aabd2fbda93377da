"""Config, reconfigure and options flows for Seminar Calendar."""

from collections.abc import Mapping
import logging
from typing import Any, override
from urllib.parse import urlsplit

from homeassistant.config_entries import (
    ConfigFlow,
    ConfigFlowResult,
    OptionsFlowWithReload,
)
from homeassistant.const import CONF_URL, CONF_USERNAME
from homeassistant.core import HomeAssistant, callback

from .const import (
    CONF_CATEGORIES,
    CONF_EXCLUDE,
    CONF_HISTORY_DAYS,
    DOMAIN,
)
from .coordinator import SeminarCalendarConfigEntry
from .engine import (
    DEFAULT_HISTORY,
    Feed,
    FeedError,
    FetchError,
    FilterError,
    SeminarFilter,
    is_supported_url,
)
from .failures import Failure, failure_of
from .fetching import async_load_feed
from .forms import (
    CREDENTIALS_SCHEMA,
    FEED_SCHEMA,
    entry_data,
    form_input,
    options_schema,
)

_LOGGER = logging.getLogger(__name__)


class FormError(Exception):
    """A form error: a translation key in config.error, the field and placeholders."""

    def __init__(self, failure: Failure, field: str = "base") -> None:
        """Record the failure and the field it belongs to."""
        super().__init__(failure.key)
        self.failure = failure
        self.field = field

    def show(self) -> tuple[dict[str, str], dict[str, str]]:
        """Return the form's errors and description placeholders."""
        return {self.field: self.failure.key}, self.failure.placeholders


async def async_validate_feed(hass: HomeAssistant, data: dict[str, Any]) -> Feed:
    """Fetch and parse the feed the data names, or raise FormError."""
    if not is_supported_url(data[CONF_URL]):
        raise FormError(Failure("invalid_url", {}), CONF_URL)
    try:
        return await async_load_feed(hass, data)
    except (FetchError, FeedError) as err:
        _LOGGER.debug("The feed could not be used: %s", err)
        raise FormError(failure_of(err)) from err


class SeminarCalendarConfigFlow(ConfigFlow, domain=DOMAIN):
    """Set up a seminar feed from its URL."""

    VERSION = 1

    @staticmethod
    @callback
    @override
    def async_get_options_flow(
        config_entry: SeminarCalendarConfigEntry,
    ) -> SeminarCalendarOptionsFlow:
        """Return the options flow."""
        return SeminarCalendarOptionsFlow()

    @override
    async def async_step_user(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """Ask for the feed URL, then fetch and parse it before creating the entry."""
        errors: dict[str, str] = {}
        placeholders: dict[str, str] = {}
        if user_input is not None:
            data = entry_data(user_input)
            self._async_abort_entries_match({CONF_URL: data[CONF_URL]})
            try:
                feed = await async_validate_feed(self.hass, data)
            except FormError as err:
                errors, placeholders = err.show()
            else:
                title = (
                    feed.name or urlsplit(data[CONF_URL]).hostname or "Seminar Calendar"
                )
                return self.async_create_entry(title=title, data=data)
        return self.async_show_form(
            step_id="user",
            data_schema=self.add_suggested_values_to_schema(FEED_SCHEMA, user_input),
            errors=errors,
            description_placeholders=placeholders,
        )

    async def async_step_reconfigure(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """Change the feed's URL or connection settings, validating them again."""
        entry = self._get_reconfigure_entry()
        errors: dict[str, str] = {}
        placeholders: dict[str, str] = {}
        if user_input is not None:
            data = entry_data(user_input)
            if any(
                other.data[CONF_URL] == data[CONF_URL]
                for other in self._async_current_entries(include_ignore=False)
                if other.entry_id != entry.entry_id
            ):
                return self.async_abort(reason="already_configured")
            try:
                await async_validate_feed(self.hass, data)
            except FormError as err:
                errors, placeholders = err.show()
            else:
                return self.async_update_reload_and_abort(entry, data=data)
        return self.async_show_form(
            step_id="reconfigure",
            data_schema=self.add_suggested_values_to_schema(
                FEED_SCHEMA, user_input or form_input(dict(entry.data))
            ),
            errors=errors,
            description_placeholders=placeholders,
        )

    async def async_step_reauth(
        self, entry_data: Mapping[str, Any]
    ) -> ConfigFlowResult:
        """Start asking for new credentials: the feed's site refused the old ones."""
        return await self.async_step_reauth_confirm()

    async def async_step_reauth_confirm(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """Ask for the username and password, and check them against the feed."""
        entry = self._get_reauth_entry()
        errors: dict[str, str] = {}
        placeholders: dict[str, str] = {}
        if user_input is not None:
            data = {**entry.data, **user_input}
            try:
                await async_validate_feed(self.hass, data)
            except FormError as err:
                errors, placeholders = err.show()
            else:
                return self.async_update_reload_and_abort(entry, data=data)
        return self.async_show_form(
            step_id="reauth_confirm",
            data_schema=self.add_suggested_values_to_schema(
                CREDENTIALS_SCHEMA, {CONF_USERNAME: entry.data.get(CONF_USERNAME)}
            ),
            errors=errors,
            description_placeholders={**placeholders, "title": entry.title},
        )


class SeminarCalendarOptionsFlow(OptionsFlowWithReload):
    """Choose which seminars count and how long past ones stay."""

    async def async_step_init(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """Show and save the options."""
        errors: dict[str, str] = {}
        placeholders: dict[str, str] = {}
        options = dict(self.config_entry.options)
        if user_input is not None:
            options = {
                CONF_CATEGORIES: list(user_input.get(CONF_CATEGORIES, [])),
                CONF_EXCLUDE: [
                    t.strip() for t in user_input.get(CONF_EXCLUDE, []) if t.strip()
                ],
                CONF_HISTORY_DAYS: int(user_input[CONF_HISTORY_DAYS]),
            }
            try:
                SeminarFilter.from_options(
                    options[CONF_CATEGORIES], options[CONF_EXCLUDE]
                )
            except FilterError as err:
                errors[CONF_EXCLUDE] = "invalid_regex"
                placeholders = {"error": str(err)}
            else:
                return self.async_create_entry(data=options)
        options.setdefault(CONF_HISTORY_DAYS, DEFAULT_HISTORY.days)
        categories = sorted(
            {
                *self.config_entry.runtime_data.data.categories,
                *options.get(CONF_CATEGORIES, []),
            }
        )
        return self.async_show_form(
            step_id="init",
            data_schema=self.add_suggested_values_to_schema(
                options_schema(categories), options
            ),
            errors=errors,
            description_placeholders=placeholders,
        )
