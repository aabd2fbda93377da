"""The dev stack's life after a first start: clean settings, ten minutes up, a restart followed.

Runs after test_stack.py (file order), on the same Home Assistant instance.
"""

import contextlib
import time

import pytest
import requests

from tools.devstack import HomeAssistant

from .conftest import LOCALE, LOG, PASSWORD, USER

CALENDAR = "calendar.demo_seminars"
# Home Assistant 2026.10 reverts an unconfirmed HTTP change, and restarts, after 5 min.
STILL_UP_AFTER_SECONDS = 10 * 60


def test_a_fresh_instance_has_nothing_to_confirm_or_repair(hass: HomeAssistant) -> None:
    http = hass.ws({"type": "http/config"})
    assert http["pending"] is None
    assert http["revert_at"] is None
    assert http["active_config_type"] == "stable"
    assert http["stable"]["server_host"] == ["127.0.0.1"]
    issues = hass.ws({"type": "repairs/list_issues"})["issues"]
    assert [
        issue["issue_id"]
        for issue in issues
        if issue["domain"] == "http" or issue["issue_id"] == "country_not_configured"
    ] == []
    config = hass.get("/api/config")
    assert config["country"] == LOCALE.country
    assert config["time_zone"] == LOCALE.time_zone
    assert config["unit_system"]["temperature"] == "°C"
    steps = requests.get(f"{hass.base}/api/onboarding", timeout=30).json()
    assert steps
    assert all(step["done"] for step in steps)


@pytest.mark.timeout(STILL_UP_AFTER_SECONDS + 120)
def test_still_serving_ten_minutes_after_the_first_start(hass: HomeAssistant) -> None:
    remaining = hass.started_at + STILL_UP_AFTER_SECONDS - time.monotonic()
    time.sleep(max(remaining, 0))
    assert hass.starts == 1
    assert not hass.ended.is_set()
    assert hass.get("/api/core/state")["state"] == "RUNNING"
    assert hass.get(f"/api/states/{CALENDAR}")["state"] != "unavailable"


@pytest.mark.timeout(600)
def test_a_restart_asked_for_through_the_api_is_followed(hass: HomeAssistant) -> None:
    with contextlib.suppress(requests.RequestException):
        hass.post("/api/services/homeassistant/restart", {})
    deadline = time.monotonic() + 120
    while hass.starts < 2 and time.monotonic() < deadline:
        time.sleep(1)
    assert hass.starts == 2
    hass.come_up(USER, PASSWORD, LOCALE)
    assert not hass.ended.is_set()
    assert hass.get(f"/api/states/{CALENDAR}")["state"] != "unavailable"


def test_our_code_uses_no_deprecated_home_assistant_api(hass: HomeAssistant) -> None:
    """Runs on each release CI tests (pinned, newest, floor): a deprecation fails it."""
    log = LOG.read_text(errors="replace")
    assert "Home Assistant initialized" in log
    reports = [
        line
        for line in log.splitlines()
        if "custom integration 'seminar_calendar'" in line
        or ("Warning" in line and "custom_components/seminar_calendar" in line)
    ]
    assert reports == []
