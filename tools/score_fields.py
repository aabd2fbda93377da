"""Score the seminar fields the engine finds against hand labels of real feeds.

Reads tests/fixtures/seminar-fields (feeds and labels.json, see its README), parses each
feed with the engine, matches labelled events on (file, UID, raw DTSTART), and prints per
field the precision (right among filled) and recall (right among labelled), then every
mismatch. Names are compared leniently: case, spacing, punctuation, honorifics and the
order of several speakers do not matter.
"""

import argparse
from collections.abc import Iterable
import dataclasses
import datetime as dt
import json
from pathlib import Path
import re
from typing import Any, Final
import unicodedata
from zoneinfo import ZoneInfo

from custom_components.seminar_calendar.engine import FeedParser, SeminarEvent

ROOT = Path(__file__).resolve().parents[1]
DEVELOPMENT_SET = ROOT / "tests" / "fixtures" / "seminar-fields"
FIELDS: Final = ("speaker", "affiliation", "title")
# Far in the past and future, so that no labelled event is cut by history or horizon.
HISTORY: Final = dt.timedelta(days=100 * 366)
_HONORIFICS: Final = re.compile(
    r"\b(?:dr|prof|professor|mr|mrs|ms|a/prof|phd|ph\.d)\b\.?", re.IGNORECASE
)


@dataclasses.dataclass
class Score:
    """Counts for one field."""

    labelled: int = 0
    filled: int = 0
    right: int = 0
    mismatches: list[str] = dataclasses.field(default_factory=list)

    @property
    def precision(self) -> float:
        """Return the share of filled values that are right."""
        return self.right / self.filled if self.filled else 1.0

    @property
    def recall(self) -> float:
        """Return the share of labelled values found right."""
        return self.right / self.labelled if self.labelled else 1.0


def normalized(value: str | None) -> frozenset[str]:
    """Return a value as a set of lenient names (one per speaker or affiliation)."""
    if not value:
        return frozenset()
    text = unicodedata.normalize("NFKC", value).casefold()
    names = set()
    for part in re.split(r"\s*;\s*", text):
        part = _HONORIFICS.sub(" ", part)
        part = re.sub(r"[^\w\s&'-]", " ", part)
        if words := " ".join(part.split()):
            names.add(words)
    return frozenset(names)


def _raw_start(event: SeminarEvent, label: str) -> str:
    start = event.start
    if not isinstance(start, dt.datetime):
        return start.strftime("%Y%m%d")
    if label.endswith("Z"):
        return start.astimezone(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
    return start.strftime("%Y%m%dT%H%M%S")


def _ours(event: SeminarEvent, field: str) -> str | None:
    if field == "speaker":
        return "; ".join(event.speakers) if event.speakers else event.speaker
    if field == "affiliation":
        return event.affiliation
    # A title that is the whole SUMMARY is no separate talk title (the labels' rule).
    title = event.talk_title
    return None if title is None or title.strip() == event.summary.strip() else title


def score(
    labels: Iterable[dict[str, Any]], folder: Path
) -> tuple[dict[str, Score], list[str]]:
    """Return the score per field, and the labelled events the engine did not keep."""
    scores = {field: Score() for field in FIELDS}
    lost: list[str] = []
    feeds: dict[str, list[SeminarEvent]] = {}
    now = dt.datetime(2026, 11, 30, tzinfo=dt.UTC)
    for label in labels:
        if label["file"] not in feeds:
            parser = FeedParser(ZoneInfo("UTC"), HISTORY)
            body = (folder / "feeds" / label["file"]).read_bytes()
            feeds[label["file"]] = list(parser.parse(body, now).events)
        event = next(
            (
                event
                for event in feeds[label["file"]]
                if (event.uid or "") == label["uid"]
                and _raw_start(event, label["dtstart"]) == label["dtstart"]
            ),
            None,
        )
        if event is None:
            lost.append(f"{label['file']}: {label['summary']!r}")
            continue
        for field in FIELDS:
            _count(scores[field], label, _ours(event, field), field)
    return scores, lost


def _count(score: Score, label: dict[str, Any], ours: str | None, field: str) -> None:
    wanted, found = normalized(label[field]), normalized(ours)
    score.labelled += bool(wanted)
    score.filled += bool(found)
    if found and found == wanted:
        score.right += 1
    elif found or wanted:
        score.mismatches.append(
            f"{field:11} {label['file'][:24]:24} {label['summary'][:48]!r:50} "
            f"labelled {label[field]!r} found {ours!r}"
        )


def main() -> None:
    """Print the table and the mismatches."""
    arguments = argparse.ArgumentParser(description=__doc__)
    arguments.add_argument("--folder", type=Path, default=DEVELOPMENT_SET)
    arguments.add_argument("--quiet", action="store_true", help="only the table")
    options = arguments.parse_args()
    labels = json.loads((options.folder / "labels.json").read_text())
    scores, lost = score(labels, options.folder)
    print(f"{len(labels)} labelled events, {len(labels) - len(lost)} kept")
    print()
    print("| field | labelled | filled | right | precision | recall |")
    print("|---|---:|---:|---:|---:|---:|")
    for field, result in scores.items():
        print(
            f"| {field} | {result.labelled} | {result.filled} | {result.right} "
            f"| {result.precision:.2f} | {result.recall:.2f} |"
        )
    if options.quiet:
        return
    for line in lost:
        print(f"LOST {line}")
    for result in scores.values():
        for line in result.mismatches:
            print(line)


if __name__ == "__main__":
    main()
