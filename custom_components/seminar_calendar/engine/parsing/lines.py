"""Read iCalendar content lines and TEXT values the way real servers write them."""

import html
import re
from typing import Final, NamedTuple

_UNFOLD: Final = re.compile(r"\n[ \t]")
_TEXT_ESCAPE: Final = re.compile(r"\\(.)", re.DOTALL)
_TEXT_UNESCAPED: Final = {"n": "\n", "N": "\n"}
_CONTROL_CHARACTERS: Final = dict.fromkeys(
    [*range(0x09), *range(0x0B, 0x20), 0x7F, *range(0x80, 0xA0)]
)
_RARE_ESCAPE: Final = re.compile(r"\\[^nN,;]")


class ContentLine(NamedTuple):
    """One unfolded content line: NAME;PARAM=VALUE:value (hashable, for caches)."""

    name: str
    params: tuple[tuple[str, str], ...]
    value: str

    def param(self, key: str) -> str | None:
        """Return the first value of a parameter (upper-case key), if present."""
        return next((value for name, value in self.params if name == key), None)


def unfolded(text: str) -> str:
    """Return text with LF line ends, whatever it had, and folded lines joined."""
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    if "\n " in text or "\n\t" in text:
        text = _UNFOLD.sub("", text)
    return text


def _split_params(head: str) -> tuple[str, tuple[tuple[str, str], ...]]:
    name, _, rest = head.partition(";")
    params: list[tuple[str, str]] = []
    while rest:
        key, _, rest = rest.partition("=")
        if rest.startswith('"'):
            value, _, rest = rest[1:].partition('"')
            rest = rest.partition(";")[2]
        else:
            value, _, rest = rest.partition(";")
        params.append((key.strip().upper(), value))
    return name.strip().upper(), tuple(params)


def content_line(line: str) -> ContentLine | None:
    """Split a content line, or return None when it has no name and value."""
    colon = line.find(":")
    if colon <= 0:
        return None
    head = line[:colon]
    if '"' in head:
        # A quoted parameter value may hold a colon: find the first one outside quotes.
        in_quotes = False
        for index, char in enumerate(line):
            if char == '"':
                in_quotes = not in_quotes
            elif char == ":" and not in_quotes:
                colon = index
                break
        head = line[:colon]
    name, params = _split_params(head)
    return ContentLine(name, params, line[colon + 1 :])


def _unescape(match: re.Match[str]) -> str:
    char = match.group(1)
    return _TEXT_UNESCAPED.get(char, char)


def text_value(value: str) -> str:
    """Return a TEXT value unescaped, with HTML entities and no-break spaces resolved."""
    if "\\" in value:
        if "\\\\" in value or _RARE_ESCAPE.search(value):
            value = _TEXT_ESCAPE.sub(_unescape, value)
        else:  # the usual escapes only: plain replacements are much faster
            value = (
                value.replace("\\n", "\n")
                .replace("\\N", "\n")
                .replace("\\,", ",")
                .replace("\\;", ";")
            )
    if "&" in value:
        value = html.unescape(value)
    # Exporters write no-break spaces where plain ones belong ("Speaker:\xa0Name");
    # control characters are data, not text: they never reach a state or a card.
    return value.replace("\xa0", " ").translate(_CONTROL_CHARACTERS).strip()


def text_list(value: str) -> list[str]:
    """Split a comma-separated TEXT list, keeping escaped commas."""
    items, current = [], []
    escaped = False
    for char in value:
        if escaped:
            current.append("\\" + char)
            escaped = False
        elif char == "\\":
            escaped = True
        elif char == ",":
            items.append("".join(current))
            current = []
        else:
            current.append(char)
    items.append("".join(current))
    return [text for item in items if (text := text_value(item))]


def event_lines(block: str) -> list[str]:
    """Return a VEVENT's own content lines, without those of nested components."""
    lines: list[str] = []
    depth = 0
    for raw in block.split("\n")[1:-1]:
        line = raw.strip()
        keyword = line[:6].upper()
        if keyword == "BEGIN:":
            depth += 1
        elif keyword[:4] == "END:" and depth:
            depth -= 1
        elif not depth and line:
            lines.append(line)
    return lines
