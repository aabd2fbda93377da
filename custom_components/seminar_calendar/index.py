"""Answer window and next-event queries by bisection over occurrences sorted by start."""

import bisect
from collections.abc import Sequence
import datetime as dt
import itertools
from typing import Final, Protocol

from .timeutil import shifted

# Occurrences longer than this live in a separate, short list, so that one long event
# (a term-long exhibition) does not widen every query over the sorted starts.
LONG_EVENT: Final = dt.timedelta(days=7)


class Timed(Protocol):
    """Anything with a start and end that the index can place."""

    def start_at(self, tz: dt.tzinfo) -> dt.datetime:
        """Return the start as an aware datetime."""

    def end_at(self, tz: dt.tzinfo) -> dt.datetime:
        """Return the end as an aware datetime."""


class _Tier[T: Timed]:
    """Occurrences sorted by start, with the longest duration among them."""

    def __init__(self, items: list[tuple[dt.datetime, dt.datetime, T]]) -> None:
        self.starts = [start for start, _, _ in items]
        self.ends = [end for _, end, _ in items]
        # The latest end so far, at each position: non-decreasing, so it can be bisected.
        self.latest_end = list(itertools.accumulate(self.ends, max))
        self.items = [item for _, _, item in items]
        self.reach = max(
            (end - start for start, end, _ in items), default=dt.timedelta()
        )

    def first_from(self, moment: dt.datetime) -> int | None:
        """Return the first position ending after moment or starting at it, if any."""
        # At the first position whose latest end passes moment, that end is its own.
        index = min(
            bisect.bisect_right(self.latest_end, moment),
            bisect.bisect_left(self.starts, moment),
        )
        return index if index < len(self.starts) else None

    def between(self, start: dt.datetime, end: dt.datetime) -> list[T]:
        """Return the occurrences overlapping [start, end), in start order."""
        first = max(
            bisect.bisect_left(self.starts, shifted(start, -self.reach)),
            bisect.bisect_right(self.latest_end, start),
        )
        pivot = max(bisect.bisect_left(self.starts, start), first)
        last = bisect.bisect_left(self.starts, end, pivot)
        ends, items = self.ends, self.items
        # Those starting before the window count only if they end inside it.
        earlier = [items[i] for i in range(first, pivot) if ends[i] > start]
        return earlier + items[pivot:last] if earlier else items[pivot:last]


class EventIndex[T: Timed]:
    """An immutable index of occurrences for window and current/next queries."""

    def __init__(self, events: Sequence[T], tz: dt.tzinfo) -> None:
        """Sort the occurrences; all-day dates are placed at midnight in tz."""
        timed = sorted(
            ((event.start_at(tz), event.end_at(tz), event) for event in events),
            key=lambda item: (item[0], item[1]),
        )
        self._tz = tz
        self.events: tuple[T, ...] = tuple(item for _, _, item in timed)
        self._short = _Tier([item for item in timed if item[1] - item[0] <= LONG_EVENT])
        self._long = _Tier([item for item in timed if item[1] - item[0] > LONG_EVENT])

    def between(self, start: dt.datetime, end: dt.datetime) -> list[T]:
        """Return the occurrences overlapping [start, end), in start order.

        A zero-length occurrence counts when it lies in [start, end).
        """
        short = self._short.between(start, end)
        if not self._long.items:
            return short
        return sorted(
            short + self._long.between(start, end),
            key=lambda item: item.start_at(self._tz),
        )

    def next_starting(self, now: dt.datetime) -> T | None:
        """Return the earliest occurrence that starts after now."""
        found = [
            (tier.starts[index], tier.items[index])
            for tier in (self._short, self._long)
            if (index := bisect.bisect_right(tier.starts, now)) < len(tier.starts)
        ]
        return min(found, key=lambda pair: pair[0])[1] if found else None

    def current_or_next(self, now: dt.datetime) -> T | None:
        """Return the earliest-starting occurrence in progress at now, else the next."""
        found = [
            (tier.starts[index], tier.items[index])
            for tier in (self._short, self._long)
            if (index := tier.first_from(now)) is not None
        ]
        return min(found, key=lambda pair: pair[0])[1] if found else None
