"""Score the seminar fields the engine finds against hand labels of real feeds.

Reads labelled sets (feeds/, labels.json, MANIFEST.tsv; see their READMEs), parses each
feed with the engine, matches labelled events on (file, UID, raw DTSTART), and prints per
field the precision (right among filled) and recall (right among labelled): per set,
per feed, and per generator (the PRODID's family), and the events labelled as no talk
that still got a field. Names are compared leniently: case, spacing, punctuation,
honorifics and the order of several speakers do not matter. The per-generator table is
the honest view: rules written for one generator show up as one good row, not a total.
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
DEVELOPMENT_SET_2 = ROOT / "tests" / "fixtures" / "seminar-fields-2"
DEVELOPMENT_SET_3 = ROOT / "tests" / "fixtures" / "seminar-fields-3"
LABELLED_SETS: Final = (DEVELOPMENT_SET, DEVELOPMENT_SET_2, DEVELOPMENT_SET_3)
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


@dataclasses.dataclass
class SetScore:
    """What one labelled set scores: in all, per feed, and what went missing."""

    fields: dict[str, Score]
    per_feed: dict[str, dict[str, Score]]
    lost: list[str]
    non_talks: int = 0
    non_talks_filled: list[str] = dataclasses.field(default_factory=list)


def score(labels: Iterable[dict[str, Any]], folder: Path) -> SetScore:
    """Return the scores of the labelled events of a set's feeds."""
    result = SetScore({field: Score() for field in FIELDS}, {}, [])
    feeds: dict[str, list[SeminarEvent]] = {}
    labels = list(labels)
    for label in labels:
        if label["file"] not in feeds:
            parser = FeedParser(ZoneInfo("UTC"), HISTORY)
            body = (folder / "feeds" / label["file"]).read_bytes()
            now = _near(labels, label["file"])
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
            result.lost.append(f"{label['file']}: {label['summary']!r}")
            continue
        feed = result.per_feed.setdefault(
            label["file"], {field: Score() for field in FIELDS}
        )
        for field in FIELDS:
            ours = _ours(event, field)
            _count(result.fields[field], label, ours, field)
            _count(feed[field], label, ours, field)
        if not any(label[field] for field in FIELDS):
            result.non_talks += 1
            if filled := [field for field in FIELDS if _ours(event, field)]:
                result.non_talks_filled.append(
                    f"{label['file']}: {label['summary']!r} got {', '.join(filled)}"
                )
    return result


def _near(labels: list[dict[str, Any]], file: str) -> dt.datetime:
    """Return a time near a feed's labelled events, so that series reach them all."""
    starts = sorted(label["dtstart"][:8] for label in labels if label["file"] == file)
    first = dt.datetime.strptime(starts[0], "%Y%m%d").replace(tzinfo=dt.UTC)
    return first + dt.timedelta(days=300)


def generators(folder: Path) -> dict[str, str]:
    """Return each feed's generator family: its PRODID without versions."""
    rows = (folder / "MANIFEST.tsv").read_text(encoding="utf-8").splitlines()
    header = rows[0].split("\t")
    families = {}
    for row in rows[1:]:
        cells = dict(zip(header, row.split("\t"), strict=False))
        prodid = cells.get("prodid", "")
        family = re.sub(r"[\d.]+|//EN$|NONSGML|\s+", " ", prodid).strip(" /-")
        families[cells["file"]] = " ".join(family.split())[:40] or "unknown"
    return families


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


def _table(rows: dict[str, dict[str, Score]], title: str) -> list[str]:
    """Return a markdown table: precision / recall (labelled) per row and field."""
    lines = [
        f"| {title} | speaker | affiliation | title |",
        "|---|---:|---:|---:|",
    ]
    for name, scores in rows.items():
        cells = [
            f"{scores[field].precision:.2f} / {scores[field].recall:.2f} "
            f"({scores[field].labelled})"
            for field in FIELDS
        ]
        lines.append(f"| {name} | {' | '.join(cells)} |")
    return lines


def _summed(groups: Iterable[dict[str, Score]]) -> dict[str, Score]:
    total = {field: Score() for field in FIELDS}
    for scores in groups:
        for field in FIELDS:
            for name in ("labelled", "filled", "right"):
                value = getattr(total[field], name) + getattr(scores[field], name)
                setattr(total[field], name, value)
    return total


def report(folder: Path, *, quiet: bool = False) -> SetScore:
    """Print one set's tables (and, unless quiet, every mismatch); return its score."""
    labels = json.loads((folder / "labels.json").read_text())
    result = score(labels, folder)
    print(
        f"## {folder.name}: {len(labels)} labelled events, "
        f"{len(labels) - len(result.lost)} kept"
    )
    print()
    print("| field | labelled | filled | right | precision | recall |")
    print("|---|---:|---:|---:|---:|---:|")
    for field, counts in result.fields.items():
        print(
            f"| {field} | {counts.labelled} | {counts.filled} | {counts.right} "
            f"| {counts.precision:.2f} | {counts.recall:.2f} |"
        )
    print()
    print(
        f"Events labelled as no talk that got a field: "
        f"{len(result.non_talks_filled)} of {result.non_talks}"
    )
    print()
    families = generators(folder)
    by_generator: dict[str, list[dict[str, Score]]] = {}
    for file, scores in result.per_feed.items():
        by_generator.setdefault(families.get(file, "unknown"), []).append(scores)
    print(
        "\n".join(
            _table(
                {
                    name: _summed(groups)
                    for name, groups in sorted(by_generator.items())
                },
                "generator (precision / recall (labelled))",
            )
        )
    )
    print()
    # The worst feeds first: where a wrong field or a miss is likeliest.
    worst = sorted(
        result.per_feed.items(),
        key=lambda item: min(
            min(item[1][field].precision, item[1][field].recall) for field in FIELDS
        ),
    )[:5]
    print("\n".join(_table(dict(worst), "worst feeds")))
    print()
    if not quiet:
        for line in result.lost:
            print(f"LOST {line}")
        for line in result.non_talks_filled:
            print(f"NO TALK {line}")
        for counts in result.fields.values():
            for line in counts.mismatches:
                print(line)
        print()
    return result


def main() -> None:
    """Print the tables (and the mismatches) of each labelled set."""
    arguments = argparse.ArgumentParser(description=__doc__)
    arguments.add_argument(
        "--folder",
        type=Path,
        action="append",
        help="a labelled set (default: every set in tests/fixtures)",
    )
    arguments.add_argument("--quiet", action="store_true", help="only the tables")
    options = arguments.parse_args()
    for folder in options.folder or LABELLED_SETS:
        report(folder, quiet=options.quiet)


if __name__ == "__main__":
    main()
