"""Keep a Seminar Calendar entry's feed up to date, on the feed's own clock."""

import asyncio
import dataclasses
import datetime as dt
from functools import partial
import logging
from typing import Any, NamedTuple, override

from homeassistant.config_entries import ConfigEntry
from homeassistant.const import CONF_URL
from homeassistant.core import HomeAssistant, callback
from homeassistant.exceptions import ConfigEntryAuthFailed
from homeassistant.helpers.dispatcher import async_dispatcher_send
from homeassistant.helpers.update_coordinator import DataUpdateCoordinator, UpdateFailed
from homeassistant.util import dt as dt_util

from .const import (
    CONF_HISTORY_DAYS,
    CONF_LOOK_AHEAD,
    DEFAULT_LOOK_AHEAD,
    DOMAIN,
)
from .engine import (
    DEFAULT_HISTORY,
    DEFAULT_INTERVAL,
    NO_VALIDATORS,
    CardLabels,
    Feed,
    FeedError,
    FeedParser,
    Fetched,
    FetchError,
    HTTPStatusError,
    Interval,
    SeminarChange,
    Validators,
    next_interval,
    retry_delay,
)
from .failures import Failure, failure_of
from .fetching import async_fetch, async_parse_in_executor, executor_lock
from .months import TecMonths
from .repairs import async_clear_feed_issue, async_raise_feed_issue
from .store import (
    SavedFeed,
    months_store_for,
    read_payload,
    saved_body_started,
    saved_payload,
    store_for,
)
from .views import FeedViews, ViewAssembler

type SeminarCalendarConfigEntry = ConfigEntry[SeminarCalendarCoordinator]

_LOGGER = logging.getLogger(__name__)
_FIRST_INTERVAL = Interval(DEFAULT_INTERVAL, "default")


class ChangeBatch(NamedTuple):
    """The seminars a download changed; serial counts the downloads that changed any."""

    serial: int = 0
    changes: tuple[SeminarChange, ...] = ()


@dataclasses.dataclass
class RefreshState:
    """What the last fetches did, for scheduling, repairs and diagnostics."""

    interval: Interval = _FIRST_INTERVAL
    validators: Validators = NO_VALIDATORS
    last_fetch: dt.datetime | None = None
    last_status: str | None = None
    last_success: dt.datetime | None = None
    failing_since: dt.datetime | None = None
    failures: int = 0
    cached_at: dt.datetime | None = None


