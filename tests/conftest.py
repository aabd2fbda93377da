"""Fixtures for Seminar Calendar tests."""

import asyncio
from collections.abc import AsyncGenerator, Awaitable, Generator
from dataclasses import dataclass, field
import datetime as dt
import gzip
from pathlib import Path
import shutil
from typing import Any
from unittest.mock import PropertyMock, patch
import zlib

import aiohttp
from aiohttp import web
from aiohttp.test_utils import TestServer
from freezegun.api import FrozenDateTimeFactory
from homeassistant.config_entries import ConfigFlowResult
from homeassistant.const import CONF_URL
from homeassistant.core import HomeAssistant, ServiceCall
from homeassistant.setup import async_setup_component
from homeassistant.util import dt as dt_util
import pytest
from pytest_homeassistant_custom_component.common import (
    MockConfigEntry,
    async_fire_time_changed,
    async_mock_service,
)
from pytest_homeassistant_custom_component.syrupy import HomeAssistantSnapshotExtension
from syrupy.assertion import SnapshotAssertion

from custom_components.seminar_calendar.const import DOMAIN
from custom_components.seminar_calendar.engine.texts import blocks as texts
from custom_components.seminar_calendar.engine.web import client

FIXTURES = Path(__file__).parent / "fixtures"
BLUEPRINTS = (
    Path(__file__).parents[1] / "blueprints" / "automation" / "seminar_calendar"
)
# Where a test starts when its module names no START: a week before the CMSA seminar.
DEFAULT_START = dt.datetime(2025, 5, 9, 12, tzinfo=dt.UTC)
# The one seminar of the CMSA sample (16 May 2025, 12:00 in New York).
CMSA_SEMINAR = (
    "Echo Chamber: RL Post-training Amplifies Behaviors Learned in Pretraining"
)


async def set_up_entry(
    hass: HomeAssistant,
    url: str,
    title: str = "CMSA",
    *,
    data: dict[str, Any] | None = None,
    entry_id: str | None = None,
    **options: Any,
) -> MockConfigEntry:
    """Add an entry for the feed at url, set it up, and wait for its background work."""
    entry = MockConfigEntry(
        domain=DOMAIN,
        title=title,
        data={CONF_URL: url, **(data or {})},
        options=options,
        **({"entry_id": entry_id} if entry_id else {}),
    )
    return await async_set_up(hass, entry)


async def async_reconfigure(
    hass: HomeAssistant, entry: MockConfigEntry, url: str
) -> ConfigFlowResult:
    """Run the reconfigure flow of entry with a new address and return its result."""
    result = await entry.start_reconfigure_flow(hass)
    return await hass.config_entries.flow.async_configure(
        result["flow_id"], {CONF_URL: url}
    )


@pytest.fixture(autouse=True)
def frozen(
    freezer: FrozenDateTimeFactory, request: pytest.FixtureRequest
) -> FrozenDateTimeFactory:
    """Start every test at its module's START (else DEFAULT_START), time standing still.

    Nothing waits on the wall clock: tests move time themselves (async_at), and a slow
    server is one that is held (FeedServer.held, async_timed_out).
    """
    freezer.move_to(getattr(request.module, "START", DEFAULT_START))
    return freezer


async def calendar_events(
    hass: HomeAssistant,
    start: dt.datetime,
    end: dt.datetime,
    entity_id: str = "calendar.cmsa",
) -> list[dict[str, str]]:
    """Return the events calendar.get_events gives for a window."""
    response = await hass.services.async_call(
        "calendar",
        "get_events",
        {"start_date_time": start.isoformat(), "end_date_time": end.isoformat()},
        target={"entity_id": entity_id},
        blocking=True,
        return_response=True,
    )
    return response[entity_id]["events"]  # type: ignore[index,return-value]


async def calendar_summaries(
    hass: HomeAssistant,
    start: dt.datetime,
    end: dt.datetime,
    entity_id: str = "calendar.cmsa",
) -> list[str]:
    """Return the summaries calendar.get_events gives for a window."""
    events = await calendar_events(hass, start, end, entity_id)
    return [event["summary"] for event in events]


