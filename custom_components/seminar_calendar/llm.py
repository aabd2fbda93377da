"""Seminar tools for Home Assistant's LLM agents (the Assist API): search, who is next.

Unlike core's calendar__get_events (today or this week; summary and description),
they know speakers, talks and abstracts, search words and names, and look further.
"""

from abc import abstractmethod
from dataclasses import dataclass
import datetime as dt
from itertools import islice
from operator import attrgetter
from typing import Any, Final, override

from homeassistant.components.calendar.const import DOMAIN as CALENDAR_DOMAIN
from homeassistant.components.homeassistant.exposed_entities import (
    async_should_expose,
)
from homeassistant.components.llm import LLMTools
from homeassistant.core import HomeAssistant, callback
from homeassistant.exceptions import ServiceValidationError
from homeassistant.helpers import (
    config_validation as cv,
    entity_registry as er,
    intent,
    selector,
)
from homeassistant.helpers.llm import (
    LLM_API_ASSIST,
    LLMContext,
    Tool,
    ToolAnnotations,
    ToolInput,
    ToolResult,
)
from homeassistant.util import dt as dt_util
import probatio

from .const import DOMAIN
from .engine import (
    RANGES,
    Feed,
    SeminarEvent,
    SeminarSearch,
    fold,
    in_start_order,
    named_range,
    upcoming,
)
from .seminar_data import seminar_data
from .services import seminar_coordinator

# An abstract longer than this is cut (at a word) and the seminar says so.
MAX_ABSTRACT: Final = 600
DEFAULT_LIMIT: Final = 20
MAX_LIMIT: Final = 50
MAX_COUNT: Final = 10
# What get_seminars gives that an agent does without (the abstract comes cut).
_LEFT_OUT: Final = {"abstract", "all_day", "description", "image", "status", "uid"}
PROMPT: Final = (
    "The seminar calendars {names} list talks with their speaker, affiliation, "
    "title and abstract. For questions about talks, seminars, speakers or topics "
    "(who speaks, about what, when and where, also beyond this week), use "
    f"{DOMAIN}__find_seminars, or {DOMAIN}__next_seminar for who speaks next, "
    "rather than calendar__get_events."
)


@dataclass(frozen=True, slots=True)
class Calendars:
    """The seminar calendars exposed to an assistant."""

    # Entity id to name, in the order of the names.
    names: dict[str, str]
    # Every name and alias, to the entity ids it names.
    aliases: dict[str, list[str]]


def _count(most: int) -> Any:
    return probatio.All(probatio.Coerce(int), probatio.Range(min=1, max=most))


class _SeminarTool(Tool):
    """What both tools share: read-only, the calendars they may name, the answer."""

    annotations = ToolAnnotations(
        read_only=True, destructive=False, idempotent=True, open_world=False
    )
    integration = DOMAIN

    def __init__(self, calendars: Calendars, fields: dict[Any, Any]) -> None:
        """Take the exposed calendars and the tool's other arguments."""
        self.calendars = calendars
        self.parameters = probatio.Schema(
            {
                probatio.Optional("calendar"): probatio.In(list(calendars.aliases)),
                **fields,
            }
        )

    @override
    async def async_call(
        self, hass: HomeAssistant, tool_input: ToolInput, llm_context: LLMContext
    ) -> ToolResult:
        """Validate the arguments as core's tools do, then answer or explain."""
        known = list(self.calendars.aliases)
        try:
            args = self.parameters(self._named(tool_input.tool_args))
        except probatio.Invalid as err:
            if err.path == ["calendar"]:
                return _error("Calendar not found", calendars=known)
            return _error("Invalid arguments", error_text=str(err))
        if "calendar" in args:
            entity_ids = self.calendars.aliases[args["calendar"]]
        else:
            entity_ids = list(self.calendars.names)
        sources: list[tuple[str, Feed]] = []
        for entity_id in entity_ids:
            try:
                coordinator = seminar_coordinator(hass, entity_id)
            except ServiceValidationError:
                return _error("Calendar not available", calendars=known)
            sources.append((self.calendars.names[entity_id], coordinator.data.visible))
        return self.answer(args, sources)

    def _named(self, args: dict[str, Any]) -> dict[str, Any]:
        """Drop arguments given as null; a calendar's name is known without case."""
        args = {key: value for key, value in args.items() if value is not None}
        if isinstance(name := args.get("calendar"), str):
            folded = {fold(alias): alias for alias in self.calendars.aliases}
            args["calendar"] = folded.get(fold(name.strip()), name)
        return args

    @abstractmethod
    def answer(
        self, args: dict[str, Any], sources: list[tuple[str, Feed]]
    ) -> ToolResult:
        """Return the tool's answer from the feeds of the calendars asked about."""


def _error(message: str, **details: Any) -> ToolResult:
    return ToolResult(data={"error": message, **details}, error=True)


