"""The feed engine: download, read and index a seminar feed, free of Home Assistant.

It reads what real servers send (charsets, broken lines, odd time zones), expands
series with recurring-ical-events, finds the seminar fields (speaker, title, abstract),
and answers window and next-seminar queries from an index. The Home Assistant modules
around it are adapters: nothing here imports Home Assistant.
"""

from .folding import fold
from .model import EventRecord, EventWindow, Feed, FeedError, SeminarEvent
from .parser import DEFAULT_HISTORY, FeedParser, ParseResult
from .parsing.decoding import decode
from .search import (
    RANGES,
    SeminarSearch,
    in_start_order,
    named_range,
    upcoming,
)
from .texts.card import ENGLISH, CardLabels, card_text, card_texts
from .tracking.changes import ChangeKind, SeminarChange, seminar_changes
from .tracking.filters import FilterError, SeminarFilter
from .tracking.history import (
    events_from_text,
    events_to_text,
    from_json,
    past_events,
    with_history,
)
from .tracking.months import with_months
from .web.client import (
    MAX_BODY_BYTES,
    NO_VALIDATORS,
    CertificateError,
    FeedTooLarge,
    Fetched,
    FetchError,
    FetchTimeout,
    HTTPStatusError,
    UnknownHost,
    Validators,
    fetch_feed,
    is_supported_url,
    joined,
    normalize_url,
    user_agent,
)
from .web.discovery import MAX_PAGE_CHARS, FeedLink, feed_links, well_known_feed
from .web.refresh import DEFAULT_INTERVAL, Interval, next_interval, retry_delay
from .web.tec import MonthExport, is_tec_export, month_exports

__all__ = [
    "DEFAULT_HISTORY",
    "DEFAULT_INTERVAL",
    "ENGLISH",
    "MAX_BODY_BYTES",
    "MAX_PAGE_CHARS",
    "NO_VALIDATORS",
    "RANGES",
    "CardLabels",
    "CertificateError",
    "ChangeKind",
    "EventRecord",
    "EventWindow",
    "Feed",
    "FeedError",
    "FeedLink",
    "FeedParser",
    "FeedTooLarge",
    "FetchError",
    "FetchTimeout",
    "Fetched",
    "FilterError",
    "HTTPStatusError",
    "Interval",
    "MonthExport",
    "ParseResult",
    "SeminarChange",
    "SeminarEvent",
    "SeminarFilter",
    "SeminarSearch",
    "UnknownHost",
    "Validators",
    "card_text",
    "card_texts",
    "decode",
    "events_from_text",
    "events_to_text",
    "feed_links",
    "fetch_feed",
    "fold",
    "from_json",
    "in_start_order",
    "is_supported_url",
    "is_tec_export",
    "joined",
    "month_exports",
    "named_range",
    "next_interval",
    "normalize_url",
    "past_events",
    "retry_delay",
    "seminar_changes",
    "upcoming",
    "user_agent",
    "well_known_feed",
    "with_history",
    "with_months",
]