class SeminarCalendarCoordinator(DataUpdateCoordinator[FeedViews]):
    """Fetch and parse one feed; keep the last good data through failures and restarts.

    Its data is what the entities read: the feed as kept and its filtered view.
    """

    config_entry: SeminarCalendarConfigEntry

    def __init__(
        self,
        hass: HomeAssistant,
        entry: SeminarCalendarConfigEntry,
        card_labels: CardLabels,
    ) -> None:
        """Initialize the coordinator for an entry, its cards in card_labels' words."""
        super().__init__(
            hass,
            _LOGGER,
            config_entry=entry,
            name=DOMAIN,
            update_interval=DEFAULT_INTERVAL,
            # The same views come back when nothing changed: no state writes.
            always_update=False,
        )
        self.state = RefreshState()
        self.history_window = dt.timedelta(
            days=entry.options.get(CONF_HISTORY_DAYS, DEFAULT_HISTORY.days)
        )
        self.card_labels = card_labels
        local = dt_util.get_default_time_zone()
        new_parser = partial(FeedParser, local, shown_in=local, card_labels=card_labels)
        self._parser = new_parser(self.history_window)
        self._assembler = ViewAssembler.for_options(self.history_window, entry.options)
        self.changes = ChangeBatch()
        self._store = store_for(hass, entry.entry_id)
        self._months_store = months_store_for(hass, entry.entry_id)
        self.months = TecMonths(
            hass,
            dict(entry.data),
            entry.options.get(CONF_LOOK_AHEAD, DEFAULT_LOOK_AHEAD),
            new_parser,
        )
        self._last_parsed: Feed | None = None

    async def async_load_cache(self) -> bool:
        """Load the last good feed saved by an earlier run; return True if there was one."""
        stored = await self._store.async_load()
        if (
            not stored
            or stored.get("url", self.config_entry.data[CONF_URL])
            != (self.config_entry.data[CONF_URL])
        ):
            # Nothing saved, or the copy of another address (the entry was reconfigured).
            return False
        months = await self._months_store.async_load() or {}
        try:
            async with executor_lock(self.hass):
                now = dt_util.now()
                await self.hass.async_add_executor_job(self.months.load, months, now)
                saved, parsed, views = await self.hass.async_add_executor_job(
                    self._read_saved, stored, now
                )
        except FeedError:
            return False
        self.state.validators = saved.validators
        self.state.cached_at = self.state.last_success = saved.fetched
        self._last_parsed = parsed
        self.data = views
        return True

    def _read_saved(
        self, stored: dict[str, Any], now: dt.datetime
    ) -> tuple[SavedFeed, Feed, FeedViews]:
        """Parse a saved copy and its past events (in the executor: megabytes)."""
        saved = read_payload(stored)
        parsed = self._parser.parse(saved.body, now, saved.content_type)
        views = self._assembler.views(parsed, self.months.feeds, saved.past_events, now)
        return saved, parsed, views

    @override
    async def _async_update_data(self) -> FeedViews:
        """Fetch (conditionally) and parse the feed; schedule the next fetch."""
        now = dt_util.now()
        self.state.last_fetch = now
        try:
            fetched = await async_fetch(
                self.hass, self.config_entry.data, self.state.validators
            )
            parsed, saved_body = await self._async_read(fetched, now)
        except (FetchError, FeedError) as err:
            failure = failure_of(err)
            update_failed = await self._async_failed(failure, err, now)
            if failure.key == "invalid_auth":
                # Home Assistant asks the user for new credentials (the reauth flow).
                raise ConfigEntryAuthFailed(
                    translation_domain=DOMAIN, translation_key=failure.key
                ) from err
            raise update_failed from err
        self._succeeded(now)
        self.update_interval = self.state.interval.delay
        months_changed = await self.months.async_refresh(
            parsed, now, self.state.interval.delay
        )
        if saved_body is None and not months_changed and self.data is not None:
            return self.data
        return await self._async_new_data(
            parsed, fetched, saved_body, months_changed, now
        )

    async def _async_read(
        self, fetched: Fetched, now: dt.datetime
    ) -> tuple[Feed, str | None]:
        """Return the feed as now read, and its body as saved when it changed (else None)."""
        if fetched.chunks is None:  # 304 Not Modified
            # Validators are only sent once there is data to keep.
            assert self._last_parsed is not None
            self.state.last_status = "not_modified"
            self.state.interval = next_interval(
                self._last_parsed.refresh_interval,
                fetched.cache_control,
                fetched.expires,
                now,
            )
            return self._last_parsed, None
        saving: asyncio.Future[str] | None = None

        def start_saving(body: bytes) -> None:
            nonlocal saving
            saving = saved_body_started(self.hass, body)

        body, result = await async_parse_in_executor(
            self.hass,
            fetched,
            lambda body: self._parser.parse_result(body, now, fetched.content_type),
            # With nothing read yet (set-up), any body that parses is saved: it is
            # compressed beside its own parse (compressing lets the GIL go).
            start_saving if self.data is None else None,
        )
        parsed = result.feed
        self.state.interval = next_interval(
            parsed.refresh_interval, fetched.cache_control, fetched.expires, now
        )
        self.state.validators = fetched.validators
        if self.data is not None and not result.changed:
            # The parser recognised the body (only DTSTAMP lines differ, same day).
            self.state.last_status = "unchanged"
            return parsed, None
        self._last_parsed = parsed
        self.state.last_status = "updated"
        if saving is None:
            saving = saved_body_started(self.hass, body)
        return parsed, await saving

    async def _async_new_data(
        self,
        parsed: Feed,
        fetched: Fetched,
        saved_body: str | None,
        months_changed: bool,
        now: dt.datetime,
    ) -> FeedViews:
        """Merge, filter and save new data; say which seminars changed."""
        url = self.config_entry.data[CONF_URL]
        async with executor_lock(self.hass):
            views, changes = await self.hass.async_add_executor_job(
                self._assembler.merged, parsed, self.months.feeds, self.data, now
            )
            payload = (
                await self.hass.async_add_executor_job(
                    saved_payload, url, fetched, saved_body, views.feed, now
                )
                if saved_body is not None
                else None
            )
            months = (
                await self.hass.async_add_executor_job(self.months.saved)
                if months_changed
                else None
            )
        if payload is not None:
            await self._store.async_save(payload)
            self.state.cached_at = now
        if months is not None:
            await self._months_store.async_save(months)
        if changes:
            self.changes = ChangeBatch(self.changes.serial + 1, tuple(changes))
        return views

    @callback
    @override
    def async_update_listeners(self) -> None:
        """Tell the entities of new data; the seminars it changed are news to them only."""
        super().async_update_listeners()
        # Kept until the next change, each feed's last batch of changes held about 130
        # objects for the garbage collector to walk at every full collection (twenty
        # feeds, 1% changed a round: 2,600 of the 17,400 the entries add).
        self.changes = self.changes._replace(changes=())

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
        async_clear_feed_issue(self.hass, self.config_entry)

    async def _async_failed(
        self, failure: Failure, err: FetchError | FeedError, now: dt.datetime
    ) -> UpdateFailed:
        """Record a failure, raise a repair if due; return the UpdateFailed to raise."""
        state = self.state
        state.failures += 1
        state.failing_since = state.failing_since or now
        state.last_status = failure.key
        retry_after = err.retry_after if isinstance(err, HTTPStatusError) else None
        delay = retry_delay(state.failures, state.interval.delay, retry_after, now)
        await async_raise_feed_issue(
            self.hass, self.config_entry, failure, now - state.failing_since
        )
        return UpdateFailed(
            translation_domain=DOMAIN,
            translation_key=failure.key,
            translation_placeholders=failure.placeholders,
            retry_after=delay.total_seconds(),
        )
