"""Adding a feed from the events page a user knows: real pages served on 127.0.0.1."""

from homeassistant.config_entries import SOURCE_RECONFIGURE, SOURCE_USER
from homeassistant.const import CONF_URL
from homeassistant.core import HomeAssistant
from homeassistant.data_entry_flow import FlowResultType
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.seminar_calendar.const import DOMAIN
from custom_components.seminar_calendar.engine import well_known_feed

from .conftest import (
    FIXTURES,
    FeedServer,
    async_reconfigure,
    set_up_entry,
    tec_feed,
    tec_talk,
)

SITES = (
    "https://www.hongkonghustle.com",
    "https://maths.example.edu",
    "https://www.maths.example.edu",
)


def _page(feed_server: FeedServer, name: str) -> bytes:
    """Return a fixture page, its site's addresses pointing at the test server."""
    page = (FIXTURES / "pages" / name).read_bytes()
    base = str(feed_server.server.make_url("")).rstrip("/")
    for site in SITES:
        page = page.replace(site.encode(), base.encode())
        webcal = site.replace("https://", "webcal://")
        page = page.replace(
            webcal.encode(), base.replace("http://", "webcal://").encode()
        )
    return page


def _serve_tec_site(feed_server: FeedServer) -> None:
    """Serve a The Events Calendar events page and the feed its head names."""
    feed_server.pages["/events/"] = _page(feed_server, "tec-events-page.html")
    feed_server.pages["/events/?ical=1"] = _feed("Hong Kong Hustle")


def _feed(name: str) -> bytes:
    return tec_feed(tec_talk(1, 20, "Talk")).replace(
        b"X-WR-CALNAME:Maths", f"X-WR-CALNAME:{name}".encode()
    )


async def _submit(hass: HomeAssistant, url: str) -> dict[str, object]:
    result = await hass.config_entries.flow.async_init(
        DOMAIN, context={"source": SOURCE_USER}
    )
    return dict(
        await hass.config_entries.flow.async_configure(
            result["flow_id"], {CONF_URL: url}
        )
    )


async def test_the_events_calendar_page_leads_to_its_feed(
    hass: HomeAssistant, feed_server: FeedServer
) -> None:
    _serve_tec_site(feed_server)
    result = await _submit(hass, str(feed_server.server.make_url("/events/")))
    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert result["title"] == "Hong Kong Hustle"
    assert result["data"][CONF_URL] == str(
        feed_server.server.make_url("/events/?ical=1")
    )  # type: ignore[index]


async def test_a_page_with_an_ics_link(
    hass: HomeAssistant, feed_server: FeedServer
) -> None:
    feed_server.pages["/research/seminars.html"] = _page(feed_server, "ics-link.html")
    feed_server.pages["/research/seminars/analysis.ics"] = _feed("Analysis Seminar")
    result = await _submit(
        hass, str(feed_server.server.make_url("/research/seminars.html"))
    )
    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert result["title"] == "Analysis Seminar"
    assert result["data"][CONF_URL].endswith("/research/seminars/analysis.ics")  # type: ignore[index]


async def test_a_page_with_several_feeds_asks_which(
    hass: HomeAssistant, feed_server: FeedServer
) -> None:
    feed_server.pages["/events/"] = _page(feed_server, "several-feeds.html")
    feed_server.pages["/events/?ical=1"] = _feed("Department of Mathematics")
    feed_server.pages["/events/list/?ical=1"] = _feed(
        "Department of Mathematics (list)"
    )
    feed_server.pages["/events/category/colloquium/?ical=1"] = _feed("Colloquium")
    result = await _submit(hass, str(feed_server.server.make_url("/events/")))
    assert result["type"] is FlowResultType.FORM
    assert result["step_id"] == "choose_feed"
    schema = result["data_schema"].schema  # type: ignore[attr-defined]
    options = schema["feed"].config["options"]
    base = str(feed_server.server.make_url("")).rstrip("/")
    # The webcal:// link means https://, which this plain-HTTP site does not answer.
    assert [
        (option["label"], option["value"].removeprefix(base)) for option in options
    ] == [
        ("Department of Mathematics", "/events/?ical=1"),
        ("Department of Mathematics (list)", "/events/list/?ical=1"),
        ("Colloquium", "/events/category/colloquium/?ical=1"),
    ]
    result = dict(
        await hass.config_entries.flow.async_configure(
            str(result["flow_id"]),
            {"feed": base + "/events/category/colloquium/?ical=1"},
        )
    )
    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert result["title"] == "Colloquium"


