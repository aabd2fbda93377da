"""A The Events Calendar site beyond its 30-event list feed: month exports on 127.0.0.1."""

import datetime as dt
from typing import Any

from freezegun.api import FrozenDateTimeFactory
from homeassistant.core import HomeAssistant
from pytest_homeassistant_custom_component.common import async_fire_time_changed

from custom_components.seminar_calendar.const import DOMAIN

from .conftest import FeedServer, set_up_entry, tec_feed, tec_talk

START = dt.datetime(2025, 5, 12, 8, tzinfo=dt.UTC)  # a Monday morning
LIST = "/events/?ical=1"


def _talks() -> list[tuple[dt.date, str]]:
    """Return a talk every other day for four months, from the start of May 2025."""
    first = dt.date(2025, 5, 1)
    return [(first + dt.timedelta(days=2 * n), f"Talk {n}") for n in range(62)]


def _talk(number: int, day: dt.date, summary: str) -> str:
    # tec_talk writes May dates; shift the whole event to the talk's day.
    text = tec_talk(number, 1, summary)
    stamp = int(dt.datetime(2025, 5, 1, 15, tzinfo=dt.UTC).timestamp())
    moved = int(dt.datetime.combine(day, dt.time(15), dt.UTC).timestamp())
    return text.replace("20250501", day.strftime("%Y%m%d")).replace(
        f"-{stamp}-{stamp + 3600}@", f"-{moved}-{moved + 3600}@"
    )


def _serve_site(feed_server: FeedServer, generator: str = "ECPv6.15.20") -> list[str]:
    """Serve the site: a list feed of the next 30 talks, and whole months."""
    talks = [(number, day, summary) for number, (day, summary) in enumerate(_talks())]
    upcoming = [talk for talk in talks if talk[1] >= START.date()][:30]
    feeds = {LIST: upcoming}
    for month in ("2025-05", "2025-06", "2025-07", "2025-08"):
        feeds[f"/events/month/{month}/?ical=1"] = [
            talk for talk in talks if talk[1].strftime("%Y-%m") == month
        ]
    for path, chosen in feeds.items():
        body = tec_feed(*(_talk(*talk) for talk in chosen))
        feed_server.pages[path] = body.replace(b"ECPv6.15.20", generator.encode())
    return [
        summary
        for _, day, summary in talks
        if START.date() <= day < (START + dt.timedelta(days=90)).date()
    ]


async def _summaries(hass: HomeAssistant) -> list[str]:
    response: Any = await hass.services.async_call(
        DOMAIN,
        "get_seminars",
        {"duration": {"days": 90}},
        target={"entity_id": "calendar.maths"},
        blocking=True,
        return_response=True,
    )
    return [seminar["summary"] for seminar in response["calendar.maths"]["seminars"]]


def _paths(feed_server: FeedServer) -> list[str]:
    return [request["path"] for request in feed_server.requests if "path" in request]


async def test_every_seminar_of_the_next_90_days(
    hass: HomeAssistant, feed_server: FeedServer, frozen: FrozenDateTimeFactory
) -> None:
    expected = _serve_site(feed_server)
    assert len(expected) == 45  # more than the list feed's 30
    entry = await set_up_entry(hass, str(feed_server.server.make_url(LIST)), "Maths")
    assert await _summaries(hass) == expected
    assert _paths(feed_server) == [
        LIST,
        "/events/month/2025-05/?ical=1",
        "/events/month/2025-06/?ical=1",
        "/events/month/2025-07/?ical=1",
        "/events/month/2025-08/?ical=1",
    ]

    # An hour later the list feed and the near months are asked again; far ones not yet.
    feed_server.requests.clear()
    del feed_server.pages["/events/month/2025-06/?ical=1"]  # June cannot be read now
    may = "/events/month/2025-05/?ical=1"  # May downloaded again: only DTSTAMP differs
    feed_server.pages[may] = feed_server.pages[may].replace(
        b"DTSTAMP:20250512T080000Z", b"DTSTAMP:20250512T090000Z"
    )
    frozen.tick(dt.timedelta(hours=1, minutes=1))
    async_fire_time_changed(hass)
    await hass.async_block_till_done(wait_background_tasks=True)
    assert _paths(feed_server) == [
        LIST,
        "/events/month/2025-05/?ical=1",
        "/events/month/2025-06/?ical=1",
    ]
    assert await _summaries(hass) == expected  # June's seminars are kept
    months = entry.runtime_data.months.diagnostics()
    assert [(month["month"], month["last_status"]) for month in months] == [
        ("2025-05-01", "unchanged"),
        ("2025-06-01", "not_found"),
        ("2025-07-01", "updated"),
        ("2025-08-01", "updated"),
    ]
    assert months[2]["address"] == "/events/month/2025-07/?ical=1"

    # A restart while the site is down: the saved copies show every seminar.
    feed_server.pages.clear()
    await hass.config_entries.async_reload(entry.entry_id)
    await hass.async_block_till_done(wait_background_tasks=True)
    assert await _summaries(hass) == expected


async def test_a_feed_of_another_generator_sends_the_same_requests(
    hass: HomeAssistant, feed_server: FeedServer
) -> None:
    _serve_site(feed_server, generator="Drupal iCal")
    await set_up_entry(hass, str(feed_server.server.make_url(LIST)), "Maths")
    assert _paths(feed_server) == [LIST]
    assert len(await _summaries(hass)) == 30


async def test_a_site_without_month_exports_keeps_its_list_feed(
    hass: HomeAssistant, feed_server: FeedServer, frozen: FrozenDateTimeFactory
) -> None:
    _serve_site(feed_server)
    for path in list(feed_server.pages):
        if "/month/" in path:
            del feed_server.pages[path]
    entry = await set_up_entry(hass, str(feed_server.server.make_url(LIST)), "Maths")
    assert entry.runtime_data.last_update_success
    assert len(await _summaries(hass)) == 30
    assert _paths(feed_server) == [LIST, "/events/month/2025-05/?ical=1"]
    feed_server.requests.clear()
    frozen.tick(dt.timedelta(hours=1, minutes=1))
    async_fire_time_changed(hass)
    await hass.async_block_till_done(wait_background_tasks=True)
    assert _paths(feed_server) == [LIST]


async def test_a_month_that_changes_under_an_unchanged_list_feed(
    hass: HomeAssistant, feed_server: FeedServer, frozen: FrozenDateTimeFactory
) -> None:
    expected = _serve_site(feed_server)
    entry = await set_up_entry(hass, str(feed_server.server.make_url(LIST)), "Maths")
    july = "/events/month/2025-07/?ical=1"  # beyond the list feed's 30 talks
    added = _talk(99, dt.date(2025, 7, 15), "Added talk").encode()
    feed_server.pages[july] = feed_server.pages[july].replace(
        b"END:VCALENDAR\n", added + b"\nEND:VCALENDAR\n"
    )
    # Within the list feed's span the list is the authority: a month's extra is not.
    may = "/events/month/2025-05/?ical=1"
    stale = _talk(98, dt.date(2025, 5, 14), "Stale talk").encode()
    feed_server.pages[may] = feed_server.pages[may].replace(
        b"END:VCALENDAR\n", stale + b"\nEND:VCALENDAR\n"
    )
    frozen.tick(dt.timedelta(hours=4, minutes=1))  # months further ahead are due too
    async_fire_time_changed(hass)
    await hass.async_block_till_done(wait_background_tasks=True)
    assert entry.runtime_data.state.last_status == "not_modified"
    expected.insert(expected.index("Talk 38"), "Added talk")
    assert await _summaries(hass) == expected
