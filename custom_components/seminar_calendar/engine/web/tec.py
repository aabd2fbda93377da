"""The Events Calendar (WordPress) feeds, beyond the 30 upcoming events a list feed holds.

A TEC list or subscribe feed (`/events/?ical=1`, `/?ical=1&eventDisplay=list`) exports 30
upcoming events; a month export holds every event of its month: `/events/month/YYYY-MM/
?ical=1` with pretty links, `?ical=1&eventDisplay=month&eventDate=YYYY-MM` without. A
category filter (`tribe_events_cat`) and the other parameters TEC passes through are kept.
"""

import datetime as dt
import re
from typing import Final, NamedTuple
from urllib.parse import parse_qsl, urlencode, urlsplit

from ..model import Feed

_KEPT_PARAMETERS: Final = frozenset({"tribe_events_cat", "post_tag", "post_type"})
# A view's last path segments: /list/, /month/, /month/2025-06/, /day/2025-06-01/ …
_VIEW_PATH: Final = re.compile(
    r"(?:list|month|week|day|photo|map|summary)/(?:\d{4}-\d{2}(?:-\d{2})?/)?$"
)


class MonthExport(NamedTuple):
    """The export of one month: its first day and its address."""

    month: dt.date
    url: str


def is_tec_export(feed: Feed, url: str) -> bool:
    """Return True for a feed The Events Calendar made, read from an ?ical=1 export."""
    query = dict(parse_qsl(urlsplit(url).query))
    return "ECPv" in (feed.generator or "") and query.get("ical") == "1"


def month_exports(url: str, today: dt.date, months_ahead: int) -> list[MonthExport]:
    """Return the exports of this month and the months_ahead after it, for a list feed."""
    parts = urlsplit(url)
    query = parse_qsl(parts.query)
    kept = [(name, value) for name, value in query if name in _KEPT_PARAMETERS]
    pretty = parts.path not in ("", "/") and "eventDisplay" not in dict(query)
    base = _VIEW_PATH.sub("", parts.path.rstrip("/") + "/")
    exports = []
    for offset in range(months_ahead + 1):
        month = _add_months(today.replace(day=1), offset)
        if pretty:
            path = f"{base}month/{month:%Y-%m}/"
            address = parts._replace(path=path, query=urlencode([("ical", "1"), *kept]))
        else:
            month_query = [("ical", "1"), ("eventDisplay", "month")]
            month_query.append(("eventDate", f"{month:%Y-%m}"))
            address = parts._replace(query=urlencode([*month_query, *kept]))
        exports.append(MonthExport(month, address.geturl()))
    return exports


def _add_months(first: dt.date, months: int) -> dt.date:
    index = first.month - 1 + months
    return first.replace(year=first.year + index // 12, month=index % 12 + 1)
