"""Tests for the Seminar Calendar config flow."""

from homeassistant.config_entries import SOURCE_USER
from homeassistant.const import CONF_URL
from homeassistant.core import HomeAssistant
from homeassistant.data_entry_flow import FlowResultType
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.seminar_calendar import client
from custom_components.seminar_calendar.const import DOMAIN

from .conftest import FeedServer


async def _start(hass: HomeAssistant) -> str:
    result = await hass.config_entries.flow.async_init(
        DOMAIN, context={"source": SOURCE_USER}
    )
    assert result["type"] is FlowResultType.FORM
    assert result["step_id"] == "user"
    assert result["errors"] == {}
    return result["flow_id"]


async def test_user_flow_creates_entry_named_after_feed(
    hass: HomeAssistant, feed_server: FeedServer
) -> None:
    flow_id = await _start(hass)
    result = await hass.config_entries.flow.async_configure(
        flow_id, {CONF_URL: f"  {feed_server.url} "}
    )
    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert result["title"] == "CMSA"
    assert result["data"] == {CONF_URL: feed_server.url}
    assert feed_server.requests >= 1


async def test_title_falls_back_to_host_name(
    hass: HomeAssistant, feed_server: FeedServer
) -> None:
    feed_server.body = feed_server.body.replace(b"X-WR-CALNAME:CMSA\n", b"")
    flow_id = await _start(hass)
    result = await hass.config_entries.flow.async_configure(
        flow_id, {CONF_URL: feed_server.url}
    )
    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert result["title"] == "127.0.0.1"


async def test_duplicate_url_aborts(hass: HomeAssistant) -> None:
    MockConfigEntry(
        domain=DOMAIN, data={CONF_URL: "https://example.org/events/?ical=1"}
    ).add_to_hass(hass)
    flow_id = await _start(hass)
    result = await hass.config_entries.flow.async_configure(
        flow_id, {CONF_URL: "webcal://example.org/events/?ical=1"}
    )
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "already_configured"


@pytest.mark.parametrize(
    ("status", "body", "error"),
    [
        (200, b"<!DOCTYPE html><html><body>Events</body></html>", "html_page"),
        (200, b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "not_a_calendar"),
        (200, b'{"events": []}', "json_data"),
        (200, b"", "empty_feed"),
        (404, b"Not found", "cannot_connect"),
        (500, b"Oops", "cannot_connect"),
    ],
)
async def test_bad_answers_show_errors_and_recover(
    hass: HomeAssistant, feed_server: FeedServer, status: int, body: bytes, error: str
) -> None:
    good_body = feed_server.body
    feed_server.status, feed_server.body = status, body
    flow_id = await _start(hass)
    result = await hass.config_entries.flow.async_configure(
        flow_id, {CONF_URL: feed_server.url}
    )
    assert result["type"] is FlowResultType.FORM
    assert result["errors"] == {"base": error}

    feed_server.status, feed_server.body = 200, good_body
    result = await hass.config_entries.flow.async_configure(
        flow_id, {CONF_URL: feed_server.url}
    )
    assert result["type"] is FlowResultType.CREATE_ENTRY


async def test_unreachable_server_is_cannot_connect(
    hass: HomeAssistant, feed_server: FeedServer
) -> None:
    url = feed_server.url
    await feed_server.server.close()
    flow_id = await _start(hass)
    result = await hass.config_entries.flow.async_configure(flow_id, {CONF_URL: url})
    assert result["errors"] == {"base": "cannot_connect"}


async def test_slow_server_is_timeout(
    hass: HomeAssistant, feed_server: FeedServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(client, "TOTAL_TIMEOUT", 0.2)
    feed_server.delay = 1.0
    flow_id = await _start(hass)
    result = await hass.config_entries.flow.async_configure(
        flow_id, {CONF_URL: feed_server.url}
    )
    assert result["errors"] == {"base": "timeout"}


async def test_oversized_body_is_too_large(
    hass: HomeAssistant, feed_server: FeedServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(client, "MAX_BODY_BYTES", 1000)
    flow_id = await _start(hass)
    result = await hass.config_entries.flow.async_configure(
        flow_id, {CONF_URL: feed_server.url}
    )
    assert result["errors"] == {"base": "too_large"}


@pytest.mark.parametrize(
    "url", ["file:///etc/passwd", "ftp://example.org/feed.ics", "example.org/feed.ics"]
)
async def test_unsupported_url_is_refused(hass: HomeAssistant, url: str) -> None:
    flow_id = await _start(hass)
    result = await hass.config_entries.flow.async_configure(flow_id, {CONF_URL: url})
    assert result["type"] is FlowResultType.FORM
    assert result["errors"] == {CONF_URL: "invalid_url"}
