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
from homeassistant.const import CONF_PASSWORD, CONF_URL, CONF_USERNAME, CONF_VERIFY_SSL
from homeassistant.core import HomeAssistant, callback
from homeassistant.data_entry_flow import section
from homeassistant.helpers.selector import (
    BooleanSelector,
    NumberSelector,
    NumberSelectorConfig,
    NumberSelectorMode,
    SelectSelector,
    SelectSelectorConfig,
    TextSelector,
    TextSelectorConfig,
    TextSelectorType,
)
import probatio

from .client import (
    CertificateError,
    FeedTooLarge,
    FetchError,
    FetchTimeout,
    HTTPStatusError,
    UnknownHost,
    is_supported_url,
    normalize_url,
)
from .const import (
    CONF_ADVANCED,
    CONF_CATEGORIES,
    CONF_EXCLUDE,
    CONF_HISTORY_DAYS,
    DEFAULT_HISTORY_DAYS,
    DOMAIN,
)
from .coordinator import SeminarCalendarConfigEntry, async_load_feed
from .filters import FilterError, SeminarFilter
from .model import Feed, FeedError

_LOGGER = logging.getLogger(__name__)

CREDENTIALS_SCHEMA = probatio.Schema(
    {
        probatio.Required(CONF_USERNAME): TextSelector(
            TextSelectorConfig(autocomplete="username")
        ),
        probatio.Required(CONF_PASSWORD): TextSelector(
            TextSelectorConfig(
                type=TextSelectorType.PASSWORD, autocomplete="current-password"
            )
        ),
    }
)
FEED_SCHEMA = probatio.Schema(
    {
        probatio.Required(CONF_URL): TextSelector(
            TextSelectorConfig(type=TextSelectorType.URL)
        ),
        probatio.Optional(CONF_ADVANCED): section(
            probatio.Schema(
                {
                    probatio.Optional(CONF_VERIFY_SSL, default=True): BooleanSelector(),
                    probatio.Optional(CONF_USERNAME): TextSelector(
                        TextSelectorConfig(autocomplete="username")
                    ),
                    probatio.Optional(CONF_PASSWORD): TextSelector(
                        TextSelectorConfig(
                            type=TextSelectorType.PASSWORD,
                            autocomplete="current-password",
                        )
                    ),
                }
            ),
            {"collapsed": True},
        ),
    }
)


def options_schema(categories: list[str]) -> probatio.Schema:
    """Return the options form, offering the categories the feed uses."""
    return probatio.Schema(
        {
            probatio.Optional(CONF_CATEGORIES): SelectSelector(
                SelectSelectorConfig(
                    options=categories, multiple=True, custom_value=True
                )
            ),
            probatio.Optional(CONF_EXCLUDE): TextSelector(
                TextSelectorConfig(multiple=True)
            ),
            probatio.Required(CONF_HISTORY_DAYS): NumberSelector(
                NumberSelectorConfig(
                    min=0,
                    max=3650,
                    step=1,
                    mode=NumberSelectorMode.BOX,
                    unit_of_measurement="d",
                )
            ),
        }
    )


_STATUS_ERRORS = {
    401: "invalid_auth",
    403: "forbidden",
    404: "not_found",
    410: "not_found",
}


class FormError(Exception):
    """A form error key: str(error) is the key in translations/en.json."""


def entry_data(user_input: dict[str, Any]) -> dict[str, Any]:
    """Return the entry data for a form's input: the URL normalised, sections flattened."""
    advanced = user_input.get(CONF_ADVANCED, {})
    data: dict[str, Any] = {
        CONF_URL: normalize_url(user_input[CONF_URL]),
        CONF_VERIFY_SSL: advanced.get(CONF_VERIFY_SSL, True),
    }
    if advanced.get(CONF_USERNAME):
        data[CONF_USERNAME] = advanced[CONF_USERNAME]
        data[CONF_PASSWORD] = advanced.get(CONF_PASSWORD, "")
    return data


def form_input(data: dict[str, Any]) -> dict[str, Any]:
    """Return an entry's data as form input, to pre-fill a form (no password)."""
    advanced = {CONF_VERIFY_SSL: data.get(CONF_VERIFY_SSL, True)}
    if data.get(CONF_USERNAME):
        advanced[CONF_USERNAME] = data[CONF_USERNAME]
    return {CONF_URL: data[CONF_URL], CONF_ADVANCED: advanced}


async def async_validate_feed(hass: HomeAssistant, data: dict[str, Any]) -> Feed:
    """Fetch and parse the feed the data names, or raise FormError."""
    if not is_supported_url(data[CONF_URL]):
        raise FormError("invalid_url")
    try:
        return await async_load_feed(hass, data)
    except FetchTimeout as err:
        raise FormError("timeout") from err
    except CertificateError as err:
        raise FormError("ssl_error") from err
    except FeedTooLarge as err:
        raise FormError("too_large") from err
    except UnknownHost as err:
        raise FormError("unknown_host") from err
    except HTTPStatusError as err:
        _LOGGER.debug("The feed's server answered HTTP %s", err.status)
        raise FormError(_STATUS_ERRORS.get(err.status, "cannot_connect")) from err
    except FetchError as err:
        _LOGGER.debug("Fetching the feed failed: %s", err)
        raise FormError("cannot_connect") from err
    except FeedError as err:
        _LOGGER.debug("The response is not a usable feed: %s", err)
        raise FormError(err.kind) from err


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
        if user_input is not None:
            data = entry_data(user_input)
            self._async_abort_entries_match({CONF_URL: data[CONF_URL]})
            try:
                feed = await async_validate_feed(self.hass, data)
            except FormError as err:
                errors[_field(err)] = str(err)
            else:
                title = (
                    feed.name or urlsplit(data[CONF_URL]).hostname or "Seminar Calendar"
                )
                return self.async_create_entry(title=title, data=data)
        return self.async_show_form(
            step_id="user",
            data_schema=self.add_suggested_values_to_schema(FEED_SCHEMA, user_input),
            errors=errors,
        )

    async def async_step_reconfigure(
        self, user_input: dict[str, Any] | None = None
    ) -> ConfigFlowResult:
        """Change the feed's URL or connection settings, validating them again."""
        entry = self._get_reconfigure_entry()
        errors: dict[str, str] = {}
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
                errors[_field(err)] = str(err)
            else:
                return self.async_update_reload_and_abort(entry, data=data)
        return self.async_show_form(
            step_id="reconfigure",
            data_schema=self.add_suggested_values_to_schema(
                FEED_SCHEMA, user_input or form_input(dict(entry.data))
            ),
            errors=errors,
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
        if user_input is not None:
            data = {**entry.data, **user_input}
            try:
                await async_validate_feed(self.hass, data)
            except FormError as err:
                errors["base"] = str(err)
            else:
                return self.async_update_reload_and_abort(entry, data=data)
        return self.async_show_form(
            step_id="reauth_confirm",
            data_schema=self.add_suggested_values_to_schema(
                CREDENTIALS_SCHEMA, {CONF_USERNAME: entry.data.get(CONF_USERNAME)}
            ),
            errors=errors,
            description_placeholders={"title": entry.title},
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
        options.setdefault(CONF_HISTORY_DAYS, DEFAULT_HISTORY_DAYS)
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


def _field(err: FormError) -> str:
    """Return the form field an error belongs to."""
    return CONF_URL if str(err) == "invalid_url" else "base"
