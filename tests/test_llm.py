"""The seminar tools for LLM agents, through Home Assistant's Assist API."""

import datetime as dt
from pathlib import Path
from typing import Any

from freezegun.api import FrozenDateTimeFactory
from homeassistant.components import llm as llm_component
from homeassistant.components.homeassistant.exposed_entities import (
    async_expose_entity,
)
from homeassistant.core import Context, HomeAssistant
from homeassistant.helpers import entity_registry as er, llm
from homeassistant.setup import async_setup_component
import probatio
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.seminar_calendar.const import DOMAIN

from .conftest import (
    GORSKI_ABSTRACT,
    TALKS_START,
    FeedServer,
    async_at,
    async_set_up_local_calendar,
    async_set_up_talks,
    set_up_entry,
    talk,
)

START = TALKS_START  # Wednesday 14 May 2025, 08:00 in Berlin
pytestmark = pytest.mark.usefixtures("frozen")
FIND = "seminar_calendar__find_seminars"
NEXT = "seminar_calendar__next_seminar"
COLLOQUIUM = "calendar.colloquium"
PHYSICS_FEED = (
    "BEGIN:VCALENDAR\nVERSION:2.0\nX-WR-CALNAME:Physics\n"
    + talk("fields", "20250515T090000Z", "Jane Doe (MIT)", "Quantum fields")
    + "BEGIN:VEVENT\nUID:open-day\nSUMMARY:Physics open day\n"
    "DTSTART;VALUE=DATE:20250516\nDTEND;VALUE=DATE:20250517\nEND:VEVENT\n"
    "END:VCALENDAR\n"
)


def _context(assistant: str = "conversation") -> llm.LLMContext:
    return llm.LLMContext(
        platform="test",
        context=Context(),
        language="en",
        assistant=assistant,
        device_id=None,
    )


async def _api(hass: HomeAssistant, assistant: str = "conversation") -> llm.APIInstance:
    return await llm.async_get_api(hass, llm.LLM_API_ASSIST, _context(assistant))


def _seminar_tools(api: llm.APIInstance) -> list[str]:
    return [tool.name for tool in api.tools if tool.integration == DOMAIN]


async def _call(api: llm.APIInstance, tool: str = FIND, **args: Any) -> llm.ToolResult:
    return await api.async_call_tool(llm.ToolInput(tool, args))


async def _summaries(api: llm.APIInstance, tool: str = FIND, **args: Any) -> list[str]:
    result = await _call(api, tool, **args)
    assert not result.error, result.data
    return [seminar["summary"] for seminar in result.data["seminars"]]  # type: ignore[index,union-attr]


@pytest.fixture
async def colloquium(
    hass: HomeAssistant, feed_server: FeedServer, frozen: FrozenDateTimeFactory
) -> MockConfigEntry:
    """Set up Assist's API and the talks feed (at START), exposed to Assist."""
    assert await async_setup_component(hass, "homeassistant", {})
    assert await async_setup_component(hass, "llm", {})
    entry = await async_set_up_talks(hass, feed_server)
    async_expose_entity(hass, "conversation", COLLOQUIUM, True)
    return entry


async def _set_up_physics(hass: HomeAssistant, feed_server: FeedServer) -> None:
    feed_server.pages["/physics.ics"] = PHYSICS_FEED.encode()
    await set_up_entry(hass, feed_server.url.replace("feed", "physics"), "Physics")


