"""The next seminar's poster as an image entity, for a dashboard picture card."""

import datetime as dt
from typing import override

from homeassistant.components.image import ImageEntity
from homeassistant.core import HomeAssistant, callback
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback
from homeassistant.util import dt as dt_util

from .coordinator import SeminarCalendarConfigEntry, SeminarCalendarCoordinator
from .entity import NextSeminarEntity, url_or_none

# Entities read the coordinator's data; they never poll themselves.
PARALLEL_UPDATES = 0


async def async_setup_entry(
    hass: HomeAssistant,
    entry: SeminarCalendarConfigEntry,
    async_add_entities: AddConfigEntryEntitiesCallback,
) -> None:
    """Set up the next seminar's poster of an entry."""
    async_add_entities([NextSeminarPoster(hass, entry.runtime_data)])


class NextSeminarPoster(NextSeminarEntity, ImageEntity):
    """The poster (ATTACH or IMAGE) of the next seminar that has not started yet."""

    _attr_translation_key = "next_seminar_poster"

    def __init__(
        self, hass: HomeAssistant, coordinator: SeminarCalendarCoordinator
    ) -> None:
        """Initialize the entity; Home Assistant fetches the image when it is shown."""
        NextSeminarEntity.__init__(self, coordinator, "next_seminar_poster")
        ImageEntity.__init__(self, hass)
        self._attr_image_url = None
        self._follow_next()

    @callback
    def _follow_next(self) -> None:
        """Show the next seminar's poster; none when it has none."""
        event = self._next
        url = url_or_none(event.image) if event else None
        if url != self._attr_image_url:
            self._attr_image_url = url
            self._cached_image = None
            self._attr_image_last_updated = dt_util.utcnow() if url else None

    @callback
    @override
    def _handle_coordinator_update(self) -> None:
        self._follow_next()
        super()._handle_coordinator_update()

    @callback
    @override
    def _async_changed(self, moment: dt.datetime) -> None:
        self._follow_next()
        super()._async_changed(moment)
