r"""Find who speaks, from where, on what: in the description, the attendees and the SUMMARY.

Right first, complete second: a field stays empty unless the text says it plainly.

- Labelled descriptions, a label at a line start or inline after a flattened paragraph:
  "Speaker: Jane Doe (MIT)", "Speaker:\nJane Doe", "<strong>Title:</strong> …",
  "…Title: … Abstract: …". Labels for people: Speaker(s), Presenter(s), Presented by,
  Lecturer, Instructor(s), Featuring, Guest speaker, von, 主讲人, 报告人, 講者, 강연자; for
  the title: Title, Talk title, Talk, Lecture title; Abstract or Summary; Affiliation or
  Institution. Any other short label ("Host:", "Details:") ends the field before it.
- Speakers as ATTENDEE;CN=… (Pentabarf, frab and other conference schedules).
- A description that opens with "Name · Affiliation · Role".
- The SUMMARY's layouts (see summary.py), confirmed by a speaker found elsewhere.
Placeholders (TBA, TBD, to be announced) are no value; honorifics and degrees are dropped.
"""

from collections.abc import Iterator
import re
from typing import Final, NamedTuple

from .people import Person, clean_name, is_placeholder, people, person
from .summary import FromSummary, read_summary

_LABELS: Final = {
    **dict.fromkeys(
        [
            "speaker",
            "speakers",
            "speaker(s)",
            "presenter",
            "presenters",
            "presenter(s)",
            "lecturer",
            "lecturers",
            "instructor",
            "instructors",
            "instructor(s)",
            "von",
            "主讲人",
            "主講人",
            "报告人",
            "講者",
            "강연자",
            "연사",
        ],
        "speaker",
    ),
    **dict.fromkeys(
        ["presented by", "featuring", "guest speaker", "guest speakers"], "speaker"
    ),
    **dict.fromkeys(["title", "talk title", "talk", "lecture title"], "title"),
    **dict.fromkeys(["abstract", "summary"], "abstract"),
    **dict.fromkeys(["affiliation", "institution"], "affiliation"),
}
# Any short label at a line start ends the field before it.
# Matched at each line's start (a loop over lines is much faster than "^" in MULTILINE).
_LINE_LABEL: Final = re.compile(
    r"[ \t>*•\-]*(?P<label>[^\W\d_][\w()'’/.&-]*(?:[ \t][\w()'’/.&-]+){0,2})[ \t]*[:：][ \t]*"
)
_KNOWN_INLINE: Final = re.compile(
    r"(?:(?<=\s)|(?<=[a-z.)]))(?P<label>speakers?|title|abstract)\s*:\s*", re.IGNORECASE
)
_INLINE_ORDER: Final = {"speaker": 0, "title": 1, "abstract": 2}
_TAG: Final = re.compile(r"<\s*(?P<close>/?)\s*(?P<name>[a-zA-Z0-9]+)[^>]*>")
_BLOCK_TAGS: Final = frozenset(
    {"p", "br", "div", "li", "ul", "ol", "h1", "h2", "h3", "h4", "tr", "table"}
)
_DOT_LINE: Final = re.compile(
    r"^\s*(?P<name>[^·\n]{3,60}?)\s+·\s+(?P<aff>[^·\n]{2,80}?)(?:\s+·|$)"
)
_INLINE_LABEL_AFTER: Final = re.compile(r"\s[A-Z][a-z]+(?: [a-z]+)?:\s")
_BULLET: Final = re.compile(r"^[ \t]*[*•\-–][ \t]+(?P<who>.+)$", re.MULTILINE)
_WHO_ENDS: Final = re.compile(r":|(?<![A-Z])\.\s|\s[“\"]")
_PRESENTS: Final = re.compile(
    r"(?:^|[.!?]\s+)(?P<who>[^.!?\n]{3,90}?)\s+(?:presents?|will present|"
    r"will (?:speak|talk) (?:on|about)|(?:speaks|talks) (?:on|about))\s+"
    r"[“\"](?P<title>[^\"”]{3,200})[\"”]"
)
_TEC_UID: Final = re.compile(r"^(?P<post>\d+)-\d+-\d+@(?P<host>.+)$")


class SeminarFields(NamedTuple):
    """What a person wants to know about a talk, when the event says it."""

    speaker: str | None = None
    affiliation: str | None = None
    title: str | None = None
    abstract: str | None = None
    speakers: tuple[str, ...] = ()


def _plain(text: str) -> str:
    """Return text with HTML tags removed; block tags become line breaks."""
    if "<" not in text:
        return text

    def replace(match: re.Match[str]) -> str:
        return "\n" if match.group("name").lower() in _BLOCK_TAGS else ""

    return _TAG.sub(replace, text)


