"""Check what a user enters in the flows: fetch and read the feed, or find it on a page."""

from contextlib import suppress
import logging
from typing import Any, NamedTuple

from homeassistant.const import CONF_URL
from homeassistant.core import HomeAssistant

from .engine import (
    Feed,
    FeedError,
    FetchError,
    feed_links,
    is_supported_url,
    well_known_feed,
)
from .failures import Failure, failure_of
from .fetching import WebPage, async_load_feed

_LOGGER = logging.getLogger(__name__)


class FormError(Exception):
    """A form error: a translation key in config.error, the field and placeholders."""

    def __init__(self, failure: Failure, field: str = "base") -> None:
        """Record the failure and the field it belongs to."""
        super().__init__(failure.key)
        self.failure = failure
        self.field = field

    def show(self) -> tuple[dict[str, str], dict[str, str]]:
        """Return the form's errors and description placeholders."""
        return {self.field: self.failure.key}, self.failure.placeholders


class FoundFeed(NamedTuple):
    """A feed that was fetched and read: the entry data for it, and what the page calls it."""

    data: dict[str, Any]
    feed: Feed
    title: str

    @property
    def label(self) -> str:
        """Return how the feed is offered to choose: its name, else the page's word."""
        return self.feed.name or self.title or self.data[CONF_URL]


async def async_validate_feed(
    hass: HomeAssistant, data: dict[str, Any], *, page_allowed: bool = False
) -> Feed:
    """Fetch and parse the feed the data names, or raise FormError.

    With page_allowed, a web page raises WebPage, to look for the feeds it links.
    """
    if not is_supported_url(data[CONF_URL]):
        raise FormError(Failure("invalid_url", {}), CONF_URL)
    try:
        return await async_load_feed(hass, data)
    except WebPage as page:
        if page_allowed:
            raise
        raise FormError(Failure("html_page", {})) from page
    except (FetchError, FeedError) as err:
        _LOGGER.debug("The feed could not be used: %s", err)
        raise FormError(failure_of(err)) from err


async def async_find_feeds(
    hass: HomeAssistant, data: dict[str, Any]
) -> list[FoundFeed]:
    """Return the feed at the address, or the feeds its page offers; raise FormError.

    A page address with a well-known feed (Google Calendar, Outlook, Indico) is read as
    that feed. Each feed a page links is fetched and read like a pasted one; those that
    fail are not offered.
    """
    data = {**data, CONF_URL: well_known_feed(data[CONF_URL]) or data[CONF_URL]}
    try:
        feed = await async_validate_feed(hass, data, page_allowed=True)
        return [FoundFeed(data, feed, "")]
    except WebPage as page:
        links = feed_links(page.text, data[CONF_URL])
    found: list[FoundFeed] = []
    for link in links:
        candidate = {**data, CONF_URL: link.url}
        with suppress(FormError):
            feed = await async_validate_feed(hass, candidate)
            found.append(FoundFeed(candidate, feed, link.title))
    if not found:
        raise FormError(Failure("no_feed_on_page", {}))
    return found
