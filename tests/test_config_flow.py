"""Tests for the Seminar Calendar config flow."""

import datetime as dt

from homeassistant.config_entries import SOURCE_USER, ConfigEntryState
from homeassistant.const import CONF_PASSWORD, CONF_URL, CONF_USERNAME, CONF_VERIFY_SSL
from homeassistant.core import HomeAssistant
from homeassistant.data_entry_flow import FlowResultType
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.seminar_calendar.const import DOMAIN

from .conftest import FeedServer, async_set_up, async_set_up_maths

# The Maths feed's Monday (see conftest), for the tests that read its seminars.
START = dt.datetime(2025, 5, 12, 8, tzinfo=dt.UTC)


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
    assert result["data"] == {CONF_URL: feed_server.url, CONF_VERIFY_SSL: True}
    assert "Python" not in feed_server.requests[0]["User-Agent"]
    assert feed_server.requests[0]["User-Agent"].startswith("SeminarCalendar/")
    assert len(feed_server.requests) >= 1


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


async def test_a_bad_answer_shows_an_error_and_the_form_recovers(
    hass: HomeAssistant, feed_server: FeedServer
) -> None:
    """Every kind of bad answer is in test_faults.py; here, the form after one."""
    good_body = feed_server.body
    feed_server.body = b"<!DOCTYPE html><html><body>Events</body></html>"
    flow_id = await _start(hass)
    result = await hass.config_entries.flow.async_configure(
        flow_id, {CONF_URL: feed_server.url}
    )
    assert result["type"] is FlowResultType.FORM
    assert result["errors"] == {"base": "no_feed_on_page"}

    feed_server.body = good_body
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


@pytest.mark.parametrize(
    "url", ["file:///etc/passwd", "ftp://example.org/feed.ics", "example.org/feed.ics"]
)
async def test_unsupported_url_is_refused(hass: HomeAssistant, url: str) -> None:
    flow_id = await _start(hass)
    result = await hass.config_entries.flow.async_configure(flow_id, {CONF_URL: url})
    assert result["type"] is FlowResultType.FORM
    assert result["errors"] == {CONF_URL: "invalid_url"}


async def test_basic_auth_and_certificate_settings(
    hass: HomeAssistant, feed_server: FeedServer
) -> None:
    feed_server.credentials = ("reader", "s3cret")
    flow_id = await _start(hass)
    result = await hass.config_entries.flow.async_configure(
        flow_id, {CONF_URL: feed_server.url}
    )
    assert result["errors"] == {"base": "invalid_auth"}
    result = await hass.config_entries.flow.async_configure(
        flow_id,
        {
            CONF_URL: feed_server.url,
            "advanced": {
                CONF_VERIFY_SSL: False,
                CONF_USERNAME: "reader",
                CONF_PASSWORD: "s3cret",
            },
        },
    )
    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert result["data"] == {
        CONF_URL: feed_server.url,
        CONF_VERIFY_SSL: False,
        CONF_USERNAME: "reader",
        CONF_PASSWORD: "s3cret",
    }


async def _reconfigure(hass: HomeAssistant, entry: MockConfigEntry) -> str:
    result = await entry.start_reconfigure_flow(hass)
    assert result["type"] is FlowResultType.FORM
    assert result["step_id"] == "reconfigure"
    return result["flow_id"]


async def test_reconfigure_changes_the_url_after_validating_it(
    hass: HomeAssistant, feed_server: FeedServer
) -> None:
    entry = MockConfigEntry(
        domain=DOMAIN,
        title="CMSA",
        data={
            CONF_URL: "http://127.0.0.1:9/old.ics",
            CONF_USERNAME: "me",
            CONF_PASSWORD: "pw",
        },
    )
    entry.add_to_hass(hass)
    flow_id = await _reconfigure(hass, entry)

    result = await hass.config_entries.flow.async_configure(
        flow_id, {CONF_URL: "ftp://example.org/feed.ics"}
    )
    assert result["errors"] == {CONF_URL: "invalid_url"}
    feed_server.status = 500
    result = await hass.config_entries.flow.async_configure(
        flow_id, {CONF_URL: feed_server.url}
    )
    assert result["errors"] == {"base": "http_error"}
    assert result["description_placeholders"] == {"status": "500"}

    feed_server.status = 200
    result = await hass.config_entries.flow.async_configure(
        flow_id, {CONF_URL: feed_server.url}
    )
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "reconfigure_successful"
    assert entry.data == {CONF_URL: feed_server.url, CONF_VERIFY_SSL: True}
    await hass.async_block_till_done(wait_background_tasks=True)
    assert entry.state is ConfigEntryState.LOADED


