"""Read iCalendar text the way real servers send it: decoding, lines and values."""

import codecs
import contextlib
import hashlib
import html
import re
from typing import Final, NamedTuple

_UNFOLD: Final = re.compile(r"\n[ \t]")
_CHARSET: Final = re.compile(r"charset\s*=\s*\"?([\w.:-]+)", re.IGNORECASE)
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


def fingerprint(body: bytes) -> str:
    """Return a digest of the body that ignores DTSTAMP lines."""
    digest = hashlib.sha256()
    view = memoryview(body)
    position = 0
    while (stamp := body.find(b"DTSTAMP", position)) >= 0:
        line_end = body.find(b"\n", stamp)
        if stamp == 0 or body[stamp - 1] in b"\r\n":
            digest.update(view[position:stamp])
            position = len(body) if line_end < 0 else line_end + 1
        elif line_end < 0:
            break
        else:
            digest.update(view[position : line_end + 1])
            position = line_end + 1
    digest.update(view[position:])
    return digest.hexdigest()[:32]


def decode(body: bytes, content_type: str | None = None) -> str:
    """Return the body as text: BOMs, a declared charset, UTF-8, Windows-1252, Latin-1."""
    text: str | None = None
    if body.startswith(codecs.BOM_UTF8):
        text = body[len(codecs.BOM_UTF8) :].decode("utf-8", errors="replace")
    elif body.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        text = body.decode("utf-16", errors="replace")
    elif len(body) > 1 and body[1] == 0 and body[0] != 0:
        text = body.decode("utf-16-le", errors="replace")
    elif len(body) > 1 and body[0] == 0 and body[1] != 0:
        text = body.decode("utf-16-be", errors="replace")
    elif content_type and (declared := _CHARSET.search(content_type)):
        try:
            text = body.decode(declared.group(1))
        except LookupError, UnicodeDecodeError:
            text = None
    if text is None:
        for encoding in ("utf-8", "cp1252"):  # what "Latin-1" files usually are
            with contextlib.suppress(UnicodeDecodeError):
                text = body.decode(encoding)
                break
        else:
            text = body.decode("latin-1")
    return text.replace("\x00", "")


def unfolded(text: str) -> str:
    """Return text with LF line ends, whatever it had, and folded lines joined."""
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    if "\n " in text or "\n\t" in text:
        text = _UNFOLD.sub("", text)
    return text


def without_dtstamp(block: str) -> str:
    """Return a component's text without its DTSTAMP line (a download time, not data)."""
    start = block.find("\nDTSTAMP")
    if start < 0:
        return block
    end = block.find("\n", start + 1)
    return block[:start] if end < 0 else block[:start] + block[end:]


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
