"""The seminar fields on three sets of real feeds with hand labels: no figure may fall back."""

import json
from pathlib import Path

import pytest

from tools.score_fields import (
    DEVELOPMENT_SET,
    DEVELOPMENT_SET_2,
    DEVELOPMENT_SET_3,
    SetScore,
    score,
)

# A little under what the engine reaches (see README "How feeds are read"):
# (precision, recall) per field and set.
FLOORS = {
    DEVELOPMENT_SET: {
        "speaker": (0.97, 0.85),
        "affiliation": (0.95, 0.78),
        "title": (0.97, 0.84),
    },
    DEVELOPMENT_SET_2: {
        "speaker": (0.97, 0.92),
        "affiliation": (0.97, 0.95),
        "title": (0.97, 0.85),
    },
    DEVELOPMENT_SET_3: {
        "speaker": (0.97, 0.22),
        "affiliation": (0.97, 0.53),
        "title": (0.80, 0.40),
    },
}
# Events labelled as no talk that may still get a field: none.
NON_TALKS_FILLED = {DEVELOPMENT_SET: 0, DEVELOPMENT_SET_2: 0, DEVELOPMENT_SET_3: 0}


@pytest.fixture(scope="module", params=list(FLOORS), ids=lambda folder: folder.name)
def labelled_set(request: pytest.FixtureRequest) -> tuple[Path, SetScore]:
    folder: Path = request.param
    labels = json.loads((folder / "labels.json").read_text())
    return folder, score(labels, folder)


def test_every_labelled_talk_is_kept(labelled_set: tuple[Path, SetScore]) -> None:
    _, result = labelled_set
    assert result.lost == []


def test_non_talks_get_no_fields(labelled_set: tuple[Path, SetScore]) -> None:
    folder, result = labelled_set
    assert len(result.non_talks_filled) <= NON_TALKS_FILLED[folder], (
        result.non_talks_filled
    )


@pytest.mark.parametrize("field", ["speaker", "affiliation", "title"])
def test_precision_and_recall_stay_above_their_floors(
    labelled_set: tuple[Path, SetScore], field: str
) -> None:
    folder, result = labelled_set
    counts = result.fields[field]
    precision, recall = FLOORS[folder][field]
    assert counts.precision >= precision, counts.mismatches
    assert counts.recall >= recall, counts.mismatches