async def test_tools_only_for_exposed_seminar_calendars_and_only_on_assist(
    hass: HomeAssistant, feed_server: FeedServer, tmp_path: Path
) -> None:
    assert await async_setup_component(hass, "homeassistant", {})
    assert await async_setup_component(hass, "llm", {})
    await async_set_up_talks(hass, feed_server)
    await _set_up_physics(hass, feed_server)
    # A calendar of another integration, and one without a registry entry, exposed.
    await async_set_up_local_calendar(hass, tmp_path)
    hass.states.async_set("calendar.no_registry", "off", {"friendly_name": "Other"})
    others = [
        entity_id
        for entity_id in hass.states.async_entity_ids("calendar")
        if entity_id not in {COLLOQUIUM, "calendar.physics"}
    ]
    assert others == ["calendar.personal", "calendar.no_registry"]
    for entity_id in others:
        async_expose_entity(hass, "conversation", entity_id, True)
    # Calendars are not exposed by default.
    api = await _api(hass)
    assert _seminar_tools(api) == []
    assert DOMAIN not in api.api_prompt

    async_expose_entity(hass, "conversation", COLLOQUIUM, True)
    async_expose_entity(hass, "cloud.alexa", "calendar.physics", True)
    api = await _api(hass)
    assert _seminar_tools(api) == [FIND, NEXT]
    assert '"Colloquium" list talks' in api.api_prompt
    assert "Physics" not in api.api_prompt
    assert "rather than calendar__get_events" in api.api_prompt
    for tool in api.tools[-2:]:
        assert tool.annotations.read_only
        assert not tool.annotations.destructive
        # Conversation agents hand the arguments to the model as OpenAPI.
        schema = probatio.to_openapi(
            tool.parameters, custom_serializer=api.custom_serializer
        )
        assert schema["properties"]["calendar"]["enum"] == ["Colloquium"]
    assert _seminar_tools(await _api(hass, "cloud.alexa")) == [FIND, NEXT]

    tools = await llm_component.async_get_tools(hass, _context(), "another_api")
    assert [tool for tool in tools.tools if tool.integration == DOMAIN] == []

    # Without a name to be asked by (no alias left), a calendar is not offered.
    er.async_get(hass).async_update_entity(COLLOQUIUM, aliases=[])
    assert _seminar_tools(await _api(hass)) == []


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        ({"range": "today"}, ["gorski"]),
        ({"range": "tomorrow"}, ["doe"]),
        ({"range": "week"}, ["gorski", "doe", "odegard"]),
        ({"range": "next_week"}, ["odegard", "sheaves"]),
        ({"range": "month"}, ["gorski", "doe", "odegard", "sheaves", "numbers"]),
        ({}, ["gorski", "doe", "odegard", "sheaves", "numbers"]),
        (
            {"start": "2025-06-02T14:00:00", "end": "2025-06-30T00:00:00+02:00"},
            ["numbers", "late"],
        ),
        ({"start": "2025-06-02T15:00:00", "end": "2025-06-30T00:00:00"}, ["late"]),
        ({"start": "2025-06-23", "end": "2025-06-24"}, ["late"]),  # dates: midnight
        (
            {"range": None, "query": None},
            ["gorski", "doe", "odegard", "sheaves", "numbers"],
        ),
    ],
)
@pytest.mark.usefixtures("colloquium")
async def test_every_range_as_core_counts_it(
    hass: HomeAssistant, args: dict[str, str], expected: list[str]
) -> None:
    result = await _call(await _api(hass), **args)
    assert [s["url"].split("/")[-2] for s in result.data["seminars"]] == expected  # type: ignore[index,union-attr]