def tec_talk(post: int, day: int, summary: str, *extra: str) -> str:
    """Return a talk in May 2025 as The Events Calendar writes it: its UID names the times."""
    start, end = f"202505{day:02d}T150000Z", f"202505{day:02d}T160000Z"
    stamp = int(dt.datetime(2025, 5, day, 15, tzinfo=dt.UTC).timestamp())
    return "\n".join(
        [
            "BEGIN:VEVENT",
            f"UID:{post}-{stamp}-{stamp + 3600}@maths.example.edu",
            f"URL:https://maths.example.edu/event/{post}/",
            f"DTSTART:{start}",
            f"DTEND:{end}",
            f"SUMMARY:{summary}",
            *extra,
            "END:VEVENT",
        ]
    )


def tec_feed(*talks: str, stamp: str = "20250512T080000Z") -> bytes:
    """Return a The Events Calendar feed of talks; DTSTAMP is the download's time."""
    head = "BEGIN:VCALENDAR\nVERSION:2.0\nPRODID:-//Maths - ECPv6.15.20//NONSGML v1.0//EN\n"
    head += "X-WR-CALNAME:Maths\nX-PUBLISHED-TTL:PT1H\n"
    body = "".join(
        talk.replace("BEGIN:VEVENT", f"BEGIN:VEVENT\nDTSTAMP:{stamp}") + "\n"
        for talk in talks
    )
    return (head + body + "END:VCALENDAR\n").encode()


async def async_set_up_blueprint(
    hass: HomeAssistant, config_dir: Path, name: str, inputs: dict[str, Any]
) -> None:
    """Set up an automation from one of this repository's blueprints."""
    hass.config.config_dir = str(config_dir)
    target = config_dir / "blueprints" / "automation" / "seminar_calendar"
    target.mkdir(parents=True, exist_ok=True)
    shutil.copy(BLUEPRINTS / name, target)
    blueprint = {"path": f"seminar_calendar/{name}", "input": inputs}
    config = {"automation": {"use_blueprint": blueprint}}
    assert await async_setup_component(hass, "automation", config)
    await hass.async_block_till_done()


async def async_use_blueprint(
    hass: HomeAssistant, config_dir: Path, name: str, inputs: dict[str, Any]
) -> list[ServiceCall]:
    """Set up an automation from one of this repository's blueprints, notifying a mock.

    Returns the calls of notify.test, which get the blueprint's title and message.
    """
    calls = async_mock_service(hass, "notify", "test")
    notify = {"title": "{{ title }}", "message": "{{ message }}"}
    await async_set_up_blueprint(
        hass,
        config_dir,
        name,
        {**inputs, "notify": [{"action": "notify.test", "data": notify}]},
    )
    return calls


def fixture_bytes(name: str) -> bytes:
    """Return the bytes of a file in tests/fixtures."""
    return (FIXTURES / name).read_bytes()


@pytest.fixture(autouse=True)
def auto_enable_custom_integrations(enable_custom_integrations: None) -> None:
    """Let Home Assistant load the integration under test."""


@pytest.fixture(autouse=True)
def fresh_text_cache() -> Generator[None]:
    """Start every test with the process-wide cache of decompressed texts empty."""
    texts.clear_cache()
    yield
    texts.clear_cache()


@pytest.fixture
def snapshot(snapshot: SnapshotAssertion) -> SnapshotAssertion:
    """Return syrupy's snapshot with Home Assistant's extension (states, registries)."""
    return snapshot.use_extension(HomeAssistantSnapshotExtension)


@pytest.fixture
def entity_registry_enabled_by_default() -> Generator[None]:
    """Enable the entities that are disabled by default (as core's tests do)."""
    with patch(
        "homeassistant.helpers.entity.Entity.entity_registry_enabled_default",
        new_callable=PropertyMock,
        return_value=True,
    ):
        yield


@pytest.fixture
def mock_config_entry(feed_server: FeedServer) -> MockConfigEntry:
    """Return the entry of the CMSA sample served by feed_server (not added yet)."""
    return MockConfigEntry(
        domain=DOMAIN, title="CMSA", data={CONF_URL: feed_server.url}
    )


async def async_set_up(hass: HomeAssistant, entry: MockConfigEntry) -> MockConfigEntry:
    """Add entry if it is not yet, set it up, and wait for its background work."""
    if entry.entry_id not in {e.entry_id for e in hass.config_entries.async_entries()}:
        entry.add_to_hass(hass)
    await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done(wait_background_tasks=True)
    return entry


@pytest.fixture
async def init_integration(
    hass: HomeAssistant, mock_config_entry: MockConfigEntry
) -> MockConfigEntry:
    """Set up the CMSA sample's entry; return it."""
    return await async_set_up(hass, mock_config_entry)


