"""Read who speaks on what from an event's SUMMARY, the ways schedules write it.

"Series: Title", "[Series] Title", "182 - Title", "Name: Title", "Name (Affiliation),
Title", "Title - Name", "Title (Name)", "Live Q&A: Name and Name". A part is taken for
people only when every name in it looks like one.
"""

import re
from typing import Final, NamedTuple

from .people import Person, looks_like_name, people, person

# Formats and series words that lead a SUMMARY before the talk itself.
_EXACT_FORMAT: Final = re.compile(
    r"^(?:keynote|lunch talk|panel|demo|discussion|live q&a|q&a|invited talk|"
    r"invited speaker|contributed talk|opening remarks|closing remarks|book signing)$",
    re.IGNORECASE,
)
_FORMAT: Final = re.compile(
    r"^(?:keynote|opening keynote|closing keynote|lunch talk|talk|panel|demo|discussion|"
    r"live q&a|q&a|invited talk|invited speaker|contributed talk|lecture|plenary|"
    r"opening remarks|closing remarks|book signing|author event|"
    r"tutorial|workshop|seminar|colloquium|webinar|masterclass|fireside chat|"
    r"[\w &.'–—-]{2,40}\b(?:seminar|colloquium|lecture|series|talks?|forum|symposium|"
    r"speaker|speech|panel|keynote|workshop))$",
    re.IGNORECASE,
)
_BRACKETED: Final = re.compile(r"^\s*[\[【(]([^\])】]{2,40})[\])】]\s*(.+)$")
_NUMBERED: Final = re.compile(r"^\s*\d{1,4}\s+[-–—]\s+(.+)$")
_COLON: Final = re.compile(r"\s?:\s")
_DASH: Final = re.compile(r"\s+(?:--|[-–—])\s+")
_AUTHOR_EVENT: Final = re.compile(
    r"^(?P<people>.+?)\s+(?:author event|book signing|book launch|reading|"
    r"discussing (?:his|her|their) (?:new )?(?:book|novel)|signs?)\b\s*(?P<title>.*)$",
    re.IGNORECASE,
)
_BY_WHOM: Final = re.compile(r"\s*\((?:\w+\s+)?by\s+[^()]*\)$", re.IGNORECASE)
_QUOTES: Final = "\"'“”«»"
_TITLE_THEN_PEOPLE_IN_PARENS: Final = re.compile(
    r"^(?P<title>.+?)\s*\((?:\w+\s+by\s+|with\s+)?(?P<people>[^()]+)\)\s*$",
    re.IGNORECASE,
)
_PERSON_WITH_AFFILIATION: Final = re.compile(
    r"^(?P<name>[^(),:]+?)\s*\((?P<affiliation>[^()]+)\)\s*(?:[,:]|\s[-–—])\s*(?P<title>.+)$"
)
# Stars, a "[LIVE]" tag, a "SOLD OUT!" or "NEW:" notice: not part of the talk.
_DECORATION: Final = re.compile(
    r"^[\s★☆•*]+|[\s★☆•*]+$|\s*\[[A-Z ]{2,12}\]$|^[A-Z][A-Z ]{2,15}[!:]\s+"
)
_BY: Final = re.compile(
    r"^(?P<series>.+?)\s+(?:by|with|mit|par|avec)\s+(?P<people>[^:()]+?)"
    r"(?:\s*\((?P<affiliation>[^()]+)\))?(?::\s*(?P<title>.+))?$"
)


class FromSummary(NamedTuple):
    """What a SUMMARY says besides itself: the people presenting and the talk title."""

    people: tuple[Person, ...] = ()
    title: str | None = None


def read_summary(summary: str, known: tuple[str, ...] = ()) -> FromSummary:
    """Return the people and talk title a SUMMARY names; known: speakers found elsewhere.

    With known speakers, a part of the SUMMARY is taken as people only when it names
    them; without, only when it reads as people in a clear layout.
    """
    text = _DECORATION.sub("", " ".join(summary.split())).strip("\"'“”")
    if not text:
        return FromSummary()
    text, stripped = _without_format(text)
    if found := _with_affiliation(text) or _people_around_dash(text, known):
        return found
    if found := _people_in_parens(text, known) or _name_colon_title(text, known):
        return found
    if found := _series_by_people(text, known):
        return found
    if (named := people(text)) and (not known or _names(named) == known):
        # "Live Q&A: Michael I. Jordan", or just "Tara Goedjen": a name, no title.
        return FromSummary(tuple(named))
    if match := _AUTHOR_EVENT.match(text):
        named = people(match.group("people"))
        if named and (not known or _names(named) == known):
            title = match.group("title").strip().strip(_QUOTES)
            return FromSummary(tuple(named), title or None)
    return FromSummary(
        title=_BY_WHOM.sub("", text).strip(_QUOTES) if stripped else None
    )


def _names(found: list[Person] | tuple[Person, ...]) -> tuple[str, ...]:
    return tuple(entry.name for entry in found)