@pytest.mark.usefixtures("colloquium")
async def test_next_week_on_a_monday_is_the_week_after(
    hass: HomeAssistant, frozen: FrozenDateTimeFactory
) -> None:
    await async_at(hass, frozen, dt.datetime(2025, 5, 26, 5, tzinfo=dt.UTC))
    api = await _api(hass)
    assert await _summaries(api, range="next_week") == [
        "Number theory day (Ada Lovelace)"
    ]
    assert await _summaries(api, range="today") == []


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        ({"query": "gorski"}, ["gorski"]),
        ({"query": "GÓRSKI"}, ["gorski"]),
        ({"query": "lukasz"}, ["gorski"]),
        ({"query": "Łukasz Górski"}, ["gorski"]),
        ({"query": "knots jagiellonski"}, ["gorski"]),
        ({"query": "surprising"}, ["gorski"]),  # in the abstract
        ({"query": "topology"}, ["doe", "odegard"]),  # a category, a title
        ({"query": "topology networks"}, ["odegard"]),
        ({"query": "topology doe"}, ["doe"]),
        ({"query": "kobenhavns"}, ["odegard"]),
        ({"query": "topology", "range": "tomorrow"}, ["doe"]),
        (
            {
                "query": "topology",
                "start": "2025-06-01T00:00:00",
                "end": "2025-07-01T00:00:00",
            },
            ["late"],
        ),
        ({"query": "cryptography"}, []),
        ({"speaker": "jane doe"}, ["doe", "sheaves"]),
        ({"speaker": "Soren Odegard"}, ["odegard"]),
        ({"speaker": "MIT"}, []),  # an affiliation, not a name
        ({"speaker": "doe", "query": "sheaves"}, ["sheaves"]),
        ({"speaker": "lovelace", "query": "topology"}, []),
        ({"calendar": "Colloquium", "query": "gorski"}, ["gorski"]),
        ({"calendar": " colloquium", "query": "gorski"}, ["gorski"]),
    ],
)
@pytest.mark.usefixtures("colloquium")
async def test_query_and_speaker_ignore_case_and_accents(
    hass: HomeAssistant, args: dict[str, Any], expected: list[str]
) -> None:
    result = await _call(await _api(hass), **args)
    assert not result.error
    assert [s["url"].split("/")[-2] for s in result.data["seminars"]] == expected  # type: ignore[index,union-attr]
    assert "more" not in result.data


@pytest.mark.usefixtures("colloquium")
async def test_a_seminar_as_the_agent_gets_it(hass: HomeAssistant) -> None:
    api = await _api(hass)
    result = await _call(api, query="gorski")
    (seminar,) = result.data["seminars"]  # type: ignore[misc]
    abstract = seminar.pop("abstract")
    assert seminar == {
        "calendar": "Colloquium",
        "summary": "Knots in fluid flows (Łukasz Górski)",
        "title": "Knots in fluid flows",
        "speaker": "Łukasz Górski",
        "speakers": ["Łukasz Górski"],
        "affiliation": "Uniwersytet Jagielloński",
        "start": "2025-05-14T16:00:00+02:00",
        "end": "2025-05-14T17:00:00+02:00",
        "location": "Room 1",
        "categories": ["Colloquium"],
        "url": "https://maths.example.edu/talks/gorski/",
        "abstract_truncated": True,
    }
    assert abstract.endswith(" …")
    assert 500 < len(abstract) <= 602
    assert GORSKI_ABSTRACT.startswith(abstract.removesuffix(" …"))

    (doe,) = (await _call(api, range="tomorrow")).data["seminars"]  # type: ignore[misc]
    assert "abstract_truncated" not in doe
    assert "Homotopy types" in doe["abstract"]  # no abstract labelled: the description
    assert "all_day" not in doe


@pytest.mark.usefixtures("colloquium")
async def test_a_limit_keeps_the_first_and_counts_the_rest(hass: HomeAssistant) -> None:
    api = await _api(hass)
    result = await _call(api, limit=2)
    assert [s["url"].split("/")[-2] for s in result.data["seminars"]] == [  # type: ignore[index,union-attr]
        "gorski",
        "doe",
    ]
    assert result.data["more"] == 3
    assert len((await _call(api, limit="5")).data["seminars"]) == 5  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("args", "error"),
    [
        ({"calendar": "Physics"}, "Calendar not found"),
        ({"range": "fortnight"}, "Invalid arguments"),
        ({"limit": 0}, "Invalid arguments"),
        ({"limit": 51}, "Invalid arguments"),
        ({"start": "next tuesday", "end": "2025-06-01T00:00:00"}, "Invalid arguments"),
        ({"start": "2025-06-01T00:00:00"}, "Give a range, or both start and end"),
        ({"end": "2025-06-01T00:00:00"}, "Give a range, or both start and end"),
        (
            {
                "range": "week",
                "start": "2025-06-01T00:00:00",
                "end": "2025-06-02T00:00:00",
            },
            "Give a range, or both start and end",
        ),
        (
            {"start": "2025-06-02T00:00:00", "end": "2025-06-01T00:00:00"},
            "The range ends before it starts",
        ),
        (
            {"start": "2025-06-02T00:00:00", "end": "2025-06-02T00:00:00"},
            "The range ends before it starts",
        ),
    ],
)
@pytest.mark.usefixtures("colloquium")
async def test_errors_are_explained_in_the_result(
    hass: HomeAssistant, args: dict[str, Any], error: str
) -> None:
    result = await _call(await _api(hass), **args)
    assert result.error
    assert result.data["error"] == error
    if error == "Calendar not found":
        assert result.data["calendars"] == ["Colloquium"]
    if error == "Invalid arguments":
        assert result.data["error_text"]
    if error.startswith("The range ends"):
        assert result.data["start"] == "2025-06-02T00:00:00+02:00"


