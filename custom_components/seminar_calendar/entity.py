"""Base entity for Seminar Calendar."""

import datetime as dt
from typing import Final, override

from homeassistant.core import CALLBACK_TYPE, callback
from homeassistant.helpers.device_registry import DeviceEntryType, DeviceInfo
from homeassistant.helpers.dispatcher import async_dispatcher_connect
from homeassistant.helpers.event import async_track_point_in_utc_time
from homeassistant.helpers.update_coordinator import CoordinatorEntity
from homeassistant.util import dt as dt_util

from .const import DOMAIN, STALE_AFTER
from .coordinator import SeminarCalendarCoordinator
from .engine import SeminarEvent

# Home Assistant's limit for a state; short feed texts in attributes are held to it too.
MAX_STATE_LENGTH: Final = 255
# Descriptions and abstracts in attributes, which the recorder stores at every change:
# cards and calendar.get_events read them whole.
MAX_LONG_TEXT: Final = 1024
MAX_URL_LENGTH: Final = 2048
MAX_CATEGORIES: Final = 20


def capped(text: str | None, limit: int = MAX_STATE_LENGTH) -> str | None:
    """Return text cut to limit characters, ending in an ellipsis when cut."""
    if text is None or len(text) <= limit:
        return text
    return text[: limit - 1] + "…"


def url_or_none(url: str | None) -> str | None:
    """Return the URL, or None when it is too long to be one (a cut URL is wrong)."""
    return url if url is None or len(url) <= MAX_URL_LENGTH else None


class SeminarCalendarEntity(CoordinatorEntity[SeminarCalendarCoordinator]):
    """An entity on the entry's service device, named after the feed."""

    _attr_has_entity_name = True
    _unsub_timer: CALLBACK_TYPE | None = None

    def __init__(self, coordinator: SeminarCalendarCoordinator, key: str) -> None:
        """Initialize the entity with a unique ID derived from the entry."""
        super().__init__(coordinator)
        entry = coordinator.config_entry
        self._attr_unique_id = f"{entry.entry_id}_{key}"
        self._attr_device_info = DeviceInfo(
            identifiers={(DOMAIN, entry.entry_id)},
            entry_type=DeviceEntryType.SERVICE,
            name=entry.title,
            manufacturer="Seminar Calendar",
            configuration_url=coordinator.data.feed.source_url,
        )

    @property
    @override
    def available(self) -> bool:
        """Stay available on the last good data until it is a week old.

        Seminar schedules change rarely: a site that is down for a day should not
        blank a dashboard or stop automations.
        """
        last_success = self.coordinator.state.last_success
        return last_success is not None and dt_util.now() - last_success < STALE_AFTER

    def _next_change(self) -> dt.datetime | None:
        """Return when the state changes by itself (a seminar starts or ends), if ever."""
        return None

    @override
    async def async_added_to_hass(self) -> None:
        """Hear about every fetch, and follow seminar starts and ends on a timer."""
        await super().async_added_to_hass()
        self.async_on_remove(
            async_dispatcher_connect(
                self.hass, self.coordinator.refreshed_signal, self._async_refreshed
            )
        )
        self.async_on_remove(self._cancel_timer)
        self._schedule_change()

    @callback
    @override
    def _handle_coordinator_update(self) -> None:
        """Write the state and follow the new data's starts and ends."""
        self._schedule_change()
        super()._handle_coordinator_update()

    @callback
    def _schedule_change(self) -> None:
        self._cancel_timer()
        if (moment := self._next_change()) is not None:
            self._unsub_timer = async_track_point_in_utc_time(
                self.hass, self._async_changed, moment
            )

    @callback
    def _async_changed(self, _: dt.datetime) -> None:
        self._unsub_timer = None
        self.async_write_ha_state()
        self._schedule_change()

    @callback
    def _cancel_timer(self) -> None:
        if self._unsub_timer is not None:
            self._unsub_timer()
            self._unsub_timer = None

    @callback
    def _async_refreshed(self) -> None:
        """Write the state once the data has gone stale; nothing otherwise."""
        if not self.available:
            self.async_write_ha_state()


class NextSeminarEntity(SeminarCalendarEntity):
    """An entity about the next seminar that has not started yet.

    It rolls over when that seminar starts, on a timer, so that a time trigger with
    a negative offset always sees the coming seminar, back-to-back talks included.
    """

    @property
    def _next(self) -> SeminarEvent | None:
        return self.coordinator.data.visible.next_starting(dt_util.now())

    @override
    def _next_change(self) -> dt.datetime | None:
        """Return when the next seminar starts: then the one after it is next."""
        if (event := self._next) is None:
            return None
        return event.start_at(self.coordinator.data.visible.tz)
