"""calendar.get_events through Home Assistant, against the floor: the same events prebuilt.

One Home Assistant (test instance) with one Seminar Calendar entry on a 5,000-event feed
served from 127.0.0.1, and a calendar entity that returns the very same CalendarEvents
already built: what Home Assistant itself needs to answer. Prints both and the ratio.
--without-zstd: as on a Python built without compression.zstd (Home Assistant's container).
"""

import asyncio
from collections.abc import Callable
import datetime as dt
import gc
import statistics
import sys
import time
from typing import Any, override

from aiohttp import web
from homeassistant.components.calendar import CalendarEntity, CalendarEvent
from homeassistant.components.calendar.const import DATA_COMPONENT
from homeassistant.const import CONF_URL
from homeassistant.core import HomeAssistant
from homeassistant.setup import async_setup_component
from homeassistant.util import dt as dt_util
from pytest_homeassistant_custom_component.common import (
    MockConfigEntry,
)

from tools import feedgen
from tools.bare_instance import bare_home_assistant

EVENTS = 5000
CALLS = 30
WINDOWS = {"30 days": dt.timedelta(days=30), "365 days": dt.timedelta(days=365)}
OURS = "calendar.feed"
FLOOR = "calendar.floor"


class PrebuiltCalendar(CalendarEntity):
    """Answers each window with CalendarEvents built before: no work of its own."""

    _attr_name = "Floor"

    def __init__(
        self, windows: dict[tuple[dt.datetime, dt.datetime], list[CalendarEvent]]
    ) -> None:
        """Keep the events to return, by window."""
        self._windows = windows

    @property
    @override
    def event(self) -> CalendarEvent | None:
        return None

    @override
    async def async_get_events(
        self, hass: HomeAssistant, start_date: dt.datetime, end_date: dt.datetime
    ) -> list[CalendarEvent]:
        return self._windows[(start_date, end_date)]


async def _get_events(
    hass: HomeAssistant, entity_id: str, start: dt.datetime, end: dt.datetime
) -> int:
    response: Any = await hass.services.async_call(
        "calendar",
        "get_events",
        {"start_date_time": start.isoformat(), "end_date_time": end.isoformat()},
        target={"entity_id": entity_id},
        blocking=True,
        return_response=True,
    )
    return len(response[entity_id]["events"])


async def _interleaved(
    hass: HomeAssistant,
    start: dt.datetime,
    end: dt.datetime,
    forget: Callable[[], None] | None,
) -> tuple[float, float, float]:
    """Return the median ms of ours and of the floor, and the median of their ratios.

    Calls alternate (ours, floor; then floor, ours), and each pair gives a ratio: a
    machine's speed drifts between sequential blocks of calls by more than the gap.
    forget, if given, empties our cache of texts before each of our calls.
    """
    ours, floor, ratios = [], [], []
    for call in range(CALLS):
        timed = {}
        for entity_id in (OURS, FLOOR) if call % 2 == 0 else (FLOOR, OURS):
            if forget is not None and entity_id == OURS:
                forget()
            gc.collect()
            started = time.perf_counter()
            await _get_events(hass, entity_id, start, end)
            timed[entity_id] = time.perf_counter() - started
        ours.append(timed[OURS])
        floor.append(timed[FLOOR])
        ratios.append(timed[OURS] / timed[FLOOR])
    return (
        statistics.median(ours) * 1000,
        statistics.median(floor) * 1000,
        statistics.median(ratios),
    )


async def _serve(body: bytes) -> tuple[web.AppRunner, int]:
    app = web.Application()

    async def feed(_: web.Request) -> web.Response:
        return web.Response(body=body, content_type="text/calendar")

    app.router.add_get("/feed.ics", feed)
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    return runner, site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]


async def main() -> None:
    """Measure get_events on our calendar and on the floor, for each window."""
    async with bare_home_assistant() as hass:
        now = dt_util.now()
        runner, port = await _serve(feedgen.generate(EVENTS, now))
        entry = MockConfigEntry(
            domain="seminar_calendar",
            title="Feed",
            data={CONF_URL: f"http://127.0.0.1:{port}/feed.ics"},
        )
        entry.add_to_hass(hass)
        await hass.config_entries.async_setup(entry.entry_id)
        await hass.async_block_till_done()
        await async_setup_component(hass, "calendar", {})
        ours = hass.data[DATA_COMPONENT].get_entity(OURS)
        assert ours is not None
        start = now.replace(minute=0, second=0, microsecond=0)
        windows = {
            (start, start + span): await ours.async_get_events(
                hass, start, start + span
            )
            for span in WINDOWS.values()
        }
        await hass.data[DATA_COMPONENT].async_add_entities([PrebuiltCalendar(windows)])
        # Imported here, not at the top: --without-zstd must block zstd before it loads.
        from custom_components.seminar_calendar.engine.texts import blocks

        texts = "zstd" if blocks.zstd else "zlib (no compression.zstd)"
        print(
            f"calendar.get_events on a {EVENTS:,}-event feed, through Home Assistant, texts in {texts}; "
            f"{CALLS} interleaved pairs of calls: medians, and the median of the pairs' ratios"
        )
        print()
        print(
            "| window | events | Seminar Calendar | floor (prebuilt events) | ours ÷ floor |"
        )
        print("|---|---:|---:|---:|---:|")
        for name, span in WINDOWS.items():
            count = await _get_events(hass, OURS, start, start + span)
            assert count == await _get_events(hass, FLOOR, start, start + span)
            # Read again, as a dashboard does; then each time the first read of texts.
            for read, forget in (
                ("", None),
                (", texts not read before", blocks.clear_cache),
            ):
                ours_ms, floor_ms, ratio = await _interleaved(
                    hass, start, start + span, forget
                )
                print(
                    f"| {name}{read} | {count:,} | {ours_ms:.1f} ms | {floor_ms:.1f} ms | {ratio:.2f}× |"
                )
        await hass.config_entries.async_unload(entry.entry_id)
        await runner.cleanup()
        await hass.async_stop()


if __name__ == "__main__":
    if "--without-zstd" in sys.argv[1:]:
        import tests.without_zstd  # noqa: F401  (before the integration loads)
    asyncio.run(main())
