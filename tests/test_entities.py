"""Tests for the calendar entity, the next-seminar sensors and filters."""

import datetime as dt
from unittest.mock import patch

from freezegun.api import FrozenDateTimeFactory
from homeassistant.components.calendar import DOMAIN as CALENDAR_DOMAIN
from homeassistant.components.sensor import SensorDeviceClass
from homeassistant.const import (
    CONF_URL,
    STATE_OFF,
    STATE_ON,
    STATE_UNKNOWN,
    EntityCategory,
    Platform,
)
from homeassistant.core import HomeAssistant
from homeassistant.helpers import device_registry as dr, entity_registry as er
import pytest
from pytest_homeassistant_custom_component.common import (
    MockConfigEntry,
    snapshot_platform,
)
from syrupy.assertion import SnapshotAssertion

from custom_components.seminar_calendar.const import DOMAIN
from custom_components.seminar_calendar.engine import CardLabels, card_text
from custom_components.seminar_calendar.engine.model import SeminarEvent

from .conftest import (
    FeedServer,
    async_at,
    async_set_up,
    async_set_up_maths,
    vevent,
)

START = dt.datetime(2025, 5, 12, 8, tzinfo=dt.UTC)  # a Monday morning


@pytest.mark.usefixtures("entity_registry_enabled_by_default")
@pytest.mark.parametrize(
    "platform", [Platform.CALENDAR, Platform.EVENT, Platform.IMAGE, Platform.SENSOR]
)
async def test_entities(
    hass: HomeAssistant,
    feed_server: FeedServer,
    entity_registry: er.EntityRegistry,
    snapshot: SnapshotAssertion,
    platform: Platform,
) -> None:
    with (
        patch("custom_components.seminar_calendar.PLATFORMS", [platform]),
        # The image's access token, otherwise random.
        patch("homeassistant.components.image._RND.getrandbits", return_value=1),
    ):
        entry = await async_set_up_maths(hass, feed_server)
    await snapshot_platform(hass, entity_registry, snapshot, entry.entry_id)


def _state(hass: HomeAssistant, entity_id: str) -> str:
    state = hass.states.get(entity_id)
    assert state is not None
    return state.state


async def test_entities_roll_over_on_timers_without_refreshing(
    hass: HomeAssistant, feed_server: FeedServer, frozen: FrozenDateTimeFactory
) -> None:
    await async_set_up_maths(hass, feed_server)
    requests = len(feed_server.requests)

    assert _state(hass, "calendar.maths") == STATE_OFF
    assert _state(hass, "sensor.maths_next_seminar") == "Random graphs"
    assert (
        _state(hass, "sensor.maths_next_seminar_start") == "2025-05-12T10:00:00+00:00"
    )
    assert _state(hass, "sensor.maths_next_speaker") == "Ada Lovelace"
    assert _state(hass, "sensor.maths_next_seminar_location") == "Room 1"
    # Every attribute at set-up: test_entities' snapshots.

    # The first talk starts: the calendar is on; the sensors move to the next talk.
    await async_at(hass, frozen, dt.datetime(2025, 5, 12, 10, tzinfo=dt.UTC))
    assert _state(hass, "calendar.maths") == STATE_ON
    calendar = hass.states.get("calendar.maths")
    assert calendar is not None
    assert calendar.attributes["message"] == "Random graphs"
    assert _state(hass, "sensor.maths_next_seminar") == "Sheaves"
    assert _state(hass, "sensor.maths_next_seminar_location") == "Room 2"

    # Back to back: the second talk takes over at once.
    await async_at(hass, frozen, dt.datetime(2025, 5, 12, 11, tzinfo=dt.UTC))
    calendar = hass.states.get("calendar.maths")
    assert calendar is not None
    assert (calendar.state, calendar.attributes["message"]) == (STATE_ON, "Sheaves")
    # The all-day workshop is next, at midnight (US/Pacific here).
    assert _state(hass, "sensor.maths_next_seminar") == "Workshop day"
    assert (
        _state(hass, "sensor.maths_next_seminar_start") == "2025-05-13T07:00:00+00:00"
    )
    assert _state(hass, "sensor.maths_next_speaker") == STATE_UNKNOWN

    await async_at(hass, frozen, dt.datetime(2025, 5, 12, 12, tzinfo=dt.UTC))
    assert _state(hass, "calendar.maths") == STATE_OFF

    # The workshop is on all day, on its own day.
    await async_at(hass, frozen, dt.datetime(2025, 5, 13, 7, 0, 1, tzinfo=dt.UTC))
    calendar = hass.states.get("calendar.maths")
    assert calendar is not None
    assert (calendar.state, calendar.attributes["all_day"]) == (STATE_ON, True)
    assert _state(hass, "sensor.maths_next_seminar") == "Reading group"

    # Nothing ahead: unknown, not stale.
    await async_at(hass, frozen, dt.datetime(2025, 5, 14, 14, tzinfo=dt.UTC))
    assert _state(hass, "sensor.maths_next_seminar") == STATE_UNKNOWN
    assert _state(hass, "sensor.maths_next_seminar_start") == STATE_UNKNOWN
    assert len(feed_server.requests) == requests


