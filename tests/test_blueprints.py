"""The blueprints in real automations: before a seminar, when one changes, copies."""

import datetime as dt
from pathlib import Path
from typing import Any

from freezegun.api import FrozenDateTimeFactory
from homeassistant.core import HomeAssistant

from .conftest import (
    TALKS_FEED,
    FeedServer,
    async_at,
    async_set_up_blueprint,
    async_set_up_local_calendar,
    async_set_up_maths,
    async_set_up_talks,
    async_use_blueprint,
    set_up_entry,
    talk,
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


COPY = "copy_matching_seminars.yaml"
TOPOLOGY_TALK = talk(
    "spheres",
    "20250516T100000Z",
    "Jane Doe (MIT)",
    "Spheres and loops",
    "LOCATION:Room 5",
    "CATEGORIES:Topology",
    abstract="Loops on spheres in low dimensions.",
)
OTHER_TALK = talk("groups", "20250516T130000Z", "John Roe", "Finite groups")


async def _copies(hass: HomeAssistant) -> list[dict[str, Any]]:
    """Return the events of the personal calendar in the coming 60 days."""
    start = dt.datetime(2025, 5, 1, tzinfo=dt.UTC)
    response = await hass.services.async_call(
        "calendar",
        "get_events",
        {
            "start_date_time": start.isoformat(),
            "end_date_time": (start + dt.timedelta(days=60)).isoformat(),
        },
        target={"entity_id": "calendar.personal"},
        blocking=True,
        return_response=True,
    )
    return response["calendar.personal"]["events"]  # type: ignore[index,return-value]


def _with(*talks: str) -> bytes:
    return TALKS_FEED.replace(
        "END:VCALENDAR", "".join(talks) + "END:VCALENDAR"
    ).encode()


async def _async_copy_with(
    hass: HomeAssistant, feed_server: FeedServer, tmp_path: Path, **inputs: Any
) -> None:
    """Set up the talks, a personal calendar and the copy blueprint with these inputs."""
    await async_set_up_talks(hass, feed_server)
    await async_set_up_local_calendar(hass, tmp_path)
    await async_set_up_blueprint(
        hass,
        tmp_path,
        COPY,
        {
            "changes": "event.colloquium_seminar_changes",
            "target_calendar": "calendar.personal",
            **inputs,
        },
    )


async def test_blueprint_copies_matching_seminars_once(
    hass: HomeAssistant,
    feed_server: FeedServer,
    frozen: FrozenDateTimeFactory,
    tmp_path: Path,
) -> None:
    await _async_copy_with(
        hass,
        feed_server,
        tmp_path,
        keyword="TOPOLOGY",
        copy_listed=True,
        daily_time="11:00:00",  # Berlin: 09:00 UTC
    )
    # A matching seminar added to the feed is copied at once; another is not.
    await async_download(hass, feed_server, _with(TOPOLOGY_TALK, OTHER_TALK))
    await hass.async_block_till_done()
    (copy,) = await _copies(hass)
    assert copy["summary"] == "Jane Doe: Spheres and loops"
    assert copy["description"] == (
        "Loops on spheres in low dimensions.\n\n"
        "https://maths.example.edu/talks/spheres/\n\n"
        "Seminar Calendar: spheres"
    )
    assert copy["location"] == "Room 5"
    assert dt.datetime.fromisoformat(copy["start"]) == dt.datetime(
        2025, 5, 16, 10, tzinfo=dt.UTC
    )
    assert dt.datetime.fromisoformat(copy["end"]) == dt.datetime(
        2025, 5, 16, 11, tzinfo=dt.UTC
    )

    # The daily copy adds those listed in the next 30 days, not the one copied.
    await async_at(hass, frozen, START.replace(hour=9))
    await hass.async_block_till_done()
    assert [copy["summary"] for copy in await _copies(hass)] == [
        "Jane Doe: Homotopy types",
        "Jane Doe: Spheres and loops",
        "Søren Ødegård: Algebraic topology of networks",
    ]
    # The next day, and a download that adds the same seminar again: no second copy.
    await async_at(hass, frozen, START.replace(day=13, hour=9))
    await async_download(hass, feed_server, _with(TOPOLOGY_TALK))
    await async_download(hass, feed_server, _with(TOPOLOGY_TALK, OTHER_TALK))
    await hass.async_block_till_done()
    assert len(await _copies(hass)) == 3
    await hass.services.async_call(
        "automation", "turn_off", {"entity_id": "all"}, blocking=True
    )


async def test_blueprint_copies_a_speakers_new_all_day_seminar_only(
    hass: HomeAssistant, feed_server: FeedServer, tmp_path: Path
) -> None:
    await _async_copy_with(hass, feed_server, tmp_path, speaker="jane")
    day = (
        "BEGIN:VEVENT\nUID:day\nSUMMARY:Jane Doe's day\n"
        "DTSTART;VALUE=DATE:20250517\nDTEND;VALUE=DATE:20250518\n"
        "DESCRIPTION:Speaker: Jane Doe\nEND:VEVENT\n"
    )
    await async_download(hass, feed_server, _with(day, OTHER_TALK))
    await hass.async_block_till_done()
    (copy,) = await _copies(hass)
    assert (copy["start"], copy["end"]) == ("2025-05-17", "2025-05-18")
    assert copy["description"] == "Seminar Calendar: day"
    await hass.services.async_call(
        "automation", "turn_off", {"entity_id": "all"}, blocking=True
    )
