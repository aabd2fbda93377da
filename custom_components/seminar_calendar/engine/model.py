"""The seminar model: occurrences and the parsed feed, free of any parser objects."""

from collections.abc import Callable, Iterator, Sequence
import dataclasses
import datetime as dt
import functools
import operator
from typing import Any, Final, NamedTuple, cast

from .index import EventIndex
from .texts.blocks import (
    NO_TEXT,
    LongTexts,
    PackedText,
    abstract_or_description,
    packed_card,
    unpacked,
)
from .timeutil import as_datetime


class FeedError(Exception):
    """The body holds no calendar; str() says why, for people; kind names the case.

    A transient error (a body cut short in transit) says nothing about the address.
    """

    def __init__(self, kind: str, message: str, *, transient: bool = False) -> None:
        """Record the kind (a translation key), the message and whether it may pass."""
        super().__init__(message)
        self.kind = kind
        self.transient = transient


type When = dt.date | dt.datetime
# An occurrence as a feed keeps it: a SeminarEvent's fields, as a plain tuple.
# Python's garbage collector stops tracking a tuple that holds only strings, numbers,
# bytes, dates and such tuples; its full collections stop the event loop while they
# walk every tracked object, so thousands of occurrences per feed must not be objects.
type EventRecord = tuple[
    str,
    When,
    When,
    str | None,
    str | None,
    str | None,
    str | None,
    str | None,
    str | None,
    tuple[str, ...],
    str | None,
    str | None,
    str | None,
    str | None,
    PackedText,
    tuple[str, ...],
]


class SeminarEvent(NamedTuple):
    """One occurrence of a seminar or event."""

    summary: str
    start: dt.datetime | dt.date
    end: dt.datetime | dt.date
    uid: str | None = None
    key: str | None = None
    recurrence_id: str | None = None
    status: str | None = None
    location: str | None = None
    url: str | None = None
    categories: tuple[str, ...] = ()
    image: str | None = None
    speaker: str | None = None
    affiliation: str | None = None
    talk_title: str | None = None
    # The description, the abstract and the card a calendar shows, compressed in a
    # block shared with neighbouring events' (see texts.blocks.PackedText).
    long_text: PackedText = NO_TEXT
    # Everyone who presents, when the announcement names several (speaker is the first).
    speakers: tuple[str, ...] = ()

    @property
    def record(self) -> EventRecord:
        """Return the occurrence as a plain tuple, the form a feed keeps."""
        return (*self,)

    @property
    def description(self) -> str | None:
        """Return the full description."""
        description, _ = self.long_texts()
        return description

    @property
    def abstract(self) -> str | None:
        """Return the talk's abstract, when the description labels one."""
        _, abstract = self.long_texts()
        return abstract

    def long_texts(self) -> LongTexts:
        """Return the description and the abstract, decompressing once for both."""
        return unpacked(self.long_text)

    @property
    def abstract_or_description(self) -> str | None:
        """Return the abstract, else the description: what the talk is about."""
        return abstract_or_description(self.long_text)

    @property
    def card(self) -> str | None:
        """Return the card packed with the texts, if any (see texts.card.card_text)."""
        return packed_card(self.long_text)

    @property
    def all_day(self) -> bool:
        """Return True for events that last whole days."""
        return not isinstance(self.start, dt.datetime)

    def start_at(self, tz: dt.tzinfo) -> dt.datetime:
        """Return the start as an aware datetime; all-day events start at midnight in tz."""
        return as_datetime(self.start, tz)

    def end_at(self, tz: dt.tzinfo) -> dt.datetime:
        """Return the end as an aware datetime; all-day events end at midnight in tz."""
        return as_datetime(self.end, tz)


# A record's fields by name, for bulk work that need not build a SeminarEvent each:
# the positions come from SeminarEvent's declaration (mypy checks EventRecord against
# it in SeminarEvent.record), read by C-level getters.
_AT: Final = {name: at for at, name in enumerate(SeminarEvent._fields)}


def _getter(name: str) -> Callable[[EventRecord], Any]:
    return operator.itemgetter(_AT[name])


summary_of: Final[Callable[[EventRecord], str]] = _getter("summary")
start_of: Final[Callable[[EventRecord], When]] = _getter("start")
end_of: Final[Callable[[EventRecord], When]] = _getter("end")
uid_of: Final[Callable[[EventRecord], str | None]] = _getter("uid")
key_of: Final[Callable[[EventRecord], str | None]] = _getter("key")
recurrence_id_of: Final[Callable[[EventRecord], str | None]] = _getter("recurrence_id")
status_of: Final[Callable[[EventRecord], str | None]] = _getter("status")
location_of: Final[Callable[[EventRecord], str | None]] = _getter("location")
categories_of: Final[Callable[[EventRecord], tuple[str, ...]]] = _getter("categories")
long_text_of: Final[Callable[[EventRecord], PackedText]] = _getter("long_text")


