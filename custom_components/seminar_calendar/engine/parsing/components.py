"""Split a feed's bytes into its components by their BEGIN and END lines."""

from collections.abc import Iterator
from dataclasses import dataclass
import re
from typing import Final

from ..model import FeedError
from .decoding import decode_part
from .lines import ContentLine, content_line, unfolded

# Led by a literal newline, which the regex engine finds fast, unlike "^" with MULTILINE;
# not by spaces, which would make it the continuation of a folded line. The first line
# may follow a byte-order mark and blank lines.
_BOUNDARY: Final = re.compile(
    rb"\n(BEGIN|END)[ \t]*:[ \t]*([A-Z0-9-]+)[ \t]*(?=[\r\n]|$)", re.IGNORECASE
)
_FIRST_BOUNDARY: Final = re.compile(
    rb"(?:\xef\xbb\xbf)?[ \t\r\n]*(BEGIN|END)[ \t]*:[ \t]*([A-Z0-9-]+)[ \t]*(?=[\r\n]|$)",
    re.IGNORECASE,
)
_TZID_LINE: Final = re.compile(
    r"^[ \t]*TZID[ \t]*(?:;[^:\n]*)?:(.*)$", re.MULTILINE | re.IGNORECASE
)


@dataclass(slots=True)
class Components:
    """A body split into calendar properties, time zones and events (still bytes).

    Each event is where it lies in the body, not a copy: a refresh reads again only
    the events that changed (see FeedParser), so copying every event's bytes would
    be most of what it allocates.
    """

    properties: dict[str, ContentLine]
    vtimezones: dict[str, str]
    # Where each VEVENT starts and ends in the body (two lists of numbers: no object
    # per event for the garbage collector).
    event_starts: list[int]
    event_ends: list[int]
    broken: int = 0


def not_a_calendar(text: str) -> FeedError:
    """Return the error that says what a body without a calendar holds instead."""
    head = text.lstrip("\ufeff \t\r\n")[:512].lower()
    if not head:
        return FeedError("empty_feed", "The feed is empty.")
    if head.startswith("<") or "<html" in head:
        return FeedError(
            "html_page", "The address returns a web page, not a calendar feed."
        )
    if head.startswith(("{", "[")):
        return FeedError(
            "json_data", "The address returns JSON data, not a calendar feed."
        )
    if "begin:vcard" in head:
        return FeedError(
            "contact_card", "The address returns a contact card, not a calendar feed."
        )
    return FeedError(
        "not_a_calendar", "The response is not an iCalendar feed (no BEGIN:VCALENDAR)."
    )


def _boundaries(data: bytes) -> Iterator[re.Match[bytes]]:
    """Return the BEGIN and END lines of data, in order."""
    first = _FIRST_BOUNDARY.match(data)
    if first:
        yield first
    yield from _BOUNDARY.finditer(data, first.end() if first else 0)


def component_text(data: bytes, charset: str | None) -> str:
    """Return a component's bytes as text, its folded lines joined."""
    return unfolded(decode_part(data, charset))


def split(data: bytes, charset: str | None) -> Components:
    """Split a body into components by their BEGIN/END lines, without reading values.

    Tolerates broken nesting: a VEVENT left open is counted as broken, stray END
    lines are ignored, and text outside any VCALENDAR is ignored. Raises ValueError
    without a VCALENDAR, and FeedError when the last one never ends (cut short).
    """
    found = Components({}, {}, [], [])
    names: list[bytes] = []  # the open components, outermost first
    offsets: list[int] = []  # where each one's BEGIN line starts
    calendars = last = 0
    for match in _boundaries(data):  # one loop, no calls: thousands of lines
        kind, name = match.group(1).upper(), match.group(2).upper()
        line_start = match.start(1)
        if len(names) == 1 and calendars == 1 and line_start > last + 1:
            text = component_text(data[last:line_start], charset)
            _add_properties(found.properties, text)
        last = match.end()
        if kind == b"BEGIN":
            if name == b"VCALENDAR":
                calendars += 1
                found.broken += b"VEVENT" in names
                names, offsets = [], []
            elif not names:
                continue
            elif name == b"VEVENT" and b"VEVENT" in names:
                found.broken += 1  # a VEVENT that never ended
                cut = names.index(b"VEVENT")
                del names[cut:], offsets[cut:]
            names.append(name)
            offsets.append(line_start)
        elif name in names:
            depth = len(names) - 1 - names[::-1].index(name)
            if depth == 1 and name == b"VEVENT":
                found.event_starts.append(offsets[1])
                found.event_ends.append(match.end())
            elif depth == 1 and name == b"VTIMEZONE":
                block = component_text(data[offsets[1] : match.end()], charset)
                _add_vtimezone(found.vtimezones, block)
            elif depth == 0:
                found.broken += b"VEVENT" in names
            del names[depth:], offsets[depth:]
    return _complete(found, calendars, names)


def _complete(found: Components, calendars: int, open_names: list[bytes]) -> Components:
    if not calendars:
        raise ValueError("no VCALENDAR")
    if open_names:
        # What was cut off is unknown: keeping what came would drop the rest.
        raise FeedError(
            "truncated",
            "The feed ends before its END:VCALENDAR line: it was cut short.",
            transient=True,
        )
    return found


def _add_properties(properties: dict[str, ContentLine], text: str) -> None:
    for raw in text.split("\n"):
        if (line := content_line(raw.strip())) is not None:
            properties.setdefault(line.name, line)


def _add_vtimezone(vtimezones: dict[str, str], block: str) -> None:
    if match := _TZID_LINE.search(block):
        vtimezones.setdefault(match.group(1).strip(), block)
