"""Descriptions, abstracts and cards, kept compressed in blocks shared by neighbours.

A description is most of a feed's bytes, and it is read in runs: calendar.get_events
reads every event of a window, in start order. Compressed one by one, every read paid
for a decompression of its own (zlib's throughput was most of get_events' time);
packed in start order in blocks of some 64,000 characters, a window costs one
decompression per block, the texts compress better together, and the card a calendar
shows (see card.py), laid out around the abstract, is one slice.
"""

from collections.abc import Callable, Iterable
from itertools import repeat
import operator
import sys
import threading
from typing import Final, NamedTuple
import zlib

try:
    from compression import zstd
except ImportError:  # a Python built without libzstd (Home Assistant's container)
    zstd = None  # type: ignore[assignment]

# Where an event's texts lie in their block (compressed bytes, or a str not packed
# yet): the region start:end holds the description before the body, the card's lines
# before the body, the body (the abstract, else the description), the card's lines
# after it, then the rest of the description:
#     start · card_start · body_start · body_end · card_end · end
# so that a calendar reads the whole card, and the abstract, as one slice each.


class TextFields(NamedTuple):
    """Where an event's texts lie in their block: the fields of a PackedText, in order."""

    block: bytes | str
    start: int
    card_start: int
    body_start: int
    body_end: int
    card_end: int
    end: int
    # ABSTRACT (the body is the abstract), IN_DESCRIPTION (the body is part of the
    # description), CARD (the card's lines are there).
    flags: int


# A TextFields as a plain tuple, like the records holding it (see model.EventRecord):
# read by the getters below, or unpacked whole.
type PackedText = tuple[bytes | str, int, int, int, int, int, int, int]
_AT: Final = {name: at for at, name in enumerate(TextFields._fields)}
_block: Final[Callable[[PackedText], bytes | str]] = operator.itemgetter(_AT["block"])
_span: Final[Callable[[PackedText], tuple[int, int]]] = operator.itemgetter(
    _AT["start"], _AT["end"]
)
_flags: Final[Callable[[PackedText], int]] = operator.itemgetter(_AT["flags"])
_body: Final[Callable[[PackedText], tuple[int, int]]] = operator.itemgetter(
    _AT["body_start"], _AT["body_end"]
)
# A card's lines before and after the body.
type CardFrame = tuple[str, str]

# A description and its abstract, as read.
type LongTexts = tuple[str | None, str | None]

ABSTRACT: Final = 1
IN_DESCRIPTION: Final = 2
CARD: Final = 4
NO_TEXT: Final[PackedText] = ("", 0, 0, 0, 0, 0, 0, 0)
BLOCK_CHARS: Final = 64 * 1024
# The texts of the blocks read last are kept up to this many bytes (for every feed
# together): a window reads a block's texts in turn, and dashboards ask for the same
# windows again and again. A year of a 5,000-event feed's texts is 4.8 MB.
CACHED_BYTES: Final = 8 << 20
# Texts are packed afresh when they use more than this many times the blocks needed.
MAX_SPREAD: Final = 1.25


def _compress(text: str) -> bytes:
    data = text.encode()
    return zstd.compress(data, 1) if zstd else zlib.compress(data, 1)


def _decompress(block: bytes) -> str:
    data = zstd.decompress(block) if zstd else zlib.decompress(block)
    return data.decode()


