"""Parse feed bodies into Feed objects, re-reading only the events that changed."""

from bisect import bisect_left
import dataclasses
import datetime as dt
from functools import partial
from typing import Final, NamedTuple

from .fields import NO_CONTEXT, feed_context
from .model import (
    EventRecord,
    Feed,
    as_event,
    index_records,
    long_text_of,
    start_of,
    status_of,
    with_long_text,
)
from .parsing.components import Components, component_text, not_a_calendar, split
from .parsing.decoding import ascii_compatible, decode, event_digest, fingerprint
from .parsing.lines import ContentLine, text_value
from .parsing.timezones import TimeZones, iana_zone
from .parsing.values import ValueParseError, parse_duration
from .parsing.vevent import (
    ParsedEvent,
    SkippedEvent,
    parse_event,
    parsed_digest,
    parsed_record,
    parsed_series_lines,
    summary_head_of,
    with_record,
)
from .recurrence.occurrences import SeriesKey, SeriesResult, occurrence_records
from .texts.blocks import (
    CardFrame,
    PackedText,
    has_body,
    has_card,
    is_loose,
    packed,
    spread_out,
)
from .texts.card import CardLabels, card_frame
from .timeutil import as_datetime

# Single events that ended longer ago than this are not kept.
DEFAULT_HISTORY: Final = dt.timedelta(days=90)
MAX_SKIP_REASONS: Final = 5
_HEAD_BYTES: Final = 2048


class ParseResult(NamedTuple):
    """A parsed body, and whether it says anything new."""

    feed: Feed
    # False for a body that differs from the last one only in its DTSTAMP lines, on
    # the same day: feed is then the last one again.
    changed: bool


class _KnownEvents:
    """The events of the last body by their digests, in sorted tuples: no dictionary.

    Python 3.14 tracks every dictionary and visits each key and value at every full
    collection, while tuples of untracked values leave the collector's view. With 20
    feeds of 5,000 events, one dictionary per feed made a full collection of Home
    Assistant 13 ms longer (153 → 166 ms, the fastest of 15); a lookup is a bisection.
    Each event's SUMMARY head and result lie side by side, not in a pair: a collection
    may untrack only one level of nested tuples, so pairs outlived a first parse's
    young collections. A first parse of a 5,000-event feed left 31,500 objects in the
    oldest generation with the pairs, whose growth sets off full collections; 24,300
    without (the mean of six feeds' first parses).
    """

    __slots__ = ("_digests", "heads", "results")

    def __init__(
        self, heads: dict[bytes, str | None], results: dict[bytes, ParsedEvent | str]
    ) -> None:
        self._digests = tuple(sorted(results))
        # What leads each SUMMARY (see fields.feed_context).
        self.heads = tuple(map(heads.__getitem__, self._digests))
        # Each event as read, or why it was skipped.
        self.results = tuple(map(results.__getitem__, self._digests))

    def position(self, digest: bytes) -> int | None:
        """Return where the event with this digest is in heads and results, if known."""
        at = bisect_left(self._digests, digest)
        if at < len(self._digests) and self._digests[at] == digest:
            return at
        return None


_NONE_KNOWN: Final = _KnownEvents({}, {})


