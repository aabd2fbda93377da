"""The seminar_calendar.get_seminars action: every seminar field, for automations."""

import datetime as dt
from itertools import islice
from typing import Any, Final

from homeassistant.components.calendar.const import DOMAIN as CALENDAR_DOMAIN
from homeassistant.config_entries import ConfigEntryState
from homeassistant.core import (
    HomeAssistant,
    ServiceCall,
    ServiceResponse,
    SupportsResponse,
    callback,
)
from homeassistant.exceptions import ServiceValidationError
from homeassistant.helpers import config_validation as cv, entity_registry as er
from homeassistant.helpers.service import async_extract_entity_ids
from homeassistant.util import dt as dt_util
import probatio

from .const import DOMAIN
from .coordinator import SeminarCalendarCoordinator
from .engine import SeminarSearch
from .seminar_data import seminar_data

SERVICE_GET_SEMINARS: Final = "get_seminars"
ATTR_START: Final = "start_date_time"
ATTR_END: Final = "end_date_time"
ATTR_DURATION: Final = "duration"
ATTR_COUNT: Final = "count"
ATTR_QUERY: Final = "query"
ATTR_SPEAKER: Final = "speaker"
DEFAULT_DURATION: Final = dt.timedelta(days=7)

GET_SEMINARS_SCHEMA: Final = probatio.All(
    cv.make_entity_service_schema(
        {
            probatio.Optional(ATTR_START): cv.datetime,
            probatio.Exclusive(ATTR_END, "end"): cv.datetime,
            probatio.Exclusive(ATTR_DURATION, "end"): cv.positive_time_period,
            probatio.Optional(ATTR_COUNT): probatio.All(
                probatio.Coerce(int), probatio.Range(min=1)
            ),
            probatio.Optional(ATTR_QUERY): cv.string,
            probatio.Optional(ATTR_SPEAKER): cv.string,
        }
    ),
)


@callback
def async_setup_services(hass: HomeAssistant) -> None:
    """Register the integration's actions."""
    hass.services.async_register(
        DOMAIN,
        SERVICE_GET_SEMINARS,
        _async_get_seminars,
        schema=GET_SEMINARS_SCHEMA,
        supports_response=SupportsResponse.ONLY,
    )


def _window(call: ServiceCall) -> tuple[dt.datetime, dt.datetime]:
    """Return the window the call asks for (local times when no zone is given)."""
    start = dt_util.as_local(call.data.get(ATTR_START) or dt_util.now())
    if ATTR_END in call.data:
        end = dt_util.as_local(call.data[ATTR_END])
    else:
        end = start + call.data.get(ATTR_DURATION, DEFAULT_DURATION)
    if end <= start:
        raise ServiceValidationError(
            translation_domain=DOMAIN,
            translation_key="window_ends_before_start",
            translation_placeholders={
                "start": start.isoformat(),
                "end": end.isoformat(),
            },
        )
    return start, end


def seminar_coordinator(
    hass: HomeAssistant, entity_id: str
) -> SeminarCalendarCoordinator:
    """Return the coordinator behind a Seminar Calendar calendar, or raise."""
    entry = er.async_get(hass).async_get(entity_id)
    if (
        entry is not None
        and entry.platform == DOMAIN
        and entry.domain == CALENDAR_DOMAIN
        and entry.config_entry_id is not None
        and (config_entry := hass.config_entries.async_get_entry(entry.config_entry_id))
        and config_entry.state is ConfigEntryState.LOADED
    ):
        coordinator: SeminarCalendarCoordinator = config_entry.runtime_data
        return coordinator
    raise ServiceValidationError(
        translation_domain=DOMAIN,
        translation_key="not_a_seminar_calendar",
        translation_placeholders={"entity_id": entity_id},
    )


async def _async_get_seminars(call: ServiceCall) -> ServiceResponse:
    """Return the seminars of each targeted calendar in the window that match."""
    start, end = _window(call)
    count: int | None = call.data.get(ATTR_COUNT)
    search = SeminarSearch.of(call.data.get(ATTR_QUERY), call.data.get(ATTR_SPEAKER))
    response: dict[str, Any] = {}
    for entity_id in sorted(await async_extract_entity_ids(call)):
        window = seminar_coordinator(call.hass, entity_id).data.visible.between(
            start, end
        )
        found = islice(search.filter(window), count)
        response[entity_id] = {"seminars": [seminar_data(event) for event in found]}
    return response