async def test_reconfigure_to_another_entrys_url_aborts(hass: HomeAssistant) -> None:
    MockConfigEntry(
        domain=DOMAIN, data={CONF_URL: "https://a.example/feed"}
    ).add_to_hass(hass)
    entry = MockConfigEntry(domain=DOMAIN, data={CONF_URL: "https://b.example/feed"})
    entry.add_to_hass(hass)
    flow_id = await _reconfigure(hass, entry)
    result = await hass.config_entries.flow.async_configure(
        flow_id, {CONF_URL: "webcal://a.example/feed"}
    )
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "already_configured"


async def test_options_flow_sets_history_days(
    hass: HomeAssistant, mock_config_entry: MockConfigEntry
) -> None:
    entry = await async_set_up(hass, mock_config_entry)
    result = await hass.config_entries.options.async_init(entry.entry_id)
    assert result["type"] is FlowResultType.FORM
    result = await hass.config_entries.options.async_configure(
        result["flow_id"], {"history_days": 30, "look_ahead": 6}
    )
    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert entry.options == {
        "categories": [],
        "exclude": [],
        "history_days": 30,
        "look_ahead": 6,
    }
    await hass.async_block_till_done()
    assert entry.runtime_data.history_window.days == 30


async def test_too_many_redirects_is_cannot_connect(
    hass: HomeAssistant, feed_server: FeedServer
) -> None:
    flow_id = await _start(hass)
    result = await hass.config_entries.flow.async_configure(
        flow_id, {CONF_URL: feed_server.url.replace("/feed.ics", "/moved/20")}
    )
    assert result["errors"] == {"base": "cannot_connect"}


async def test_reauth_when_the_site_refuses_the_credentials(
    hass: HomeAssistant, feed_server: FeedServer
) -> None:
    feed_server.credentials = ("reader", "new-password")
    entry = MockConfigEntry(
        domain=DOMAIN,
        title="CMSA",
        data={CONF_URL: feed_server.url, CONF_USERNAME: "reader", CONF_PASSWORD: "old"},
    )
    await async_set_up(hass, entry)
    assert entry.state is ConfigEntryState.SETUP_ERROR
    (flow,) = hass.config_entries.flow.async_progress_by_handler(DOMAIN)
    assert flow["step_id"] == "reauth_confirm"

    result = await hass.config_entries.flow.async_configure(
        flow["flow_id"], {CONF_USERNAME: "reader", CONF_PASSWORD: "wrong"}
    )
    assert result["errors"] == {"base": "invalid_auth"}
    result = await hass.config_entries.flow.async_configure(
        flow["flow_id"], {CONF_USERNAME: "reader", CONF_PASSWORD: "new-password"}
    )
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "reauth_successful"
    assert entry.data[CONF_PASSWORD] == "new-password"
    await hass.async_block_till_done(wait_background_tasks=True)
    assert entry.state is ConfigEntryState.LOADED


@pytest.mark.usefixtures("frozen")
async def test_options_offer_the_feeds_categories_and_check_patterns(
    hass: HomeAssistant, feed_server: FeedServer
) -> None:
    entry = await async_set_up_maths(hass, feed_server, categories=["Old category"])
    result = await hass.config_entries.options.async_init(entry.entry_id)
    schema = result["data_schema"].schema  # type: ignore[union-attr]
    categories = next(key for key in schema if key == "categories")
    options = schema[categories].config["options"]
    assert options == ["Colloquium", "Member Seminar", "Old category", "Workshop"]

    result = await hass.config_entries.options.async_configure(
        result["flow_id"],
        {
            "categories": [],
            "exclude": ["/(unclosed/"],
            "history_days": 90,
            "look_ahead": 3,
        },
    )
    assert result["type"] is FlowResultType.FORM
    assert result["errors"] == {"exclude": "invalid_regex"}
    assert "missing )" in result["description_placeholders"]["error"]  # type: ignore[index]

    result = await hass.config_entries.options.async_configure(
        result["flow_id"],
        {
            "categories": ["Colloquium"],
            "exclude": [" talk ", " "],
            "history_days": 7,
            "look_ahead": 0,
        },
    )
    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert entry.options == {
        "categories": ["Colloquium"],
        "exclude": ["talk"],
        "history_days": 7,
        "look_ahead": 0,
    }
