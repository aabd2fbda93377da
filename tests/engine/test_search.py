"""Finding seminars by words and by speaker, without case or accents."""

import datetime as dt

import pytest

from custom_components.seminar_calendar.engine import SeminarEvent, SeminarSearch, fold
from custom_components.seminar_calendar.engine.texts import loose_text

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
