"""The whole chain as a user meets it: onboarding, the config flow, the calendar, the browser."""

import datetime as dt
import os
import re
import shutil
import time
from typing import Any
from zoneinfo import ZoneInfo

from playwright.sync_api import sync_playwright
import pytest

from tools.devstack import DemoFeedServer, HomeAssistant

from .conftest import ARTIFACTS, PASSWORD, TIME_ZONE, USER

NEW_YORK = ZoneInfo("America/New_York")
LOCAL = ZoneInfo(TIME_ZONE)
CALENDAR = "calendar.demo_seminars"
FIRST_TALK = "Echo Chamber: RL Post-training Amplifies Behaviors Learned in Pretraining"
EXTRA_TALK = """BEGIN:VEVENT
DTSTART;TZID=America/New_York:{day}T150000
DTEND;TZID=America/New_York:{day}T160000
UID:20099-added@seminars.example.edu
SUMMARY:Added Talk: Knots and Quantum Invariants
DESCRIPTION:Speaker: Edward Witten\\, IAS
CATEGORIES:Colloquium
END:VEVENT
"""

# config/configuration.yaml's template sensor holds a get_seminars search; this card lists it.
SEARCH_CARD = """\
{% for s in state_attr('sensor.demo_seminars_about_geometry', 'seminars') or [] %}
**{{ as_timestamp(s.start) | timestamp_custom('%a %d %b' if s.all_day else '%a %d %b, %-I:%M %p') }}**
{{ s.title or s.summary }}
{%- if s.speaker %} — {{ s.speaker }}{% if s.affiliation %} ({{ s.affiliation }}){% endif %}{% endif %}

{% endfor %}"""

DASHBOARD = {
    "title": "Seminars",
    "views": [
        {
            "title": "Seminars",
            "cards": [
                {"type": "tile", "entity": "sensor.demo_seminars_next_seminar"},
                {
                    "type": "entities",
                    "entities": [
                        "sensor.demo_seminars_next_seminar_start",
                        "sensor.demo_seminars_next_speaker",
                        "sensor.demo_seminars_next_seminar_location",
                    ],
                },
                {
                    "type": "picture-entity",
                    "entity": "image.demo_seminars_next_seminar_poster",
                    "show_state": False,
                },
                {
                    "type": "calendar",
                    "entities": [CALENDAR],
                    "initial_view": "listWeek",
                },
                {
                    "type": "markdown",
                    "title": "Talks about geometry",
                    "content": SEARCH_CARD,
                },
            ],
        }
    ],
}


def _events(hass: HomeAssistant, days: int = 20) -> list[dict[str, Any]]:
    now = dt.datetime.now(dt.UTC)
    window = f"start={now:%Y-%m-%dT%H:%M:%SZ}&end={now + dt.timedelta(days=days):%Y-%m-%dT%H:%M:%SZ}"
    return list(hass.get(f"/api/calendars/{CALENDAR}?{window}"))


def _when(event: dict[str, Any]) -> dt.datetime:
    return dt.datetime.fromisoformat(event["start"]["dateTime"])