class _BlockCache:
    """The texts of the blocks read last, shared by the event loop and the executor.

    What it pays for, reading the texts of a 5,000-event feed's window: a month's
    (408 events) in 0.43 ms from it against 1.36 ms decompressing them with zstd,
    3.2 ms with zlib; a year's in 5.2 ms against 10.1 ms (zstd) and 23.3 ms (zlib).
    Through Home Assistant, calendar.get_events of the year takes 94 ms, 110 ms
    without it (zstd; zlib 89 and 99 ms). A dashboard asks for the same windows again
    and again.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        # By the block itself (bytes hash once and keep it), the oldest first.
        self._texts: dict[bytes, str] = {}

    def text(self, block: bytes) -> str:
        """Return a block's text, decompressing it unless it was read lately."""
        # A dictionary read needs no lock: entries are added and removed under it.
        if (cached := self._texts.get(block)) is not None:
            return cached
        text = _decompress(block)
        with self._lock:
            self._texts[block] = text
            size = sum(sys.getsizeof(kept) for kept in self._texts.values())
            while size > CACHED_BYTES and len(self._texts) > 1:
                size -= sys.getsizeof(self._texts.pop(next(iter(self._texts))))
        return text

    def clear(self) -> None:
        """Forget every text (the tests start each with none)."""
        with self._lock:
            self._texts.clear()


_CACHE: Final = _BlockCache()


def clear_cache() -> None:
    """Forget the texts of the blocks read lately."""
    _CACHE.clear()


def loose_text(description: str | None, abstract: str | None) -> PackedText:
    """Return a description and abstract as one text, not packed yet (see packed).

    The abstract is usually part of the description; otherwise it follows it.
    """
    if not description and not abstract:
        # Not NO_TEXT but an object of its own: packing may give this event a card.
        return _laid_out("", "", "", 0)
    if not abstract:
        return _laid_out("", description or "", "", IN_DESCRIPTION)
    description = description or ""
    if (at := description.rfind(abstract)) >= 0:
        before, after = description[:at], description[at + len(abstract) :]
        return _laid_out(before, abstract, after, ABSTRACT | IN_DESCRIPTION)
    return _laid_out(description, abstract, "", ABSTRACT)


def _laid_out(before: str, body: str, after: str, flags: int) -> PackedText:
    body_start = len(before)
    body_end = body_start + len(body)
    end = body_end + len(after)
    text = before + body + after
    return (
        *TextFields(text, 0, body_start, body_start, body_end, body_end, end, flags),
    )


def is_loose(text: PackedText) -> bool:
    """Return True for a text not packed yet."""
    return isinstance(_block(text), str) and text is not NO_TEXT


def has_card(text: PackedText) -> bool:
    """Return True when a card is packed with the texts (without reading them)."""
    return bool(_flags(text) & CARD)


def has_body(text: PackedText) -> bool:
    """Return True when there is an abstract or a description."""
    body_start, body_end = _body(text)
    return body_end > body_start


def _source(block: bytes | str) -> str:
    return block if isinstance(block, str) else _CACHE.text(block)


def unpacked(packed: PackedText) -> LongTexts:
    """Return the description and the abstract."""
    block, start, card_start, body_start, body_end, card_end, end, flags = packed
    if start == end:
        return None, None
    text = _source(block)
    body = text[body_start:body_end]
    if not flags & IN_DESCRIPTION:
        description = text[start:card_start] + text[card_end:end]
    elif start == card_start and card_end == end:
        description = body
    else:
        description = text[start:card_start] + body + text[card_end:end]
    return description or None, body if flags & ABSTRACT and body else None


def abstract_or_description(packed: PackedText) -> str | None:
    """Return the abstract, else the description (read without the other)."""
    body_start, body_end = _body(packed)
    if body_end <= body_start:
        return None
    return _source(_block(packed))[body_start:body_end]


class BlockReader:
    """Reads many texts in one go (a calendar window): each block decompressed once."""

    def __init__(self) -> None:
        """Start with no block read."""
        # By the block itself (hashed once: bytes and str keep their hash).
        self._texts: dict[bytes | str, str] = {}

    def card(self, packed: PackedText) -> str | None:
        """Return the card packed with the texts ("" for an empty one), else None."""
        # Unpacked whole (TextFields), the fastest read of a calendar window's cards.
        block, _, card_start, _, _, card_end, _, flags = packed
        if not flags & CARD:
            return None
        if (text := self._texts.get(block)) is None:
            text = self._texts[block] = _source(block)
        return text[card_start:card_end]


