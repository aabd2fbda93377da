"""Read who speaks on what from an event's SUMMARY, the ways schedules write it.

"Series: Title", "[Series] Title", "182 - Title", "Name: Title", "Name (Affiliation),
Title", "Title - Name", "Title (Name)", "Live Q&A: Name and Name". A part is taken for
people only when every name in it looks like one.
"""

import re
from typing import Final, NamedTuple

from .context import NO_CONTEXT, FeedContext
from .formats import FORMAT, INTRODUCES, ORDINAL, TALK_WORDS, without_format
from .names import has_not_name_word
from .people import Person, is_affiliation, looks_like_name, people, person

_COLON: Final = re.compile(r"\s?:\s")
_DASH: Final = re.compile(r"\s+(?:--|[-–—])\s+")
_AUTHOR_EVENT: Final = re.compile(
    r"^(?P<people>.+?)\s+(?:author event|book signing|book launch|reading|"
    r"discussing (?:his|her|their) (?:new )?(?:book|novel)|signs?)\b\s*(?P<title>.*)$",
    re.IGNORECASE,
)
_BY_WHOM: Final = re.compile(r"\s*\((?:\w+\s+)?by\s+[^()]*\)$", re.IGNORECASE)
_QUOTES: Final = "\"'“”«»"
_QUOTED_THEN_NOTE: Final = re.compile(
    r"^[“\"«](?P<title>[^\"“”«»]+)[”\"»]\s*\([^()]*\)$"
)
_TITLE_THEN_PEOPLE_IN_PARENS: Final = re.compile(
    r"^(?P<title>.+?)\s*\((?:\w+\s+by\s+|with\s+)?(?P<people>[^()]+)\)\s*$",
    re.IGNORECASE,
)
_PERSON_WITH_AFFILIATION: Final = re.compile(
    r"^(?P<name>[^(),:]+?)\s*\((?P<affiliation>[^()]+)\)\s*(?:[,:]|\s[-–—]|(?=[“\"]))\s*"
    r"(?P<title>.+)$"
)
# 'Jane Doe, PhD "Title"', 'Jane Doe "Title", with John Roe': people, then a quoted title.
_PEOPLE_THEN_QUOTED: Final = re.compile(
    r"^(?P<people>[^\"“”:]+?)\s+[“\"](?P<title>[^\"“”]{2,})[”\"](?:,\s*with\b.*)?$"
)
# Stars, a "[LIVE]" tag, a "SOLD OUT!" or "NEW:" notice: not part of the talk.
_DECORATION: Final = re.compile(
    r"^[\s★☆•*]+|[\s★☆•*]+$|\s*\[[A-Z ]{2,12}\]$|^[A-Z][A-Z ]{2,15}[!:]\s+"
)
_BY: Final = re.compile(
    r"^(?P<series>.+?)\s+(?:(?:given|presented|hosted|led) by|by|with|featuring|mit|par|"
    r"avec|con)\s+(?P<people>[^:()]+?)"
    r"(?:\s*\((?P<affiliation>[^()]+)\))?(?::\s*(?P<title>.+))?$"
)


class FromSummary(NamedTuple):
    """What a SUMMARY says besides itself: the people presenting and the talk title."""

    people: tuple[Person, ...] = ()
    title: str | None = None


def read_summary(
    summary: str,
    known: tuple[str, ...] = (),
    context: FeedContext = NO_CONTEXT,
) -> FromSummary:
    """Return the people and talk title a SUMMARY names; known: speakers found elsewhere.

    With known speakers, a part is taken as people only when it names them; without,
    only in a clear layout. context: what the whole feed shows (seminar.feed_context).
    """
    text = _DECORATION.sub("", " ".join(summary.split()))
    if text[:1] in _QUOTES and text[-1:] in _QUOTES:
        text = text.strip(_QUOTES)  # a SUMMARY wholly in quotes
    if not text:
        return FromSummary()
    whole = text
    text, _ = without_format(text, context.series_heads)
    # Without speakers found elsewhere, a SUMMARY's layout alone is weak evidence: names
    # must start with a known given name, unless a format that introduces people
    # ("Invited Speaker - …", "Live Q&A: …") or a talk after "Name (Place)" says person.
    head = whole[: len(whole) - len(text)]
    # "Keynote, Jane Doe": after a format, a comma introduces who gives it (a title
    # follows a colon).
    strict = not known and not INTRODUCES.search(head) and not head.endswith(", ")
    # In a feed whose SUMMARYs mostly open with a known name ("Jane Doe: Title"), the
    # name that leads one of them is a person's too.
    leading_strict = strict and not context.people_lead
    if found := _with_affiliation(text, known) or _people_around_dash(
        text, known, strict, leading_strict
    ):
        return found
    if found := _people_in_parens(text, known, strict) or _name_colon_title(
        text, known, leading_strict
    ):
        return found
    if found := _series_by_people(text, known) or _people_then_quoted(
        text, known, strict
    ):
        return found
    if not known and (found := _name_and_institution(text)):
        return found
    return _people_or_title(text, known, strict=strict, head=head)


