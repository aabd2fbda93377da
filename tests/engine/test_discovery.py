"""Tests for finding feeds on pages and behind well-known page addresses."""

from custom_components.seminar_calendar.engine import (
    FeedLink,
    feed_links,
    well_known_feed,
)


def test_links_resolved_repeats_and_non_feeds_left_out() -> None:
    page = """<html><head>
    <link rel="stylesheet" type="text/calendar" href="/not-alternate.ics">
    <link rel="alternate" type="text/calendar">
    <link rel="alternate" type="text/calendar" href="/feed.ics" title="Seminars">
    </head><body>
    <a href="/feed.ics">Same feed again</a>
    <a href="">Empty</a> <a href="  ">Blank</a>
    <a href="ftp://example.org/old.ics">FTP</a>
    <a href="/export?outlook-ical=1"><b>Outlook</b> export</a>
    <a href="/page.html">Not a feed</a>
    </body></html>"""
    assert feed_links(page, "https://example.org/events/") == [
        FeedLink("https://example.org/feed.ics", "Seminars"),
        FeedLink("https://example.org/export?outlook-ical=1", "Outlook export"),
    ]


def test_google_share_links_name_the_calendar() -> None:
    basic = "https://calendar.google.com/calendar/ical/{}/public/basic.ics"
    assert well_known_feed(
        "https://calendar.google.com/calendar/r?cid=team@example.edu"
    ) == basic.format("team%40example.edu")
    assert well_known_feed("https://calendar.google.com/calendar/r?cid=%%%") is None
    assert well_known_feed("https://calendar.google.com/calendar/r?cid=_w") is None
    assert well_known_feed("https://calendar.google.com/calendar/r") is None
    assert well_known_feed("https://example.org/events/") is None
