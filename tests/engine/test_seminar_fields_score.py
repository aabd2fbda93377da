"""The seminar fields on 26 real feeds with hand labels: the figures must not fall back."""

import json

import pytest

from tools.score_fields import DEVELOPMENT_SET, Score, score

# A little under what the engine reaches (see README "How feeds are read").
FLOORS = {
    "speaker": (0.97, 0.84),
    "affiliation": (0.91, 0.68),
    "title": (0.97, 0.79),
}


@pytest.fixture(scope="module")
def scores() -> tuple[dict[str, Score], list[str]]:
    labels = json.loads((DEVELOPMENT_SET / "labels.json").read_text())
    return score(labels, DEVELOPMENT_SET)


def test_every_labelled_talk_is_kept(
    scores: tuple[dict[str, Score], list[str]],
) -> None:
    _, lost = scores
    assert lost == []


@pytest.mark.parametrize("field", list(FLOORS))
def test_precision_and_recall_stay_above_their_floors(
    scores: tuple[dict[str, Score], list[str]], field: str
) -> None:
    result = scores[0][field]
    precision, recall = FLOORS[field]
    assert result.precision >= precision, result.mismatches
    assert result.recall >= recall, result.mismatches
