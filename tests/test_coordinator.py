"""Tests for refreshing on the feed's own clock, against a real HTTP server on loopback."""

import base64
import datetime as dt
import json
import logging
from typing import Any
from unittest.mock import patch
import zlib

from freezegun.api import FrozenDateTimeFactory
from homeassistant.config_entries import ConfigEntryState
from homeassistant.const import STATE_UNAVAILABLE
from homeassistant.core import HomeAssistant
from homeassistant.helpers import issue_registry as ir
from homeassistant.setup import async_setup_component
import pytest
from pytest_homeassistant_custom_component.common import (
    MockConfigEntry,
)

from custom_components.seminar_calendar.const import DOMAIN
from custom_components.seminar_calendar.engine.model import SeminarEvent
from custom_components.seminar_calendar.engine.tracking.history import to_json
from custom_components.seminar_calendar.sensor import LastRefreshedSensor

from .conftest import (
    CMSA_SEMINAR,
    FeedServer,
    async_advance,
    async_set_up,
    calendar_summaries,
    set_up_entry,
)

START = dt.datetime(2025, 5, 9, 12, tzinfo=dt.UTC)  # a week before the CMSA seminar
MINUTE = dt.timedelta(minutes=1)


async def _summaries(hass: HomeAssistant) -> list[str]:
    return await calendar_summaries(
        hass, START - dt.timedelta(days=30), START + dt.timedelta(days=30)
    )


def _without_ttl(body: bytes) -> bytes:
    return body.replace(b"REFRESH-INTERVAL;VALUE=DURATION:PT1H\n", b"").replace(
        b"X-PUBLISHED-TTL:PT1H\n", b""
    )


@pytest.mark.parametrize(
    ("change_body", "headers", "delay", "source"),
    [
        (lambda body: body, {}, dt.timedelta(hours=1), "feed"),
        (
            lambda body: _without_ttl(body).replace(
                b"METHOD:PUBLISH",
                b"METHOD:PUBLISH\nREFRESH-INTERVAL;VALUE=DURATION:PT30M",
            ),
            {},
            dt.timedelta(minutes=30),
            "feed",
        ),
        (
            lambda body: body.replace(b"PT1H", b"PT1M"),
            {},
            dt.timedelta(minutes=15),
            "feed",
        ),
        (
            lambda body: body.replace(b"PT1H", b"P3D"),
            {},
            dt.timedelta(hours=24),
            "feed",
        ),
        (
            _without_ttl,
            {"Cache-Control": "max-age=7200"},
            dt.timedelta(hours=2),
            "http",
        ),
        (
            _without_ttl,
            {"Expires": "Fri, 09 May 2025 15:00:00 GMT"},
            dt.timedelta(hours=3),
            "http",
        ),
        (_without_ttl, {}, dt.timedelta(hours=1), "default"),
    ],
)
async def test_refreshes_follow_the_published_interval(
    hass: HomeAssistant,
    feed_server: FeedServer,
    frozen: FrozenDateTimeFactory,
    change_body: object,
    headers: dict[str, str],
    delay: dt.timedelta,
    source: str,
) -> None:
    feed_server.body = change_body(feed_server.body)  # type: ignore[operator]
    feed_server.headers.update(headers)
    entry = await set_up_entry(hass, feed_server.url)
    coordinator = entry.runtime_data
    assert (coordinator.update_interval, coordinator.state.interval.source) == (
        delay,
        source,
    )
    assert len(feed_server.requests) == 1

    await async_advance(hass, frozen, delay - MINUTE)
    assert len(feed_server.requests) == 1
    await async_advance(hass, frozen, 2 * MINUTE)
    assert len(feed_server.requests) == 2


