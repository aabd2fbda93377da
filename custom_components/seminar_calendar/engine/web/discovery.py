"""Find the calendar feeds a web page offers, and the feed behind addresses people paste.

An events page names its feeds in its head (<link rel="alternate" type="text/calendar">,
what The Events Calendar and many CMSs write), or links to them: .ics files, webcal://
addresses and exports such as "?ical=1". Some addresses people copy from a browser are
not feeds but have a well-known one: a Google Calendar embed, an Outlook published
calendar page, an Indico category page.
"""

import base64
import binascii
from html.parser import HTMLParser
import re
from typing import Final, NamedTuple, override
from urllib.parse import parse_qs, quote, urljoin, urlsplit

from .client import is_supported_url, normalize_url

# Only the head and the links matter: a page is read this far at most.
MAX_PAGE_CHARS: Final = 2 * 1024 * 1024
MAX_CANDIDATES: Final = 10
_EXPORT_QUERY: Final = re.compile(r"(?:^|[?&])(?:outlook-)?ical=", re.IGNORECASE)
_INDICO_CATEGORY: Final = re.compile(r"^(/(?:.*/)?category/\d+)/?(?:overview)?$")


class FeedLink(NamedTuple):
    """A calendar feed a page offers: its address and what the page calls it."""

    url: str
    title: str


def well_known_feed(url: str) -> str | None:
    """Return the feed behind a page address people paste, when it has a known one."""
    parts = urlsplit(url)
    host, path = (parts.hostname or "").lower(), parts.path
    query = parse_qs(parts.query)
    if host == "calendar.google.com" and (calendar_id := _google_calendar_id(query)):
        return f"https://calendar.google.com/calendar/ical/{quote(calendar_id, safe='')}/public/basic.ics"
    if host.startswith("outlook.") and path.lower().endswith("/calendar.html"):
        return parts._replace(path=path[: -len(".html")] + ".ics").geturl()
    if (match := _INDICO_CATEGORY.match(path)) and "indico" in host:
        return parts._replace(path=f"{match.group(1)}/events.ics", query="").geturl()
    return None


def _google_calendar_id(query: dict[str, list[str]]) -> str | None:
    """Return the calendar an embed (src=) or a share link (cid=, base64) names."""
    if source := query.get("src"):
        return source[0]
    if cid := query.get("cid"):
        value = cid[0]
        if "@" in value:
            return value
        try:
            decoded = base64.urlsafe_b64decode(value + "=" * (-len(value) % 4))
            return decoded.decode()
        except binascii.Error, UnicodeDecodeError:
            return None
    return None


def feed_links(page: str, page_url: str) -> list[FeedLink]:
    """Return the calendar feeds a page offers, in page order, without repeats."""
    finder = _FeedLinkFinder(page_url)
    finder.feed(page[:MAX_PAGE_CHARS])
    finder.close()
    found: dict[str, FeedLink] = {}
    for link in finder.links:
        if link.url not in found and is_supported_url(link.url):
            found[link.url] = link
    return list(found.values())[:MAX_CANDIDATES]


def _is_feed_address(href: str) -> bool:
    parts = urlsplit(href)
    return (
        href.lower().startswith("webcal:")
        or parts.path.lower().endswith(".ics")
        or bool(_EXPORT_QUERY.search(parts.query))
    )


class _FeedLinkFinder(HTMLParser):
    """Collect <link> feeds of the head and <a> links to feeds, with their titles."""

    def __init__(self, page_url: str) -> None:
        super().__init__(convert_charrefs=True)
        self.base = page_url
        self.links: list[FeedLink] = []
        self._anchor: tuple[str, list[str]] | None = None

    @override
    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        if tag == "base" and values.get("href"):
            self.base = urljoin(self.base, values["href"])
        elif tag == "link" and values.get("type", "").lower() == "text/calendar":
            if "alternate" in values.get("rel", "").lower().split():
                self._add(values.get("href", ""), values.get("title", ""))
        elif tag == "a" and _is_feed_address(href := values.get("href", "")):
            self._anchor = (href, [values.get("title", "")])

    @override
    def handle_data(self, data: str) -> None:
        if self._anchor is not None:
            self._anchor[1].append(data)

    @override
    def handle_endtag(self, tag: str) -> None:
        if tag == "a" and self._anchor is not None:
            href, texts = self._anchor
            self._anchor = None
            self._add(href, " ".join(" ".join(texts).split()))

    def _add(self, href: str, title: str) -> None:
        href = href.strip()
        if not href:
            return
        url = normalize_url(href) if href.lower().startswith("webcal:") else href
        self.links.append(FeedLink(urljoin(self.base, url), title.strip()))
