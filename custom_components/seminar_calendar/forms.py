"""The forms of the config, reconfigure, reauth and options flows, and their data."""

from typing import Any

from homeassistant.const import CONF_PASSWORD, CONF_URL, CONF_USERNAME, CONF_VERIFY_SSL
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

from .const import (
    CONF_ADVANCED,
    CONF_CATEGORIES,
    CONF_EXCLUDE,
    CONF_HISTORY_DAYS,
    CONF_LOOK_AHEAD,
    CONF_USER_AGENT,
)
from .engine import normalize_url

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
                    probatio.Optional(CONF_USER_AGENT): TextSelector(),
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
            probatio.Required(CONF_LOOK_AHEAD): NumberSelector(
                NumberSelectorConfig(min=0, max=12, step=1, mode=NumberSelectorMode.BOX)
            ),
        }
    )


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
    if agent := advanced.get(CONF_USER_AGENT, "").strip():
        data[CONF_USER_AGENT] = agent
    return data


def form_input(data: dict[str, Any]) -> dict[str, Any]:
    """Return an entry's data as form input, to pre-fill a form (no password)."""
    advanced = {CONF_VERIFY_SSL: data.get(CONF_VERIFY_SSL, True)}
    if data.get(CONF_USER_AGENT):
        advanced[CONF_USER_AGENT] = data[CONF_USER_AGENT]
    if data.get(CONF_USERNAME):
        advanced[CONF_USERNAME] = data[CONF_USERNAME]
    return {CONF_URL: data[CONF_URL], CONF_ADVANCED: advanced}