async def test_not_modified_keeps_data_without_reparsing_or_state_writes(
    hass: HomeAssistant, feed_server: FeedServer, frozen: FrozenDateTimeFactory
) -> None:
    feed_server.etag = '"v1"'
    feed_server.headers["Last-Modified"] = "Tue, 13 May 2025 15:25:17 GMT"
    with patch.object(
        LastRefreshedSensor, "_attr_entity_registry_enabled_default", True
    ):
        entry = await set_up_entry(hass, feed_server.url)
    coordinator = entry.runtime_data
    data = coordinator.data
    before = hass.states.get("calendar.cmsa")
    assert before is not None

    await async_advance(hass, frozen, dt.timedelta(minutes=61))
    assert feed_server.requests[1]["If-None-Match"] == '"v1"'
    assert (
        feed_server.requests[1]["If-Modified-Since"] == "Tue, 13 May 2025 15:25:17 GMT"
    )
    assert coordinator.state.last_status == "not_modified"
    assert coordinator.data is data
    after = hass.states.get("calendar.cmsa")
    assert after is not None
    assert after.last_reported == before.last_reported
    refreshed = hass.states.get("sensor.cmsa_last_refreshed")
    assert refreshed is not None
    assert dt.datetime.fromisoformat(refreshed.state) == START + dt.timedelta(
        minutes=61
    )


async def test_dtstamp_only_changes_are_recognised(
    hass: HomeAssistant,
    feed_server: FeedServer,
    frozen: FrozenDateTimeFactory,
    init_integration: MockConfigEntry,
) -> None:
    entry = init_integration
    data = entry.runtime_data.data
    before = hass.states.get("calendar.cmsa")
    feed_server.body = feed_server.body.replace(
        b"DTSTAMP:20260520T115918", b"DTSTAMP:20250509T130000"
    )
    await async_advance(hass, frozen, dt.timedelta(minutes=61))
    assert len(feed_server.requests) == 2
    assert entry.runtime_data.state.last_status == "unchanged"
    assert entry.runtime_data.data is data
    after = hass.states.get("calendar.cmsa")
    assert after is not None
    assert before is not None
    assert after.last_reported == before.last_reported


async def test_failures_back_off_keep_data_and_recover(
    hass: HomeAssistant,
    feed_server: FeedServer,
    frozen: FrozenDateTimeFactory,
    caplog: pytest.LogCaptureFixture,
    init_integration: MockConfigEntry,
) -> None:
    entry = init_integration
    feed_server.status = 500
    await async_advance(hass, frozen, dt.timedelta(minutes=61))
    assert len(feed_server.requests) == 2
    for delay in (1, 2, 4, 8):
        await async_advance(
            hass, frozen, dt.timedelta(minutes=delay) - dt.timedelta(seconds=5)
        )
        requests = len(feed_server.requests)
        await async_advance(hass, frozen, dt.timedelta(seconds=10))
        assert len(feed_server.requests) == requests + 1
    state = hass.states.get("calendar.cmsa")
    assert state is not None
    assert state.state != STATE_UNAVAILABLE
    assert await _summaries(hass) == [CMSA_SEMINAR]
    assert entry.runtime_data.state.failures == 5
    errors = [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING]
    assert len([message for message in errors if "HTTP 500" in message]) == 1

    feed_server.status = 200
    await async_advance(hass, frozen, dt.timedelta(minutes=16))
    assert entry.runtime_data.state.failures == 0
    infos = [r.getMessage() for r in caplog.records if r.levelno >= logging.INFO]
    assert len([message for message in infos if "recovered" in message]) == 1


@pytest.mark.parametrize(
    ("status", "retry_after", "delay"),
    [
        (503, "300", dt.timedelta(minutes=5)),
        (429, "Fri, 09 May 2025 13:31:00 GMT", dt.timedelta(minutes=30)),
    ],
)
async def test_retry_after_is_honoured(
    hass: HomeAssistant,
    feed_server: FeedServer,
    frozen: FrozenDateTimeFactory,
    status: int,
    retry_after: str,
    delay: dt.timedelta,
    init_integration: MockConfigEntry,
) -> None:
    feed_server.status = status
    feed_server.headers["Retry-After"] = retry_after
    await async_advance(hass, frozen, dt.timedelta(minutes=61))
    assert len(feed_server.requests) == 2
    await async_advance(hass, frozen, delay - MINUTE)
    assert len(feed_server.requests) == 2
    await async_advance(hass, frozen, 2 * MINUTE)
    assert len(feed_server.requests) == 3


