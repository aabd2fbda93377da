"""Bad input and bad moments: absurd feeds, fuzzed refreshes, secrets, restarts."""

import asyncio
import base64
import datetime as dt
import json
import logging
import random
import threading

from homeassistant.const import CONF_PASSWORD, CONF_USERNAME
from homeassistant.core import HomeAssistant
from homeassistant.helpers import issue_registry as ir
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.seminar_calendar.diagnostics import (
    async_get_config_entry_diagnostics,
)
from custom_components.seminar_calendar.engine import FeedParser

from .conftest import FeedServer, fixture_bytes, set_up_entry

START = dt.datetime(2025, 5, 9, 12, tzinfo=dt.UTC)  # a week before the CMSA seminar


def _sample() -> bytes:
    return fixture_bytes("cmsa-events-sample.ics")


def _bodies(count: int) -> list[bytes]:
    """Return the sample with random damage, or something else entirely, seeded."""
    sample, rng = _sample(), random.Random(21)
    found = []
    for number in range(count):
        kind = ("damaged", "cut", "binary", "good")[number % 4]
        if kind == "binary":
            found.append(rng.randbytes(rng.randrange(2000)))
        elif kind == "cut":
            found.append(sample[: rng.randrange(len(sample) + 1)])
        elif kind == "damaged":
            lines = sample.split(b"\n")
            for _ in range(rng.randint(1, 5)):
                lines[rng.randrange(len(lines))] = rng.randbytes(rng.randrange(60))
            found.append(b"\n".join(lines))
        else:
            found.append(sample)
    return found


async def test_damaged_refreshes_keep_data_and_parse_off_the_loop(
    hass: HomeAssistant,
    feed_server: FeedServer,
    init_integration: MockConfigEntry,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """One entry refreshed again and again, as a running one is.

    What a refresh leaves (the parser's caches, the last good data) is what the next
    one starts from.
    """
    coordinator = init_integration.runtime_data
    loop_thread = threading.get_ident()
    parse = FeedParser.parse

    def parse_off_the_loop(self: FeedParser, *args: object) -> object:
        assert threading.get_ident() != loop_thread
        return parse(self, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(FeedParser, "parse", parse_off_the_loop)
    good = coordinator.data
    for body in _bodies(40):
        before = coordinator.data
        feed_server.body = body
        await coordinator.async_refresh()
        await hass.async_block_till_done()
        assert coordinator.data is not None
        if not coordinator.last_update_success:
            assert coordinator.data is before
        assert hass.states.get("calendar.cmsa") is not None
    feed_server.body = _sample()
    await coordinator.async_refresh()
    assert coordinator.last_update_success
    assert coordinator.data.feed.events == good.feed.events


async def test_secrets_appear_nowhere(
    hass: HomeAssistant,
    feed_server: FeedServer,
    caplog: pytest.LogCaptureFixture,
    issue_registry: ir.IssueRegistry,
) -> None:
    caplog.set_level(logging.DEBUG)
    feed_server.credentials = ("reader", "PASSWORD-SECRET")
    feed_server.body = _sample()
    url = feed_server.url + "?token=TOKEN-SECRET"
    entry = await set_up_entry(
        hass, url, data={CONF_USERNAME: "reader", CONF_PASSWORD: "PASSWORD-SECRET"}
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
    feed_server.body = _sample()
    entry = await set_up_entry(hass, feed_server.url)
    feed_server.body = feed_server.body.replace(b"Room G10", b"Room G02")
    feed_server.held = True  # the answer never comes
    feed_server.received.clear()
    refresh = hass.async_create_task(entry.runtime_data.async_refresh())
    await feed_server.received.wait()
    refresh.cancel()  # Home Assistant stops while the download is under way
    with pytest.raises(asyncio.CancelledError):
        await refresh
    await hass.config_entries.async_unload(entry.entry_id)

    feed_server.status, feed_server.held = 500, False
    await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done(wait_background_tasks=True)
    events = entry.runtime_data.data.feed.events
    assert len(events) == 1
    assert events[0].location is not None
    assert "Room G10" in events[0].location
