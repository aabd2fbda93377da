"""Keep a Seminar Calendar entry's feed up to date, on the feed's own clock."""

import asyncio
import base64
import dataclasses
import datetime as dt
import logging
from typing import Any, override
import zlib

import aiohttp
from homeassistant.config_entries import ConfigEntry
from homeassistant.const import CONF_PASSWORD, CONF_URL, CONF_USERNAME, CONF_VERIFY_SSL
from homeassistant.core import HomeAssistant, callback
from homeassistant.exceptions import ConfigEntryAuthFailed
from homeassistant.helpers import issue_registry as ir
from homeassistant.helpers.aiohttp_client import async_get_clientsession
from homeassistant.helpers.dispatcher import async_dispatcher_send
from homeassistant.helpers.storage import Store
from homeassistant.helpers.update_coordinator import DataUpdateCoordinator, UpdateFailed
from homeassistant.util import dt as dt_util

from .client import (
    CertificateError,
    FeedTooLarge,
    Fetched,
    FetchError,
    FetchTimeout,
    HTTPStatusError,
    UnknownHost,
    Validators,
    fetch_feed,
    joined,
)
from .const import (
    CONF_CATEGORIES,
    CONF_EXCLUDE,
    CONF_HISTORY_DAYS,
    DEFAULT_HISTORY_DAYS,
    DOMAIN,
    REPAIR_AFTER,
)
from .filters import SeminarFilter
from .history import (
    events_from_text,
    events_to_text,
    from_json,
    past_events,
    with_history,
)
from .model import Feed, FeedError
from .parser import FeedParser
from .refresh import DEFAULT_INTERVAL, Interval, next_interval, retry_delay

type SeminarCalendarConfigEntry = ConfigEntry[SeminarCalendarCoordinator]

_LOGGER = logging.getLogger(__name__)
STORAGE_VERSION = 1
# 1.2: past events as one JSON text under "past_events" (1.1: a list under "past").
STORAGE_MINOR_VERSION = 2
# Answers that mean the address itself is wrong, not that the site is having a bad day.
_WRONG_ADDRESS = {404: "not_found", 410: "gone"}
_STATUS_KEYS = {401: "unauthorized", 403: "forbidden", 429: "rate_limited"}
_DEFAULT = Interval(DEFAULT_INTERVAL, "default")
_NO_VALIDATORS = Validators()


def _executor_lock(hass: HomeAssistant) -> asyncio.Lock:
    """Return the lock that lets one feed at a time parse or compress in the executor.

    Parsing holds the GIL: several feeds parsing at once in executor threads would leave
    the event loop waiting its turn behind all of them.
    """
    lock: asyncio.Lock = hass.data.setdefault(f"{DOMAIN}_executor_lock", asyncio.Lock())
    return lock


class FeedStore(Store[dict[str, Any]]):
    """The store that keeps an entry's last good feed across restarts."""

    @override
    async def _async_migrate_func(
        self, old_major_version: int, old_minor_version: int, old_data: dict[str, Any]
    ) -> dict[str, Any]:
        """Convert a saved copy written by an earlier release."""
        if old_minor_version < 2:
            old_data["past_events"] = await self.hass.async_add_executor_job(
                _past_as_text, old_data.pop("past", [])
            )
        return old_data


def store_for(hass: HomeAssistant, entry_id: str) -> FeedStore:
    """Return the store that keeps an entry's last good feed across restarts."""
    # The saved body is megabytes: serialise it in the executor, not on the event loop.
    return FeedStore(
        hass,
        STORAGE_VERSION,
        f"{DOMAIN}.{entry_id}",
        minor_version=STORAGE_MINOR_VERSION,
        serialize_in_event_loop=False,
    )


def session_for(hass: HomeAssistant, data: dict[str, Any]) -> aiohttp.ClientSession:
    """Return Home Assistant's shared session, with or without certificate checks."""
    return async_get_clientsession(hass, verify_ssl=data.get(CONF_VERIFY_SSL, True))


def auth_for(data: dict[str, Any]) -> str | None:
    """Return the HTTP Basic Authorization header when the entry has credentials."""
    if data.get(CONF_USERNAME):
        return aiohttp.encode_basic_auth(
            data[CONF_USERNAME], data.get(CONF_PASSWORD) or ""
        )
    return None


async def async_load_feed(
    hass: HomeAssistant, data: dict[str, Any], parser: FeedParser | None = None
) -> Feed:
    """Download and parse a feed (for the config flow); parsing runs in the executor."""
    parser = parser or FeedParser(dt_util.get_default_time_zone())
    fetched = await fetch_feed(
        session_for(hass, data), data[CONF_URL], authorization=auth_for(data)
    )
    # An unconditional request is never answered 304: there is a body.
    return await hass.async_add_executor_job(
        parser.parse, joined(fetched), dt_util.now(), fetched.content_type
    )