async def test_stale_data_turns_unavailable_after_a_week(
    hass: HomeAssistant,
    feed_server: FeedServer,
    frozen: FrozenDateTimeFactory,
    init_integration: MockConfigEntry,
) -> None:
    feed_server.status = 502
    await async_advance(hass, frozen, dt.timedelta(days=6))
    state = hass.states.get("calendar.cmsa")
    assert state is not None
    assert state.state != STATE_UNAVAILABLE
    for _ in range(25):
        await async_advance(hass, frozen, dt.timedelta(hours=1))
    state = hass.states.get("calendar.cmsa")
    assert state is not None
    assert state.state == STATE_UNAVAILABLE
    feed_server.status = 200
    await async_advance(hass, frozen, dt.timedelta(hours=2))
    state = hass.states.get("calendar.cmsa")
    assert state is not None
    assert state.state != STATE_UNAVAILABLE


async def test_restart_with_the_site_down_shows_the_saved_seminars(
    hass: HomeAssistant, feed_server: FeedServer
) -> None:
    feed_server.etag = '"v1"'
    entry = await set_up_entry(hass, feed_server.url)
    assert await hass.config_entries.async_unload(entry.entry_id)
    feed_server.status = 500
    await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done(wait_background_tasks=True)
    assert entry.state is ConfigEntryState.LOADED
    assert await _summaries(hass) == [CMSA_SEMINAR]
    # The first network refresh after the restart is conditional.
    assert feed_server.requests[-1]["If-None-Match"] == '"v1"'
    state = hass.states.get("calendar.cmsa")
    assert state is not None
    assert state.state != STATE_UNAVAILABLE


async def test_a_corrupt_saved_copy_falls_back_to_the_network(
    hass: HomeAssistant,
    mock_config_entry: MockConfigEntry,
    hass_storage: dict[str, object],
) -> None:
    entry = mock_config_entry
    hass_storage[f"{DOMAIN}.{entry.entry_id}"] = {
        "version": 1,
        "key": f"{DOMAIN}.{entry.entry_id}",
        "data": {
            "body": base64.b64encode(zlib.compress(b"<html>")).decode(),
            "fetched": START.isoformat(),
        },
    }
    await async_set_up(hass, entry)
    assert entry.state is ConfigEntryState.LOADED
    assert await _summaries(hass) == [CMSA_SEMINAR]


def _saved_before_0_4(
    event: SeminarEvent, text: bytes, span: list[int] | None
) -> dict[str, Any]:
    """Return an event as releases before 0.4 saved it: its texts zlib-compressed."""
    saved = to_json(event.record)
    del saved["description"], saved["abstract"]
    return {
        **saved,
        "long_text": base64.b64encode(zlib.compress(text)).decode(),
        "abstract_slice": span,
    }


PAST = SeminarEvent(
    summary="Yesterday's talk",
    start=START - dt.timedelta(hours=20),
    end=START - dt.timedelta(hours=19),
    key="yesterday@example.org",
)


@pytest.mark.parametrize(
    ("minor_version", "text", "span", "description"),
    [
        # 0.1: a list under "past"; the abstract a slice of the description.
        (1, b"Speaker: A\nAbstract: B", [21, 22], "Speaker: A\nAbstract: B"),
        # 0.2 and 0.3: one JSON text; an abstract not in the description after a NUL.
        (2, b"Speaker: A\nAbstract: B", [21, 22], "Speaker: A\nAbstract: B"),
        (2, b"Dinner\x00B", None, "Dinner"),
    ],
)
async def test_a_saved_copy_from_an_earlier_release_is_migrated(
    hass: HomeAssistant,
    feed_server: FeedServer,
    mock_config_entry: MockConfigEntry,
    hass_storage: dict[str, Any],
    minor_version: int,
    text: bytes,
    span: list[int] | None,
    description: str,
) -> None:
    entry = mock_config_entry
    saved_past = [_saved_before_0_4(PAST, text, span)]
    key = f"{DOMAIN}.{entry.entry_id}"
    hass_storage[key] = {
        "version": 1,
        "minor_version": minor_version,
        "key": key,
        "data": {
            "body": base64.b64encode(zlib.compress(feed_server.body)).decode(),
            "fetched": START.isoformat(),
            **(
                {"past": saved_past}
                if minor_version == 1
                else {"past_events": json.dumps(saved_past)}
            ),
        },
    }
    feed_server.status = 503  # only the saved copy can show anything
    await async_set_up(hass, entry)
    assert await _summaries(hass) == ["Yesterday's talk", CMSA_SEMINAR]
    saved = hass_storage[key]
    assert saved["minor_version"] == 3
    assert "past" not in saved["data"]
    assert json.loads(saved["data"]["past_events"]) == [
        {**to_json(PAST.record), "description": description, "abstract": "B"}
    ]


