"""Tests for reading seminar fields out of descriptions."""

import pytest

from custom_components.seminar_calendar.engine.fields import (
    SeminarFields,
    seminar_fields,
)
from custom_components.seminar_calendar.engine.parsing.lines import text_value

from ..conftest import FIXTURES


def _fields(name: str) -> SeminarFields:
    raw = (FIXTURES / "descriptions" / name).read_text()
    return seminar_fields(text_value(raw))


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        (
            "tec-same-line.txt",
            SeminarFields(
                speaker="Samy Jelassi",
                affiliation="CMSA",
                title="Echo Chamber: RL Post-training Amplifies Behaviors Learned in Pretraining",
                abstract="Reinforcement Learning has become a crucial step.\nThe second part is joint work.",
            ),
        ),
        (
            "label-own-line.txt",
            SeminarFields(
                speaker="Maryam Ahmadi",
                affiliation="Stanford University",
                title="Random matrices and the spectrum of networks",
                abstract="We study the spectra of sparse random graphs.\n\nThis is a hybrid event.",
            ),
        ),
        (
            "inline-one-line.txt",
            SeminarFields(
                speaker="Ana Lopez",
                affiliation="ETH Zurich",
                title="Sheaves on moduli spaces",
                abstract="We construct sheaves. Coffee at 3 pm.",
            ),
        ),
        (
            "html.txt",
            SeminarFields(
                speaker="Kenji Watanabe",
                affiliation="University of Tokyo",
                title="Mirror symmetry for log Calabi–Yau surfaces",
                abstract="Joint work with A. B.",
            ),
        ),
        (
            "plural-speakers.txt",
            SeminarFields(
                speaker="Jane Doe",
                affiliation="Institute for Advanced Study",
                title="Two views of the Langlands program",
                abstract="A joint lecture.",
                speakers=("Jane Doe", "John Roe"),
            ),
        ),
        (
            "lecturer.txt",
            SeminarFields(speaker="Chen Wei", title="Quantum groups"),
        ),
        ("no-labels.txt", SeminarFields()),
        (
            "abstract-only.txt",
            SeminarFields(
                abstract="This talk has an abstract but no speaker or title label."
            ),
        ),
    ],
)
def test_description_layouts(name: str, expected: SeminarFields) -> None:
    assert _fields(name) == expected


@pytest.mark.parametrize(
    "description",
    [
        None,
        "",
        "A talk about the title: why names matter. Speaker: see website.\nMore text.\nAnd more.",
    ],
)
def test_no_fields_from_unlabelled_text(description: str | None) -> None:
    assert seminar_fields(description) == SeminarFields()


def test_speaker_without_affiliation_and_empty_labels() -> None:
    fields = seminar_fields("Speaker: Grace Hopper\nTitle:\nAbstract: Compilers.")
    assert fields == SeminarFields(speaker="Grace Hopper", abstract="Compilers.")


def test_inline_label_after_the_speaker_ends_the_names() -> None:
    fields = seminar_fields("Speaker: Jane Doe Host: John Roe\nTitle: Open problems")
    assert fields == SeminarFields(speaker="Jane Doe", title="Open problems")


@pytest.mark.parametrize(
    ("summary", "description", "expected"),
    [
        # A title that reads like a name is the longer part.
        (
            "Jane Doe - Die Sprache der Populisten",
            "",
            SeminarFields(speaker="Jane Doe", title="Die Sprache der Populisten"),
        ),
        # Several people presenting one work: no title is guessed for one of them.
        (
            "Joint seminar",
            'Jane Doe (MIT) and John Roe (ETH) present "Joint work".',
            SeminarFields(
                speaker="Jane Doe",
                affiliation="MIT; ETH",
                speakers=("Jane Doe", "John Roe"),
            ),
        ),
        # Organisations presenting: "ORG & ORG : Title".
        (
            "186 - ECONOCOM & APPLE : Apple Silicon",
            "",
            SeminarFields(
                speaker="ECONOCOM",
                title="Apple Silicon",
                speakers=("ECONOCOM", "APPLE"),
            ),
        ),
        # A placeholder is nobody, and nothing else is taken for a speaker then.
        ("Jane Doe: Open problems", "Speaker: TBA", SeminarFields()),
    ],
)
def test_summary_and_description_together(
    summary: str, description: str, expected: SeminarFields
) -> None:
    assert seminar_fields(description, summary) == expected
