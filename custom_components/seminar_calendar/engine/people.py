"""Tell people's names from other words, and read "Name (Affiliation)" the ways it is written.

Announcements name speakers as "Jane Doe (MIT)", "Jane Doe, MIT", "Jane Doe · MIT ·
Professor", "Prof. Jane Doe", "Jane Doe and John Roe", "Jane Doe; John Roe". A value is
read as people only when every part looks like a name: a wrong speaker is worse than none.
"""

from functools import lru_cache
import re
from typing import Final, NamedTuple

_HONORIFIC: Final = re.compile(
    r"^(?:(?:a/|assoc\.?\s+|associate\s+|assistant\s+)?prof(?:essor)?\.?|dr\.?|mr\.?"
    r"|mrs\.?|ms\.?|mx\.?|sir|dame|ra)\s+",
    re.IGNORECASE,
)
_POST_NOMINAL: Final = re.compile(
    r"(?:,?\s+(?:ph\.?\s?d\.?|m\.?d\.?|obe|mbe|cbe|frs|jr\.?|sr\.?))+\s*$",
    re.IGNORECASE,
)
_PARTICLES: Final = frozenset(
    [
        "van",
        "von",
        "de",
        "der",
        "den",
        "da",
        "del",
        "della",
        "di",
        "du",
        "la",
        "le",
        "bin",
        "al",
        "el",
        "ten",
        "ter",
        "dos",
        "das",
        "y",
        "e",
    ]
)
# Words that are not part of a person's name: a value holding one is not a name.
_NOT_NAME_WORDS: Final = """
    street road avenue park square lane
    the a an and or of for in on at to by from with without into about over under is
    are was be will this that our your their my its how what why when who which talk
    talks keynote panel workshop tutorial seminar seminars colloquium lecture
    lectures lunch break coffee breakfast dinner reception opening closing remarks
    welcome introduction registration meeting meetings conference session sessions
    event events live q&a day week series group team staff tba tbd tbc announced
    update data python open source science research program programme course class
    part new future digital social university institute department school college
    center centre lab laboratory invited contributed spotlight poster posters award
    networking hackathon discussion demo demos round table roundtable fireside chat
    online virtual hybrid zoom room hall building campus sponsor sponsors launch
    festival book books signing ceremony meet greet party concert screening film
    exhibition tour visit celebration show awards gala fair market night morning
    evening afternoon summit bootcamp training study reading club circle theory
    author authors chorus choir band orchestra ensemble speech keynote chair
    director ceo founder editor president professor lecturer fellow student engineer
    scientist manager head
"""
_NOT_NAMES: Final = frozenset(_NOT_NAME_WORDS.split())
_AFFILIATION_WORDS: Final = re.compile(
    r"universit|college|institut|school|laborator|\blabs?\b|\bcent(?:er|re)\b|"
    r"department|\bcorp|\binc\b|\bltd\b|academ|hospital|foundation|\bbank\b|council|"
    r"agency|museum|polytechn|\bgmbh\b|ministry|observatory|[大学院所司]",
    re.IGNORECASE,
)
_JOB_TITLES: Final = re.compile(
    r"\s+(?:chair|director|ceo|cto|founder|co-founder|editor|president|professor|"
    r"lecturer|researcher|fellow|student|engineer|scientist|manager|head)\b.*$",
    re.IGNORECASE,
)
_OTHER_SCRIPT: Final = re.compile(r"\s*\([^()]*[\u3400-\u9fff\uac00-\ud7af][^()]*\)")
_ALIAS: Final = re.compile(r"\s+\(\w+\)$")
_HANDLE: Final = re.compile(r"\s*/\s*\w+$")
_NICKNAME: Final = re.compile(r'\s*["“][^"”]{1,20}["”]\s*')
_NOT_ONE_PLACE: Final = re.compile(r"[()&;]|\sand\s")
_ACRONYM_WORD: Final = re.compile(r"\b[A-Z][A-Z&.-]{1,9}\b")
_CJK_NAME: Final = re.compile(r"^[\u3400-\u9fff\uac00-\ud7af]{2,5}$")
_INITIAL: Final = re.compile(r"^[A-Z]\.?(?:-[A-Z]\.?)?$")
_LIST_SEPARATOR: Final = re.compile(
    r"\s*;\s*|,?\s+(?:and|und|et|&)\s+|\s+in conversation with\s+|,\s*"
)
_SERIES: Final = re.compile(
    r"\b(?:seminars?|colloqui(?:a|um)|lectures?|series|talks?|workshops?)\b",
    re.IGNORECASE,
)
_PLACEHOLDER: Final = re.compile(
    r"^(?:tba|tbd|tbc|n/?a|to be (?:announced|determined|confirmed)|various|"
    r"verschiedene redner|alle)\.?$",
    re.IGNORECASE,
)


class Person(NamedTuple):
    """Someone who presents, and where from when the announcement says."""

    name: str
    affiliation: str | None = None


@lru_cache(maxsize=256)
def clean_name(text: str) -> str:
    """Return a name without honorifics, degrees, braces, quotes or an alias after it."""
    text = text.strip().strip("{}\"'“”").replace("{", "").replace("}", "").strip()
    # The same name in another script, or a handle after it: "Kim (김)", "Lange (DLange)".
    if "(" in text:
        text = _ALIAS.sub("", _OTHER_SCRIPT.sub("", text))
    text = _POST_NOMINAL.sub("", _HONORIFIC.sub("", text))
    if "/" in text:
        text = _HANDLE.sub("", text)  # Martin Haase/maha
    return " ".join(text.split()).strip(" ,.;:")


