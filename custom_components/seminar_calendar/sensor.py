"""Sensors of a Seminar Calendar entry: the next seminar, and when the feed was fetched."""

from collections.abc import Callable
from dataclasses import dataclass
import datetime as dt
from typing import Any, Final, override

from homeassistant.components.sensor import (
    SensorDeviceClass,
    SensorEntity,
    SensorEntityDescription,
)
from homeassistant.const import EntityCategory
from homeassistant.core import HomeAssistant, callback
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback

from .coordinator import SeminarCalendarConfigEntry, SeminarCalendarCoordinator
from .engine import SeminarEvent
from .entity import (
    MAX_CATEGORIES,
    MAX_LONG_TEXT,
    NextSeminarEntity,
    SeminarCalendarEntity,
    capped,
    url_or_none,
)

# Entities read the coordinator's data; they never poll themselves.
PARALLEL_UPDATES = 0


@dataclass(frozen=True, kw_only=True)
class NextSeminarDescription(SensorEntityDescription):
    """A sensor showing one thing about the next seminar."""

    value_fn: Callable[[SeminarEvent, dt.tzinfo], str | dt.datetime | None]
    # The sensor that carries the seminar's details and poster (the "Next seminar").
    has_details: bool = False


NEXT_SEMINAR_SENSORS: Final = (
    NextSeminarDescription(
        key="next_seminar",
        translation_key="next_seminar",
        has_details=True,
        value_fn=lambda event, _: event.summary,
    ),
    NextSeminarDescription(
        key="next_seminar_start",
        translation_key="next_seminar_start",
        device_class=SensorDeviceClass.TIMESTAMP,
        # All-day seminars start at midnight: a timestamp still drives time triggers.
        value_fn=lambda event, tz: event.start_at(tz),
    ),
    NextSeminarDescription(
        key="next_speaker",
        translation_key="next_speaker",
        value_fn=lambda event, _: event.speaker,
    ),
    NextSeminarDescription(
        key="next_seminar_location",
        translation_key="next_seminar_location",
        value_fn=lambda event, _: event.location,
    ),
)


async def async_setup_entry(
    hass: HomeAssistant,
    entry: SeminarCalendarConfigEntry,
    async_add_entities: AddConfigEntryEntitiesCallback,
) -> None:
    """Set up the sensors of an entry."""
    coordinator = entry.runtime_data
    async_add_entities(
        [
            *(
                NextSeminarSensor(coordinator, description)
                for description in NEXT_SEMINAR_SENSORS
            ),
            LastRefreshedSensor(coordinator, "last_refreshed"),
        ]
    )


class NextSeminarSensor(NextSeminarEntity, SensorEntity):
    """One thing about the next seminar that has not started yet."""

    entity_description: NextSeminarDescription
    _unrecorded_attributes = frozenset({"abstract", "description"})

    def __init__(
        self,
        coordinator: SeminarCalendarCoordinator,
        description: NextSeminarDescription,
    ) -> None:
        """Initialize the sensor."""
        super().__init__(coordinator, description.key)
        self.entity_description = description

    @property
    @override
    def native_value(self) -> str | dt.datetime | None:
        """Return the value, or None (unknown) when no seminar is ahead."""
        event = self._next
        if event is None:
            return None
        value = self.entity_description.value_fn(
            event, self.coordinator.data.visible.tz
        )
        return capped(value) if isinstance(value, str) else value

    @property
    @override
    def entity_picture(self) -> str | None:
        """Return the seminar's poster, when the feed has one."""
        if not self.entity_description.has_details or (event := self._next) is None:
            return None
        return url_or_none(event.image)

    @property
    @override
    def extra_state_attributes(self) -> dict[str, Any] | None:
        """Return the details of the next seminar (on the "Next seminar" sensor)."""
        if not self.entity_description.has_details or (event := self._next) is None:
            return None
        tz = self.coordinator.data.visible.tz
        description, abstract = event.long_texts()
        return {
            "start": event.start_at(tz),
            "end": event.end_at(tz),
            "all_day": event.all_day,
            "location": capped(event.location),
            "url": url_or_none(event.url),
            "categories": [
                capped(category) for category in event.categories[:MAX_CATEGORIES]
            ],
            "image": url_or_none(event.image),
            "speaker": capped(event.speaker),
            "affiliation": capped(event.affiliation),
            "talk_title": capped(event.talk_title),
            "abstract": capped(abstract, MAX_LONG_TEXT),
            "description": capped(description, MAX_LONG_TEXT),
        }


class LastRefreshedSensor(SeminarCalendarEntity, SensorEntity):
    """When the feed was last fetched successfully, changed or not."""

    _attr_translation_key = "last_refreshed"
    _attr_device_class = SensorDeviceClass.TIMESTAMP
    _attr_entity_category = EntityCategory.DIAGNOSTIC
    # It changes at every fetch: off by default, to keep the recorder small.
    _attr_entity_registry_enabled_default = False

    @property
    @override
    def native_value(self) -> dt.datetime | None:
        """Return the time of the last successful fetch."""
        return self.coordinator.state.last_success

    @callback
    @override
    def _async_refreshed(self) -> None:
        """Show every successful fetch, also those that changed nothing."""
        self.async_write_ha_state()
