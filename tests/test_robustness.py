"""Bad input and bad moments: absurd feeds, fuzzed refreshes, secrets, restarts."""

import asyncio
import base64
import datetime as dt
import json
import logging
import threading
import time
import tracemalloc
from zoneinfo import ZoneInfo

from homeassistant.const import CONF_PASSWORD, CONF_URL, CONF_USERNAME
from homeassistant.core import HomeAssistant
from homeassistant.helpers import issue_registry as ir
from hypothesis import HealthCheck, given, settings, strategies as st
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.seminar_calendar import coordinator as coordinator_module
from custom_components.seminar_calendar.const import DOMAIN
from custom_components.seminar_calendar.diagnostics import (
    async_get_config_entry_diagnostics,
)
from custom_components.seminar_calendar.model import FeedError
from custom_components.seminar_calendar.parser import FeedParser, parse_feed

from .conftest import FeedServer, fixture_bytes

TZ = ZoneInfo("Europe/Berlin")
NOW = dt.datetime.now(dt.UTC)
TIME_LIMIT = 10.0  # seconds, far above what any of these takes
MEMORY_LIMIT = 200 * 2**20


def _calendar(*lines: str) -> bytes:
    return (
        "BEGIN:VCALENDAR\r\n" + "\r\n".join(lines) + "\r\nEND:VCALENDAR\r\n"
    ).encode()


def _event(*lines: str) -> str:
    return "\r\n".join(["BEGIN:VEVENT", *lines, "END:VEVENT"])


ABSURD = {
    "huge_line_count": _calendar(
        *(
            _event(f"UID:{n}", f"DTSTART:2026{(n % 12) + 1:02d}01T100000Z", "SUMMARY:x")
            for n in range(30_000)
        )
    ),
    "one_enormous_line": _calendar(
        _event("UID:a", "DTSTART:20261201T100000Z", "DESCRIPTION:" + "x" * 5_000_000)
    ),
    "deeply_nested_components": _calendar(
        _event(
            "UID:a",
            "DTSTART:20261201T100000Z",
            *["BEGIN:VALARM"] * 5000,
            *["END:VALARM"] * 5000,
        )
    ),
    "thousands_of_recurrence_ids": _calendar(
        _event("UID:s", "DTSTART:20261201T100000Z", "RRULE:FREQ=DAILY;COUNT=3000"),
        *(
            _event(
                "UID:s",
                f"RECURRENCE-ID:{(dt.date(2026, 12, 1) + dt.timedelta(days=n)):%Y%m%d}T100000Z",
                f"DTSTART:{(dt.date(2026, 12, 1) + dt.timedelta(days=n)):%Y%m%d}T120000Z",
            )
            for n in range(3000)
        ),
    ),
    "secondly_without_end": _calendar(
        _event("UID:a", "DTSTART:20260101T000000Z", "RRULE:FREQ=SECONDLY")
    ),
    "absurd_time_zones": _calendar(
        "BEGIN:VTIMEZONE\r\nTZID:"
        + "Z" * 10_000
        + "\r\nBEGIN:STANDARD\r\nTZOFFSETTO:+9999\r\nEND:STANDARD\r\nEND:VTIMEZONE",
        _event("UID:a", "DTSTART;TZID=" + "Z" * 10_000 + ":20261201T100000"),
        _event(
            "UID:b",
            "DTSTART;TZID=Etc/GMT+14:20261201T100000",
            "RRULE:FREQ=HOURLY;COUNT=5000",
        ),
    ),
    "extreme_dates": _calendar(
        _event("UID:a", "DTSTART:00010101T000000Z", "RRULE:FREQ=YEARLY"),
        _event("UID:b", "DTSTART:99991231T235959Z", "RRULE:FREQ=DAILY"),
    ),
}


@pytest.mark.parametrize("name", list(ABSURD))
def test_absurd_feeds_end_in_data_within_bounds(name: str) -> None:
    tracemalloc.start()
    started = time.perf_counter()
    try:
        feed = parse_feed(ABSURD[name], TZ, NOW)
    except FeedError:
        feed = None
    elapsed = time.perf_counter() - started
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert elapsed < TIME_LIMIT
    assert peak < MEMORY_LIMIT
    assert feed is not None
    feed.between(NOW, NOW + dt.timedelta(days=365))


async def _set_up(hass: HomeAssistant, data: dict[str, str]) -> MockConfigEntry:
    entry = MockConfigEntry(domain=DOMAIN, title="CMSA", data=data)
    entry.add_to_hass(hass)
    await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done()
    return entry