@pytest.mark.parametrize(
    ("options", "summaries"),
    [
        ({"categories": ["Colloquium"]}, ["Random graphs"]),
        (
            {"categories": ["Member Seminar", "Workshop"]},
            ["Sheaves", "Workshop day", "Reading group"],
        ),
        ({"exclude": ["reading"]}, ["Random graphs", "Sheaves", "Workshop day"]),
        ({"exclude": ["/^she/", "edges appear"]}, ["Workshop day", "Reading group"]),
    ],
)
async def test_filters_apply_to_calendar_and_sensors(
    hass: HomeAssistant,
    feed_server: FeedServer,
    options: dict[str, list[str]],
    summaries: list[str],
) -> None:
    await async_set_up_maths(hass, feed_server, **options)
    response = await hass.services.async_call(
        CALENDAR_DOMAIN,
        "get_events",
        {
            "start_date_time": START.isoformat(),
            "end_date_time": (START + dt.timedelta(days=7)).isoformat(),
        },
        target={"entity_id": "calendar.maths"},
        blocking=True,
        return_response=True,
    )
    events = response["calendar.maths"]["events"]  # type: ignore[index]
    assert [event["summary"] for event in events] == summaries  # type: ignore[union-attr]
    assert _state(hass, "sensor.maths_next_seminar") == summaries[0]


async def test_entities_and_device(
    hass: HomeAssistant,
    feed_server: FeedServer,
    entity_registry: er.EntityRegistry,
    device_registry: dr.DeviceRegistry,
) -> None:
    entry = await async_set_up_maths(hass, feed_server)
    (device,) = dr.async_entries_for_config_entry(device_registry, entry.entry_id)
    assert (device.name, device.manufacturer, device.entry_type) == (
        "Maths",
        "Seminar Calendar",
        dr.DeviceEntryType.SERVICE,
    )
    assert device.configuration_url == "https://maths.example.edu"
    entities = {
        entity.entity_id: (
            entity.unique_id.removeprefix(entry.entry_id + "_"),
            entity.translation_key,
            entity.entity_category,
            entity.original_device_class,
            entity.device_id == device.id,
        )
        for entity in er.async_entries_for_config_entry(entity_registry, entry.entry_id)
    }
    assert entities == {
        "calendar.maths": ("calendar", "calendar", None, None, True),
        "event.maths_seminar_changes": (
            "seminar_changes",
            "seminar_changes",
            None,
            None,
            True,
        ),
        "image.maths_next_seminar_poster": (
            "next_seminar_poster",
            "next_seminar_poster",
            None,
            None,
            True,
        ),
        "sensor.maths_next_seminar": ("next_seminar", "next_seminar", None, None, True),
        "sensor.maths_next_seminar_start": (
            "next_seminar_start",
            "next_seminar_start",
            None,
            SensorDeviceClass.TIMESTAMP,
            True,
        ),
        "sensor.maths_next_speaker": ("next_speaker", "next_speaker", None, None, True),
        "sensor.maths_next_seminar_location": (
            "next_seminar_location",
            "next_seminar_location",
            None,
            None,
            True,
        ),
        "sensor.maths_last_refreshed": (
            "last_refreshed",
            "last_refreshed",
            EntityCategory.DIAGNOSTIC,
            SensorDeviceClass.TIMESTAMP,
            True,
        ),
    }
    last_refreshed = entity_registry.async_get("sensor.maths_last_refreshed")
    assert last_refreshed is not None
    assert last_refreshed.disabled_by is er.RegistryEntryDisabler.INTEGRATION
    # Long texts stay out of the recorder.
    sensor = hass.data["sensor"].get_entity("sensor.maths_next_seminar")
    assert {"abstract", "description"} <= sensor._unrecorded_attributes