def _people_or_title(
    text: str, known: tuple[str, ...], *, strict: bool, head: str
) -> FromSummary:
    """Read a SUMMARY that is only a name, an author event, or a title after a format."""
    if (named := people(text, strict=strict)) and (not known or _names(named) == known):
        # "Live Q&A: Michael I. Jordan", or just "Tara Goedjen": a name, no title.
        return FromSummary(tuple(named))
    if match := _AUTHOR_EVENT.match(text):
        named = people(match.group("people"))
        if named and (not known or _names(named) == known):
            title = match.group("title").strip().strip(_QUOTES)
            return FromSummary(tuple(named), title or None)
    # After a tag that announces no talk ("[Free food] coffee - Title"), a dash leaves
    # the title unknown; after a talk's format ("Keynote: A – B") it is the title's.
    parts = len(_DASH.findall(text)) + (" | " in text)
    if not head or people(text) or parts > (1 if TALK_WORDS.search(head) else 0):
        # The whole SUMMARY, a name the lexicon lacks, or parts not understood
        # ("coffee - Jane Roe - Title"): which part is the title is not known.
        return FromSummary()
    title = _BY_WHOM.sub("", text)
    if quoted := _QUOTED_THEN_NOTE.match(title):
        title = quoted.group("title")  # '"Title" (Jane Doe)'
    return FromSummary(title=title.strip(_QUOTES))


def _name_and_institution(text: str) -> FromSummary | None:
    """Read "Jane Doe (Example University)": a name and an institution, nothing else."""
    entry = person(text)
    if entry and entry.affiliation and is_affiliation(entry.affiliation):
        return FromSummary((entry,))
    return None


def _names(found: list[Person] | tuple[Person, ...]) -> tuple[str, ...]:
    return tuple(entry.name for entry in found)


def _with_affiliation(text: str, known: tuple[str, ...]) -> FromSummary | None:
    """Read "Jane Doe (MIT), Title", "Jane Doe (MIT) - Title", 'Jane Doe (MIT) "Title"'."""
    match = _PERSON_WITH_AFFILIATION.match(text)
    if match is None or not looks_like_name(match.group("name").strip()):
        return None
    # "Name (Place), Title": the three parts together say person, if the place reads
    # as one (capitalised, no digits, not a series or format).
    place = match.group("affiliation").strip()
    place_like = place[:1].isupper() and not re.search(r"\d", place)
    entry = person(
        f"{match.group('name').strip()} ({place})",
        strict=not known and not (place_like and not FORMAT.match(place)),
    )
    if entry is None or (known and (entry.name,) != known):
        return None
    return FromSummary((entry,), match.group("title").strip().strip(_QUOTES))


def _people_around_dash(
    text: str, known: tuple[str, ...], strict: bool, leading_strict: bool
) -> FromSummary | None:
    """Read "Title - Jane Doe, John Roe" (the last part names people) or "Name - Title".

    leading_strict: as strict, for the part before the first dash.
    """
    dashes = list(_DASH.finditer(text))
    if not dashes:
        return None
    first = people(text[: dashes[0].start()], strict=leading_strict)
    last = people(text[dashes[-1].end() :], strict=strict)
    if known:
        first = first if _names(first) == known else []
        last = last if _names(last) == known else []
    if first and last:
        return None  # "Jane Doe - John Roe": which one speaks is not said
    if last:
        title = text[: dashes[-1].start()].strip()
        return FromSummary(tuple(last), None if FORMAT.match(title) else title)
    if first:
        return FromSummary(tuple(first), text[dashes[0].end() :].strip() or None)
    return None