@dataclasses.dataclass
class RefreshState:
    """What the last fetches did, for scheduling, repairs and diagnostics."""

    interval: Interval = _DEFAULT
    validators: Validators = _NO_VALIDATORS
    last_fetch: dt.datetime | None = None
    last_status: str | None = None
    last_success: dt.datetime | None = None
    failing_since: dt.datetime | None = None
    failures: int = 0
    cached_at: dt.datetime | None = None


class SeminarCalendarCoordinator(DataUpdateCoordinator[Feed]):
    """Fetch and parse one feed; keep the last good data through failures and restarts."""

    config_entry: SeminarCalendarConfigEntry

    def __init__(self, hass: HomeAssistant, entry: SeminarCalendarConfigEntry) -> None:
        """Initialize the coordinator for an entry."""
        super().__init__(
            hass,
            _LOGGER,
            config_entry=entry,
            name=DOMAIN,
            update_interval=DEFAULT_INTERVAL,
            # The same Feed object comes back when nothing changed: no state writes.
            always_update=False,
        )
        self.state = RefreshState()
        self.history = dt.timedelta(
            days=entry.options.get(CONF_HISTORY_DAYS, DEFAULT_HISTORY_DAYS)
        )
        self._parser = FeedParser(dt_util.get_default_time_zone(), self.history)
        self.filter = SeminarFilter.from_options(
            entry.options.get(CONF_CATEGORIES, []), entry.options.get(CONF_EXCLUDE, [])
        )
        self._visible: tuple[Feed, Feed] | None = None
        self._store = store_for(hass, entry.entry_id)
        self._last_parsed: Feed | None = None

    async def async_load_cache(self) -> bool:
        """Load the last good feed saved by an earlier run; return True if there was one."""
        stored = await self._store.async_load()
        if not stored:
            return False
        try:
            async with _executor_lock(self.hass):
                feed, view = await self.hass.async_add_executor_job(
                    self._parse_saved, stored, dt_util.now()
                )
        except FeedError:
            return False
        self.state.validators = Validators(
            stored.get("etag"), stored.get("last_modified")
        )
        self.state.cached_at = self.state.last_success = dt_util.parse_datetime(
            stored["fetched"]
        )
        self._last_parsed, self._visible = feed, view
        self.data = view[0]
        return True

    def _parse_saved(
        self, stored: dict[str, Any], now: dt.datetime
    ) -> tuple[Feed, tuple[Feed, Feed]]:
        """Parse a saved body and its past events (in the executor: megabytes)."""
        body = zlib.decompress(base64.b64decode(stored["body"]))
        parsed = self._parser.parse(body, now, stored.get("content_type"))
        earlier = events_from_text(stored.get("past_events", "[]"))
        return parsed, self._with_view(with_history(parsed, earlier, now, self.history))

    def _merged(
        self, parsed: Feed, previous: Feed | None, now: dt.datetime
    ) -> tuple[Feed, Feed]:
        """Add the past seminars the previous data had and the new feed lacks; filter."""
        earlier = past_events(previous, now) if previous else ()
        return self._with_view(with_history(parsed, earlier, now, self.history))

    def _with_view(self, feed: Feed) -> tuple[Feed, Feed]:
        """Return the feed and what the entry's filters let through (both rebuild indexes)."""
        return feed, feed.only(self.filter) if self.filter else feed

    @override
    async def _async_update_data(self) -> Feed:
        """Fetch (conditionally) and parse the feed; schedule the next fetch."""
        now = dt_util.now()
        self.state.last_fetch = now
        try:
            fetched = await fetch_feed(
                session_for(self.hass, dict(self.config_entry.data)),
                self.config_entry.data[CONF_URL],
                self.state.validators,
                auth_for(dict(self.config_entry.data)),
            )
            feed = await self._async_parse(fetched, now)
        except HTTPStatusError as err:
            failure = self._failed(err, now)
            if err.status == 401:
                # Home Assistant asks the user for new credentials (the reauth flow).
                raise ConfigEntryAuthFailed(
                    translation_domain=DOMAIN, translation_key="unauthorized"
                ) from err
            raise failure from err
        except (FetchError, FeedError) as err:
            raise self._failed(err, now) from err
        self._succeeded(now)
        self.update_interval = self.state.interval.delay
        return feed

    async def _async_parse(self, fetched: Fetched, now: dt.datetime) -> Feed:
        """Return the new data; the current object itself when nothing changed."""
        if fetched.chunks is None:  # 304 Not Modified
            # Validators are only sent once there is data to keep.
            assert self.data is not None
            self.state.last_status = "not_modified"
            self.state.interval = next_interval(
                self.data.refresh_interval, fetched.cache_control, fetched.expires, now
            )
            return self.data
        async with _executor_lock(self.hass):
            # Joined on the event loop, one body per turn of it (the lock): joined in
            # executor threads, bodies of megabytes would each leave memory behind in
            # their thread's allocator; joined together, they would stall the loop.
            body = joined(fetched)
            parsed = await self.hass.async_add_executor_job(
                self._parser.parse, body, now, fetched.content_type
            )
        self.state.interval = next_interval(
            parsed.refresh_interval, fetched.cache_control, fetched.expires, now
        )
        self.state.validators = fetched.validators
        if self.data is not None and parsed is self._last_parsed:
            # The parser recognised the body (only DTSTAMP lines differ, same day).
            self.state.last_status = "unchanged"
            return self.data
        self._last_parsed = parsed
        self.state.last_status = "updated"
        async with _executor_lock(self.hass):
            self._visible = await self.hass.async_add_executor_job(
                self._merged, parsed, self.data, now
            )
        await self._async_save(fetched, body, self._visible[0], now)
        return self._visible[0]

    async def _async_save(
        self, fetched: Fetched, body: bytes, feed: Feed, now: dt.datetime
    ) -> None:
        """Save the body, validators and past events; Store writes atomically."""
        async with _executor_lock(self.hass):
            data = await self.hass.async_add_executor_job(
                _saved, fetched, body, feed, now
            )
        await self._store.async_save(data)
        self.state.cached_at = now

    @property
    def visible(self) -> Feed:
        """Return the feed with only the seminars the entry's filters let through.

        Built in the executor with every new feed (filtering reads every description),
        by the only two places that set new data: the saved copy and a changed download.
        """
        assert self._visible is not None
        assert self._visible[0] is self.data
        return self._visible[1]

    @callback
    @override
    def _async_refresh_finished(self) -> None:
        """Tell the diagnostic entities that a fetch ended, changed data or not."""
        async_dispatcher_send(self.hass, self.refreshed_signal)

    @property
    def refreshed_signal(self) -> str:
        """Return the dispatcher signal sent after every fetch."""
        return f"{DOMAIN}_refreshed_{self.config_entry.entry_id}"

    def _succeeded(self, now: dt.datetime) -> None:
        self.state.last_success = now
        self.state.failures = 0
        self.state.failing_since = None
        ir.async_delete_issue(self.hass, DOMAIN, self.issue_id)

    def _failed(self, err: FetchError | FeedError, now: dt.datetime) -> UpdateFailed:
        """Record a failure; return the UpdateFailed to raise, with when to retry."""
        state = self.state
        state.failures += 1
        state.failing_since = state.failing_since or now
        retry_after = err.retry_after if isinstance(err, HTTPStatusError) else None
        delay = retry_delay(state.failures, state.interval.delay, retry_after, now)
        key, placeholders = _failure_key(err)
        state.last_status = key
        wrong_address = key in _WRONG_ADDRESS.values() or (
            isinstance(err, FeedError) and not err.transient
        )
        if wrong_address or now - state.failing_since >= REPAIR_AFTER:
            ir.async_create_issue(
                self.hass,
                DOMAIN,
                self.issue_id,
                is_fixable=True,
                is_persistent=False,
                severity=ir.IssueSeverity.ERROR,
                translation_key="feed_unavailable"
                if not wrong_address
                else "feed_moved",
                translation_placeholders={"title": self.config_entry.title},
                data={
                    "entry_id": self.config_entry.entry_id,
                    "title": self.config_entry.title,
                },
            )
        return UpdateFailed(
            translation_domain=DOMAIN,
            translation_key=key,
            translation_placeholders=placeholders,
            retry_after=delay.total_seconds(),
        )

    @property
    def issue_id(self) -> str:
        """Return the id of this entry's repair issue."""
        return f"feed_unavailable_{self.config_entry.entry_id}"


