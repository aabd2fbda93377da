"""Descriptions and abstracts, kept compressed in blocks shared by neighbouring events.

A description is most of a feed's bytes, and it is read in runs: calendar.get_events
reads every event of a window, in start order. Compressed one by one, every read paid
for a decompression of its own (zlib's throughput was most of get_events' time);
packed in blocks of some 64,000 characters, a window costs a decompression per block
and the texts compress better together.
"""

from collections import OrderedDict
from collections.abc import Iterable
import threading
from typing import Final
import zlib

try:
    from compression import zstd
except ImportError:  # pragma: no cover - a Python built without libzstd
    zstd = None  # type: ignore[assignment]

# Where a text lies: its block (compressed bytes, or a str not packed yet), the
# description's slice of the block's text, then the abstract's; an empty slice is
# None. A plain tuple, like the records holding it (see model.EventRecord).
type PackedText = tuple[bytes | str, int, int, int, int]

# A description and its abstract, as read.
type LongTexts = tuple[str | None, str | None]

NO_TEXT: Final[PackedText] = ("", 0, 0, 0, 0)
BLOCK_CHARS: Final = 64 * 1024
# The texts of the blocks read last are kept up to this many characters (for every
# feed together): a window reads a block's texts in turn, and dashboards ask for the
# same month again and again.
CACHED_CHARS: Final = 1 << 20
# Texts are packed afresh when they use more than this many times the blocks needed.
MAX_SPREAD: Final = 1.25


def _compress(text: str) -> bytes:
    data = text.encode()
    return zstd.compress(data, 1) if zstd else zlib.compress(data, 1)


def _decompress(block: bytes) -> str:
    data = zstd.decompress(block) if zstd else zlib.decompress(block)
    return data.decode()


class _BlockCache:
    """The texts of the blocks read last, shared by the event loop and the executor."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        # By the block's id; the block is kept with its text, so the id stays its own.
        self._texts: OrderedDict[int, tuple[bytes, str]] = OrderedDict()
        self._chars = 0
        # The block read last, and its text: one tuple, replaced whole, read lock-free.
        self._last: tuple[bytes, str] = (b"", "")

    def text(self, block: bytes) -> str:
        """Return a block's text, decompressing it unless it was read lately."""
        last = self._last
        if last[0] is block:
            return last[1]
        with self._lock:
            # The entry keeps its block alive, so no other block can have its id.
            if (cached := self._texts.get(id(block))) is None:
                cached = self._texts[id(block)] = (block, _decompress(block))
                self._chars += len(cached[1])
                while self._chars > CACHED_CHARS and len(self._texts) > 1:
                    self._chars -= len(self._texts.popitem(last=False)[1][1])
            else:
                self._texts.move_to_end(id(block))
            self._last = cached
        return cached[1]


_CACHE: Final = _BlockCache()


def loose_text(description: str | None, abstract: str | None) -> PackedText:
    """Return a description and abstract as one text, not packed yet (see packed).

    The abstract is usually part of the description; otherwise it follows it.
    """
    if not description and not abstract:
        return NO_TEXT
    description, abstract = description or "", abstract or ""
    end = len(description)
    if abstract and (start := description.rfind(abstract)) >= 0:
        return description, 0, end, start, start + len(abstract)
    return description + abstract, 0, end, end, end + len(abstract)


def is_loose(text: PackedText) -> bool:
    """Return True for a text not packed yet."""
    return isinstance(text[0], str) and text is not NO_TEXT


def unpacked(packed: PackedText) -> LongTexts:
    """Return the description and the abstract."""
    block, start, end, abstract_start, abstract_end = packed
    if start == end and abstract_start == abstract_end:
        return None, None
    text = block if isinstance(block, str) else _CACHE.text(block)
    return text[start:end] or None, text[abstract_start:abstract_end] or None


def abstract_or_description(packed: PackedText) -> str | None:
    """Return the abstract, else the description (read without the other)."""
    block, start, end, abstract_start, abstract_end = packed
    if abstract_start < abstract_end:
        start, end = abstract_start, abstract_end
    if start == end:
        return None
    text = block if isinstance(block, str) else _CACHE.text(block)
    return text[start:end]


# A text to pack: the span holding both texts, the description's length, and the
# abstract's start and end within the span.
type _Span = tuple[str, int, int, int]


def packed(texts: Iterable[PackedText]) -> list[PackedText]:
    """Return the texts packed into new compressed blocks, in order; equal ones share."""
    spans: list[_Span | None] = []
    blocks: list[list[str]] = [[]]
    size = 0
    # Each span's block number and where in that block it starts.
    places: dict[_Span, tuple[int, int]] = {}
    for block, start, end, abstract_start, abstract_end in texts:
        if start == end and abstract_start == abstract_end:
            spans.append(None)
            continue
        source = block if isinstance(block, str) else _CACHE.text(block)
        text = source[start : max(end, abstract_end)]
        span = (text, end - start, abstract_start - start, abstract_end - start)
        spans.append(span)
        if span in places:
            continue
        if size >= BLOCK_CHARS:
            blocks.append([])
            size = 0
        places[span] = (len(blocks) - 1, size)
        blocks[-1].append(text)
        size += len(text)
    compressed = [_compress("".join(parts)) for parts in blocks]
    refs: dict[_Span | None, PackedText] = {None: NO_TEXT}
    for span, (number, at) in places.items():
        _, end, abstract_start, abstract_end = span
        refs[span] = (
            compressed[number],
            at,
            at + end,
            at + abstract_start,
            at + abstract_end,
        )
    return [refs[span] for span in spans]


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
        block, start, end, _, abstract_end = text
        length = max(end, abstract_end) - start
        chars += length
        if isinstance(block, bytes):
            blocks.add(id(block))
        else:
            loose_chars += length
    used = len(blocks) + loose_chars / BLOCK_CHARS
    return used > MAX_SPREAD * chars / BLOCK_CHARS + 2