def _future_sample() -> bytes:
    next_week = (dt.date.today() + dt.timedelta(days=7)).strftime("%Y%m%dT").encode()
    return fixture_bytes("cmsa-events-sample.ics").replace(b"20250516T", next_week)


@st.composite
def bodies(draw: st.DrawFn) -> bytes:
    """Return the sample with random damage, or something else entirely."""
    sample = _future_sample()
    kind = draw(st.sampled_from(["damaged", "cut", "binary", "good"]))
    if kind == "binary":
        return draw(st.binary(max_size=2000))
    if kind == "cut":
        return sample[: draw(st.integers(0, len(sample)))]
    if kind == "damaged":
        lines = sample.split(b"\n")
        for _ in range(draw(st.integers(1, 5))):
            lines[draw(st.integers(0, len(lines) - 1))] = draw(st.binary(max_size=60))
        return b"\n".join(lines)
    return sample


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(body=bodies())
async def test_fuzzed_refreshes_keep_data_and_parse_off_the_loop(
    hass: HomeAssistant, feed_server: FeedServer, body: bytes
) -> None:
    entries = hass.config_entries.async_entries(DOMAIN)
    if not entries:
        feed_server.body = _future_sample()
        entries = [await _set_up(hass, {CONF_URL: feed_server.url})]
    coordinator = entries[0].runtime_data
    before = coordinator.data
    loop_thread = threading.get_ident()
    parse = FeedParser.parse

    def parse_off_the_loop(self: FeedParser, *args: object) -> object:
        assert threading.get_ident() != loop_thread
        return parse(self, *args)  # type: ignore[arg-type]

    feed_server.body = body
    with pytest.MonkeyPatch.context() as patched:
        patched.setattr(FeedParser, "parse", parse_off_the_loop)
        await coordinator.async_refresh()
        await hass.async_block_till_done()
    assert coordinator.data is not None
    if not coordinator.last_update_success:
        assert coordinator.data is before
    assert hass.states.get("calendar.cmsa") is not None


async def test_secrets_appear_nowhere(
    hass: HomeAssistant,
    feed_server: FeedServer,
    caplog: pytest.LogCaptureFixture,
    issue_registry: ir.IssueRegistry,
) -> None:
    caplog.set_level(logging.DEBUG)
    feed_server.credentials = ("reader", "PASSWORD-SECRET")
    feed_server.body = _future_sample()
    url = feed_server.url + "?token=TOKEN-SECRET"
    entry = await _set_up(
        hass, {CONF_URL: url, CONF_USERNAME: "reader", CONF_PASSWORD: "PASSWORD-SECRET"}
    )
    coordinator = entry.runtime_data
    for status in (500, 404, 410, 200):
        feed_server.status = status
        await coordinator.async_refresh()
        await hass.async_block_till_done()
    feed_server.status = 404
    await coordinator.async_refresh()
    await hass.async_block_till_done()

    captured = {
        "logs above debug": [
            r.getMessage() for r in caplog.records if r.levelno > logging.DEBUG
        ],
        "diagnostics": await async_get_config_entry_diagnostics(hass, entry),
        "issues": [
            (
                issue.translation_key,
                issue.translation_placeholders,
                issue.data,
                issue.learn_more_url,
            )
            for issue in issue_registry.issues.values()
        ],
        "states": [
            (state.state, dict(state.attributes)) for state in hass.states.async_all()
        ],
    }
    assert captured["issues"]
    text = json.dumps(captured, default=str)
    for secret in (
        "TOKEN-SECRET",
        "PASSWORD-SECRET",
        base64.b64encode(b"reader:PASSWORD-SECRET").decode(),
    ):
        assert secret not in text


async def test_stopping_in_the_middle_of_a_refresh_keeps_the_saved_copy(
    hass: HomeAssistant, feed_server: FeedServer
) -> None:
    feed_server.body = _future_sample()
    entry = await _set_up(hass, {CONF_URL: feed_server.url})
    feed_server.body = feed_server.body.replace(b"Room G10", b"Room G02")
    feed_server.delay = 5
    refresh = hass.async_create_task(entry.runtime_data.async_refresh())
    await asyncio.sleep(0.2)
    refresh.cancel()  # Home Assistant stops while the download is under way
    with pytest.raises(asyncio.CancelledError):
        await refresh
    await hass.config_entries.async_unload(entry.entry_id)

    feed_server.status, feed_server.delay = 500, 0
    await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done(wait_background_tasks=True)
    events = entry.runtime_data.data.events
    assert len(events) == 1
    assert events[0].location is not None
    assert "Room G10" in events[0].location
    assert coordinator_module.STORAGE_VERSION == 1