class FindSeminarsTool(_SeminarTool):
    """Search the seminars of a window by words and by speaker."""

    name = f"{DOMAIN}__find_seminars"
    title = "Find seminars"
    description = (
        "Find talks in seminar calendars, with speaker, affiliation, title, "
        "location, link and abstract. Give a range (default: month, the next 31 "
        "days) or start and end (ISO 8601). query: words that must all appear "
        "(topic, title, speaker, affiliation, category); speaker: a person's name. "
        "Case and accents are ignored. Results are in start order, at most limit "
        f"(default {DEFAULT_LIMIT}); 'more' counts those left out."
    )

    def __init__(self, calendars: Calendars) -> None:
        """Describe the arguments: the window and the search."""
        super().__init__(
            calendars,
            {
                probatio.Optional("range"): probatio.In(list(RANGES)),
                probatio.Optional("start"): selector.DateTimeSelector(),
                probatio.Optional("end"): selector.DateTimeSelector(),
                probatio.Optional("query"): cv.string,
                probatio.Optional("speaker"): cv.string,
                probatio.Optional("limit"): _count(MAX_LIMIT),
            },
        )

    @override
    def answer(
        self, args: dict[str, Any], sources: list[tuple[str, Feed]]
    ) -> ToolResult:
        """Return the matching seminars of the window, the first limit by start."""
        window = _window(args)
        if isinstance(window, ToolResult):
            return window
        search = SeminarSearch.of(args.get("query"), args.get("speaker"))
        found = in_start_order(
            (name, search.filter(feed.between(*window)), feed.tz)
            for name, feed in sources
        )
        limit = args.get("limit", DEFAULT_LIMIT)
        seminars: list[Any] = [_seminar(*item) for item in islice(found, limit)]
        more = sum(1 for _ in found)
        return ToolResult(
            data={"seminars": seminars, **({"more": more} if more else {})}
        )


class NextSeminarTool(_SeminarTool):
    """The next seminars that have not started: who speaks next."""

    name = f"{DOMAIN}__next_seminar"
    title = "Next seminar"
    description = (
        "Get the next talks that have not started yet in seminar calendars (who "
        "speaks next, about what, when and where), count of them (default 1)."
    )

    def __init__(self, calendars: Calendars) -> None:
        """Describe the arguments: how many."""
        super().__init__(calendars, {probatio.Optional("count"): _count(MAX_COUNT)})

    @override
    def answer(
        self, args: dict[str, Any], sources: list[tuple[str, Feed]]
    ) -> ToolResult:
        """Return the first count seminars that start after now."""
        count = args.get("count", 1)
        now = dt_util.now()
        found = in_start_order(
            (name, islice(upcoming(feed, now), count), feed.tz)
            for name, feed in sources
        )
        return ToolResult(
            data={"seminars": [_seminar(*item) for item in islice(found, count)]}
        )


def _seminar(event: SeminarEvent, calendar: str) -> dict[str, Any]:
    """Return what an agent needs of a seminar; a long abstract is cut, and says so."""
    data = seminar_data(event)
    found = {"calendar": calendar} | {
        k: v for k, v in data.items() if k not in _LEFT_OUT
    }
    if data["all_day"]:
        found["all_day"] = True
    abstract = data["abstract"] or data["description"]
    if abstract is not None and len(abstract) > MAX_ABSTRACT:
        abstract = abstract[:MAX_ABSTRACT].rsplit(None, 1)[0] + " …"
        found["abstract_truncated"] = True
    found["abstract"] = abstract
    return found


def _window(args: dict[str, Any]) -> tuple[dt.datetime, dt.datetime] | ToolResult:
    """Return the window asked for: a named range, or start and end."""
    if "start" in args or "end" in args:
        if "range" in args or "start" not in args or "end" not in args:
            return _error("Give a range, or both start and end")
        start = dt_util.as_local(cv.datetime(args["start"]))
        end = dt_util.as_local(cv.datetime(args["end"]))
        if end <= start:
            return _error(
                "The range ends before it starts",
                start=start.isoformat(),
                end=end.isoformat(),
            )
        return start, end
    return named_range(args.get("range", "month"), dt_util.now())


@callback
def _exposed_calendars(hass: HomeAssistant, assistant: str) -> Calendars:
    """Return the seminar calendars exposed to assistant, with names and aliases."""
    registry = er.async_get(hass)
    loaded = {e.entry_id for e in hass.config_entries.async_loaded_entries(DOMAIN)}
    calendars = Calendars({}, {})
    states = sorted(hass.states.async_all(CALENDAR_DOMAIN), key=attrgetter("name"))
    for state in states:
        entry = registry.async_get(state.entity_id)
        if (
            entry is None
            or entry.platform != DOMAIN
            or not async_should_expose(hass, assistant, state.entity_id)
            or entry.config_entry_id not in loaded
        ):
            continue
        # As core's calendar tool: a calendar without names cannot be asked for.
        if not (names := intent.async_get_entity_aliases(hass, entry, state=state)):
            continue
        calendars.names[state.entity_id] = state.name
        for name in names:
            calendars.aliases.setdefault(name, []).append(state.entity_id)
    return calendars


@callback
def async_get_tools(
    hass: HomeAssistant, llm_context: LLMContext, api_id: str
) -> LLMTools | None:
    """Return the seminar tools when a seminar calendar is exposed to the assistant."""
    if api_id != LLM_API_ASSIST:
        return None
    calendars = _exposed_calendars(hass, llm_context.assistant)
    if not calendars.names:
        return None
    names = ", ".join(f'"{name}"' for name in calendars.names.values())
    return LLMTools(
        tools=[FindSeminarsTool(calendars), NextSeminarTool(calendars)],
        prompt=PROMPT.format(names=names),
    )
