"""What an entry keeps across restarts: its last good body, validators and past seminars."""

import asyncio
import base64
from concurrent.futures import ThreadPoolExecutor
import datetime as dt
import json
from typing import Any, Final, NamedTuple, override
import zlib

from homeassistant.const import EVENT_HOMEASSISTANT_CLOSE
from homeassistant.core import Event, HomeAssistant
from homeassistant.helpers.storage import Store
from homeassistant.util import dt as dt_util

from .const import DOMAIN
from .engine import (
    EventRecord,
    Feed,
    Fetched,
    Validators,
    events_from_text,
    events_to_text,
    from_json,
)

STORAGE_VERSION = 1
_SAVER: Final = f"{DOMAIN}_saver"
# 1.2: past events as one JSON text under "past_events" (1.1: a list under "past").
# 1.3: their description and abstract as texts (before: zlib-compressed "long_text").
STORAGE_MINOR_VERSION = 3


class SavedFeed(NamedTuple):
    """A saved copy, read back."""

    body: bytes
    content_type: str | None
    validators: Validators
    fetched: dt.datetime | None
    past_events: list[EventRecord]


class FeedStore(Store[dict[str, Any]]):
    """The store that keeps an entry's last good feed across restarts."""

    @override
    async def _async_migrate_func(
        self, old_major_version: int, old_minor_version: int, old_data: dict[str, Any]
    ) -> dict[str, Any]:
        """Convert a saved copy written by an earlier release."""
        if old_minor_version < 3:
            old_data["past_events"] = await self.hass.async_add_executor_job(
                _past_as_text,
                old_data.pop("past", None),
                old_data.get("past_events", "[]"),
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


def months_store_for(hass: HomeAssistant, entry_id: str) -> Store[dict[str, Any]]:
    """Return the store of the month exports read beside an entry's feed."""
    return Store(
        hass,
        STORAGE_VERSION,
        f"{DOMAIN}.{entry_id}.months",
        serialize_in_event_loop=False,
    )


def _saved_body_of(body: bytes) -> str:
    return base64.b64encode(zlib.compress(body, 1)).decode()


def saved_body_started(hass: HomeAssistant, body: bytes) -> asyncio.Future[str]:
    """Start compressing a body as the store keeps it, in the thread that saves copies.

    Compressing releases the GIL: the copies are compressed beside the parses, outside
    executor_lock, one at a time in one thread. What it pays for (scripts/bench --load,
    20 feeds of 5,000 events): a refresh round takes 3.4 s so, 5.7 s compressed inside
    executor_lock; on Home Assistant's executor, whose many threads each keep memory
    their allocator got for megabytes, RSS after round 10 was 880-900 MiB, 830-840 so.
    """
    return hass.loop.run_in_executor(_saver(hass), _saved_body_of, body)


def _saver(hass: HomeAssistant) -> ThreadPoolExecutor:
    saver: ThreadPoolExecutor | None = hass.data.get(_SAVER)
    if saver is None:
        saver = hass.data[_SAVER] = ThreadPoolExecutor(1, f"{DOMAIN}_save")

        async def async_shut_down(_: Event) -> None:
            await hass.async_add_executor_job(saver.shutdown)

        hass.bus.async_listen_once(EVENT_HOMEASSISTANT_CLOSE, async_shut_down)
    return saver


def saved_payload(
    url: str, fetched: Fetched, saved_body: str, feed: Feed, now: dt.datetime
) -> dict[str, Any]:
    """Return what the store keeps (in the executor: past events are many)."""
    return {
        "url": url,
        "body": saved_body,
        "content_type": fetched.content_type,
        "etag": fetched.validators.etag,
        "last_modified": fetched.validators.last_modified,
        "fetched": now.isoformat(),
        # The body holds the rest: only what it no longer lists needs saving.
        "past_events": events_to_text(feed.history),
    }


def read_payload(stored: dict[str, Any]) -> SavedFeed:
    """Return a saved copy's parts (in the executor: the body is megabytes)."""
    return SavedFeed(
        body=zlib.decompress(base64.b64decode(stored["body"])),
        content_type=stored.get("content_type"),
        validators=Validators(stored.get("etag"), stored.get("last_modified")),
        fetched=dt_util.parse_datetime(stored["fetched"]),
        past_events=events_from_text(stored.get("past_events", "[]")),
    )


def _past_as_text(past: list[dict[str, Any]] | None, text: str) -> str:
    """Return past events saved before release 0.4 as the text it saves.

    0.1 saved them as a list (past), 0.2 and 0.3 as one JSON text.
    """
    saved = past if past is not None else json.loads(text)
    return events_to_text(from_json(_with_texts(data)) for data in saved)


def _with_texts(data: dict[str, Any]) -> dict[str, Any]:
    """Return an event saved before 0.4 with its description and abstract as texts.

    It kept the description zlib-compressed, the abstract a slice of it or after a NUL.
    """
    saved = data.pop("long_text")
    text = zlib.decompress(base64.b64decode(saved)).decode() if saved else ""
    description, _, abstract = text.partition("\x00")
    if span := data.pop("abstract_slice"):
        abstract = description[slice(*span)]
    return {**data, "description": description or None, "abstract": abstract or None}
