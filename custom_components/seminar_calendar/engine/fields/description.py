r"""Read a description: labelled fields, and the layouts that name speakers without labels.

Labels at a line start or inline after a flattened paragraph ("Speaker: Jane Doe (MIT)",
"Speaker:\nJane Doe", "<strong>Title:</strong> …", "…Title: … Abstract: …"); any other
short label ("Host:", "Details:") ends the field before it. Without a speaker label: a
line "Name · Affiliation · Role", panel bullets, "Jane Doe presents “Title”", "a talk
by Jane Doe (MIT)", or a first line that lists names.
"""

from collections.abc import Iterator
import re
from typing import Final

from .labels import LABELS
from .people import Person, is_placeholder, people, person

# Any short label at a line start ends the field before it.
# Matched at each line's start (a loop over lines is much faster than "^" in MULTILINE).
LINE_LABEL: Final = re.compile(
    r"[ \t>*•\-]*(?P<label>[^\W\d_][\w()'’/.&·-]*(?:[ \t][\w()'’/.&·-]+){0,2})[ \t]*[:：][ \t]*"
)
# A label glued to the text before it by flattened HTML: "…graph theoryAbstract: …",
# "TBDAbstract: TBD" (a capital right after a letter).
# CJK prose runs labels on after a full stop or a bracket: "…セミナー。講演者：Jane Doe".
_KNOWN_INLINE: Final = re.compile(
    r"(?:(?<=\s)|(?<=[a-z.)])|(?<=[A-Za-z])(?=[A-Z]))(?P<label>speakers?|title|abstract)"
    r"\s*:\s*|(?<=[。、（(])(?P<cjk>講演者|講者|主讲人|主講人|报告人)\s*[:：]\s*",
    re.IGNORECASE,
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
    r"(?:^|[.!?]\s+)(?P<who>[^.!?\n]{3,200}?),?\s+(?:presents?|will present|"
    r"will (?:speak|talk|lecture) (?:on|about)|(?:speaks|talks) (?:on|about))\s+"
    r"[“\"«](?P<title>[^\"”»]{3,200})[\"”»]"
)
_WELCOMES: Final = re.compile(
    r"\b(?i:welcomes?)\s+(?P<who>[A-Z][^,.;:()\n]{3,60}?)(?=\s*[,(]|\s+(?:to|for)\b)"
)
# "Join us for a talk by Jane Doe (MIT) on “Urban Heat”": the words introduce her.
_TALK_BY: Final = re.compile(
    r"\b(?:talk|lecture|seminar|presentation|colloquium|keynote|webinar)\s+(?:given\s+)?"
    r"by\s+(?P<who>[^,.;:()\n]{3,60}?)(?:\s*\((?P<place>[^()\n]{2,80})\))?"
    r"(?:\s+(?:on|about|entitled|titled)\s+[“\"«](?P<title>[^\"”»]{3,200})[\"”»]|"
    r"(?=\s+(?:on|about)\b|[,.;:]|$))"
)


def plain_text(text: str) -> str:
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
    fields = [LABELS.get(match.group("label").lower()) for match in matches]
    known = [field for field in fields if field]
    if len(known) <= 1:
        inline = list(_KNOWN_INLINE.finditer(text))
        order = [_INLINE_ORDER[LABELS[_label(m).lower()]] for m in inline]
        if len(inline) > len(known) and order == sorted(set(order)):
            matches = sorted(
                [*(m for m in matches if m.start() < inline[0].start()), *inline],
                key=lambda match: match.start(),
            )
            fields = [LABELS.get(_label(match).lower()) for match in matches]
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


def _label(match: re.Match[str]) -> str:
    return match.group("label") or match.group("cjk")


def _line_labels(text: str) -> Iterator[re.Match[str]]:
    """Return the labels that start lines, in order."""
    position = 0
    while True:
        if match := LINE_LABEL.match(text, position):
            yield match
        newline = text.find("\n", position)
        if newline < 0:
            return
        position = newline + 1


def first_paragraph(value: str) -> str:
    """Return the first paragraph of a value, on one line."""
    return " ".join(re.split(r"\n\s*\n", value, maxsplit=1)[0].split())


def first_line(value: str) -> str:
    """Return the first line of a value that is not blank."""
    return next((line.strip() for line in value.splitlines() if line.strip()), "")


def _speakers_in(value: str) -> list[Person]:
    """Return the people a labelled speaker value names (its first line)."""
    text = first_line(value)
    if "。" in text:  # a CJK full stop ends the names, and a bracket left open
        text = text.split("。", 1)[0]
        if "（" in text:
            text = text.replace("（", " (").replace("）", ")")
        else:
            text = text.split("）", 1)[0]
    if ":" in text:  # an inline label after the names ("Jane Doe Host: …") ends them
        text = _INLINE_LABEL_AFTER.split(text, maxsplit=1)[0]
    return people(text)


def read_description(text: str) -> tuple[list[Person] | None, dict[str, str]]:
    """Return the people the description names (None: it says nobody), and its labels."""
    values = _labelled(text)
    if "speaker" in values and is_placeholder(first_line(values["speaker"])):
        return None, values
    if "speaker" in values:
        return _speakers_in(values["speaker"]), values
    if match := _DOT_LINE.match(text):
        entry = person(f"{match.group('name')} · {match.group('aff')}")
        return ([entry] if entry else []), values
    if found := _bulleted(text):
        return found, values
    if match := _PRESENTS.search(text):
        # "Jane Doe, PhD student at Example University, presents …": her place too;
        # else who is named after the sentence's last comma ("In May, Jane Doe …").
        who = match.group("who")
        entry = person(who) if ", " in who else None
        found = [entry] if entry else people(who.rsplit(", ", 1)[-1])
        if len(found) == 1:
            values.setdefault("title", match.group("title").strip())
        return found, values
    if (match := _TALK_BY.search(text)) and (found := people(match.group("who"))):
        if len(found) == 1 and match.group("place"):
            found = [Person(found[0].name, match.group("place").strip())]
        if match.group("title"):
            values.setdefault("title", match.group("title").strip())
        return found, values
    first = first_line(text)
    # A first line that is a list of names, not a sentence: the authors of a talk.
    if not re.search(r"(?<![A-Z])[.!?](?:\s|$)", first) and (found := people(first)):
        return found, values
    # "The Media Lab welcomes Jane Doe, …": a guest welcomed, if a known given name.
    if "elcome" in text and (match := _WELCOMES.search(text)):
        return people(match.group("who"), strict=True), values
    return [], values


def _bulleted(text: str) -> list[Person]:
    """Return the people a panel's bullets name: "* Jane Doe (MIT): “Title”"."""
    found: list[Person] = []
    for bullet in _BULLET.finditer(text):
        who, *talk = _WHO_ENDS.split(bullet.group("who"), maxsplit=1)
        # Only a bullet that names a talk after the people lists speakers.
        if talk and re.search(r"[“\"«]", talk[0][:3] + bullet.group("who")[-200:]):
            found += people(who)
    return found
