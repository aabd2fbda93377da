"""What a whole feed shows that decides how one of its events is read."""

from typing import NamedTuple


class FeedContext(NamedTuple):
    """What the feed's SUMMARYs share (see seminar.feed_context)."""

    # What leads many of them, folded ("colloquium", "vatt"): series' names, never
    # speakers.
    series_heads: frozenset[str] = frozenset()
    # Most of them open with a person's name ("Jane Doe: Title"), so a name that leads
    # one of them is a person's even when the lexicon lacks its given name.
    people_lead: bool = False


# An event read on its own, or in a feed whose SUMMARYs share nothing.
NO_CONTEXT = FeedContext()