async def test_a_page_without_feeds_says_so(
    hass: HomeAssistant, feed_server: FeedServer
) -> None:
    feed_server.pages["/events/"] = _page(feed_server, "no-feed.html")
    result = await _submit(hass, str(feed_server.server.make_url("/events/")))
    assert result["type"] is FlowResultType.FORM
    assert result["errors"] == {"base": "no_feed_on_page"}


async def test_reconfigure_from_a_page(
    hass: HomeAssistant, feed_server: FeedServer, init_integration: MockConfigEntry
) -> None:
    entry = init_integration
    _serve_tec_site(feed_server)
    result = await async_reconfigure(
        hass, entry, str(feed_server.server.make_url("/events/"))
    )
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "reconfigure_successful"
    assert entry.data[CONF_URL] == str(feed_server.server.make_url("/events/?ical=1"))


@pytest.mark.parametrize(
    ("pasted", "feed"),
    [
        (
            "https://calendar.google.com/calendar/embed?src=seminars%40example.edu&ctz=Europe%2FBerlin",
            "https://calendar.google.com/calendar/ical/seminars%40example.edu/public/basic.ics",
        ),
        (
            "https://calendar.google.com/calendar/u/0?cid=c2VtaW5hcnNAZXhhbXBsZS5lZHU",
            "https://calendar.google.com/calendar/ical/seminars%40example.edu/public/basic.ics",
        ),
        (
            "https://outlook.office365.com/owa/calendar/0a1b@example.edu/2c3d/calendar.html",
            "https://outlook.office365.com/owa/calendar/0a1b@example.edu/2c3d/calendar.ics",
        ),
        (
            "https://indico.example.org/category/42/",
            "https://indico.example.org/category/42/events.ics",
        ),
    ],
)
def test_well_known_page_addresses_name_their_feeds(pasted: str, feed: str) -> None:
    assert well_known_feed(pasted) == feed


async def test_reconfigure_to_a_page_whose_feed_another_entry_has(
    hass: HomeAssistant, feed_server: FeedServer
) -> None:
    await set_up_entry(hass, str(feed_server.server.make_url("/events/?ical=1")))
    entry = await set_up_entry(hass, feed_server.url, "Second")
    _serve_tec_site(feed_server)
    result = await async_reconfigure(
        hass, entry, str(feed_server.server.make_url("/events/"))
    )
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "already_configured"


async def test_a_user_agent_of_the_users_choice(
    hass: HomeAssistant, feed_server: FeedServer
) -> None:
    result = await hass.config_entries.flow.async_init(
        DOMAIN, context={"source": SOURCE_USER}
    )
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"],
        {CONF_URL: feed_server.url, "advanced": {"user_agent": " Mozilla/5.0 (X11) "}},
    )
    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert result["data"]["user_agent"] == "Mozilla/5.0 (X11)"
    assert feed_server.requests[-1]["User-Agent"] == "Mozilla/5.0 (X11)"
    entry = result["result"]
    await hass.async_block_till_done()
    assert feed_server.requests[-1]["User-Agent"] == "Mozilla/5.0 (X11)"
    result = await hass.config_entries.flow.async_init(
        DOMAIN, context={"source": SOURCE_RECONFIGURE, "entry_id": entry.entry_id}
    )
    suggested = {
        str(key): key.description["suggested_value"]
        for key in result["data_schema"].schema["advanced"].schema.schema  # type: ignore[union-attr]
        if key.description
    }
    assert suggested["user_agent"] == "Mozilla/5.0 (X11)"


async def test_reauth_against_a_web_page_says_it_is_one(
    hass: HomeAssistant, feed_server: FeedServer
) -> None:
    entry = await set_up_entry(hass, feed_server.url, data={"username": "reader"})
    feed_server.body = _page(feed_server, "tec-events-page.html")
    result = await entry.start_reauth_flow(hass)
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {"username": "reader", "password": "secret"}
    )
    assert result["errors"] == {"base": "html_page"}
