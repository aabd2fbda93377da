"""Finding seminars by words and by speaker, without case or accents."""

import datetime as dt

import pytest

from custom_components.seminar_calendar.engine import (
    RANGES,
    SeminarEvent,
    SeminarSearch,
    fold,
    in_start_order,
    named_range,
    upcoming,
)
from custom_components.seminar_calendar.engine.texts.blocks import loose_text

from .conftest import BERLIN, FIVE_EVENTS, calendar, parse_feed

START = dt.datetime(2025, 5, 12, 10, tzinfo=dt.UTC)


def _talk(
    summary: str = "Colloquium",
    *,
    speakers: tuple[str, ...] = (),
    description: str | None = None,
    abstract: str | None = None,
    **fields: object,
) -> SeminarEvent:
    return SeminarEvent(
        summary,
        START,
        START + dt.timedelta(hours=1),
        speaker=speakers[0] if speakers else None,
        speakers=speakers,
        long_text=loose_text(description, abstract),
        **fields,  # type: ignore[arg-type]
    )


GORSKI = _talk(
    "Colloquium: Łukasz Górski",
    speakers=("Łukasz Górski", "Søren Ødegård"),
    affiliation="Uniwersytet Jagielloński",
    talk_title="Knots in the Navier–Stokes flow",
    description="Colloquium\nAbstract: We study straße networks and œuvres of Æsir.",
    abstract="We study straße networks and œuvres of Æsir.",
    categories=("Topology", "Colloquium"),
)


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        ("Górski", "gorski"),
        ("Łukasz", "lukasz"),
        ("Ødegård", "odegard"),
        ("Đurić", "duric"),
        ("Straße", "strasse"),
        ("ẞ", "ss"),
        ("Æsir œuvre", "aesir oeuvre"),
        ("Iıİ", "iii"),
        ("Ｆｕｌｌｗｉｄｔｈ ﬁ", "fullwidth fi"),
        ("Þór Ħal", "thor hal"),
    ],
)
def test_fold_drops_case_and_accents_even_of_letters_that_do_not_decompose(
    text: str, folded: str
) -> None:
    assert fold(text) == folded


@pytest.mark.parametrize(
    "query",
    [
        "gorski",
        "GÓRSKI",
        "lukasz gorski",
        "gorski lukasz",
        "knots",
        "navier-stokes",
        "stokes flow",
        "topolog",  # the beginning of a word
        "jagiellonski",
        "strasse",
        "oeuvres aesir",
        "knots strasse",  # one word in the title, one in the abstract
        "odegard",
        "",
        " - ",
    ],
)
def test_every_word_of_a_query_begins_a_word_of_some_field(query: str) -> None:
    assert SeminarSearch.of(query)(GORSKI)


@pytest.mark.parametrize(
    "query",
    ["gorski jones", "algebra", "nots", "colloquia topology", "kn0ts"],
)
def test_a_word_found_nowhere_leaves_the_seminar_out(query: str) -> None:
    assert not SeminarSearch.of(query)(GORSKI)


def test_the_speaker_is_matched_against_the_names_only() -> None:
    assert SeminarSearch.of(speaker="gorski")(GORSKI)
    assert SeminarSearch.of(speaker="Søren")(GORSKI)
    assert SeminarSearch.of(speaker="lukasz gorski")(GORSKI)
    assert not SeminarSearch.of(speaker="jagiellonski")(GORSKI)
    assert not SeminarSearch.of(speaker="topology")(GORSKI)
    assert not SeminarSearch.of(speaker="gorski")(_talk("Gorski's theorem"))
    assert SeminarSearch.of("knots", "odegard")(GORSKI)
    assert not SeminarSearch.of("algebra", "odegard")(GORSKI)