async def test_several_calendars_in_one_start_order_and_by_alias(
    hass: HomeAssistant, colloquium: MockConfigEntry, feed_server: FeedServer
) -> None:
    await _set_up_physics(hass, feed_server)
    async_expose_entity(hass, "conversation", "calendar.physics", True)
    er.async_get(hass).async_update_entity(
        "calendar.physics", aliases=[er.COMPUTED_NAME, "Physics talks"]
    )
    api = await _api(hass)
    assert '"Colloquium", "Physics" list talks' in api.api_prompt
    result = await _call(api, range="week")
    assert [(s["calendar"], s["summary"]) for s in result.data["seminars"]] == [  # type: ignore[index,union-attr]
        ("Colloquium", "Knots in fluid flows (Łukasz Górski)"),
        ("Physics", "Quantum fields (Jane Doe)"),
        ("Colloquium", "Homotopy types (Jane Doe)"),
        ("Physics", "Physics open day"),
        ("Colloquium", "Algebraic topology of networks (Søren Ødegård)"),
    ]
    open_day = result.data["seminars"][3]  # type: ignore[index]
    assert open_day["all_day"] is True
    assert (open_day["start"], open_day["end"]) == ("2025-05-16", "2025-05-17")
    assert open_day["abstract"] is None
    assert await _summaries(api, calendar="Physics talks") == [
        "Quantum fields (Jane Doe)",
        "Physics open day",
    ]
    assert await _summaries(api, speaker="jane", range="tomorrow") == [
        "Quantum fields (Jane Doe)",
        "Homotopy types (Jane Doe)",
    ]
    assert await _summaries(api, NEXT, count=2) == [
        "Knots in fluid flows (Łukasz Górski)",
        "Quantum fields (Jane Doe)",
    ]


async def test_next_seminar_is_the_next_not_yet_started(
    hass: HomeAssistant, colloquium: MockConfigEntry, frozen: FrozenDateTimeFactory
) -> None:
    api = await _api(hass)
    result = await _call(api, NEXT)
    assert [s["speaker"] for s in result.data["seminars"]] == ["Łukasz Górski"]  # type: ignore[index,union-attr]
    assert await _summaries(api, NEXT, count=3, calendar="Colloquium") == [
        "Knots in fluid flows (Łukasz Górski)",
        "Homotopy types (Jane Doe)",
        "Algebraic topology of networks (Søren Ødegård)",
    ]
    # During Górski's talk, the next is Jane Doe's.
    await async_at(hass, frozen, dt.datetime(2025, 5, 14, 14, 30, tzinfo=dt.UTC))
    assert await _summaries(api, NEXT) == ["Homotopy types (Jane Doe)"]
    assert (await _call(api, NEXT, count=0)).error
    assert (await _call(api, NEXT, count=11)).error
    # After the last talk, nothing is next.
    await async_at(hass, frozen, dt.datetime(2025, 6, 23, 12, 30, tzinfo=dt.UTC))
    assert await _summaries(api, NEXT, count=10) == []


async def test_a_calendar_unloaded_since_the_agent_asked_is_explained(
    hass: HomeAssistant, colloquium: MockConfigEntry
) -> None:
    api = await _api(hass)
    await hass.config_entries.async_unload(colloquium.entry_id)
    result = await _call(api, NEXT)
    assert result.error
    assert result.data == {
        "error": "Calendar not available",
        "calendars": ["Colloquium"],
    }
    assert _seminar_tools(await _api(hass)) == []
