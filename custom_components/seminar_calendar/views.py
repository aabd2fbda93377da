"""What the entities see: the feed with its month exports and history, filtered."""

from collections.abc import Mapping, Sequence
import datetime as dt
from typing import Any, NamedTuple

from .const import CONF_CATEGORIES, CONF_EXCLUDE
from .engine import (
    EventRecord,
    Feed,
    SeminarChange,
    SeminarFilter,
    past_events,
    seminar_changes,
    with_history,
    with_months,
)


class FeedViews(NamedTuple):
    """The feed as kept (with history), and what the entry's filters let through.

    A coordinator's data: the entities read visible; feed is what is saved, and
    what the next download is merged with. Both are built in the executor with every
    new feed (filtering reads every description).
    """

    feed: Feed
    visible: Feed


class ViewAssembler:
    """Builds an entry's views of a new feed (in the executor: it reads every event)."""

    def __init__(self, history: dt.timedelta, seminar_filter: SeminarFilter) -> None:
        """Keep how long ended seminars stay, and which seminars count."""
        self.history = history
        self.seminar_filter = seminar_filter

    @classmethod
    def for_options(
        cls, history: dt.timedelta, options: Mapping[str, Any]
    ) -> ViewAssembler:
        """Return the assembler of an entry's options (its category filters)."""
        return cls(
            history,
            SeminarFilter.from_options(
                options.get(CONF_CATEGORIES, []), options.get(CONF_EXCLUDE, [])
            ),
        )

    def views(
        self,
        parsed: Feed,
        months: list[Feed],
        earlier: Sequence[EventRecord],
        now: dt.datetime,
    ) -> FeedViews:
        """Return the feed with its months and the earlier seminars it lacks; filtered."""
        whole = with_history(with_months(parsed, months), earlier, now, self.history)
        if not self.seminar_filter:
            return FeedViews(whole, whole)
        return FeedViews(whole, whole.only(self.seminar_filter))

    def merged(
        self,
        parsed: Feed,
        months: list[Feed],
        previous: FeedViews | None,
        now: dt.datetime,
    ) -> tuple[FeedViews, list[SeminarChange]]:
        """Return the views of a new download, and what changed since the previous."""
        earlier = past_events(previous.feed, now) if previous else ()
        views = self.views(parsed, months, earlier, now)
        if previous is None:
            return views, []
        return views, seminar_changes(previous.visible, views.visible, now)
