"""Tests for the Seminar Calendar calendar entity."""

import dataclasses
import datetime as dt
from zoneinfo import ZoneInfo

from freezegun.api import FrozenDateTimeFactory
from homeassistant.components.calendar import CalendarEvent
from homeassistant.core import HomeAssistant
from homeassistant.helpers import device_registry as dr, entity_registry as er
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.seminar_calendar.calendar import calendar_event
from custom_components.seminar_calendar.engine import (
    ENGLISH,
    EventWindow,
    FeedParser,
    card_texts,
)

from .conftest import (
    CMSA_SEMINAR,
    async_set_up,
    calendar_events,
    fixture_bytes,
)

NEW_YORK = ZoneInfo("America/New_York")
SEMINAR_START = dt.datetime(2025, 5, 16, 12, 0, tzinfo=NEW_YORK)
SEMINAR_END = dt.datetime(2025, 5, 16, 13, 0, tzinfo=NEW_YORK)


@pytest.fixture
async def entry(
    hass: HomeAssistant,
    mock_config_entry: MockConfigEntry,
    freezer: FrozenDateTimeFactory,
) -> MockConfigEntry:
    """Set up the CMSA sample a week before its seminar."""
    freezer.move_to(SEMINAR_START - dt.timedelta(days=7))
    return await async_set_up(hass, mock_config_entry)


@pytest.mark.parametrize("time_zone", ["America/New_York", "Europe/Berlin"])
async def test_get_events_returns_seminar_at_the_right_instant(
    hass: HomeAssistant,
    time_zone: str,
    mock_config_entry: MockConfigEntry,
    freezer: FrozenDateTimeFactory,
) -> None:
    await hass.config.async_set_time_zone(time_zone)
    freezer.move_to(SEMINAR_START - dt.timedelta(days=7))
    await async_set_up(hass, mock_config_entry)

    events = await calendar_events(
        hass, SEMINAR_START - dt.timedelta(days=1), SEMINAR_START + dt.timedelta(days=1)
    )
    assert len(events) == 1
    event = events[0]
    assert event["summary"] == CMSA_SEMINAR
    assert dt.datetime.fromisoformat(event["start"]) == SEMINAR_START
    assert dt.datetime.fromisoformat(event["end"]) == SEMINAR_END
    assert (
        dt.datetime.fromisoformat(event["start"]).utcoffset()
        == SEMINAR_START.astimezone(ZoneInfo(time_zone)).utcoffset()
    )
    assert event["location"].startswith("CMSA Room G10, CMSA, 20 Garden Street")
    description = event["description"]
    assert description.startswith(
        "Speaker: Samy Jelassi (CMSA)\n\nReinforcement Learning"
    )
    assert description.endswith(
        "https://arxiv.org/abs/2504.07912\n\nCategories: Member Seminar\n\n"
        "https://cmsa.fas.harvard.edu/event/member-seminar-51625/"
    )


@pytest.mark.usefixtures("entry")
async def test_window_without_seminars_is_empty(hass: HomeAssistant) -> None:
    assert (
        await calendar_events(hass, SEMINAR_END, SEMINAR_END + dt.timedelta(days=30))
        == []
    )
    assert (
        await calendar_events(
            hass, SEMINAR_START - dt.timedelta(days=30), SEMINAR_START
        )
        == []
    )
    inside = await calendar_events(
        hass, SEMINAR_START + dt.timedelta(minutes=30), SEMINAR_END
    )
    assert [event["summary"] for event in inside] == [CMSA_SEMINAR]


async def test_state_follows_the_seminar(
    hass: HomeAssistant, entry: MockConfigEntry, freezer: FrozenDateTimeFactory
) -> None:
    state = hass.states.get("calendar.cmsa")
    assert state is not None
    assert state.state == "off"
    assert state.attributes["message"] == CMSA_SEMINAR
    assert state.attributes["start_time"] == "2025-05-16 09:00:00"  # US/Pacific

    freezer.move_to(SEMINAR_START + dt.timedelta(minutes=10))
    await entry.runtime_data.async_refresh()
    await hass.async_block_till_done()
    state = hass.states.get("calendar.cmsa")
    assert state is not None
    assert state.state == "on"

    freezer.move_to(SEMINAR_END + dt.timedelta(minutes=10))
    await entry.runtime_data.async_refresh()
    await hass.async_block_till_done()
    state = hass.states.get("calendar.cmsa")
    assert state is not None
    assert state.state == "off"
    assert "message" not in state.attributes


async def test_entity_sits_on_a_service_device(
    hass: HomeAssistant,
    entry: MockConfigEntry,
    device_registry: dr.DeviceRegistry,
    entity_registry: er.EntityRegistry,
) -> None:
    entity = entity_registry.async_get("calendar.cmsa")
    assert entity is not None
    assert entity.unique_id == f"{entry.entry_id}_calendar"
    device = device_registry.async_get(entity.device_id or "")
    assert device is not None
    assert device.name == "CMSA"
    assert device.entry_type is dr.DeviceEntryType.SERVICE
    assert device.configuration_url == "https://cmsa.fas.harvard.edu"


@pytest.mark.parametrize(
    "fixture",
    ["cmsa-events-sample.ics", "recurrences.ics", "timezones.ics", "floating.ics"],
)
async def test_events_built_without_validation_are_what_validation_would_build(
    hass: HomeAssistant, fixture: str
) -> None:
    await hass.config.async_set_time_zone("Europe/Berlin")
    now = dt.datetime(2025, 5, 1, tzinfo=dt.UTC)
    berlin = ZoneInfo("Europe/Berlin")
    feed = FeedParser(berlin, shown_in=berlin, card_labels=ENGLISH).parse(
        fixture_bytes(fixture), now
    )
    occurrences = EventWindow(feed.records)
    events = list(
        map(calendar_event, occurrences, card_texts(occurrences), strict=True)
    )
    assert events
    for event in events:
        fields = {
            field.name: getattr(event, field.name)
            for field in dataclasses.fields(event)
        }
        assert CalendarEvent(**fields) == event
        assert event.as_dict()["start"] == CalendarEvent(**fields).as_dict()["start"]
