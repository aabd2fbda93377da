"""Tell people's names from other words, and read "Name (Affiliation)" the ways it is written.

Announcements name speakers as "Jane Doe (MIT)", "Jane Doe, MIT", "Jane Doe · MIT ·
Professor", "Prof. Jane Doe", "Jane Doe and John Roe", "Jane Doe; John Roe". A value is
read as people only when every part looks like a name: a wrong speaker is worse than none.
"""

from functools import lru_cache
import re
from typing import Final, NamedTuple

from .names import PARTICLES, has_not_name_word, starts_with_given_name

_HONORIFIC: Final = re.compile(
    r"^(?:(?:a/|assoc\.?\s+|associate\s+|assistant\s+)?prof(?:essor)?\.?|dr\.?|mr\.?"
    r"|mrs\.?|ms\.?|mx\.?|sir|dame|ra)\s+",
    re.IGNORECASE,
)
_POST_NOMINAL: Final = re.compile(
    r"(?:,?\s+(?:ph\.?\s?d\.?|m\.?d\.?|obe|mbe|cbe|frs|jr\.?|sr\.?))+\s*$",
    re.IGNORECASE,
)
# A degree right after a name, within a list or before a role: "Jane Doe, PhD Professor".
_DEGREE: Final = re.compile(
    r"(?<=[\w.)]),?\s+(?:Ph\.?\s?D\.?|M\.?D\.?|M\.?P\.?H\.?|D\.?Phil\.?|MBBS|FRCP|"
    r"OBE|MBE|CBE|FRS)(?=[\s,;&)\"“]|$)"
)
# Status words a scraper puts before a name: "CANCELLED Jane Doe".
_STATUS: Final = re.compile(
    r"^(?:cancell?ed|postponed|rescheduled|moved|new|updated|annulé|reporté|abgesagt|"
    r"verschoben|cancelado|aplazado|annullato|peruttu)\b[\s:!-]*",
    re.IGNORECASE,
)
# A role before the place: "PhD Assistant Professor Georgia Tech", "Chief Scientist at X".
# A role before the place: "PhD Assistant Professor Georgia Tech", "Chief Scientist at X".
_ROLE_QUALIFIERS: Final = [
    "assistant",
    "associate",
    "full",
    "adjunct",
    "visiting",
    "distinguished",
    "emeritus",
    "emerita",
    "senior",
    "junior",
    "principal",
    "chief",
    "lead",
    "staff",
    "research",
    "postdoctoral",
    "post-doctoral",
    "doctoral",
    "graduate",
    "phd",
    "ph.d.",
    "master's",
    "masters",
    "clinical",
    "executive",
    "managing",
    "founding",
    "deputy",
]
ROLES: Final = [
    "professor",
    "lecturer",
    "researcher",
    "scientist",
    "fellow",
    "student",
    "candidate",
    "director",
    "chair",
    "head",
    "engineer",
    "manager",
    "officer",
    "postdoc",
    "investigator",
    "economist",
    "analyst",
    "president",
    "dean",
    "founder",
    "co-founder",
    "ceo",
    "cto",
    "partner",
]
_LEADING_ROLE: Final = re.compile(
    r"^(?:(?:ph\.?\s?d\.?|m\.?d\.?)\s+)?(?:(?:"
    + "|".join(map(re.escape, _ROLE_QUALIFIERS))
    + r")\s+)*(?:"
    + "|".join(map(re.escape, ROLES))
    + r")(?:\s+(?:of|in)\s+[a-z][\w-]*)?(?:\s*,\s*|\s+at\s+(?:the\s+)?|\s+(?=[A-Z]))",
    re.IGNORECASE,
)
# The words a role can start with: most places start with none, and skip the pattern.
_ROLE_STARTS: Final = frozenset(
    [*_ROLE_QUALIFIERS, *ROLES, "phd", "ph.d", "ph.d.", "md", "m.d.", "m.d"]
)
_YEAR_MARK: Final = re.compile(r"\s*\*\d{2}\b|\s+'\d{2}\b")
_AFFILIATION_WORDS: Final = re.compile(
    r"universi[td]|college|coll[èe]ge|institu|school|[ée]cole|escuela|hochschule|"
    r"laborat|\blabs?\b|\bcent(?:er|re|ro)\b|department|d[ée]partement|departamento|"
    r"facult|\bcorp|\binc\b|\bltd\b|academ|hospital|h[ôo]pital|foundation|fondation|"
    r"fundaci|\bbank\b|council|agency|museum|polytechn|politecnic|\bgmbh\b|ministry|"
    r"observatory|[大学院所司]",
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
_ACRONYM: Final = re.compile(r"^[A-Z]{2}$")
# "Given SURNAME", as many write names: a family name in capitals after a given name.
_CAPITAL_SURNAME_END: Final = re.compile(r"^[A-Z][a-z][\w'-]* [A-Z]{3,}$")
_CAPITAL_SURNAME_THEN: Final = re.compile(r"\b[A-Z][a-z]+ [A-Z]{3,}\s+\S")
_LIST_SEPARATOR: Final = re.compile(
    r"\s*;\s*|,?\s+(?:and|und|et|&)\s+|\s+in conversation with\s+|,\s*"
)
_SERIES: Final = re.compile(
    r"\b(?:seminars?|colloqui(?:a|um)|lectures?|series|talks?|workshops?)\b",
    re.IGNORECASE,
)
_PLACEHOLDER: Final = re.compile(
    r"^(?:(?:title|titre|titel|título|titolo)\s*:?\s*)?(?:tba|tbd|tbc|tba\.|n/?a|n\.\s?n\.|"
    r"to be (?:announced|determined|confirmed|decided)|coming soon|various|"
    r"verschiedene redner|alle|wird (?:noch )?bekannt gegeben|folgt|à (?:venir|"
    r"confirmer|préciser|définir|déterminer|annoncer)|por (?:confirmar|determinar|"
    r"anunciar|definir)|a confirmar|da (?:definire|confermare|annunciare)|"
    r"ilmoitetaan myöhemmin|avoin)\.?$",
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
    # Each pattern is tried only where it can match: names are read by the thousand.
    if status := _STATUS.match(text):
        text = text[status.end() :]
    if honorific := _HONORIFIC.match(text):
        text = text[honorific.end() :]
    if _POST_NOMINAL.search(text):
        text = _POST_NOMINAL.sub("", text)
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
    if _AFFILIATION_WORDS.search(text) or has_not_name_word(text):
        return False
    if _CAPITAL_SURNAME_THEN.search(text):
        return False  # "Emma WONG EPRI": the name ends at the family name in capitals
    capitalised = 0
    for word in words:
        bare = word.strip("().,'’")
        if bare.lower() in PARTICLES and bare.islower():
            continue
        # "AI", "ML": an acronym is no part of a name (an initial has its dot).
        if not (bare[:1].isupper() or _INITIAL.match(bare)) or _ACRONYM.match(bare):
            return False
        capitalised += 1
    return capitalised >= 2


def is_person(name: str, *, strict: bool) -> bool:
    """Return True when name reads as a person's; strict: also a known given name."""
    if not looks_like_name(name):
        return False
    # A short run of CJK characters is a name only where a label says so: "抽奖"
    # (a raffle) has the shape too, and the lexicon knows no CJK names.
    return not strict or starts_with_given_name(name)


def is_affiliation(text: str) -> bool:
    """Return True when text reads as an institution (a word like University, or ACRONYM)."""
    text = without_job_title(text.strip())
    return bool(_AFFILIATION_WORDS.search(text)) or bool(
        re.fullmatch(r"[A-Z][A-Z&.-]{1,9}", text)
    )


@lru_cache(maxsize=256)
def without_job_title(affiliation: str) -> str:
    """Return an affiliation without job titles or year marks ("PSF Chair" → "PSF")."""
    affiliation = affiliation.strip()
    if "*" in affiliation or "'" in affiliation:
        affiliation = _YEAR_MARK.sub("", affiliation)
    while (
        affiliation.partition(" ")[0].lower().rstrip(",") in _ROLE_STARTS
        and (role := _LEADING_ROLE.match(affiliation))
        and role.end() < len(affiliation)
    ):
        affiliation = affiliation[role.end() :]
    return _JOB_TITLES.sub("", affiliation).strip(" ,") or affiliation


@lru_cache(maxsize=512)
def person(text: str, *, strict: bool = False) -> Person | None:
    """Return the person a text names, with an affiliation when written beside the name.

    strict: the text is only a SUMMARY's layout, so the name must also start with a
    known given name; an honorific or a degree beside it is evidence enough.
    """
    text = text.strip()
    degree = _DEGREE.search(text)
    if strict and (degree or _HONORIFIC.match(text)):
        strict = False
    if degree:
        text = _DEGREE.sub(",", text).strip(" ,")
    if _POST_NOMINAL.search(text):
        text = _POST_NOMINAL.sub("", text)
    if match := re.fullmatch(r"(.+?)\s*\(([^()]+)\)", text):
        name, affiliation = clean_name(match.group(1)), match.group(2).strip()
        if is_person(name, strict=strict):
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
        if rest and is_person(clean_name(name), strict=strict):
            affiliation = rest.split(separator)[0].strip()
            if separator == ", ":
                if _names_someone(affiliation):
                    continue  # "Jane Doe, John Roe": a list, not a place
                affiliation = rest.strip()  # "Birkbeck College, University of London"
            place = without_job_title(affiliation)
            if is_affiliation(place) or separator == " · " or place != affiliation:
                return Person(clean_name(name), place)
    if found := _name_then_affiliation(text, strict=strict):
        return found
    name = clean_name(text)
    return Person(name) if is_person(name, strict=strict) else None


def _names_someone(text: str) -> bool:
    if _AFFILIATION_WORDS.match(text.strip()):
        return False  # "University of …" is a place, not someone
    return looks_like_name(clean_name(text)) or _name_then_affiliation(text) is not None


def _name_then_affiliation(text: str, *, strict: bool = False) -> Person | None:
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
        if is_person(name, strict=strict) and (
            is_affiliation(rest) or _ends_in_capital_surname(name, rest)
        ):
            return Person(name, without_job_title(rest))
    return None


def _ends_in_capital_surname(name: str, rest: str) -> bool:
    """Return True for "Eva GYANE" before "WiN Global": the capitals end the name."""
    return bool(_CAPITAL_SURNAME_END.search(name)) and bool(
        re.fullmatch(r"[A-Z]\S*(?: (?:of|for|and|de|[A-Z]\S*))*", rest)
    )


def people(text: str, *, strict: bool = False) -> list[Person]:
    """Return everyone a speaker value names, or nobody unless every part is a person.

    strict: as for person(), for values only a SUMMARY's layout proposes.
    """
    return list(_people(" ".join(text.split()), strict))


@lru_cache(maxsize=512)
def _people(text: str, strict: bool) -> tuple[Person, ...]:
    if not text or is_placeholder(text):
        return ()
    if (one := person(text, strict=strict)) is not None:
        return (one,)
    if strict and (
        _HONORIFIC.search(text)
        or _DEGREE.search(text)
        or " in conversation with " in text
    ):
        # "Jane Doe, MD and John Roe, MD"; "J. Doe in conversation with John Roe"
        strict = False
    found = [
        person(part, strict=strict)
        for part in _outside_parentheses(_DEGREE.sub(",", text).strip(" ,"))
    ]
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