class FeedParser:
    """Parse successive bodies of one feed, reusing what did not change."""

    def __init__(
        self,
        default_tz: dt.tzinfo,
        history: dt.timedelta = DEFAULT_HISTORY,
        shown_in: dt.tzinfo | None = None,
        card_labels: CardLabels | None = None,
    ) -> None:
        """Set the zone for floating times and how long ended events are kept.

        shown_in: the zone to give occurrences' times in (the one they are shown in),
        else each keeps its own; all-day occurrences stay dates. card_labels: the
        words of the cards packed with the texts (see texts.card.card_text); None packs none.
        """
        self.default_tz = default_tz
        self.history = history
        self.shown_in = shown_in
        self.card_labels = card_labels
        # The last body's fingerprint and day, and its feed.
        self._last_seen: tuple[str, dt.date] | None = None
        self._last_feed: Feed | None = None
        self._context: tuple[object, ...] = ()
        self._known = _NONE_KNOWN
        # What the feed's SUMMARYs show together (series' names).
        self._feed_context = NO_CONTEXT
        self._series: dict[SeriesKey, SeriesResult] = {}

    def parse(
        self, body: bytes, now: dt.datetime, content_type: str | None = None
    ) -> Feed:
        """Return the feed in body, or raise FeedError when it holds no calendar."""
        return self.parse_result(body, now, content_type).feed

    def parse_result(
        self, body: bytes, now: dt.datetime, content_type: str | None = None
    ) -> ParseResult:
        """Return the feed in body and whether it changed; raise FeedError as parse.

        A body that differs from the last one only in its DTSTAMP lines, on the same
        day, is not read again: the last feed comes back, unchanged.
        """
        digest = fingerprint(body)
        seen = (digest, now.date())
        if self._last_feed is not None and self._last_seen == seen:
            return ParseResult(self._last_feed, changed=False)
        data, charset = ascii_compatible(body, content_type)
        try:
            components = split(data, charset)
        except ValueError:
            raise not_a_calendar(decode(body[:_HEAD_BYTES], content_type)) from None
        props = components.properties
        floating = self.default_tz
        if "X-WR-TIMEZONE" in props:
            floating = iana_zone(props["X-WR-TIMEZONE"].value) or floating
        zones = TimeZones(components.vtimezones, floating, self.shown_in)
        context = (floating, charset, tuple(sorted(components.vtimezones.items())))
        if context != self._context:
            self._context, self._known, self._series = context, _NONE_KNOWN, {}
        skipped = ["an event is cut off (no END:VEVENT)"] * components.broken
        parsed, heads, results, read_anew = self._parse_events(
            data, components, charset, zones, skipped
        )
        records, self._series, merged = occurrence_records(
            parsed, zones, now, self.history, self._series
        )
        if read_anew:
            records = self._pack_texts(parsed, records, results, zones.default)
        self._known = _KnownEvents(heads, results)
        skipped += (
            reason for reason in self._series.values() if isinstance(reason, str)
        )
        feed = self._feed(props, floating, digest, records, skipped)
        if merged:
            feed = dataclasses.replace(feed, merged_copies=merged)
        self._last_seen, self._last_feed = seen, feed
        return ParseResult(feed, changed=True)

    def _parse_events(
        self,
        data: bytes,
        components: Components,
        charset: str | None,
        zones: TimeZones,
        skipped: list[str],
    ) -> tuple[
        list[ParsedEvent], dict[bytes, str | None], dict[bytes, ParsedEvent | str], bool
    ]:
        """Read the events, reusing those read before; add why others were skipped.

        Also returns each event's SUMMARY head and result (the event or why it was
        skipped) by digest, and whether any was read anew. A series' name is known
        only from the whole feed and decides how each SUMMARY is read: when what the
        feed's SUMMARYs show together changes (fields.feed_context), every event is
        read again.
        """
        known = self._known
        starts, ends = components.event_starts, components.event_ends
        # Keyed by a digest, not the bytes: the cache must not keep the body alive.
        digests = list(map(partial(event_digest, data), starts, ends, strict=True))
        positions = list(map(known.position, digests))
        # Only the events read anew are copied out of the body.
        heads = [
            summary_head_of(data[start:end], charset) if at is None else known.heads[at]
            for start, end, at in zip(starts, ends, positions, strict=True)
        ]
        context = feed_context(heads)
        if context != self._feed_context:
            self._feed_context, self._series = context, {}
            positions = [None] * len(digests)
        # Results read before are kept as they are: a refresh allocates nothing for the
        # garbage collector per unchanged event (its collections pause the event loop).
        results: dict[bytes, ParsedEvent | str] = {}
        parsed: list[ParsedEvent] = []
        read_anew = False
        for digest, start, end, at in zip(
            digests, starts, ends, positions, strict=True
        ):
            result: ParsedEvent | str
            if at is not None:
                result = known.results[at]
            else:
                read_anew = True
                try:
                    text = component_text(data[start:end], charset)
                    result = parse_event(text, digest, zones, context)
                except (SkippedEvent, ValueParseError) as err:
                    result = str(err)
            results[digest] = result
            if isinstance(result, str):
                skipped.append(result)
            else:
                parsed.append(result)
        return parsed, dict(zip(digests, heads, strict=True)), results, read_anew

    def _pack_texts(
        self,
        parsed: list[ParsedEvent],
        records: list[EventRecord],
        results: dict[bytes, ParsedEvent | str],
        tz: dt.tzinfo,
    ) -> list[EventRecord]:
        """Pack new events' texts, also in results and the series; return the records so.

        All texts are packed afresh when the blocks have spread out (texts of events
        gone, new texts in blocks of their own). Series first, then single events by
        start: a window's events then share few blocks.
        """
        chosen = (
            parsed
            if spread_out(long_text_of(parsed_record(part)) for part in parsed)
            else [
                part
                for part in parsed
                if self._unpacked(long_text_of(parsed_record(part)))
            ]
        )
        if not chosen:
            return records
        chosen = sorted(
            chosen,
            key=lambda part: (
                not parsed_series_lines(part),
                as_datetime(start_of(parsed_record(part)), tz),
            ),
        )
        texts = packed(
            (long_text_of(parsed_record(part)) for part in chosen),
            self._card_frames(chosen),
        )
        new_text = {
            id(long_text_of(parsed_record(part))): text
            for part, text in zip(chosen, texts, strict=True)
        }

        # One new record per record, whether the feed or the caches ask: the next
        # download's records are then the very objects of this one where nothing
        # changed, which is how seminar_changes finds the few it must compare.
        new_records: dict[int, EventRecord] = {}

        def retexted(record: EventRecord) -> EventRecord:
            text = new_text.get(id(long_text_of(record)))
            if text is None:
                return record
            if (found := new_records.get(id(record))) is None:
                found = new_records[id(record)] = with_long_text(record, text)
            return found

        for part in chosen:
            results[parsed_digest(part)] = with_record(
                part, retexted(parsed_record(part))
            )
        self._series = {
            key: result if isinstance(result, str) else tuple(map(retexted, result))
            for key, result in self._series.items()
        }
        return [retexted(record) for record in records]

    def _unpacked(self, text: PackedText) -> bool:
        """Return True for texts not packed yet, or (given labels) without a card."""
        return is_loose(text) or (self.card_labels is not None and not has_card(text))

    def _card_frames(self, parts: list[ParsedEvent]) -> list[CardFrame | None] | None:
        """Return the card lines of events without a card (None keeps what they have)."""
        if (labels := self.card_labels) is None:
            return None
        return [
            None
            if has_card(text := long_text_of(record))
            else card_frame(as_event(record), labels, has_body(text))
            for record in map(parsed_record, parts)
        ]

    @staticmethod
    def _feed(
        props: dict[str, ContentLine],
        tz: dt.tzinfo,
        digest: str,
        records: list[EventRecord],
        skipped: list[str],
    ) -> Feed:
        # Cancelled seminars are not on the calendar, but their cancellation is news.
        cancelled = [record for record in records if status_of(record) == "CANCELLED"]
        if cancelled:
            records = [record for record in records if status_of(record) != "CANCELLED"]
        return Feed(
            name=_property_text(props, "X-WR-CALNAME"),
            source_url=_property_text(props, "X-ORIGINAL-URL"),
            refresh_interval=_interval(props),
            tz=tz,
            fingerprint=digest,
            index=index_records(records, tz),
            skipped=len(skipped),
            skip_reasons=tuple(dict.fromkeys(skipped))[:MAX_SKIP_REASONS],
            cancelled=tuple(cancelled),
            generator=_property_text(props, "PRODID"),
        )


def _interval(properties: dict[str, ContentLine]) -> dt.timedelta | None:
    """Return the feed's own refresh interval: REFRESH-INTERVAL, else X-PUBLISHED-TTL."""
    for name in ("REFRESH-INTERVAL", "X-PUBLISHED-TTL"):
        if name in properties:
            try:
                return parse_duration(properties[name].value)
            except ValueParseError:
                continue
    return None


def _property_text(properties: dict[str, ContentLine], name: str) -> str | None:
    line = properties.get(name)
    return text_value(line.value) or None if line else None