def is_placeholder(text: str) -> bool:
    """Return True for "TBA", "to be announced" and the like."""
    return bool(_PLACEHOLDER.match(text.strip()))


@lru_cache(maxsize=256)
def looks_like_name(text: str) -> bool:
    """Return True when text reads as one person's name (not a phrase or a title)."""
    if _CJK_NAME.match(text):
        return True
    # An inline nickname is part of a name: Sean "xobs" Cross.
    words = (_NICKNAME.sub(" ", text) if '"' in text or "“" in text else text).split()
    if not 2 <= len(words) <= 5 or len(text) > 48 or any(c.isdigit() for c in text):
        return False
    # "Last, First" is rare in announcements; a comma usually joins other things.
    if "," in text or ":" in text or not any(word[1:].islower() for word in words):
        return False
    if len(first := words[0]) >= 7 and first.lower().endswith("ing"):
        return False  # "Exploring Exploration", "Raising Conscious Sons": a title
    capitalised = 0
    for word in words:
        bare = word.strip("().,'’")
        if bare.lower() in _NOT_NAMES:
            return False
        if bare.lower() in _PARTICLES and bare.islower():
            continue
        if not (bare[:1].isupper() or _INITIAL.match(bare)):
            return False
        capitalised += 1
    return capitalised >= 2


def is_affiliation(text: str) -> bool:
    """Return True when text reads as an institution (a word like University, or ACRONYM)."""
    text = without_job_title(text.strip())
    return bool(_AFFILIATION_WORDS.search(text)) or bool(
        re.fullmatch(r"[A-Z][A-Z&.-]{1,9}", text)
    )


def without_job_title(affiliation: str) -> str:
    """Return an affiliation without a job title after it ("PSF Chair" → "PSF")."""
    return _JOB_TITLES.sub("", affiliation).strip(" ,") or affiliation


@lru_cache(maxsize=256)
def person(text: str) -> Person | None:
    """Return the person a text names, with an affiliation when written beside the name."""
    text = _POST_NOMINAL.sub("", text.strip())
    if match := re.fullmatch(r"(.+?)\s*\(([^()]+)\)", text):
        name, affiliation = clean_name(match.group(1)), match.group(2).strip()
        if looks_like_name(name):
            # The name in another script, or a handle ("Lange (DLange)"), is no place.
            last = name.split()[-1].lower()
            if (
                _CJK_NAME.match(affiliation)
                or affiliation.islower()
                or (" " not in affiliation and last in affiliation.lower())
                or _SERIES.search(affiliation)
            ):
                return Person(name)
            return Person(name, without_job_title(affiliation))
    for separator in (" · ", " \u2013 ", " \u2014 ", ", "):
        name, _, rest = text.partition(separator)
        if rest and looks_like_name(clean_name(name)):
            affiliation = rest.split(separator)[0].strip()
            if separator == ", ":
                if _names_someone(affiliation):
                    continue  # "Jane Doe, John Roe": a list, not a place
                affiliation = rest.strip()  # "Birkbeck College, University of London"
            if is_affiliation(affiliation) or separator == " · ":
                return Person(clean_name(name), without_job_title(affiliation))
    if found := _name_then_affiliation(text):
        return found
    name = clean_name(text)
    return Person(name) if looks_like_name(name) else None


def _names_someone(text: str) -> bool:
    if _AFFILIATION_WORDS.match(text.strip()):
        return False  # "University of …" is a place, not someone
    return looks_like_name(clean_name(text)) or _name_then_affiliation(text) is not None


def _name_then_affiliation(text: str) -> Person | None:
    """Read "Jane Doe Example University", "李四 北京大学": a name, then where from.

    The name is the shortest that does not end in an initial; the rest must read as an
    institution, and hold no comma (commas separate people in a list).
    """
    if not _AFFILIATION_WORDS.search(text) and not _ACRONYM_WORD.search(text):
        return None  # nothing after a name could be an institution
    words = text.split()
    for size in (1, 2, 3, 4):
        name, rest = clean_name(" ".join(words[:size])), " ".join(words[size:])
        if not rest or _INITIAL.match(words[size - 1].rstrip(".") + "."):
            continue
        if _NOT_ONE_PLACE.search(rest) or (
            "," in rest and _names_someone(rest.split(",")[1])
        ):
            continue  # "Jane Doe MIT, John Roe": a list
        if looks_like_name(name) and is_affiliation(rest):
            return Person(name, without_job_title(rest))
    return None


def people(text: str) -> list[Person]:
    """Return everyone a speaker value names, or nobody unless every part is a person."""
    return list(_people(" ".join(text.split())))


@lru_cache(maxsize=256)
def _people(text: str) -> tuple[Person, ...]:
    if not text or is_placeholder(text):
        return ()
    if (one := person(text)) is not None:
        return (one,)
    found = [person(part) for part in _outside_parentheses(text)]
    if len(found) < 2 or any(entry is None for entry in found):
        return ()
    return tuple(entry for entry in found if entry is not None)


def _outside_parentheses(text: str) -> list[str]:
    """Split a list of people at its separators, but not inside parentheses."""
    parts, start = [], 0
    for separator in _LIST_SEPARATOR.finditer(text):
        before = text[: separator.start()]
        if before.count("(") == before.count(")"):
            parts.append(text[start : separator.start()])
            start = separator.end()
    parts.append(text[start:])
    return [part for part in parts if part.strip()]