def packed_card(packed: PackedText) -> str | None:
    """Return the card packed with the texts ("" for an empty one), else None."""
    return BlockReader().card(packed)


# A region to pack: its text and its offsets (from the region's start), and flags.
type _Region = tuple[str, int, int, int, int, int, int]


class _LastBlock:
    """Reads texts packed in start order, as packing reads them again: a block at a time.

    Not through the cache of blocks read lately, which keeps what calendars read.
    """

    def __init__(self) -> None:
        self._block: bytes | str = ""
        self._text = ""

    def text(self, block: bytes | str) -> str:
        """Return a block's text, decompressing it unless it was the last one read."""
        if block is not self._block:
            self._block = block
            self._text = block if isinstance(block, str) else _decompress(block)
        return self._text


def _region(
    text: PackedText, frame: CardFrame | None, reader: _LastBlock
) -> _Region | None:
    """Return an event's region, with the card's lines of frame when there is one."""
    block, start, card_start, body_start, body_end, card_end, end, flags = text
    if start == end and frame is None:
        return None
    source = reader.text(block) if start < end else ""
    before, body, after = (
        source[start:card_start],
        source[body_start:body_end],
        source[card_end:end],
    )
    if frame is None:
        head, tail = source[card_start:body_start], source[body_end:card_end]
    else:
        (head, tail), flags = frame, flags | CARD
    card_start = len(before)
    body_start = card_start + len(head)
    body_end = body_start + len(body)
    card_end = body_end + len(tail)
    region = before + head + body + tail + after
    return region, card_start, body_start, body_end, card_end, len(region), flags


def packed(
    texts: Iterable[PackedText], frames: Iterable[CardFrame | None] | None = None
) -> list[PackedText]:
    """Return the texts packed into new compressed blocks, in order; equal ones share.

    frames: each text's card lines, to pack with it (None keeps those it has).
    """
    if frames is None:
        frames = repeat(None)
    reader = _LastBlock()
    regions = [
        _region(text, frame, reader) for text, frame in zip(texts, frames, strict=False)
    ]
    blocks: list[list[str]] = [[]]
    size = 0
    # Each region's block number and where in that block it starts.
    places: dict[_Region, tuple[int, int]] = {}
    for region in regions:
        if region is None or region in places:
            continue
        if size >= BLOCK_CHARS:
            blocks.append([])
            size = 0
        places[region] = (len(blocks) - 1, size)
        blocks[-1].append(region[0])
        size += len(region[0])
    compressed = [_compress("".join(parts)) for parts in blocks]
    refs: dict[_Region | None, PackedText] = {None: NO_TEXT}
    for region, (number, at) in places.items():
        _, *offsets, flags = region
        card_start, body_start, body_end, card_end, end = (at + o for o in offsets)
        refs[region] = (
            *TextFields(
                compressed[number],
                at,
                card_start,
                body_start,
                body_end,
                card_end,
                end,
                flags,
            ),
        )
    return [refs[region] for region in regions]


def spread_out(texts: Iterable[PackedText]) -> bool:
    """Return True when the texts use many more blocks than they would packed afresh.

    Texts not packed yet count as the blocks they would fill. Then texts of events gone
    take at most about a quarter of the blocks' room, and a window reads few blocks.
    """
    seen: set[int] = set()
    blocks: set[int] = set()
    chars = loose_chars = 0
    for text in texts:
        if id(text) in seen:
            continue
        seen.add(id(text))
        block, (start, end) = _block(text), _span(text)
        length = end - start
        chars += length
        if isinstance(block, bytes):
            blocks.add(id(block))
        else:
            loose_chars += length
    used = len(blocks) + loose_chars / BLOCK_CHARS
    return used > MAX_SPREAD * chars / BLOCK_CHARS + 2
