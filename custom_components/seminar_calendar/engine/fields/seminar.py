r"""Find who speaks, from where, on what: in the description, the attendees and the SUMMARY.

Right first, complete second: a field stays empty unless the text says it plainly.

- Labelled descriptions, a label at a line start or inline after a flattened paragraph:
  "Speaker: Jane Doe (MIT)", "Speaker:\nJane Doe", "<strong>Title:</strong> …",
  "…Title: … Abstract: …". Labels for people: Speaker(s), Presenter(s), Presented by,
  Lecturer, Instructor(s), Featuring, Guest speaker, von, 主讲人, 报告人, 講者, 講演者, 강연자; for
  the title: Title, Talk title, Talk, Lecture title; Abstract or Summary; Affiliation or
  Institution. Any other short label ("Host:", "Details:") ends the field before it.
- Speakers as ATTENDEE;CN=… (Pentabarf, frab and other conference schedules).
- A description that opens with "Name · Affiliation · Role"; one whose first paragraph
  is a heading alone, the title once the SUMMARY named the speaker.
- The SUMMARY's layouts (see summary.py), confirmed by a speaker found elsewhere.
Placeholders (TBA, TBD, to be announced) are no value; honorifics and degrees are dropped.
"""

from collections import Counter
from collections.abc import Iterable
import re
from typing import Final, NamedTuple

from ..folding import fold
from .context import NO_CONTEXT, FeedContext
from .description import (
    LINE_LABEL,
    first_line,
    first_paragraph,
    plain_text,
    read_description,
)
from .formats import FORMAT, TALK_WORDS, summary_head_at, without_format
from .people import (
    ROLES,
    Person,
    clean_name,
    is_placeholder,
    people,
    without_job_title,
)
from .summary import FromSummary, read_summary

# A note on co-authors is no part of the title: "(joint with …)", "(with …", ", with …".
_COAUTHORS: Final = re.compile(
    r"\s*(?:\((?:joint (?:work )?)?with\b[^)]*\)?|,\s+(?:joint )?with\s+[A-Z].*)$",
    re.IGNORECASE,
)
# An event that is no talk: its SUMMARY names a kind of gathering, and nobody speaks.
_NOT_A_TALK: Final = re.compile(
    r"\b(?:reception|banquet|buffet|breakfast|brunch|coffee break|break|pause|"
    r"networking|registration|town hall|hackathon|social night|party|picnic|"
    r"commencement|graduation|ceremony|holidays?|vacation|"
    r"no (?:[\w+#-]+ ){0,3}(?:seminar|session|class|meeting|talk|lecture)|conference|symposium|congress|summit|open day|open house|"
    r"tag der offenen|öffnet seine|annual event|meet (?:and|&) greet|"
    r"organi[sz]ational meeting|poster session|(?:morning|afternoon) tea|changeover|"
    r"presentations$|posters$)\b",
    re.IGNORECASE,
)
# A SUMMARY that books a room or names a gathering gives nobody who speaks.
_NOBODY_SPEAKS: Final = re.compile(
    r"\b(?:room booking|booking|reservation|reserved|reception|holidays?|vacation|"
    r"break|town hall|picnic|banquet|buffet|ceremony|hackathon|registration|"
    r"no seminar|no class|closed)\b",
    re.IGNORECASE,
)
# A contact note after a title: "Title / Any questions … by email to events (at) …".
_CONTACT_NOTE: Final = re.compile(
    r"\s+/\s+[^/]*?(?:@|\(at\)|\be-?mail\b)[^/]*$", re.IGNORECASE
)
# A link in a description, with its text ("Register", "Zoom"): no part of a title.
_LINK: Final = re.compile(r"<a\b[^>]*>.*?</a\s*>", re.IGNORECASE | re.DOTALL)
# A sentence's end, or a line that ends as one: prose, not a title.
_SENTENCE: Final = re.compile(r"(?<![A-Z])[.!?]\s+[A-Z]|(?<![A-Z])\.$")
_HEADING_WORDS: Final = 25
# When and where, and what to click: a line of practicalities, not a title.
_NOT_A_HEADING: Final = re.compile(
    r"\d{1,2}[:.]\d{2}|\d\s?[ap]\.?m\b|\b(?:19|20)\d{2}\b|\b[A-Z]{1,4}-?\d{2,}|"
    r"\b(?:room|here|below|details|register|registration|zoom|link)\b",
    re.IGNORECASE,
)
# A place's words in prose: "University of Stirling", "Harvey Milk Association".
_CAPITALISED: Final = r"[A-Z][\w&'-]*"
_PLACE: Final = rf"{_CAPITALISED}(?: (?:of|for|and|de|{_CAPITALISED}))*"
_ROLE_WORDS: Final = "|".join(map(re.escape, ROLES))
# A head shared by this many of a feed's events is a series' name.
MIN_SHARED: Final = 3
_TEC_UID: Final = re.compile(r"^(?P<post>\d+)-\d+-\d+@(?P<host>.+)$")


