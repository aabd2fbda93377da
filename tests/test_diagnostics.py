"""Tests for the diagnostics download."""

import datetime as dt
import json

from freezegun.api import FrozenDateTimeFactory
from homeassistant.const import CONF_PASSWORD, CONF_URL, CONF_USERNAME
from homeassistant.core import HomeAssistant
from pytest_homeassistant_custom_component.common import MockConfigEntry
from syrupy.assertion import SnapshotAssertion

from custom_components.seminar_calendar.const import DOMAIN
from custom_components.seminar_calendar.diagnostics import (
    async_get_config_entry_diagnostics,
)

from .conftest import FeedServer, async_set_up


async def test_diagnostics_without_secrets(
    hass: HomeAssistant,
    feed_server: FeedServer,
    freezer: FrozenDateTimeFactory,
    snapshot: SnapshotAssertion,
) -> None:
    freezer.move_to(dt.datetime(2025, 5, 9, 12, tzinfo=dt.UTC))
    feed_server.credentials = ("reader", "PASSWORD-SECRET")
    feed_server.etag = '"etag-value"'
    url = feed_server.url + "?token=URL-SECRET"
    entry = MockConfigEntry(
        domain=DOMAIN,
        title="CMSA",
        entry_id="01JSEMINARCALENDARDIAGNOST",
        data={CONF_URL: url, CONF_USERNAME: "reader", CONF_PASSWORD: "PASSWORD-SECRET"},
    )
    await async_set_up(hass, entry)

    diagnostics = await async_get_config_entry_diagnostics(hass, entry)
    text = json.dumps(diagnostics)
    for secret in (
        "URL-SECRET",
        "PASSWORD-SECRET",
        "etag-value",
        str(feed_server.server.port),
    ):
        assert secret not in text
    assert diagnostics == snapshot