def test_card_text_leads_with_speaker_and_title() -> None:
    event = SeminarEvent(
        summary="Colloquium",
        start=START,
        end=START,
        speaker="Emmy Noether",
        talk_title="Invariants",
        url="https://maths.example.edu/e/1",
    )
    assert card_text(event) == (
        "Speaker: Emmy Noether\nTalk title: Invariants\n\nhttps://maths.example.edu/e/1"
    )
    german = CardLabels("Vortragende Person", "Vortragstitel", "Kategorien")
    assert card_text(event._replace(categories=("Algebra",)), german) == (
        "Vortragende Person: Emmy Noether\nVortragstitel: Invariants\n\n"
        "Kategorien: Algebra\n\nhttps://maths.example.edu/e/1"
    )
    assert card_text(SeminarEvent(summary="x", start=START, end=START)) is None


async def test_texts_are_capped_in_states_and_attributes_but_whole_in_events(
    hass: HomeAssistant, feed_server: FeedServer
) -> None:
    title, place = "T" * 1_000, "Room " * 400
    description = "Abstract: " + "word " * 5_000
    # A name that long is no name in a description; a schedule's attendee list says so.
    speaker = "ATTENDEE;CN=" + "S" * 250 + " " + "S" * 249 + ":mailto:s@example.edu"
    categories = ",".join(f"Category {n}" for n in range(50))
    feed_server.body = (
        "BEGIN:VCALENDAR\nVERSION:2.0\nX-WR-CALNAME:Maths\n"
        + vevent(
            "long",
            title,
            ":20250512T100000Z",
            ":20250512T110000Z",
            f"DESCRIPTION:{description}",
            speaker,
            f"LOCATION:{place}",
            f"CATEGORIES:{categories}",
            "URL:https://maths.example.edu/" + "x" * 5_000,
        )
        + "END:VCALENDAR\n"
    ).encode()
    entry = MockConfigEntry(
        domain=DOMAIN, title="Maths", data={CONF_URL: feed_server.url}
    )
    await async_set_up(hass, entry)

    for entity_id in ("sensor.maths_next_seminar", "sensor.maths_next_speaker"):
        assert len(_state(hass, entity_id)) == 255
    assert _state(hass, "sensor.maths_next_seminar").endswith("…")
    sensor = hass.states.get("sensor.maths_next_seminar")
    assert sensor is not None
    assert len(sensor.attributes["location"]) == 255
    assert len(sensor.attributes["speaker"]) == 255
    assert len(sensor.attributes["abstract"]) == 1024
    assert len(sensor.attributes["description"]) == 1024
    assert len(sensor.attributes["categories"]) == 20
    assert sensor.attributes["url"] is None  # a cut URL would lead nowhere
    calendar = hass.states.get("calendar.maths")
    assert calendar is not None
    assert len(calendar.attributes["message"]) == 255
    assert len(calendar.attributes["location"]) == 255
    assert len(calendar.attributes["description"]) == 1024

    response = await hass.services.async_call(
        CALENDAR_DOMAIN,
        "get_events",
        {"start_date_time": START.isoformat(), "duration": {"days": 1}},
        target={"entity_id": "calendar.maths"},
        blocking=True,
        return_response=True,
    )
    (event,) = response["calendar.maths"]["events"]  # type: ignore[index]
    assert event["summary"] == title  # type: ignore[index]
    assert event["location"] == place.strip()  # type: ignore[index]
    assert "word " * 4_000 in event["description"]  # type: ignore[index,operator]
