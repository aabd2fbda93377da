"""Tests for reading seminar fields out of descriptions."""

import pytest

from custom_components.seminar_calendar.engine.lines import text_value
from custom_components.seminar_calendar.engine.seminar import (
    SeminarFields,
    seminar_fields,
)

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
                speaker="Jane Doe, John Roe",
                affiliation="Institute for Advanced Study",
                title="Two views of the Langlands program",
                abstract="A joint lecture.",
            ),
        ),
        (
            "lecturer.txt",
            SeminarFields(speaker="Prof. Chen Wei", title="Quantum groups"),
        ),
        ("no-labels.txt", SeminarFields()),
        ("abstract-only.txt", SeminarFields()),
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