class SeminarFields(NamedTuple):
    """What a person wants to know about a talk, when the event says it."""

    speaker: str | None = None
    affiliation: str | None = None
    title: str | None = None
    abstract: str | None = None
    speakers: tuple[str, ...] = ()


def seminar_fields(
    description: str | None,
    summary: str = "",
    attendees: tuple[str, ...] = (),
    context: FeedContext = NO_CONTEXT,
) -> SeminarFields:
    """Return the seminar fields an event's description, attendees and SUMMARY give.

    context: what the whole feed shows (see feed_context).
    """
    text = plain_text(description or "")
    described, values = read_description(text)
    if described is None:  # "Speaker: TBA"
        return SeminarFields(abstract=values.get("abstract") or None)
    found = described or [
        Person(name) for name in attendees if not is_placeholder(name)
    ]
    # The SUMMARY is read unless the description said everything it could add.
    said_all = bool(found) and "title" in values and all(e.affiliation for e in found)
    from_summary = (
        FromSummary()
        if said_all or (not found and _NOBODY_SPEAKS.search(summary))
        else read_summary(summary, tuple(entry.name for entry in found), context)
    )
    if not found:
        found = list(from_summary.people)
    elif from_summary.people:
        # The SUMMARY may say where the speakers the description names come from.
        found = [
            entry if entry.affiliation else mentioned
            for entry, mentioned in zip(found, from_summary.people, strict=False)
        ] + found[len(from_summary.people) :]
    if (
        found
        and "title" not in values
        and not from_summary.title
        and (heading := _heading(description or "", text, found))
    ):
        values["title"] = heading
    if not found and _topic_tag_only(summary, values, text):
        from_summary = from_summary._replace(title=None)
    title = _title(values, from_summary, bool(found))
    if len(found) == 1 and not found[0].affiliation:
        found = [Person(found[0].name, _affiliation_in_bio(text, found[0].name))]
    found, affiliation = _places(found, values)
    names = tuple(entry.name for entry in found)
    return SeminarFields(
        speaker=names[0] if names else None,
        affiliation=affiliation or None,
        title=title,
        abstract=values.get("abstract") or None,
        speakers=names if len(names) > 1 else (),
    )


def feed_context(heads: Iterable[str | None]) -> FeedContext:
    """Return what the heads of a feed's SUMMARYs (formats.summary_head) show together.

    "Colloquium: …", "VATT: …", "[GMB Seminar] …" shared by many events name a series,
    not a speaker nor a talk; a head that reads as a person's name stays one (a
    speaker with several talks).
    """
    counts = Counter(fold(head) for head in heads if head)
    named = {head for head in counts if people(head.title(), strict=True)}
    series = {
        head
        for head, count in counts.items()
        if count >= MIN_SHARED and head not in named
    }
    return FeedContext(
        series_heads=frozenset(series),
        people_lead=len(named) >= MIN_SHARED and 2 * len(named) >= len(counts),
    )


def _title(
    values: dict[str, str], from_summary: FromSummary, has_speaker: bool
) -> str | None:
    """Return the talk title: the labelled one, else the SUMMARY's, if it is one."""
    title = first_line(values.get("title", "")) or from_summary.title
    if not title:
        return None
    if "with" in title.casefold():
        title = _COAUTHORS.sub("", title)
    if " / " in title:
        title = _CONTACT_NOTE.sub("", title)
    title = title.strip().strip('"“”«»')
    if is_placeholder(title.strip("\"'“”«» .")):
        return None
    if (
        not has_speaker
        and "title" not in values
        and (_NOT_A_TALK.search(title) or FORMAT.fullmatch(title))
    ):
        return None  # "Winship Town Hall", "Opening Remarks": a gathering, not a talk
    return title or None


def _topic_tag_only(summary: str, values: dict[str, str], text: str) -> bool:
    """Return True when only a topic tag leads a SUMMARY and nothing says it is a talk.

    An aggregator's "[AI] Confronting Our AI Future" may be a conference, a day of
    talks or news: a tag in brackets that names no talk's format, and no format after
    it, says what a listing is about, not that it is one. An abstract says talk.
    """
    if summary.lstrip()[:1] not in "[【":
        return False
    head, rest_at = summary_head_at(summary)
    return (
        head is not None
        and not TALK_WORDS.search(head)
        and not without_format(summary[rest_at:].strip())[1]  # "[EPI] WYKŁAD – …"
        and "abstract" not in values
        and "abstract" not in text.casefold()
    )


