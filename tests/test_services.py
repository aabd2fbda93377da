"""The seminar_calendar.get_seminars action, and the next seminar's poster."""

import datetime as dt
from typing import Any

from homeassistant.core import HomeAssistant
from homeassistant.exceptions import ServiceValidationError
import probatio
import pytest

from custom_components.seminar_calendar.const import DOMAIN

from .conftest import (
    CMSA_SEMINAR,
    FeedServer,
    async_set_up_talks,
    set_up_entry,
    tec_feed,
    tec_talk,
)

START = dt.datetime(2025, 5, 9, 12, tzinfo=dt.UTC)  # a week before the CMSA seminar
pytestmark = pytest.mark.usefixtures("frozen")


async def _get_seminars(
    hass: HomeAssistant, entity_id: str = "calendar.cmsa", **data: Any
) -> dict[str, Any]:
    response = await hass.services.async_call(
        DOMAIN,
        "get_seminars",
        data,
        target={"entity_id": entity_id},
        blocking=True,
        return_response=True,
    )
    assert response is not None
    return response


async def test_every_seminar_field_of_a_cmsa_style_feed(
    hass: HomeAssistant, feed_server: FeedServer
) -> None:
    await set_up_entry(hass, feed_server.url)
    # Default window: the 7 days from now; the seminar is in 7 days and 4 hours.
    assert await _get_seminars(hass) == {"calendar.cmsa": {"seminars": []}}
    response = await _get_seminars(hass, duration={"days": 8})
    (seminar,) = response["calendar.cmsa"]["seminars"]
    description = seminar.pop("description")
    abstract = seminar.pop("abstract")
    assert description.startswith("Member Seminar \nSpeaker: Samy Jelassi, CMSA")
    assert abstract.startswith("Reinforcement Learning")
    assert abstract in description
    assert dt.datetime.fromisoformat(seminar.pop("start")) == dt.datetime(
        2025, 5, 16, 16, tzinfo=dt.UTC
    )
    assert dt.datetime.fromisoformat(seminar.pop("end")) == dt.datetime(
        2025, 5, 16, 17, tzinfo=dt.UTC
    )
    assert seminar == {
        "summary": CMSA_SEMINAR,
        "all_day": False,
        "location": "CMSA Room G10, CMSA, 20 Garden Street, Cambridge, MA, 02138, "
        "United States",
        "speaker": "Samy Jelassi",
        "speakers": ["Samy Jelassi"],
        "affiliation": "CMSA",
        "title": CMSA_SEMINAR,
        "url": "https://cmsa.fas.harvard.edu/event/member-seminar-51625/",
        "image": "https://cmsa.fas.harvard.edu/media/CMSA-Member-Seminar-5.16.25.png",
        "categories": ["Member Seminar"],
        "status": None,
        "uid": "10003714-1747396800-1747400400@cmsa.fas.harvard.edu",
    }

    poster = hass.states.get("image.cmsa_next_seminar_poster")
    assert poster is not None
    assert poster.state != "unknown"
    assert poster.attributes["entity_picture"].startswith(
        "/api/image_proxy/image.cmsa_next_seminar_poster"
    )


async def test_window_count_and_filters(
    hass: HomeAssistant, feed_server: FeedServer
) -> None:
    workshop = "\n".join(
        [
            "BEGIN:VEVENT",
            "UID:workshop@maths",
            "DTSTART;VALUE=DATE:20250515",
            "DTEND;VALUE=DATE:20250517",
            "SUMMARY:Algebra workshop",
            "CATEGORIES:Algebra",
            "END:VEVENT",
        ]
    )
    feed_server.body = tec_feed(
        workshop,
        tec_talk(1, 13, "Algebra", "CATEGORIES:Algebra"),
        tec_talk(2, 14, "Topology", "CATEGORIES:Topology"),
        tec_talk(3, 15, "More algebra", "CATEGORIES:Algebra"),
    )
    await set_up_entry(hass, feed_server.url, "Maths", categories=["Algebra"])

    async def summaries(**data: Any) -> list[str]:
        response = await _get_seminars(hass, "calendar.maths", **data)
        return [
            seminar["summary"] for seminar in response["calendar.maths"]["seminars"]
        ]

    # Topology is filtered out.
    assert await summaries() == ["Algebra", "Algebra workshop", "More algebra"]
    assert await summaries(count=1) == ["Algebra"]
    assert await summaries(
        start_date_time="2025-05-13 00:00:00", end_date_time="2025-05-14 00:00:00"
    ) == ["Algebra"]
    response = await _get_seminars(hass, "calendar.maths", count=2)
    workshop_data = response["calendar.maths"]["seminars"][1]
    assert (workshop_data["start"], workshop_data["end"]) == (
        "2025-05-15",
        "2025-05-17",
    )
    assert workshop_data["all_day"] is True
    poster = hass.states.get("image.maths_next_seminar_poster")
    assert poster is not None
    assert poster.state == "unknown"  # the feed has no images


async def test_bad_requests_are_refused_in_words(
    hass: HomeAssistant, feed_server: FeedServer
) -> None:
    await set_up_entry(hass, feed_server.url)
    with pytest.raises(ServiceValidationError) as refused:
        await _get_seminars(hass, "sensor.cmsa_next_seminar")
    assert refused.value.translation_key == "not_a_seminar_calendar"
    assert refused.value.translation_placeholders == {
        "entity_id": "sensor.cmsa_next_seminar"
    }
    with pytest.raises(ServiceValidationError) as refused:
        await _get_seminars(
            hass,
            start_date_time="2025-05-10 00:00:00",
            end_date_time="2025-05-09 00:00:00",
        )
    assert refused.value.translation_key == "window_ends_before_start"
    with pytest.raises(probatio.Invalid):
        await _get_seminars(
            hass, end_date_time="2025-05-20 00:00:00", duration={"days": 1}
        )
    with pytest.raises(probatio.Invalid):
        await _get_seminars(hass, count=0)


async def test_query_and_speaker_find_seminars_without_case_or_accents(
    hass: HomeAssistant, feed_server: FeedServer
) -> None:
    await async_set_up_talks(hass, feed_server)

    async def uids(**data: Any) -> list[str]:
        response = await _get_seminars(
            hass, "calendar.colloquium", duration={"days": 60}, **data
        )
        return [s["uid"] for s in response["calendar.colloquium"]["seminars"]]

    assert await uids(query="topology") == ["doe", "odegard", "late"]
    assert await uids(query="lukasz GÓRSKI") == ["gorski"]
    assert await uids(query="surprising knots") == ["gorski"]  # abstract and title
    assert await uids(speaker="Jane Doe") == ["past", "doe", "sheaves", "late"]
    assert await uids(speaker="jane", query="topology") == ["doe", "late"]
    assert await uids(speaker="jane", query="topology", count=1) == ["doe"]
    assert await uids(speaker="MIT") == []
    assert await uids(query="cryptography") == []
    # The whole seminar, as without a search.
    (seminar,) = (
        await _get_seminars(
            hass, "calendar.colloquium", speaker="søren", duration={"days": 14}
        )
    )["calendar.colloquium"]["seminars"]
    assert seminar["title"] == "Algebraic topology of networks"
    assert seminar["affiliation"] == "Københavns Universitet"
    with pytest.raises(probatio.Invalid):
        await _get_seminars(hass, "calendar.colloquium", query=["a", "b"])