def _past_as_text(past: list[dict[str, Any]]) -> str:
    """Return past events saved by release 0.1 as the text 0.2 saves."""
    return events_to_text(from_json(data) for data in past)


def _saved(
    fetched: Fetched, body: bytes, feed: Feed, now: dt.datetime
) -> dict[str, Any]:
    """Return what the store keeps (built in the executor: compressing takes a while)."""
    return {
        "body": base64.b64encode(zlib.compress(body, 1)).decode(),
        "content_type": fetched.content_type,
        "etag": fetched.validators.etag,
        "last_modified": fetched.validators.last_modified,
        "fetched": now.isoformat(),
        # The body holds the rest: only what it no longer lists needs saving.
        "past_events": events_to_text(feed.history),
    }


def _failure_key(err: FetchError | FeedError) -> tuple[str, dict[str, str]]:
    """Return the translation key and placeholders describing a failure."""
    if isinstance(err, FeedError):
        return err.kind, {}
    if isinstance(err, HTTPStatusError):
        status = {**_WRONG_ADDRESS, **_STATUS_KEYS}.get(err.status)
        if status:
            return status, {}
        return "http_error", {"status": str(err.status)}
    if isinstance(err, FetchTimeout):
        return "timeout", {}
    if isinstance(err, CertificateError):
        return "ssl_error", {}
    if isinstance(err, UnknownHost):
        return "unknown_host", {}
    if isinstance(err, FeedTooLarge):
        return "too_large", {"limit_mib": f"{err.limit / 2**20:g}"}
    return "cannot_connect", {"reason": str(err)}