def _without_format(text: str) -> tuple[str, bool]:
    """Return the SUMMARY without a leading series or format, and whether it had one."""
    if match := _BRACKETED.match(text):
        return match.group(2).strip(), True
    if match := _NUMBERED.match(text):
        return match.group(1).strip(), True
    for separator in (": ", " - ", " \u2013 ", ", "):
        head, _, rest = text.partition(separator)
        if not rest:
            continue
        # "Keynote, Jane Doe", but not "Edited talk, new room": after a comma only a
        # format itself, not a series named after one.
        if _FORMAT.match(head.strip()) and (
            separator != ", " or _EXACT_FORMAT.match(head.strip())
        ):
            rest, _ = _without_format(rest.strip())
            return rest, True
        # "AfNLP - Invited Talk, Jade Abbott": a short series name, then the format.
        if len(head.split()) <= 2 and (inner := _without_format(rest.strip()))[1]:
            return inner
    return text, False


def _with_affiliation(text: str) -> FromSummary | None:
    """Read "Jane Doe (MIT), Title" and "Jane Doe (MIT) - Title"."""
    match = _PERSON_WITH_AFFILIATION.match(text)
    if match is None or not looks_like_name(match.group("name").strip()):
        return None
    entry = person(f"{match.group('name').strip()} ({match.group('affiliation')})")
    return FromSummary(
        (entry,) if entry else (), match.group("title").strip().strip(_QUOTES)
    )


def _people_around_dash(text: str, known: tuple[str, ...]) -> FromSummary | None:
    """Read "Title - Jane Doe, John Roe" (the last part names people) or "Name - Title"."""
    dashes = list(_DASH.finditer(text))
    if not dashes:
        return None
    first = people(text[: dashes[0].start()])
    last = people(text[dashes[-1].end() :])
    if known:
        first = first if _names(first) == known else []
        last = last if _names(last) == known else []
    if first and last:
        # A title that reads like names ("Die Sprache der Populisten") is the longer.
        if _longest(first) >= 4 > _longest(last):
            first = []
        elif _longest(last) >= 4 > _longest(first):
            last = []
        else:
            return None
    if last:
        title = text[: dashes[-1].start()].strip()
        return FromSummary(tuple(last), None if _FORMAT.match(title) else title)
    if first:
        return FromSummary(tuple(first), text[dashes[0].end() :].strip() or None)
    return None


def _longest(found: list[Person]) -> int:
    return max(len(entry.name.split()) for entry in found)


def _people_in_parens(text: str, known: tuple[str, ...]) -> FromSummary | None:
    """Read "Title (Jane Doe)", "Title (talk by Jane Doe)", "Title (Jane Doe, MIT)"."""
    match = _TITLE_THEN_PEOPLE_IN_PARENS.match(text)
    if match is None:
        return None
    named = people(match.group("people"))
    if not named or (known and _names(named) != known):
        return None
    title, stripped = _without_format(match.group("title").strip())
    if _FORMAT.match(title) or (not stripped and title in ("", text)):
        return FromSummary(tuple(named))
    # "Keynote: Jane Doe All I really want (talk by Jane Doe)": the name leads the title.
    for entry in named:
        title = title.removeprefix(entry.name).strip()
    return FromSummary(tuple(named), title.strip("\"'“”") or None)


def _name_colon_title(text: str, known: tuple[str, ...]) -> FromSummary | None:
    """Read "Jane Doe: Title" (a name of two or three words, or names confirmed)."""
    if (colon := _COLON.search(text)) is None:
        return None
    # The SUMMARY's spaces are single and it does not end in one: rest is never empty.
    head, rest = text[: colon.start()], text[colon.end() :]
    if re.fullmatch(r"[A-Z][A-Z&.\- ]{1,40}", head.strip()):
        # "GOOGLE : Title", "ECONOCOM & APPLE : Title": organisations presenting.
        names = [
            Person(part.strip()) for part in re.split(r"\s*&\s*|,\s*", head.strip())
        ]
        return FromSummary(tuple(names), rest.strip())
    named = people(head)
    if not named or (known and _names(named) != known):
        return None
    if not known and any(len(entry.name.split()) > 3 for entry in named):
        return None
    if _FORMAT.match(rest.strip()):
        return FromSummary(tuple(named))  # "Jane Doe: Keynote Speech"
    return FromSummary(tuple(named), rest.strip().strip("\"'“”"))


def _series_by_people(text: str, known: tuple[str, ...]) -> FromSummary | None:
    """Read "Research Seminar by Jane Doe (MIT): Title" and "… with Jane Doe"."""
    match = _BY.match(text)
    if match is None:
        return None
    named = people(match.group("people"))
    if len(named) != 1 or (known and _names(named) != known):
        return None
    entry = named[0]
    if affiliation := match.group("affiliation"):
        entry = Person(entry.name, affiliation.strip())
    title = match.group("title")
    return FromSummary((entry,), title.strip().strip("\"'“”") if title else None)
