"""A The Events Calendar site's month exports, fetched beside its 30-event list feed."""

import base64
from collections.abc import Callable
import dataclasses
import datetime as dt
from typing import Any, Final
from urllib.parse import urlsplit
import zlib

from homeassistant.const import CONF_URL
from homeassistant.core import HomeAssistant

from .engine import (
    NO_VALIDATORS,
    Feed,
    FeedError,
    FeedParser,
    FetchError,
    HTTPStatusError,
    Validators,
    is_tec_export,
    month_exports,
)
from .failures import failure_of
from .fetching import async_fetch, async_parse_in_executor

# Months after the next one change less often: they are fetched this much less often.
FAR_MONTHS_SLOWER: Final = 4
# Answers that say the site has no month exports (a plain site that uses ?ical=1).
_NO_MONTH_EXPORTS: Final = frozenset({404, 410})


@dataclasses.dataclass
class MonthSource:
    """One month export: how it was last fetched and what it holds."""

    url: str
    month: dt.date
    parser: FeedParser
    validators: Validators = NO_VALIDATORS
    feed: Feed | None = None
    body: bytes | None = None
    content_type: str | None = None
    fetched: dt.datetime | None = None
    status: str | None = None


class TecMonths:
    """Reads a TEC site beyond its list feed's window: one month export at a time.

    Each export has its own conditional requests and parser cache, and is fetched no
    more often than the feed's interval (months after the next one, less often). A site
    that answers month exports with 404 or a web page is left alone from then on.
    """

    def __init__(
        self,
        hass: HomeAssistant,
        data: dict[str, Any],
        months_ahead: int,
        new_parser: Callable[[], FeedParser],
    ) -> None:
        """Prepare for the entry's feed; nothing is fetched before a TEC list feed is seen.

        new_parser makes each month's parser, as the entry's own is made.
        """
        self._hass = hass
        self._data = data
        self._months_ahead = months_ahead
        self._new_parser = new_parser
        self._sources: dict[str, MonthSource] = {}
        self.unsupported = False

    def _wanted(self, list_feed: Feed, now: dt.datetime) -> list[MonthSource]:
        """Return the sources for the months to read now (none for other feeds)."""
        url = self._data[CONF_URL]
        if (
            self.unsupported
            or not self._months_ahead
            or not is_tec_export(list_feed, url)
        ):
            return []
        wanted = []
        for export in month_exports(url, now.date(), self._months_ahead):
            source = self._sources.get(export.url) or MonthSource(
                export.url, export.month, self._new_parser()
            )
            wanted.append(source)
        self._sources = {source.url: source for source in wanted}
        return wanted

    async def async_refresh(
        self, list_feed: Feed, now: dt.datetime, interval: dt.timedelta
    ) -> bool:
        """Fetch the month exports that are due, one at a time; True if any changed."""
        changed = False
        for number, source in enumerate(self._wanted(list_feed, now)):
            due = interval * (1 if number <= 1 else FAR_MONTHS_SLOWER)
            if source.fetched is None or now - source.fetched >= due:
                changed |= await self._async_fetch(source, now)
            if self.unsupported:
                self._sources = {}
                return changed
        return changed

    async def _async_fetch(self, source: MonthSource, now: dt.datetime) -> bool:
        """Fetch one export; keep what it held when it fails. True when it changed."""
        data = {**self._data, CONF_URL: source.url}
        try:
            fetched = await async_fetch(self._hass, data, source.validators)
            source.fetched = now
            if fetched.chunks is None:
                source.status = "not_modified"
                return False
            body, parsed = await async_parse_in_executor(
                self._hass,
                fetched,
                lambda body: source.parser.parse(body, now, fetched.content_type),
            )
        except (FetchError, FeedError) as err:
            source.status = failure_of(err).key
            no_exports = isinstance(err, FeedError) or (
                isinstance(err, HTTPStatusError) and err.status in _NO_MONTH_EXPORTS
            )
            self.unsupported = no_exports and self._nothing_read()
            return False
        source.validators = fetched.validators
        if parsed is source.feed:
            source.status = "unchanged"
            return False
        source.feed, source.body, source.status = parsed, body, "updated"
        source.content_type = fetched.content_type
        return True

    def _nothing_read(self) -> bool:
        return all(source.feed is None for source in self._sources.values())

    @property
    def feeds(self) -> list[Feed]:
        """Return what the month exports hold, month by month."""
        return [source.feed for source in self._sources.values() if source.feed]

    def saved(self) -> dict[str, Any]:
        """Return the month exports for the store (in the executor: compressing)."""
        return {
            source.url: {
                "month": source.month.isoformat(),
                "body": base64.b64encode(zlib.compress(source.body, 1)).decode(),
                "content_type": source.content_type,
                "etag": source.validators.etag,
                "last_modified": source.validators.last_modified,
                "fetched": source.fetched.isoformat() if source.fetched else None,
            }
            for source in self._sources.values()
            if source.body is not None
        }

    def load(self, saved: dict[str, Any], now: dt.datetime) -> None:
        """Read month exports saved by an earlier run (in the executor: parsing)."""
        for url, stored in saved.items():
            source = MonthSource(
                url,
                dt.date.fromisoformat(stored["month"]),
                self._new_parser(),
            )
            source.body = zlib.decompress(base64.b64decode(stored["body"]))
            source.content_type = stored.get("content_type")
            source.validators = Validators(
                stored.get("etag"), stored.get("last_modified")
            )
            source.fetched = (
                dt.datetime.fromisoformat(stored["fetched"])
                if stored["fetched"]
                else None
            )
            source.feed = source.parser.parse(source.body, now, source.content_type)
            self._sources[url] = source

    def diagnostics(self) -> list[dict[str, Any]]:
        """Return, per month export, what was fetched and what it contributed."""
        return [
            {
                "month": source.month.isoformat(),
                "address": urlsplit(source.url)._replace(scheme="", netloc="").geturl(),
                "last_fetch": source.fetched.isoformat() if source.fetched else None,
                "last_status": source.status,
                "occurrences": len(source.feed.records) if source.feed else 0,
            }
            for source in self._sources.values()
        ]