def _people_in_parens(
    text: str, known: tuple[str, ...], strict: bool
) -> FromSummary | None:
    """Read "Title (Jane Doe)", "Title (talk by Jane Doe)", "Title (Jane Doe, MIT)"."""
    match = _TITLE_THEN_PEOPLE_IN_PARENS.match(text)
    if match is None:
        return None
    # "(talk by Jane Doe)", "(with Jane Doe)" introduce people; a bare "(X)" does not.
    introduced = not text[: match.start("people")].endswith("(") or bool(
        _QUOTED_THEN_NOTE.match(text)
    )
    named = people(match.group("people"), strict=strict and not introduced)
    if not named or (known and _names(named) != known):
        return None
    title, stripped = without_format(match.group("title").strip())
    if FORMAT.match(title) or (not stripped and title in ("", text)):
        return FromSummary(tuple(named))
    # "Keynote: Jane Doe All I really want (talk by Jane Doe)": the name leads the title.
    for entry in named:
        title = title.removeprefix(entry.name).strip()
    return FromSummary(tuple(named), title.strip("\"'“”") or None)


def _name_colon_title(
    text: str, known: tuple[str, ...], strict: bool
) -> FromSummary | None:
    """Read "Jane Doe: Title" (a name of two or three words, or names confirmed)."""
    if (colon := _COLON.search(text)) is None:
        return None
    # The SUMMARY's spaces are single and it does not end in one: rest is never empty.
    head, rest = text[: colon.start()], text[colon.end() :]
    # "GOOGLE : Title" (a space before the colon, as French writes it), not "VSET:".
    if (
        re.fullmatch(r"[A-Z][A-Z&.\- ]{1,40}", head.strip())
        and text[colon.start()] == " "
        and not has_not_name_word(head)
    ):
        # "GOOGLE : Title", "ECONOCOM & APPLE : Title": organisations presenting.
        names = [
            Person(part.strip()) for part in re.split(r"\s*&\s*|,\s*", head.strip())
        ]
        return FromSummary(tuple(names), rest.strip())
    named = people(head, strict=strict)
    if not named or (known and _names(named) != known):
        return None
    if not known and any(len(entry.name.split()) > 3 for entry in named):
        return None
    if FORMAT.match(rest.strip()):
        return FromSummary(tuple(named))  # "Jane Doe: Keynote Speech"
    return FromSummary(tuple(named), rest.strip().strip("\"'“”"))


def _people_then_quoted(
    text: str, known: tuple[str, ...], strict: bool
) -> FromSummary | None:
    """Read 'Jane Doe, PhD "Title"' and 'Jane Doe "Title", with John Roe'."""
    match = _PEOPLE_THEN_QUOTED.match(text)
    if match is None:
        return None
    named = people(match.group("people"), strict=strict)
    if not named or (known and _names(named) != known):
        return None
    return FromSummary(tuple(named), match.group("title").strip())


def _series_by_people(text: str, known: tuple[str, ...]) -> FromSummary | None:
    """Read "Research Seminar by Jane Doe (MIT): Title" and "… with Jane Doe"."""
    match = _BY.match(text)
    if match is None:
        return None
    if re.search(r"\b(?:hosted|led) by\s", text):
        return None  # a host is no speaker
    if re.search(r"[,\"”»]$", match.group("series")):
        return None  # '"Title", with Jane Doe': co-authors, not the speaker
    named = people(match.group("people"))
    if not named or (known and _names(named) != known):
        return None
    if (affiliation := match.group("affiliation")) and len(named) == 1:
        named = [Person(named[0].name, affiliation.strip())]
    title = match.group("title")
    if title is None:
        # "Title with Jane Doe": what comes before is the talk, unless a series or format.
        before, _ = without_format(match.group("series").strip())
        if not FORMAT.match(before) and not ORDINAL.match(before):
            title = before
    return FromSummary(tuple(named), title.strip().strip("\"'“”") if title else None)
