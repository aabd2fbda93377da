"""Download feeds through Home Assistant's shared HTTP session, and parse them in turn."""

import asyncio
from collections.abc import Callable, Mapping
from typing import Any, Final

import aiohttp
from homeassistant.const import CONF_PASSWORD, CONF_URL, CONF_USERNAME, CONF_VERIFY_SSL
from homeassistant.core import HomeAssistant
from homeassistant.helpers.aiohttp_client import async_get_clientsession
from homeassistant.util import dt as dt_util

from .const import CONF_USER_AGENT, DOMAIN, VERSION
from .engine import (
    MAX_PAGE_CHARS,
    NO_VALIDATORS,
    Feed,
    FeedError,
    FeedParser,
    Fetched,
    Validators,
    decode,
    fetch_feed,
    joined,
    user_agent,
)

USER_AGENT: Final = user_agent(VERSION)


def executor_lock(hass: HomeAssistant) -> asyncio.Lock:
    """Return the lock that lets one feed at a time parse or compress in the executor.

    Parsing holds the GIL: several feeds parsing at once in executor threads would leave
    the event loop waiting its turn behind all of them.
    """
    lock: asyncio.Lock = hass.data.setdefault(f"{DOMAIN}_executor_lock", asyncio.Lock())
    return lock


async def async_fetch(
    hass: HomeAssistant,
    data: Mapping[str, Any],
    validators: Validators = NO_VALIDATORS,
) -> Fetched:
    """Download the feed an entry's data names, conditionally when validators are given."""
    session = async_get_clientsession(hass, verify_ssl=data.get(CONF_VERIFY_SSL, True))
    authorization = None
    if data.get(CONF_USERNAME):
        authorization = aiohttp.encode_basic_auth(
            data[CONF_USERNAME], data.get(CONF_PASSWORD) or ""
        )
    agent = data.get(CONF_USER_AGENT) or USER_AGENT
    return await fetch_feed(session, data[CONF_URL], agent, validators, authorization)


async def async_parse_in_executor[T](
    hass: HomeAssistant,
    fetched: Fetched,
    parse: Callable[[bytes], T],
    joined_callback: Callable[[bytes], None] | None = None,
) -> tuple[bytes, T]:
    """Return a response's body and what parse makes of it, parsed in the executor.

    One feed at a time (executor_lock). The body is joined on the event loop, one per
    turn of it: joined in executor threads, bodies of megabytes would each leave memory
    behind in their thread's allocator; joined together, they would stall the loop.
    joined_callback gets the body before its parse starts, to start work beside it.
    """
    async with executor_lock(hass):
        body = joined(fetched)
        if joined_callback is not None:
            joined_callback(body)
        return body, await hass.async_add_executor_job(parse, body)


class WebPage(Exception):
    """The address answers with a web page; its text, to find the feeds it links."""

    def __init__(self, text: str) -> None:
        """Keep the page's text."""
        super().__init__("The address returns a web page, not a calendar feed.")
        self.text = text


async def async_load_feed(hass: HomeAssistant, data: Mapping[str, Any]) -> Feed:
    """Download and parse a feed once (for the config flow); raise WebPage for a page."""
    parser = FeedParser(dt_util.get_default_time_zone())
    fetched = await async_fetch(hass, data)
    now = dt_util.now()

    def parse(body: bytes) -> Feed | str:
        try:
            return parser.parse(body, now, fetched.content_type)
        except FeedError as err:
            if err.kind != "html_page":
                raise
            return decode(body[:MAX_PAGE_CHARS], fetched.content_type)

    # An unconditional request is never answered 304: there is a body.
    _, result = await async_parse_in_executor(hass, fetched, parse)
    if isinstance(result, str):
        raise WebPage(result)
    return result
