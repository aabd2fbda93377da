"""Find seminars by words and by speaker, ignoring case and accents ("gorski": Górski).

And the next ones, and those of several feeds in one start order.
"""

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
import datetime as dt
import heapq
import re
from typing import Final

from .folding import fold
from .model import Feed, SeminarEvent

# Windows by name, as an agent asks for them (see named_range).
RANGES: Final = ("today", "tomorrow", "week", "next_week", "month")
# Apostrophes join what they split: "O'Brien" is found as "obrien" as well as "brien".
_APOSTROPHES: Final = re.compile("['`\u00b4\u02bc\u2019]")
_WORD: Final = re.compile(r"[^\W_]+")


def words(text: str) -> list[str]:
    """Return the folded words of text (letters and digits; punctuation splits)."""
    folded = fold(text)
    found = _WORD.findall(folded)
    if _APOSTROPHES.search(folded):
        found += _WORD.findall(_APOSTROPHES.sub("", folded))
    return found


def _words_of(texts: Iterable[str | None]) -> set[str]:
    return {word for text in texts if text for word in words(text)}


def _missing(wanted: Iterable[str], have: set[str]) -> list[str]:
    """Return the wanted words that begin no word of have."""
    return [w for w in wanted if not any(word.startswith(w) for word in have)]


@dataclass(frozen=True, slots=True)
class SeminarSearch:
    """A search: every word of query, and of speaker, must begin a word of the seminar.

    query is matched against the speakers, affiliation, talk title, summary, abstract
    (the description when none is labelled) and categories; speaker against the names
    of those who present. An empty search finds every seminar.
    """

    query: tuple[str, ...] = ()
    speaker: tuple[str, ...] = ()

    @classmethod
    def of(cls, query: str | None = None, speaker: str | None = None) -> SeminarSearch:
        """Return the search for a free text and a name (either may be absent)."""
        return cls(tuple(words(query or "")), tuple(words(speaker or "")))

    def __bool__(self) -> bool:
        """Return True when the search leaves anything out."""
        return bool(self.query or self.speaker)

    def __call__(self, event: SeminarEvent) -> bool:
        """Return True when the seminar matches every word."""
        names = (event.speaker, *event.speakers)
        if self.speaker and _missing(self.speaker, _words_of(names)):
            return False
        if not self.query:
            return True
        short = (*names, event.affiliation, event.talk_title, event.summary)
        missing = _missing(self.query, _words_of((*short, *event.categories)))
        # The abstract is decompressed only when the short fields do not suffice.
        return not missing or not _missing(
            missing, _words_of((event.abstract_or_description,))
        )

    def filter(self, events: Iterable[SeminarEvent]) -> Iterator[SeminarEvent]:
        """Return the matching seminars, in their order."""
        return filter(self, events) if self else iter(events)


def upcoming(feed: Feed, now: dt.datetime) -> Iterator[SeminarEvent]:
    """Return the feed's seminars that start after now, in start order."""
    span = feed.index.start_span()
    if span is None or span[1] <= now:
        return iter(())
    return (
        event
        for event in feed.between(now, span[1] + dt.timedelta(microseconds=1))
        if event.start_at(feed.tz) > now
    )


def in_start_order[T](
    sources: Iterable[tuple[T, Iterable[SeminarEvent], dt.tzinfo]],
) -> Iterator[tuple[SeminarEvent, T]]:
    """Merge the seminars of several feeds, each in start order, into one.

    Each source is a label (a calendar's name), its seminars and its zone (where
    all-day seminars start); seminars that start together come in source order.
    """
    runs = [_run(position, *source) for position, source in enumerate(sources)]
    for _, _, event, label in heapq.merge(*runs, key=lambda item: item[:2]):
        yield event, label


def _run[T](
    position: int, label: T, events: Iterable[SeminarEvent], tz: dt.tzinfo
) -> Iterator[tuple[dt.datetime, int, SeminarEvent, T]]:
    for event in events:
        yield event.start_at(tz), position, event, label


def named_range(name: str, now: dt.datetime) -> tuple[dt.datetime, dt.datetime]:
    """Return the window a range names; days are those of now's zone.

    today and week run from now to midnight 1 or 7 days after today's (as Home
    Assistant's calendar tool counts them), month to midnight 31 days after;
    tomorrow is the next day, next_week the next Monday to the Monday after.
    """
    today = now.date()

    def midnight(days: int) -> dt.datetime:
        day = today + dt.timedelta(days=days)
        return dt.datetime.combine(day, dt.time(), tzinfo=now.tzinfo)

    monday = 7 - today.weekday()
    windows = {
        "today": (now, midnight(1)),
        "tomorrow": (midnight(1), midnight(2)),
        "week": (now, midnight(7)),
        "next_week": (midnight(monday), midnight(monday + 7)),
        "month": (now, midnight(31)),
    }
    return windows[name]