def _labelled(text: str) -> dict[str, str]:
    """Return, per field, the text after its first label (up to the next label)."""
    matches = [
        match
        for match in _line_labels(text)
        if text[match.end() : match.end() + 2] != "//"  # "https://…" is no label
    ]
    fields = [_LABELS.get(match.group("label").lower()) for match in matches]
    known = [field for field in fields if field]
    if len(known) <= 1:
        inline = list(_KNOWN_INLINE.finditer(text))
        order = [_INLINE_ORDER[_LABELS[m.group("label").lower()]] for m in inline]
        if len(inline) > len(known) and order == sorted(set(order)):
            matches = sorted(
                [*(m for m in matches if m.start() < inline[0].start()), *inline],
                key=lambda match: match.start(),
            )
            fields = [_LABELS.get(match.group("label").lower()) for match in matches]
    values: dict[str, str] = {}
    if not matches:
        return values
    for field, match, following in zip(
        fields, matches, [*matches[1:], None], strict=True
    ):
        end = following.start() if following else len(text)
        value = text[match.end() : end].strip()
        if field and value and field not in values:
            values[field] = value
    return values


def _line_labels(text: str) -> Iterator[re.Match[str]]:
    """Return the labels that start lines, in order."""
    position = 0
    while True:
        if match := _LINE_LABEL.match(text, position):
            yield match
        newline = text.find("\n", position)
        if newline < 0:
            return
        position = newline + 1


def _first_paragraph(value: str) -> str:
    return " ".join(re.split(r"\n\s*\n", value, maxsplit=1)[0].split())


def _first_line(value: str) -> str:
    return next((line.strip() for line in value.splitlines() if line.strip()), "")


def _speakers_in(value: str) -> list[Person]:
    """Return the people a labelled speaker value names (its first line)."""
    text = _first_line(value)
    if ":" in text:  # an inline label after the names ("Jane Doe Host: …") ends them
        text = _INLINE_LABEL_AFTER.split(text, maxsplit=1)[0]
    return people(text)


def _from_description(text: str) -> tuple[list[Person] | None, dict[str, str]]:
    """Return the people the description names (None: it says nobody), and its labels."""
    values = _labelled(text)
    if "speaker" in values and is_placeholder(_first_line(values["speaker"])):
        return None, values
    if "speaker" in values:
        return _speakers_in(values["speaker"]), values
    if match := _DOT_LINE.match(text):
        entry = person(f"{match.group('name')} · {match.group('aff')}")
        return ([entry] if entry else []), values
    if found := _bulleted(text):
        return found, values
    if match := _PRESENTS.search(text):
        found = people(match.group("who"))
        if len(found) == 1:
            values.setdefault("title", match.group("title").strip())
        return found, values
    first = _first_line(text)
    # A first line that is a list of names, not a sentence: the authors of a talk.
    if re.search(r"(?<![A-Z])[.!?](?:\s|$)", first):
        return [], values
    return people(first), values


def _bulleted(text: str) -> list[Person]:
    """Return the people a panel's bullets name: "* Jane Doe (MIT): “Title”"."""
    found: list[Person] = []
    for bullet in _BULLET.finditer(text):
        who, *talk = _WHO_ENDS.split(bullet.group("who"), maxsplit=1)
        # Only a bullet that names a talk after the people lists speakers.
        if talk and re.search(r"[“\"«]", talk[0][:3] + bullet.group("who")[-200:]):
            found += people(who)
    return found


def seminar_fields(
    description: str | None, summary: str = "", attendees: tuple[str, ...] = ()
) -> SeminarFields:
    """Return the seminar fields an event's description, attendees and SUMMARY give."""
    text = _plain(description or "")
    described, values = _from_description(text)
    if described is None:  # "Speaker: TBA"
        return SeminarFields(abstract=values.get("abstract") or None)
    found = described or [
        Person(name) for name in attendees if not is_placeholder(name)
    ]
    # The SUMMARY is read unless the description said everything it could add.
    said_all = bool(found) and "title" in values and all(e.affiliation for e in found)
    from_summary = (
        FromSummary()
        if said_all
        else read_summary(summary, tuple(entry.name for entry in found))
    )
    if not found:
        found = list(from_summary.people)
    elif from_summary.people:
        # The SUMMARY may say where the speakers the description names come from.
        found = [
            entry if entry.affiliation else mentioned
            for entry, mentioned in zip(found, from_summary.people, strict=False)
        ] + found[len(from_summary.people) :]
    title = _first_line(values.get("title", "")) or from_summary.title
    if title and is_placeholder(title):
        title = None
    if len(found) == 1 and not found[0].affiliation:
        found = [Person(found[0].name, _affiliation_in_bio(text, found[0].name))]
    affiliations = [entry.affiliation or "" for entry in found]
    affiliation = _first_paragraph(values.get("affiliation", "")) or "; ".join(
        affiliations
    ).strip("; ")
    names = tuple(entry.name for entry in found)
    return SeminarFields(
        speaker=names[0] if names else None,
        affiliation=affiliation or None,
        title=title or None,
        abstract=values.get("abstract") or None,
        speakers=names if len(names) > 1 else (),
    )


def _affiliation_in_bio(text: str, name: str) -> str | None:
    """Return where the speaker works, when a bio says "Jane Doe is a professor at MIT"."""
    surname = re.escape(name.split()[-1])
    bio = re.search(
        rf"\b{surname}\b[^.]{{0,40}}?\bis (?:a|an|the)\b[^.]{{0,120}}?\bat (?:the )?"
        r"(?P<place>[A-Z][\w&'-]*(?: (?:of|for|and|de|[A-Z][\w&'-]*))*)",
        _plain_tags(text),
    )
    return bio.group("place").removesuffix(" and") if bio else None


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