def _heading(description: str, text: str, found: list[Person]) -> str | None:
    """Return a title that stands alone atop a description, as announcements set it.

    "<b>Title</b><br><br>Jane Doe is …", "Title <a …>Register</a>": once the SUMMARY
    named the speaker, a first paragraph of one short line that is no sentence, no
    label and no mention of the speaker heads the talk. A link's text is no part of it.
    """
    if "<a" in description:  # text: the description as plain text
        text = plain_text(_LINK.sub("", description))
    line, _, rest = text.lstrip().partition("\n")
    line = line.strip()
    if rest.strip() and not rest.startswith("\n") and not re.match(r"[ \t]*\n", rest):
        return None  # the first paragraph goes on: prose, not a heading
    line = line.replace("()", "").strip()  # a link's text gone from its brackets
    words = line.split()
    if (
        not 3 <= len(words) <= _HEADING_WORDS
        or line.endswith(":")  # "More details can be found here:"
        or _SENTENCE.search(line)
        or _NOT_A_HEADING.search(line)
        or FORMAT.match(line)  # the series' name: "Virtual Marketing Seminar"
        or _is_label_line(line)
        or "://" in line
        or any(entry.name.split()[-1] in line for entry in found)
    ):
        return None
    return line


def _is_label_line(line: str) -> bool:
    """Return True for "Location: Room 2", "Zoom link: …", not "Deep Nets: A Survey"."""
    if (label := LINE_LABEL.match(line)) is None:
        return False
    words = label.group("label").split()
    return len(words) == 1 or not all(word[:1].isupper() for word in words)


def _places(found: list[Person], values: dict[str, str]) -> tuple[list[Person], str]:
    """Return the speakers and where they come from ("; " between speakers)."""
    labelled = without_job_title(first_paragraph(values.get("affiliation", "")))
    if LINE_LABEL.match(labelled):
        labelled = ""  # "Affiliation: Advisor: Jane Doe" names no place
    if labelled and len(found) == 1 and _is_acronym(found[0].affiliation):
        # With a labelled place, a capitalised word after the name is part of it:
        # "Yao Thibaut KPEGLI" is no one from "KPEGLI".
        found = [Person(f"{found[0].name} {found[0].affiliation}")]
    # A place belongs to a person: without a speaker it says nothing about the talk.
    if not found:
        return found, ""
    return found, labelled or "; ".join(
        entry.affiliation or "" for entry in found
    ).strip("; ")


def _is_acronym(text: str | None) -> bool:
    return text is not None and text.isupper() and " " not in text


def _affiliation_in_bio(text: str, name: str) -> str | None:
    """Return where the speaker works, when a bio says "Jane Doe is a professor at MIT"."""
    last = name.split()[-1]
    surname = re.escape(last)
    text = _plain_tags(text)
    # "… is a Fellow in English Studies at the University of California, San Diego.":
    # the unit before the place, and a city after it that ends the sentence, are hers.
    bio = re.search(
        rf"\b{surname}\b[^.]{{0,40}}?\bis (?:a|an|the)\b[^.]{{0,120}}?\b"
        rf"(?:in (?:the )?(?P<unit>{_PLACE}) )?at (?:the )?(?P<place>{_PLACE})"
        rf"(?:, (?P<city>{_CAPITALISED}(?: {_CAPITALISED})*)(?=[.;]))?",
        text,
    )
    # "Jane Doe, president of the Example Association, opens …": a role in apposition.
    if bio is None and (f"{last}," in text or f"{last}}}," in text):
        bio = re.search(
            rf"\b{surname}\b\}}?, (?:(?:a|an|the) )?(?:[\w-]+ ){{0,3}}?(?:{_ROLE_WORDS}) "
            rf"(?:of|at) the (?P<place>{_PLACE})",
            text,
        )
    if bio is None:
        return None
    parts = bio.groupdict()
    place = parts["place"].removesuffix(" and")
    return ", ".join(
        part for part in (parts.get("unit"), place, parts.get("city")) if part
    )


def _plain_tags(text: str) -> str:
    return re.sub(r"<[^>]*>", "", text)


def attendee_name(common_name: str | None) -> str | None:
    """Return an ATTENDEE's name when its CN is a person's name, not an address."""
    if not common_name or "@" in common_name:
        return None
    return clean_name(common_name) or None


def stable_key(uid: str | None, url: str | None) -> str | None:
    """Return a key that survives rescheduling.

    The Events Calendar writes UIDs as "<post id>-<start>-<end>@host", so a moved
    seminar gets a new UID; its post id (or URL) stays.
    """
    if uid and (match := _TEC_UID.match(uid)):
        return f"{match.group('post')}@{match.group('host')}"
    return uid or url
