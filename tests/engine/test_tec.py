"""Tests for reading a The Events Calendar site's month exports."""

import datetime as dt

from custom_components.seminar_calendar.engine import month_exports, with_months

from .conftest import FIVE_EVENTS, parse_feed

TODAY = dt.date(2025, 11, 20)


def test_pretty_links_keep_the_category() -> None:
    exports = month_exports(
        "https://maths.example.edu/events/list/?ical=1&tribe_events_cat=colloquium",
        TODAY,
        2,
    )
    assert [(export.month, export.url) for export in exports] == [
        (
            dt.date(2025, 11, 1),
            "https://maths.example.edu/events/month/2025-11/?ical=1&tribe_events_cat=colloquium",
        ),
        (
            dt.date(2025, 12, 1),
            "https://maths.example.edu/events/month/2025-12/?ical=1&tribe_events_cat=colloquium",
        ),
        (
            dt.date(2026, 1, 1),
            "https://maths.example.edu/events/month/2026-01/?ical=1&tribe_events_cat=colloquium",
        ),
    ]


def test_the_subscribe_link_asks_by_query() -> None:
    (export,) = month_exports(
        "https://maths.example.edu/?ical=1&eventDisplay=list&tribe_events_cat=algebra&token=x",
        TODAY,
        0,
    )
    assert export.url == (
        "https://maths.example.edu/?ical=1&eventDisplay=month&eventDate=2025-11"
        "&tribe_events_cat=algebra"
    )


def test_a_month_export_with_nothing_new_leaves_the_list_feed_as_it_is() -> None:
    """The month's seminars all lie within the list's span, which is the authority."""
    list_feed = parse_feed(FIVE_EVENTS)
    month = parse_feed(FIVE_EVENTS)
    assert with_months(list_feed, [month]) is list_feed
    assert with_months(list_feed, []) is list_feed
