"""Generate realistic The Events Calendar-style feeds for benchmarks and load tests."""

import datetime as dt
import random

HEADER = """BEGIN:VCALENDAR
VERSION:2.0
PRODID:-//Bench Department - ECPv6.15.20//NONSGML v1.0//EN
CALSCALE:GREGORIAN
METHOD:PUBLISH
X-WR-CALNAME:Bench Department
X-ORIGINAL-URL:https://bench.example.edu
X-WR-CALDESC:Events for Bench Department
REFRESH-INTERVAL;VALUE=DURATION:PT1H
X-Robots-Tag:noindex
X-PUBLISHED-TTL:PT1H
BEGIN:VTIMEZONE
TZID:America/New_York
"""
ZONE_BLOCK = """BEGIN:{kind}
TZOFFSETFROM:{frm}
TZOFFSETTO:{to}
TZNAME:{name}
DTSTART:{year}{md}T{hour}0000
END:{kind}
"""
_SYLLABLES = [
    "al",
    "ge",
    "bra",
    "to",
    "po",
    "lo",
    "gy",
    "ma",
    "ni",
    "fold",
    "quan",
    "tum",
    "sym",
    "me",
    "try",
    "ran",
    "dom",
    "ma",
    "trix",
    "ho",
    "mo",
    "lan",
    "glands",
    "sto",
    "chas",
    "tic",
    "com",
    "bi",
    "na",
    "tor",
    "ics",
    "sheaf",
    "cat",
    "e",
    "go",
    "ry",
    "op",
    "er",
    "a",
    "tor",
    "field",
]


def _vocabulary(size: int = 3000) -> list[str]:
    # Words of two to four syllables, used with a Zipf-like skew, so that the text
    # compresses about as well as real English abstracts do.
    rng = random.Random(7)
    return [
        "".join(rng.choice(_SYLLABLES) for _ in range(rng.randint(2, 4)))
        for _ in range(size)
    ]


WORDS = _vocabulary()
_WEIGHTS = [1 / (rank + 1) for rank in range(len(WORDS))]
CATEGORIES = (
    "Member Seminar",
    "Colloquium",
    "Mathematical Physics Seminar",
    "Workshop",
)


def _timezone() -> str:
    blocks = []
    for year in range(2019, 2031):
        blocks.append(
            ZONE_BLOCK.format(
                kind="DAYLIGHT",
                frm="-0500",
                to="-0400",
                name="EDT",
                year=year,
                md="0310",
                hour="07",
            )
        )
        blocks.append(
            ZONE_BLOCK.format(
                kind="STANDARD",
                frm="-0400",
                to="-0500",
                name="EST",
                year=year,
                md="1103",
                hour="06",
            )
        )
    return "".join(blocks) + "END:VTIMEZONE\n"


# Names and places made from syllables: as many different speakers as events, as in a
# year of a real department's seminars (a name with digits would be no name).
_SYLLABLES = ("ka", "lo", "mi", "re", "sa", "to", "vi", "na", "de", "ru", "le", "po")


def _word(number: int, length: int) -> str:
    syllables = []
    for _ in range(length):
        number, digit = divmod(number, len(_SYLLABLES))
        syllables.append(_SYLLABLES[digit])
    return "".join(syllables).capitalize()


def _name(index: int) -> str:
    return f"{_word(index, 2)} {_word(index * 7 + 3, 3)}"


def _place(index: int) -> str:
    return _word(index % 97, 3)


def _sentence(rng: random.Random, words: int) -> str:
    return " ".join(rng.choices(WORDS, _WEIGHTS, k=words))


def event_lines(index: int, start: dt.datetime, rng: random.Random, stamp: str) -> str:
    """Return one VEVENT as a TEC export writes it (no folding, escaped text)."""
    end = start + dt.timedelta(hours=1)
    post_id = 10_000_000 + index
    title = _sentence(rng, 8).capitalize()
    abstract = "\\, ".join(_sentence(rng, 18) for _ in range(10))
    description = (
        f"{rng.choice(CATEGORIES)} \\nSpeaker: {_name(index)}\\, University of {_place(index)} \\n"
        f"Title: {title} \\nAbstract: {abstract}. \\n "
    )
    lines = [
        "BEGIN:VEVENT",
        f"DTSTART;TZID=America/New_York:{start:%Y%m%dT%H%M%S}",
        f"DTEND;TZID=America/New_York:{end:%Y%m%dT%H%M%S}",
        f"DTSTAMP:{stamp}",
        "CREATED:20250218T161047Z",
        "LAST-MODIFIED:20250513T152517Z",
        f"UID:{post_id}-{int(start.timestamp())}-{int(end.timestamp())}@bench.example.edu",
        f"SUMMARY:{title}",
        f"DESCRIPTION:{description}",
        f"URL:https://bench.example.edu/event/seminar-{post_id}/",
        f"LOCATION:Room G{index % 20}\\, 20 Garden Street\\, Cambridge\\, MA\\, 02138\\, United States",
        f"CATEGORIES:{rng.choice(CATEGORIES)}",
        f"ATTACH;FMTTYPE=image/png:https://bench.example.edu/media/poster-{post_id}.png",
    ]
    if index % 20 == 0:  # 5% weekly series
        lines.insert(3, f"RRULE:FREQ=WEEKLY;COUNT={rng.randint(8, 30)}")
    lines.append("END:VEVENT")
    return "\n".join(lines) + "\n"


def generate(
    count: int,
    now: dt.datetime,
    *,
    seed: int = 1,
    stamp: str = "20260520T115918",
    edit: frozenset[int] = frozenset(),
    drop: frozenset[int] = frozenset(),
) -> bytes:
    """Return a feed of count events spread over a year before and after now.

    Events whose index is in edit get another title, as if edited on the site;
    those in drop are left out, as if deleted.
    """
    rng = random.Random(seed)
    span = dt.timedelta(days=730)
    first = now.replace(tzinfo=None, minute=0, second=0, microsecond=0) - span / 2
    parts = [HEADER, _timezone()]
    for index in range(count):
        offset = dt.timedelta(hours=rng.randrange(int(span.total_seconds() // 3600)))
        event = event_lines(index, first + offset, rng, stamp)
        if index in drop:
            continue
        if index in edit:
            event = event.replace("SUMMARY:", "SUMMARY:(Rescheduled) ", 1)
        parts.append(event)
    parts.append("END:VCALENDAR\n")
    return "".join(parts).encode()