def with_long_text(record: EventRecord, text: PackedText) -> EventRecord:
    """Return the record with another long text (the same texts, packed anew)."""
    at = _AT["long_text"]
    return cast(EventRecord, (*record[:at], text, *record[at + 1 :]))


# SeminarEvent._make without its check of the length, which every record passes. What
# it pays for: the 4,901 events of a 365-day window (scripts/bench's "every event read")
# are built in 5.4 ms, against 6.5 ms by _make and 9.1 ms by SeminarEvent(*record).
as_event = cast(
    Callable[[EventRecord], SeminarEvent],
    functools.partial(tuple.__new__, SeminarEvent),
)


class EventWindow:
    """The occurrences of a window: they become SeminarEvents as they are read."""

    __slots__ = ("_records",)

    def __init__(self, records: Sequence[EventRecord]) -> None:
        """View the records; nothing is built until an occurrence is read."""
        self._records = records

    def __len__(self) -> int:
        """Return the number of occurrences."""
        return len(self._records)

    def __getitem__(self, index: int) -> SeminarEvent:
        """Return one occurrence, built as it is read."""
        return as_event(self._records[index])

    def __iter__(self) -> Iterator[SeminarEvent]:
        """Build the occurrences one at a time, as they are read."""
        return map(as_event, self._records)

    @property
    def records(self) -> Sequence[EventRecord]:
        """Return the occurrences as kept (for bulk reads)."""
        return self._records


def index_records(
    records: Sequence[EventRecord], tz: dt.tzinfo
) -> EventIndex[EventRecord]:
    """Index occurrences by start and end; all-day dates are placed at midnight in tz."""
    return EventIndex(
        records,
        [as_datetime(start_of(record), tz) for record in records],
        [as_datetime(end_of(record), tz) for record in records],
    )


@dataclasses.dataclass(frozen=True, slots=True)
class Feed:
    """A parsed feed: metadata, occurrences and what had to be skipped."""

    name: str | None
    source_url: str | None
    refresh_interval: dt.timedelta | None
    tz: dt.tzinfo
    fingerprint: str
    index: EventIndex[EventRecord]
    skipped: int = 0
    skip_reasons: tuple[str, ...] = ()
    # Ended occurrences from earlier downloads that this body no longer lists.
    history: tuple[EventRecord, ...] = ()
    # Occurrences the feed marks STATUS:CANCELLED: not on the calendar, kept for news.
    cancelled: tuple[EventRecord, ...] = ()
    # What made the feed (PRODID), e.g. "-//Site - ECPv6.15.20//NONSGML v1.0//EN".
    generator: str | None = None
    # VEVENTs read as copies of another with the same UID (see recurrence.occurrences._Singles).
    merged_copies: int = 0

    @property
    def records(self) -> Sequence[EventRecord]:
        """Return every occurrence as kept, in start order."""
        return self.index.items

    @property
    def events(self) -> tuple[SeminarEvent, ...]:
        """Return every occurrence, in start order (built afresh: prefer the queries)."""
        return tuple(map(as_event, self.records))

    @property
    def seminar_count(self) -> int:
        """Return how many seminars the occurrences belong to (a series counts once)."""
        return len(set(map(key_of, self.records)))

    @property
    def categories(self) -> list[str]:
        """Return the categories used by the feed's events, sorted."""
        return sorted({c for record in self.records for c in categories_of(record)})

    def between(self, start: dt.datetime, end: dt.datetime) -> EventWindow:
        """Return the occurrences overlapping [start, end), in start order."""
        return EventWindow(self.index.between(start, end))

    def next_starting(self, now: dt.datetime) -> SeminarEvent | None:
        """Return the first occurrence that starts after now."""
        record = self.index.next_starting(now)
        return None if record is None else as_event(record)

    def current_or_next(self, now: dt.datetime) -> SeminarEvent | None:
        """Return the occurrence in progress at now, else the next one."""
        record = self.index.current_or_next(now)
        return None if record is None else as_event(record)

    def only(self, keep: Callable[[SeminarEvent], bool]) -> Feed:
        """Return the feed with only the occurrences keep accepts."""
        kept = [record for record in self.records if keep(as_event(record))]
        cancelled = tuple(record for record in self.cancelled if keep(as_event(record)))
        return dataclasses.replace(
            self, index=index_records(kept, self.tz), cancelled=cancelled
        )
