"""The blueprints in real automations: before a seminar, and when one changes."""

import datetime as dt
from pathlib import Path

from freezegun.api import FrozenDateTimeFactory
from homeassistant.core import HomeAssistant

from .conftest import (
    FeedServer,
    async_at,
    async_set_up_maths,
    async_use_blueprint,
    set_up_entry,
    tec_feed,
    tec_talk,
)
from .test_changes import CHANGED_WEEK, ENTITY, WEEK, async_download

START = dt.datetime(2025, 5, 12, 8, tzinfo=dt.UTC)  # a Monday morning


async def test_blueprint_notifies_before_seminars_of_a_category(
    hass: HomeAssistant,
    feed_server: FeedServer,
    frozen: FrozenDateTimeFactory,
    tmp_path: Path,
) -> None:
    await async_set_up_maths(hass, feed_server)
    calls = await async_use_blueprint(
        hass,
        tmp_path,
        "notify_before_seminar.yaml",
        {
            "calendar": "calendar.maths",
            "offset": {"minutes": -15},
            "category": "Member Seminar",
        },
    )

    # 9:45 would be the Colloquium's notification: filtered out by category.
    for minute in range(9 * 60 + 40, 11 * 60):
        await async_at(
            hass, frozen, START.replace(hour=minute // 60, minute=minute % 60)
        )
        if minute < 10 * 60 + 45:
            assert calls == [], minute
    assert len(calls) == 1
    assert calls[0].data["title"] == "Sheaves"
    assert "Alexander Grothendieck" in calls[0].data["message"]
    assert "Room 2" in calls[0].data["message"]
    await hass.services.async_call(
        "automation", "turn_off", {"entity_id": "all"}, blocking=True
    )


async def test_blueprint_notifies_when_a_seminar_changes(
    hass: HomeAssistant, feed_server: FeedServer, tmp_path: Path
) -> None:
    feed_server.body = tec_feed(*WEEK, tec_talk(8, 21, "Workshop", "CATEGORIES:Other"))
    await set_up_entry(hass, feed_server.url, "Maths")
    calls = await async_use_blueprint(
        hass,
        tmp_path,
        "notify_on_seminar_change.yaml",
        {"changes": ENTITY, "category": "Colloquium"},
    )
    # The Workshop (another category) is called off too: not announced.
    await async_download(
        hass,
        feed_server,
        tec_feed(*CHANGED_WEEK, tec_talk(8, 21, "Workshop", "STATUS:CANCELLED")),
    )
    await hass.async_block_till_done()
    assert [call.data["title"] for call in calls] == [
        "Cancelled: Called-off talk",
        "New seminar: New talk",
        "Moved: Moved talk",
    ]
    assert "→" in calls[2].data["message"]
    assert "https://maths.example.edu/event/1/" in calls[2].data["message"]
    await hass.services.async_call(
        "automation", "turn_off", {"entity_id": "all"}, blocking=True
    )