async def test_a_saved_copy_from_a_newer_minor_release_is_read_as_it_is(
    hass: HomeAssistant,
    feed_server: FeedServer,
    mock_config_entry: MockConfigEntry,
    hass_storage: dict[str, Any],
) -> None:
    entry = mock_config_entry
    key = f"{DOMAIN}.{entry.entry_id}"
    hass_storage[key] = {
        "version": 1,
        "minor_version": 4,
        "key": key,
        "data": {
            "body": base64.b64encode(zlib.compress(feed_server.body)).decode(),
            "fetched": START.isoformat(),
            "past_events": "[]",
            "something_newer": True,
        },
    }
    feed_server.status = 503
    await async_set_up(hass, entry)
    assert await _summaries(hass) == [CMSA_SEMINAR]


async def test_history_keeps_past_seminars_and_drops_vanished_future_ones(
    hass: HomeAssistant, feed_server: FeedServer, frozen: FrozenDateTimeFactory
) -> None:
    def event(uid: str, summary: str, start: str) -> bytes:
        return (
            f"BEGIN:VEVENT\nUID:{uid}\nSUMMARY:{summary}\nDTSTART:{start}\n"
            "DURATION:PT1H\nEND:VEVENT\n"
        ).encode()

    head = b"BEGIN:VCALENDAR\nVERSION:2.0\nX-WR-CALNAME:CMSA\n"
    feed_server.body = (
        head
        + event("past", "Yesterday's talk", "20250508T150000Z")
        + event("later", "Talk that will be cancelled", "20250512T150000Z")
        + b"END:VCALENDAR\n"
    )
    entry = await set_up_entry(hass, feed_server.url, history_days=90)
    assert await _summaries(hass) == ["Yesterday's talk", "Talk that will be cancelled"]
    feed_server.body = (
        head + event("new", "New talk", "20250513T150000Z") + b"END:VCALENDAR\n"
    )
    await async_advance(hass, frozen, dt.timedelta(minutes=61))
    assert await _summaries(hass) == ["Yesterday's talk", "New talk"]

    # The history survives a restart.
    assert await hass.config_entries.async_unload(entry.entry_id)
    feed_server.status = 500
    await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done(wait_background_tasks=True)
    assert await _summaries(hass) == ["Yesterday's talk", "New talk"]


async def test_wrong_address_raises_a_repair_issue_that_recovery_clears(
    hass: HomeAssistant,
    feed_server: FeedServer,
    frozen: FrozenDateTimeFactory,
    issue_registry: ir.IssueRegistry,
    init_integration: MockConfigEntry,
) -> None:
    entry = init_integration
    issue_id = f"feed_unavailable_{entry.entry_id}"
    feed_server.status = 404
    await async_advance(hass, frozen, dt.timedelta(minutes=61))
    issue = issue_registry.async_get_issue(DOMAIN, issue_id)
    assert issue is not None
    assert issue.translation_key == "feed_moved"
    assert issue.is_fixable

    feed_server.status = 200
    await async_advance(hass, frozen, dt.timedelta(minutes=2))
    assert issue_registry.async_get_issue(DOMAIN, issue_id) is None


async def test_a_day_of_failures_raises_a_repair_issue(
    hass: HomeAssistant,
    feed_server: FeedServer,
    frozen: FrozenDateTimeFactory,
    issue_registry: ir.IssueRegistry,
    init_integration: MockConfigEntry,
) -> None:
    entry = init_integration
    issue_id = f"feed_unavailable_{entry.entry_id}"
    feed_server.status = 500
    await async_advance(hass, frozen, dt.timedelta(minutes=61))
    assert issue_registry.async_get_issue(DOMAIN, issue_id) is None
    await async_advance(hass, frozen, dt.timedelta(hours=25))
    issue = issue_registry.async_get_issue(DOMAIN, issue_id)
    assert issue is not None
    assert issue.translation_key == "feed_unavailable"


