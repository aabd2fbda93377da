"""Config, reconfigure and options flows for Seminar Calendar."""

from collections.abc import Mapping
from typing import Any, override
from urllib.parse import urlsplit

from homeassistant.config_entries import (
    SOURCE_RECONFIGURE,
    ConfigFlow,
    ConfigFlowResult,
    OptionsFlowWithReload,
)
from homeassistant.const import CONF_URL, CONF_USERNAME
from homeassistant.core import callback
from homeassistant.helpers.selector import (
    SelectOptionDict,
    SelectSelector,
    SelectSelectorConfig,
    SelectSelectorMode,
)
import probatio

from .const import (
    CONF_CATEGORIES,
    CONF_EXCLUDE,
    CONF_HISTORY_DAYS,
    CONF_LOOK_AHEAD,
    DEFAULT_LOOK_AHEAD,
    DOMAIN,
)
from .coordinator import SeminarCalendarConfigEntry
from .engine import DEFAULT_HISTORY, FilterError, SeminarFilter
from .forms import (
    CREDENTIALS_SCHEMA,
    FEED_SCHEMA,
    entry_data,
    form_input,
    options_schema,
)
from .validation import (
    FormError,
    FoundFeed,
    async_find_feeds,
    async_validate_feed,
)

CONF_FEED = "feed"


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

    _found: list[FoundFeed]

    @override
    async def async_step_user(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """Ask for the feed (or events page) address; fetch and read it first."""
        errors: dict[str, str] = {}
        placeholders: dict[str, str] = {}
        if user_input is not None:
            data = entry_data(user_input)
            self._async_abort_entries_match({CONF_URL: data[CONF_URL]})
            try:
                self._found = await async_find_feeds(self.hass, data)
            except FormError as err:
                errors, placeholders = err.show()
            else:
                return await self._async_found()
        return self.async_show_form(
            step_id="user",
            data_schema=self.add_suggested_values_to_schema(FEED_SCHEMA, user_input),
            errors=errors,
            description_placeholders=placeholders,
        )

    async def async_step_reconfigure(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """Change the feed's address or connection settings, checking them again."""
        entry = self._get_reconfigure_entry()
        errors: dict[str, str] = {}
        placeholders: dict[str, str] = {}
        if user_input is not None:
            data = entry_data(user_input)
            if self._used_by_another_entry(data[CONF_URL]):
                return self.async_abort(reason="already_configured")
            try:
                self._found = await async_find_feeds(self.hass, data)
            except FormError as err:
                errors, placeholders = err.show()
            else:
                return await self._async_found()
        return self.async_show_form(
            step_id="reconfigure",
            data_schema=self.add_suggested_values_to_schema(
                FEED_SCHEMA, user_input or form_input(dict(entry.data))
            ),
            errors=errors,
            description_placeholders=placeholders,
        )

    async def _async_found(self) -> ConfigFlowResult:
        """Continue with the one feed found, or let the user choose among several."""
        if len(self._found) == 1:
            return self._async_finish(self._found[0])
        return await self.async_step_choose_feed()

    async def async_step_choose_feed(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """Choose one of the feeds an events page offers."""
        if user_input is not None:
            return self._async_finish(
                next(
                    found
                    for found in self._found
                    if found.data[CONF_URL] == user_input[CONF_FEED]
                )
            )
        options = [
            SelectOptionDict(value=found.data[CONF_URL], label=found.label)
            for found in self._found
        ]
        return self.async_show_form(
            step_id="choose_feed",
            data_schema=probatio.Schema(
                {
                    probatio.Required(CONF_FEED): SelectSelector(
                        SelectSelectorConfig(
                            options=options, mode=SelectSelectorMode.LIST
                        )
                    )
                }
            ),
        )

    @callback
    def _async_finish(self, found: FoundFeed) -> ConfigFlowResult:
        """Create the entry (named after the feed), or update the reconfigured one."""
        url = found.data[CONF_URL]
        if self.source != SOURCE_RECONFIGURE:
            self._async_abort_entries_match({CONF_URL: url})
            title = found.feed.name or urlsplit(url).hostname or "Seminar Calendar"
            return self.async_create_entry(title=title, data=found.data)
        if self._used_by_another_entry(url):
            return self.async_abort(reason="already_configured")
        return self.async_update_reload_and_abort(
            self._get_reconfigure_entry(), data=found.data
        )

    def _used_by_another_entry(self, url: str) -> bool:
        """Return True when another entry than the reconfigured one has this feed."""
        entry = self._get_reconfigure_entry()
        return any(
            other.data[CONF_URL] == url
            for other in self._async_current_entries(include_ignore=False)
            if other.entry_id != entry.entry_id
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
                CONF_LOOK_AHEAD: int(user_input[CONF_LOOK_AHEAD]),
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
        options.setdefault(CONF_LOOK_AHEAD, DEFAULT_LOOK_AHEAD)
        categories = sorted(
            {
                *self.config_entry.runtime_data.data.feed.categories,
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