def test_the_description_counts_when_no_abstract_is_labelled() -> None:
    talk = _talk("Seminar", description="Speaker: Jane Doe\nOn homotopy types.")
    assert SeminarSearch.of("homotopy")(talk)
    assert SeminarSearch.of("seminar homotopy")(talk)
    assert not SeminarSearch.of("homology")(talk)
    assert not SeminarSearch.of("anything")(_talk("Seminar"))


def test_apostrophes_join_and_split() -> None:
    talk = _talk("Talk", speakers=("Seán O’Brien",), affiliation="Université d'Orléans")
    for query in ("obrien", "o'brien", "brien", "orleans", "dorleans", "sean"):
        assert SeminarSearch.of(query)(talk), query


def test_an_empty_search_keeps_everything_and_filters_in_order() -> None:
    other = _talk("Algebra day")
    assert not SeminarSearch.of()
    assert not SeminarSearch.of("  ", "")
    assert SeminarSearch.of(speaker="x")
    assert list(SeminarSearch.of().filter([GORSKI, other])) == [GORSKI, other]
    assert list(SeminarSearch.of("algebra").filter([GORSKI, other, other])) == [
        other,
        other,
    ]


def test_upcoming_seminars_have_not_started() -> None:
    feed = parse_feed(FIVE_EVENTS)
    at = dt.datetime(2025, 5, 6, 10, 30, tzinfo=dt.UTC)  # during A
    assert [e.summary for e in upcoming(feed, at)] == ["B", "C"]
    assert [e.summary for e in upcoming(feed, at.replace(day=1))] == [
        "Workshop",
        "A",
        "B",
        "C",
    ]
    assert list(upcoming(feed, at.replace(day=7, hour=10))) == []
    assert list(upcoming(parse_feed(calendar()), at)) == []


def test_several_feeds_merge_into_one_start_order_with_their_labels() -> None:
    first = parse_feed(FIVE_EVENTS)
    other = parse_feed(
        calendar(
            "UID:x\r\nSUMMARY:X\r\nDTSTART:20250506T100000Z\r\nDTEND:20250506T103000Z",
            "UID:y\r\nSUMMARY:Y\r\nDTSTART;VALUE=DATE:20250506\r\nDTEND;VALUE=DATE:20250507",
        )
    )
    merged = in_start_order(
        [("first", first.events[1:], first.tz), ("other", other.events, other.tz)]
    )
    # All-day Y starts at midnight in its feed's zone (Berlin: 22:00 UTC the day before).
    assert [(e.summary, label) for e, label in merged] == [
        ("Workshop", "first"),
        ("Y", "other"),
        ("A", "first"),
        ("X", "other"),
        ("B", "first"),
        ("C", "first"),
    ]


def _local(*args: int) -> dt.datetime:
    return dt.datetime(*args, tzinfo=BERLIN)  # type: ignore[misc]


@pytest.mark.parametrize(
    ("name", "start", "end"),
    [
        ("today", _local(2025, 3, 28, 15), _local(2025, 3, 29)),
        ("tomorrow", _local(2025, 3, 29), _local(2025, 3, 30)),
        # Across the change to summer time: midnights stay midnights.
        ("week", _local(2025, 3, 28, 15), _local(2025, 4, 4)),
        ("next_week", _local(2025, 3, 31), _local(2025, 4, 7)),
        ("month", _local(2025, 3, 28, 15), _local(2025, 4, 28)),
    ],
)
def test_named_ranges_count_local_days(
    name: str, start: dt.datetime, end: dt.datetime
) -> None:
    now = _local(2025, 3, 28, 15)  # a Friday
    assert named_range(name, now) == (start, end)
    assert named_range(name, now)[1].utcoffset() == end.utcoffset()


def test_next_week_from_a_monday_is_the_week_after() -> None:
    monday = _local(2025, 3, 31, 0, 30)
    assert named_range("next_week", monday) == (_local(2025, 4, 7), _local(2025, 4, 14))
    assert set(RANGES) == {"today", "tomorrow", "week", "next_week", "month"}
    with pytest.raises(KeyError):
        named_range("fortnight", monday)