async def test_repair_flow_leads_to_reconfigure(
    hass: HomeAssistant, feed_server: FeedServer, frozen: FrozenDateTimeFactory
) -> None:
    assert await async_setup_component(hass, "repairs", {})
    from homeassistant.components.repairs import repairs_flow_manager

    entry = await set_up_entry(hass, feed_server.url)
    feed_server.status = 410
    await async_advance(hass, frozen, dt.timedelta(minutes=61))
    manager = repairs_flow_manager(hass)
    assert manager is not None
    result = await manager.async_init(
        DOMAIN, data={"issue_id": f"feed_unavailable_{entry.entry_id}"}
    )
    assert result["step_id"] == "confirm"
    assert result["description_placeholders"] == {
        "title": "CMSA",
        "reason": "The feed at the configured address has been removed (HTTP 410)",
    }
    result = await manager.async_configure(result["flow_id"], {})
    assert result["type"] == "create_entry"
    next_flow = result["next_flow"]  # type: ignore[typeddict-item]
    assert hass.config_entries.flow.async_get(next_flow[1])["context"] == {
        "source": "reconfigure",
        "entry_id": entry.entry_id,
    }
    form = await hass.config_entries.flow.async_configure(next_flow[1])
    assert form["step_id"] == "reconfigure"


async def test_secrets_stay_out_of_logs(
    hass: HomeAssistant,
    feed_server: FeedServer,
    frozen: FrozenDateTimeFactory,
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.DEBUG)
    url = feed_server.url + "?token=TOPSECRET"
    await set_up_entry(hass, url)
    for status in (500, 404):
        feed_server.status = status
        await async_advance(hass, frozen, dt.timedelta(hours=2))
    loud = [
        record.getMessage()
        for record in caplog.records
        if record.levelno > logging.DEBUG
    ]
    assert loud
    assert not [message for message in loud if "TOPSECRET" in message]


async def test_removing_the_entry_deletes_the_saved_feed(
    hass: HomeAssistant,
    feed_server: FeedServer,
    hass_storage: dict[str, object],
    init_integration: MockConfigEntry,
) -> None:
    entry = init_integration
    assert f"{DOMAIN}.{entry.entry_id}" in hass_storage
    await hass.config_entries.async_remove(entry.entry_id)
    await hass.async_block_till_done()
    assert f"{DOMAIN}.{entry.entry_id}" not in hass_storage


async def test_site_gone_from_the_network_keeps_the_data(
    hass: HomeAssistant,
    feed_server: FeedServer,
    frozen: FrozenDateTimeFactory,
    init_integration: MockConfigEntry,
) -> None:
    entry = init_integration
    await feed_server.server.close()
    await async_advance(hass, frozen, dt.timedelta(minutes=61))
    assert entry.runtime_data.state.last_status == "cannot_connect"
    assert await _summaries(hass) == [CMSA_SEMINAR]
    state = hass.states.get("calendar.cmsa")
    assert state is not None
    assert state.state != STATE_UNAVAILABLE


async def test_gzip_and_redirects(hass: HomeAssistant, feed_server: FeedServer) -> None:
    feed_server.gzip = True
    entry = await set_up_entry(hass, feed_server.url.replace("/feed.ics", "/moved/3"))
    assert "gzip" in feed_server.requests[0]["Accept-Encoding"]
    assert await _summaries(hass) == [CMSA_SEMINAR]
    assert entry.runtime_data.state.last_status == "updated"


async def test_update_entity_refreshes_at_once(
    hass: HomeAssistant, feed_server: FeedServer
) -> None:
    assert await async_setup_component(hass, "homeassistant", {})
    await set_up_entry(hass, feed_server.url)
    await hass.services.async_call(
        "homeassistant", "update_entity", {"entity_id": "calendar.cmsa"}, blocking=True
    )
    await hass.async_block_till_done(wait_background_tasks=True)
    assert len(feed_server.requests) == 2