def _wait_for(condition: Any, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            raise TimeoutError("condition not met in time")
        time.sleep(1)


@pytest.fixture(scope="module")
def title(hass: HomeAssistant, feed: DemoFeedServer) -> str:
    """Add the demo feed through the config flow, as the UI does."""
    return hass.ensure_entry(feed.url)


def test_config_flow_creates_the_entry_once(
    hass: HomeAssistant, feed: DemoFeedServer, title: str
) -> None:
    assert title == "Demo Seminars"
    assert hass.ensure_entry(feed.url) == title
    assert (
        len(hass.get("/api/config/config_entries/entry?domain=seminar_calendar")) == 1
    )


@pytest.mark.usefixtures("title")
def test_calendar_and_sensors_hold_the_demo_seminars(hass: HomeAssistant) -> None:
    events = _events(hass)
    summaries = [event["summary"] for event in events]
    assert FIRST_TALK in summaries
    assert "Workshop: Geometry and Learning" in summaries
    assert "Mathematical Physics Seminar (moved to the next day)" in summaries
    first = next(event for event in events if event["summary"] == FIRST_TALK)
    start = _when(first)
    # 12:00 in New York, shown in the instance's own time zone.
    assert start.astimezone(NEW_YORK).hour == 12
    assert start.utcoffset() == start.astimezone(LOCAL).utcoffset()
    assert first["description"].startswith("Speaker: Samy Jelassi (CMSA)")
    workshop = next(
        event for event in events if event["summary"].startswith("Workshop")
    )
    assert "date" in workshop["start"]

    # The weekly series names no person ("Rotating members of the group"): no speaker line.
    weekly = next(
        event for event in events if event["summary"] == "Mathematical Physics Seminar"
    )
    assert not weekly["description"].startswith("Speaker:")

    # Nothing meets today, so the next seminar is tomorrow's first, whatever the hour.
    upcoming = [
        event for event in events if _when_or_date(event) > dt.datetime.now(dt.UTC)
    ]
    assert upcoming[0]["summary"] == FIRST_TALK
    next_seminar = hass.get("/api/states/sensor.demo_seminars_next_seminar")
    assert next_seminar["state"] == FIRST_TALK
    assert next_seminar["attributes"]["speaker"] == "Samy Jelassi"
    speaker = hass.get("/api/states/sensor.demo_seminars_next_speaker")["state"]
    assert speaker == "Samy Jelassi"
    next_start = hass.get("/api/states/sensor.demo_seminars_next_seminar_start")[
        "state"
    ]
    assert dt.datetime.fromisoformat(next_start) == start


@pytest.mark.usefixtures("title")
def test_a_template_sensor_holds_a_get_seminars_search(hass: HomeAssistant) -> None:
    """config/configuration.yaml asks get_seminars each minute for talks about geometry."""

    def search() -> dict[str, Any] | None:
        state = hass.get("/api/states/sensor.demo_seminars_about_geometry")
        return state if state["state"] not in {"unknown", "unavailable"} else None

    _wait_for(search, seconds=120)
    seminars = search()["attributes"]["seminars"]  # type: ignore[index]
    # The workshop by its summary, the colloquium by its abstract ("geometry group").
    assert [seminar["summary"] for seminar in seminars] == [
        "Colloquium: Mirror Symmetry for Log Calabi-Yau Surfaces",
        "Workshop: Geometry and Learning",
    ]
    assert seminars[0]["speaker"] == "Kenji Watanabe"
    assert seminars[0]["affiliation"] == "University of Tokyo"
    assert seminars[1]["all_day"] is True


def _when_or_date(event: dict[str, Any]) -> dt.datetime:
    if "dateTime" in event["start"]:
        return _when(event)
    day = dt.date.fromisoformat(event["start"]["date"])
    return dt.datetime.combine(day, dt.time(), LOCAL)


@pytest.mark.usefixtures("title")
def test_feed_changes_arrive_and_data_survives_the_feed_going_down(
    hass: HomeAssistant, feed: DemoFeedServer
) -> None:
    day = (dt.date.today() + dt.timedelta(days=2)).strftime("%Y%m%d")
    feed.extra = EXTRA_TALK.format(day=day)
    feed.dropped = frozenset({"20003-"})  # "Sheaves on Moduli Spaces" is called off
    hass.post("/api/services/homeassistant/update_entity", {"entity_id": CALENDAR})

    def changed() -> bool:
        summaries = {event["summary"] for event in _events(hass)}
        return (
            "Added Talk: Knots and Quantum Invariants" in summaries
            and "Sheaves on Moduli Spaces" not in summaries
        )

    _wait_for(changed)

    feed.down = True
    try:
        hass.post("/api/services/homeassistant/update_entity", {"entity_id": CALENDAR})
        _wait_for(lambda: bool(feed.requests) and feed.requests[-1][1] == 0)
        time.sleep(2)  # the failed refresh lands; the seminars must still be there
        assert hass.get(f"/api/states/{CALENDAR}")["state"] != "unavailable"
        assert "Added Talk: Knots and Quantum Invariants" in {
            event["summary"] for event in _events(hass)
        }
    finally:
        feed.down = False


def _chromium() -> str | None:
    return (
        os.environ.get("CHROMIUM")
        or shutil.which("chromium")
        or shutil.which("chromium-browser")
    )


@pytest.mark.usefixtures("title")
def test_browser_shows_the_seminars(hass: HomeAssistant) -> None:
    executable = _chromium()
    assert executable, "Chromium is needed: scripts/e2e installs Debian's chromium"
    # Home Assistant's own notice that a Core installation (a Python process, as
    # here) is deprecated is no business of these pictures.
    hass.ws(
        {
            "type": "repairs/ignore_issue",
            "domain": "homeassistant",
            "issue_id": "deprecated_method",
            "ignore": True,
        }
    )
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=executable,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-dev-shm-usage",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
            ],
        )
        page = browser.new_page(
            viewport={"width": 1280, "height": 900}, timezone_id=TIME_ZONE
        )
        page.goto(hass.base, wait_until="domcontentloaded")
        page.locator("input[name=username]").fill(USER)
        page.locator("input[name=password]").fill(PASSWORD)
        page.keyboard.press("Enter")
        page.wait_for_url(re.compile(r"/(home|lovelace)"), timeout=60_000)
        # A dashboard with a calendar card and the sensors, saved through the frontend's
        # own connection, as the dashboard editor does.
        page.wait_for_function(
            "document.querySelector('home-assistant')?.hass?.connection"
        )
        page.evaluate(
            """async config => {
                const hass = document.querySelector('home-assistant').hass;
                await hass.callWS({type: 'lovelace/dashboards/create',
                    url_path: 'dashboard-seminars', title: 'Seminars', mode: 'storage',
                    show_in_sidebar: true, require_admin: false});
                await hass.callWS({type: 'lovelace/config/save',
                    url_path: 'dashboard-seminars', config});
            }""",
            DASHBOARD,
        )

        page.goto(f"{hass.base}/calendar", wait_until="domcontentloaded")
        page.get_by_role("button", name="List").or_(
            page.locator("[label='List']")
        ).first.click()
        page.get_by_text("Echo Chamber").first.wait_for(timeout=60_000)
        page.screenshot(path=ARTIFACTS / "calendar.png")
        # A seminar opened: speaker, abstract and link in its description.
        page.get_by_text("Echo Chamber").first.click()
        page.get_by_text("Speaker: Samy Jelassi").first.wait_for(timeout=60_000)
        page.wait_for_timeout(1000)  # let the dialog finish opening
        page.screenshot(path=ARTIFACTS / "seminar.png")
        page.keyboard.press("Escape")

        page.goto(f"{hass.base}/dashboard-seminars/0", wait_until="domcontentloaded")
        next_seminar = hass.get("/api/states/sensor.demo_seminars_next_seminar")[
            "state"
        ]
        page.get_by_text(next_seminar).first.wait_for(timeout=60_000)
        page.get_by_text("Echo Chamber").first.wait_for(timeout=60_000)
        # The poster, fetched by Home Assistant from the demo site, is on the card.
        page.locator("hui-picture-entity-card img").first.wait_for(timeout=60_000)
        # The markdown card of the get_seminars search, by its speaker's line.
        page.get_by_text("Kenji Watanabe").first.wait_for(timeout=120_000)
        page.wait_for_timeout(3000)  # let the frontend's loading overlay fade out
        page.screenshot(path=ARTIFACTS / "dashboard.png")
        page.locator("hui-markdown-card").first.screenshot(
            path=ARTIFACTS / "search.png"
        )
        browser.close()