@dataclass
class FeedServer:
    """A real HTTP server on loopback whose answers the test sets, and which counts."""

    server: TestServer
    body: bytes = b""
    status: int = 200
    headers: dict[str, str] = field(
        default_factory=lambda: {"Content-Type": "text/calendar; charset=utf-8"}
    )
    etag: str | None = None
    credentials: tuple[str, str] | None = None
    # A slow server: answers wait for release (set when the test ends) before their
    # headers, or in "trickle" mode after the first bytes. Time is frozen in the tests,
    # so the client's timeout fires only when a test moves time on (see async_time_out).
    held: bool = False
    release: asyncio.Event = field(default_factory=asyncio.Event)
    gzip: bool = False
    mode: str = "normal"
    requests: list[dict[str, str]] = field(default_factory=list)
    # Set when a request arrives: a test can act while a download is under way.
    received: asyncio.Event = field(default_factory=asyncio.Event)
    # Other addresses of the site (path and query): web pages and more feeds.
    pages: dict[str, bytes] = field(default_factory=dict)

    @property
    def url(self) -> str:
        """Return the feed's URL."""
        return str(self.server.make_url("/feed.ics"))

    async def handle(self, request: web.Request) -> web.StreamResponse:
        """Answer with what the test set; 304 when the client's ETag matches."""
        self.requests.append(dict(request.headers))
        self.received.set()
        if self.mode != "normal":
            return await FAULTS[self.mode](self, request)
        if self.held:
            await self.release.wait()
        if self.credentials is not None:
            auth = request.headers.get("Authorization", "")
            expected = aiohttp.encode_basic_auth(*self.credentials)
            if auth != expected:
                return web.Response(
                    status=401, headers={"WWW-Authenticate": 'Basic realm="feed"'}
                )
        headers = dict(self.headers)
        if self.etag is not None:
            headers["ETag"] = self.etag
            if request.headers.get("If-None-Match") == self.etag:
                return web.Response(status=304, headers=headers)
        response = web.Response(body=self.body, status=self.status, headers=headers)
        if self.gzip:
            response.enable_compression(web.ContentCoding.gzip)
        return response

    async def page(self, request: web.Request) -> web.Response:
        """Answer with a page or feed the test set for this path and query, else 404."""
        self.requests.append(dict(request.headers, path=request.path_qs))
        if (body := self.pages.get(request.path_qs)) is None:
            raise web.HTTPNotFound
        etag = f'"{zlib.crc32(body):08x}"'
        if request.headers.get("If-None-Match") == etag:
            return web.Response(status=304, headers={"ETag": etag})
        kind = "text/html" if body.lstrip().startswith(b"<") else "text/calendar"
        return web.Response(
            body=body, content_type=kind, charset="utf-8", headers={"ETag": etag}
        )


async def _trickle(feed: FeedServer, request: web.Request) -> web.StreamResponse:
    """Send the headers and the first bytes, then the rest only when released."""
    response = web.StreamResponse(headers={"Content-Type": "text/calendar"})
    await response.prepare(request)
    await response.write(feed.body[:16])
    await feed.release.wait()
    await response.write(feed.body[16:])
    return response


async def _cut_short(feed: FeedServer, request: web.Request) -> web.StreamResponse:
    """Promise more bytes (Content-Length) than are sent, then hang up."""
    response = web.StreamResponse(
        headers={
            "Content-Type": "text/calendar",
            "Content-Length": str(len(feed.body) * 2),
        }
    )
    await response.prepare(request)
    await response.write(feed.body)
    assert request.transport is not None
    request.transport.close()
    return response


