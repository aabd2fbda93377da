"""Turn the bytes servers send into text: charsets, byte-order marks, UTF-16, digests."""

import codecs
import contextlib
import hashlib
import re
from typing import Final

_CHARSET: Final = re.compile(r"charset\s*=\s*\"?([\w.:-]+)", re.IGNORECASE)
# A line and the folded lines that continue it.
_DTSTAMP_LINE: Final = re.compile(rb"\n[^\n]*(?:\n[ \t][^\n]*)*")
_ASCII_PROBE: Final = "BEGIN:VCALENDAR\r\n"
_ASCII_BYTES: Final = _ASCII_PROBE.encode("ascii")


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


def _declared_charset(content_type: str | None) -> str | None:
    """Return the text encoding a Content-Type declares, if Python knows it."""
    if content_type and (declared := _CHARSET.search(content_type)):
        with contextlib.suppress(LookupError):
            name = codecs.lookup(declared.group(1)).name
            _ASCII_PROBE.encode(name)  # LookupError for codecs of bytes, like base64
            return name
    return None


def _utf16(body: bytes) -> bool:
    """Return True for UTF-16 bodies: a byte-order mark, else a NUL beside ASCII."""
    if body.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return True
    return len(body) > 1 and (body[0] == 0) != (body[1] == 0)


def decode(body: bytes, content_type: str | None = None) -> str:
    """Return the body as text: BOMs, a declared charset, UTF-8, Windows-1252, Latin-1."""
    if body.startswith(codecs.BOM_UTF8):
        return decode_part(body[len(codecs.BOM_UTF8) :], "utf-8")
    if _utf16(body):
        if body.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
            encoding = "utf-16"  # the mark says which
        else:
            encoding = "utf-16-le" if body[1] == 0 else "utf-16-be"
        return body.decode(encoding, errors="replace").replace("\x00", "")
    return decode_part(body, _declared_charset(content_type))


def decode_part(data: bytes, charset: str | None = None) -> str:
    """Return bytes as text: the declared charset, UTF-8, Windows-1252, then Latin-1."""
    for encoding in (charset, "utf-8", "cp1252"):  # cp1252: what "Latin-1" usually is
        if encoding:
            with contextlib.suppress(UnicodeDecodeError):
                return data.decode(encoding).replace("\x00", "")
    return data.decode("latin-1").replace("\x00", "")


def ascii_compatible(
    body: bytes, content_type: str | None = None
) -> tuple[bytes, str | None]:
    """Return the body in a charset that keeps ASCII as it is, and that charset.

    Components are then found in the bytes by their lines and decoded one at a time
    (decode_part): a body of megabytes never becomes one string, which would hold the
    GIL while it is copied. UTF-16 and the other charsets that do not keep ASCII are
    converted to UTF-8 first; NUL bytes are dropped and CR-only line ends become LF.
    """
    charset = _declared_charset(content_type)
    if body.startswith(codecs.BOM_UTF8):
        charset = "utf-8"
    elif _utf16(body) or (charset and _ASCII_PROBE.encode(charset) != _ASCII_BYTES):
        return decode(body, content_type).encode("utf-8", "surrogatepass"), "utf-8"
    if b"\x00" in body:
        body = body.replace(b"\x00", b"")
    if b"\n" not in body:  # old Macintosh line ends
        body = body.replace(b"\r", b"\n")
    return body, charset


def event_digest(data: bytes, start: int, end: int) -> bytes:
    """Return the digest of the component data[start:end] without its DTSTAMP line.

    DTSTAMP is a download time, not data. The component is read in place, not copied.
    """
    view = memoryview(data)
    digest = hashlib.sha256()
    stamp = data.find(b"\nDTSTAMP", start, end)
    if stamp >= 0:
        line = _DTSTAMP_LINE.match(data, stamp, end)
        assert line is not None  # the pattern matches any line from its newline
        digest.update(view[start:stamp])
        start = line.end()
    digest.update(view[start:end])
    return digest.digest()
