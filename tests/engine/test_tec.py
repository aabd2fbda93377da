"""Tests for reading a The Events Calendar site's month exports."""

import datetime as dt

from custom_components.seminar_calendar.engine import month_exports

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
