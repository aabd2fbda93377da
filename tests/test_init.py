"""Tests for setting up and unloading a Seminar Calendar entry."""

from homeassistant.config_entries import ConfigEntryState
from homeassistant.core import HomeAssistant
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.seminar_calendar.engine.web import client

from .conftest import FeedServer, async_set_up, async_timed_out, set_up_entry


async def test_setup_and_unload(
    hass: HomeAssistant, init_integration: MockConfigEntry
) -> None:
    entry = init_integration
    assert entry.state is ConfigEntryState.LOADED
    assert hass.states.get("calendar.cmsa") is not None

    assert await hass.config_entries.async_unload(entry.entry_id)
    await hass.async_block_till_done()
    assert entry.state is ConfigEntryState.NOT_LOADED


@pytest.mark.parametrize(
    ("status", "body", "message"),
    [
        (500, b"Oops", "HTTP 500"),
        (200, b"<html>Maintenance</html>", "returns a web page, not a calendar feed"),
    ],
)
async def test_failing_first_refresh_retries_setup(
    hass: HomeAssistant,
    feed_server: FeedServer,
    caplog: pytest.LogCaptureFixture,
    status: int,
    body: bytes,
    message: str,
) -> None:
    feed_server.status, feed_server.body = status, body
    entry = await set_up_entry(hass, feed_server.url)
    assert entry.state is ConfigEntryState.SETUP_RETRY
    assert message in caplog.text


async def test_oversized_feed_retries_setup(
    hass: HomeAssistant,
    feed_server: FeedServer,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    monkeypatch.setattr(client, "MAX_BODY_BYTES", 1000)
    entry = await set_up_entry(hass, feed_server.url)
    assert entry.state is ConfigEntryState.SETUP_RETRY
    assert "MiB and was not read" in caplog.text


async def test_timeout_retries_setup(
    hass: HomeAssistant,
    feed_server: FeedServer,
    mock_config_entry: MockConfigEntry,
    caplog: pytest.LogCaptureFixture,
) -> None:
    feed_server.held = True
    entry = await async_timed_out(
        hass, feed_server, async_set_up(hass, mock_config_entry)
    )
    assert entry.state is ConfigEntryState.SETUP_RETRY
    assert "did not answer in time" in caplog.text
