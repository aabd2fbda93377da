"""The "Seminar changes" event entity, against a The Events Calendar-style loopback feed."""

import datetime as dt
from typing import Any

from homeassistant.const import EVENT_STATE_CHANGED
from homeassistant.core import Event, HomeAssistant
from pytest_homeassistant_custom_component.common import (
    async_capture_events,
)

from custom_components.seminar_calendar.const import DOMAIN

from .conftest import FeedServer, async_reconfigure, set_up_entry, tec_feed, tec_talk

START = dt.datetime(2025, 5, 12, 8, tzinfo=dt.UTC)  # a Monday morning
ENTITY = "event.maths_seminar_changes"

WEEK = [
    tec_talk(1, 13, "Moved talk", "CATEGORIES:Colloquium"),
    tec_talk(2, 14, "Called-off talk", "CATEGORIES:Colloquium"),
    tec_talk(3, 15, "Vanished talk", "CATEGORIES:Colloquium"),
    tec_talk(4, 16, "Edited talk", "LOCATION:Room 1", "CATEGORIES:Colloquium"),
    tec_talk(5, 20, "Steady talk", "CATEGORIES:Colloquium"),
]
CHANGED_WEEK = [
    tec_talk(1, 19, "Moved talk", "CATEGORIES:Colloquium"),
    tec_talk(2, 14, "Called-off talk", "STATUS:CANCELLED", "CATEGORIES:Colloquium"),
    tec_talk(4, 16, "Edited talk", "LOCATION:Room 2", "CATEGORIES:Colloquium"),
    tec_talk(5, 20, "Steady talk", "CATEGORIES:Colloquium"),
    tec_talk(6, 17, "New talk", "CATEGORIES:Colloquium"),
]


def _fired(events: list[Event[Any]]) -> list[dict[str, Any]]:
    """Return the attributes of each event the entity fired (new states, in order)."""
    return [
        dict(event.data["new_state"].attributes)
        for event in events
        if event.data["entity_id"] == ENTITY
        and event.data["new_state"].state not in ("unknown", "unavailable")
        and (
            event.data["old_state"] is None
            or event.data["old_state"].state != event.data["new_state"].state
        )
    ]


async def async_download(
    hass: HomeAssistant, feed_server: FeedServer, body: bytes
) -> None:
    feed_server.body = body
    entry = hass.config_entries.async_entries(DOMAIN)[0]
    await entry.runtime_data.async_refresh()
    await hass.async_block_till_done()


async def test_each_change_fires_once_for_its_seminar(
    hass: HomeAssistant, feed_server: FeedServer
) -> None:
    feed_server.body = tec_feed(*WEEK)
    await set_up_entry(hass, feed_server.url, "Maths")
    states = async_capture_events(hass, EVENT_STATE_CHANGED)
    await async_download(hass, feed_server, tec_feed(*CHANGED_WEEK))
    fired = _fired(states)
    assert [(data["event_type"], data["summary"]) for data in fired] == [
        ("cancelled", "Called-off talk"),
        ("removed", "Vanished talk"),
        ("changed", "Edited talk"),
        ("added", "New talk"),
        ("rescheduled", "Moved talk"),
    ]
    by_type = {data["event_type"]: data for data in fired}
    assert by_type["changed"]["fields"] == ["location"]
    moved = by_type["rescheduled"]
    assert dt.datetime.fromisoformat(moved["start"]) == dt.datetime(
        2025, 5, 19, 15, tzinfo=dt.UTC
    )
    assert dt.datetime.fromisoformat(moved["previous_start"]) == dt.datetime(
        2025, 5, 13, 15, tzinfo=dt.UTC
    )
    assert dt.datetime.fromisoformat(moved["previous_end"]) == dt.datetime(
        2025, 5, 13, 16, tzinfo=dt.UTC
    )
    assert moved["url"] == "https://maths.example.edu/event/1/"
    assert moved["uid"].startswith("1-")
    assert "previous_start" not in by_type["added"]
    # Announced, the changed seminars are not kept.
    entry = hass.config_entries.async_entries(DOMAIN)[0]
    assert entry.runtime_data.changes.serial == 1
    assert entry.runtime_data.changes.changes == ()

    # The same content again, downloaded later (only DTSTAMP differs): no news.
    states.clear()
    await async_download(
        hass, feed_server, tec_feed(*CHANGED_WEEK, stamp="20250512T090000Z")
    )
    assert _fired(states) == []


async def test_nothing_fires_at_set_up_after_a_restart_or_for_hidden_seminars(
    hass: HomeAssistant, feed_server: FeedServer
) -> None:
    states = async_capture_events(hass, EVENT_STATE_CHANGED)
    feed_server.body = tec_feed(*WEEK)
    entry = await set_up_entry(hass, feed_server.url, "Maths", categories=["Workshop"])
    await hass.config_entries.async_reload(entry.entry_id)  # a restart: the saved copy
    await hass.async_block_till_done(wait_background_tasks=True)
    # Every change is to Colloquium talks, which the entry's filter hides.
    await async_download(hass, feed_server, tec_feed(*CHANGED_WEEK))
    assert _fired(states) == []
    assert hass.states.get(ENTITY).state == "unknown"  # type: ignore[union-attr]


async def test_a_new_address_starts_a_new_baseline(
    hass: HomeAssistant, feed_server: FeedServer
) -> None:
    feed_server.body = tec_feed(*WEEK)
    entry = await set_up_entry(hass, feed_server.url, "Maths")
    states = async_capture_events(hass, EVENT_STATE_CHANGED)
    feed_server.body = tec_feed(tec_talk(7, 21, "Another site's talk"))
    result = await async_reconfigure(hass, entry, feed_server.url + "?site=2")
    assert result["reason"] == "reconfigure_successful"  # type: ignore[typeddict-item]
    await hass.async_block_till_done(wait_background_tasks=True)
    await async_download(hass, feed_server, feed_server.body)
    assert _fired(states) == []
    assert [event.summary for event in entry.runtime_data.data.feed.events] == [
        "Another site's talk"
    ]


async def test_a_flood_of_changes_fires_one_summary(
    hass: HomeAssistant, feed_server: FeedServer
) -> None:
    feed_server.body = tec_feed(*WEEK)
    await set_up_entry(hass, feed_server.url, "Maths")
    states = async_capture_events(hass, EVENT_STATE_CHANGED)
    rebuilt = [tec_talk(100 + n, 13 + n % 15, f"Talk {n}") for n in range(30)]
    await async_download(hass, feed_server, tec_feed(*rebuilt))
    (summary,) = _fired(states)
    assert summary["event_type"] == "many_changed"
    assert summary["count"] == 35  # 30 added, 5 removed
    assert (summary["added"], summary["removed"]) == (30, 5)