async def _long_body(feed: FeedServer, request: web.Request) -> web.StreamResponse:
    """Announce fewer bytes (Content-Length) than the body has: the rest is not sent."""
    response = web.StreamResponse(
        headers={
            "Content-Type": "text/calendar",
            "Content-Length": str(len(feed.body) // 2),
        }
    )
    await response.prepare(request)
    await response.write(feed.body)
    return response


async def _truncated(feed: FeedServer, request: web.Request) -> web.StreamResponse:
    """Send the first half of the body, with a Content-Length that matches it."""
    return web.Response(
        body=feed.body[: len(feed.body) // 2], headers={"Content-Type": "text/calendar"}
    )


async def _gzip_bomb(feed: FeedServer, request: web.Request) -> web.StreamResponse:
    """Answer with a small gzip body that expands past the size cap."""
    return web.Response(
        body=gzip.compress(b"BEGIN:VCALENDAR\n" + b"X" * (21 * 1024 * 1024)),
        headers={"Content-Type": "text/calendar", "Content-Encoding": "gzip"},
    )


async def _redirect_loop(feed: FeedServer, request: web.Request) -> web.StreamResponse:
    raise web.HTTPFound("/loop")


async def _redirect_ftp(feed: FeedServer, request: web.Request) -> web.StreamResponse:
    raise web.HTTPFound("ftp://127.0.0.1/feed.ics")


async def _loop_again(request: web.Request) -> web.StreamResponse:
    raise web.HTTPFound("/feed.ics")


FAULTS = {
    "trickle": _trickle,
    "cut_short": _cut_short,
    "long_body": _long_body,
    "truncated": _truncated,
    "gzip_bomb": _gzip_bomb,
    "redirect_loop": _redirect_loop,
    "redirect_ftp": _redirect_ftp,
}


async def _redirect(request: web.Request) -> web.Response:
    """Redirect /moved/N to /moved/N-1, and /moved/0 to the feed."""
    hops = int(request.match_info["hops"])
    raise web.HTTPFound("/feed.ics" if hops == 0 else f"/moved/{hops - 1}")


@pytest.fixture
async def feed_server(socket_enabled: None) -> AsyncGenerator[FeedServer]:
    """Serve the CMSA sample feed from 127.0.0.1."""
    app = web.Application()
    server = TestServer(app, host="127.0.0.1")
    feed = FeedServer(server, body=fixture_bytes("cmsa-events-sample.ics"))
    app.router.add_get("/feed.ics", feed.handle)
    app.router.add_get("/moved/{hops}", _redirect)
    app.router.add_get("/loop", _loop_again)
    app.router.add_get("/{tail:.*}", feed.page)
    await server.start_server(access_log=None)
    yield feed
    feed.release.set()
    await server.close()


MATHS_ENTRY_ID = "01JSEMINARMATHSENTRY000000"


def vevent(uid: str, summary: str, start: str, end: str, *extra: str) -> str:
    """Return a VEVENT: UID, SUMMARY, DTSTART and DTEND (with their parameters), more lines."""
    lines = [
        f"UID:{uid}",
        f"SUMMARY:{summary}",
        f"DTSTART{start}",
        f"DTEND{end}",
        *extra,
    ]
    return "BEGIN:VEVENT\n" + "\n".join(lines) + "\nEND:VEVENT\n"


# A Monday of seminars in four categories, and a workshop day, 12-14 May 2025.
MATHS_FEED = (
    "BEGIN:VCALENDAR\nVERSION:2.0\nX-WR-CALNAME:Maths\nX-ORIGINAL-URL:https://maths.example.edu\n"
    "X-PUBLISHED-TTL:P1D\n"
    + vevent(
        "a",
        "Random graphs",
        ":20250512T100000Z",
        ":20250512T110000Z",
        "DESCRIPTION:Colloquium\\nSpeaker: Ada Lovelace (Analytical Engines Ltd)\\nTitle: Random graphs\\nAbstract: Edges appear at random.",
        "LOCATION:Room 1",
        "URL:https://maths.example.edu/event/a/",
        "CATEGORIES:Colloquium",
        "ATTACH;FMTTYPE=image/png:https://maths.example.edu/a.png",
    )
    + vevent(
        "b",
        "Sheaves",
        ":20250512T110000Z",
        ":20250512T120000Z",
        "DESCRIPTION:Speaker: Alexander Grothendieck\\nTitle: Sheaves",
        "LOCATION:Room 2",
        "CATEGORIES:Member Seminar",
    )
    + vevent(
        "w",
        "Workshop day",
        ";VALUE=DATE:20250513",
        ";VALUE=DATE:20250514",
        "CATEGORIES:Workshop",
    )
    + vevent(
        "c",
        "Reading group",
        ":20250514T140000Z",
        ":20250514T150000Z",
        "CATEGORIES:Member Seminar",
    )
    + "END:VCALENDAR\n"
)


async def async_set_up_maths(
    hass: HomeAssistant, feed_server: FeedServer, **options: object
) -> MockConfigEntry:
    """Serve the Maths feed and set up its entry."""
    feed_server.body = MATHS_FEED.encode()
    return await set_up_entry(
        hass, feed_server.url, "Maths", entry_id=MATHS_ENTRY_ID, **options
    )


async def async_at(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    moment: dt.datetime,
    *,
    background: bool = False,
) -> None:
    """Move time to moment and let Home Assistant's timers fire.

    background: wait for the background work they start too (refreshes).
    """
    freezer.move_to(moment)
    async_fire_time_changed(hass, moment)
    await hass.async_block_till_done(wait_background_tasks=background)


async def async_advance(
    hass: HomeAssistant, freezer: FrozenDateTimeFactory, delta: dt.timedelta
) -> None:
    """Move time on by delta; wait for the timers' work, refreshes too."""
    await async_at(hass, freezer, dt_util.utcnow() + delta, background=True)


async def async_timed_out[T](
    hass: HomeAssistant, feed_server: FeedServer, work: Awaitable[T]
) -> T:
    """Run work that downloads from a held server until the download times out.

    Time stands still: the client's timeout (a timer of the event loop) is fired by
    telling the loop that its time has passed, without moving the clock.
    """
    feed_server.received.clear()
    task = hass.async_create_task(work)
    await feed_server.received.wait()
    timeout = dt.timedelta(seconds=client.TOTAL_TIMEOUT + 1)
    async_fire_time_changed(hass, dt_util.utcnow() + timeout)
    return await task


def talk(
    uid: str, start: str, speaker: str, title: str, *extra: str, abstract: str = ""
) -> str:
    """Return an hour's talk at start (UTC), its speaker and title in the description."""
    description = f"Speaker: {speaker}\\nTitle: {title}"
    if abstract:
        description += f"\\nAbstract: {abstract}"
    return vevent(
        uid,
        f"{title} ({speaker.partition(' (')[0]})",
        f":{start}",
        f":{start[:9]}{int(start[9:11]) + 1:02d}{start[11:]}",
        f"DESCRIPTION:{description}",
        f"URL:https://maths.example.edu/talks/{uid}/",
        *extra,
    )


TALKS_ENTRY_ID = "01JSEMINARTALKSENTRY000000"
# Five weeks of talks around Wednesday 14 May 2025, 08:00 in Berlin (06:00 UTC).
TALKS_START = dt.datetime(2025, 5, 14, 6, tzinfo=dt.UTC)
GORSKI_ABSTRACT = "Knots tie fluid flows together in surprising ways. " * 30
TALKS_FEED = (
    "BEGIN:VCALENDAR\nVERSION:2.0\nX-WR-CALNAME:Colloquium\nX-PUBLISHED-TTL:P1D\n"
    + talk("past", "20250513T140000Z", "Jane Doe (MIT)", "Random matrices")
    + talk(
        "gorski",
        "20250514T140000Z",
        "Łukasz Górski (Uniwersytet Jagielloński)",
        "Knots in fluid flows",
        "LOCATION:Room 1",
        "CATEGORIES:Colloquium",
        abstract=GORSKI_ABSTRACT,
    )
    + talk(
        "doe",
        "20250515T130000Z",
        "Jane Doe (MIT)",
        "Homotopy types",
        "CATEGORIES:Topology",
    )
    + talk(
        "odegard",
        "20250520T120000Z",
        "Søren Ødegård (Københavns Universitet)",
        "Algebraic topology of networks",
        "CATEGORIES:Topology",
    )
    + talk("sheaves", "20250522T120000Z", "Jane Doe (MIT)", "Sheaves and stacks")
    + talk("numbers", "20250602T120000Z", "Ada Lovelace", "Number theory day")
    + talk("late", "20250623T120000Z", "Jane Doe (MIT)", "Topology late in June")
    + "END:VCALENDAR\n"
)


async def async_set_up_talks(
    hass: HomeAssistant, feed_server: FeedServer, title: str = "Colloquium"
) -> MockConfigEntry:
    """Serve the talks feed (in Berlin's time zone) and set up its entry."""
    await hass.config.async_set_time_zone("Europe/Berlin")
    feed_server.body = TALKS_FEED.encode()
    return await set_up_entry(hass, feed_server.url, title, entry_id=TALKS_ENTRY_ID)


async def async_set_up_local_calendar(
    hass: HomeAssistant, config_dir: Path, name: str = "Personal"
) -> MockConfigEntry:
    """Set up a writable Local Calendar (calendar.personal), stored in config_dir."""
    hass.config.config_dir = str(config_dir)
    (config_dir / ".storage").mkdir(exist_ok=True)
    entry = MockConfigEntry(
        domain="local_calendar",
        title=name,
        data={"calendar_name": name, "storage_key": name.lower()},
    )
    entry.add_to_hass(hass)
    assert await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done()
    return entry
