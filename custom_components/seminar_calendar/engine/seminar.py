r"""Read the seminar fields (speaker, affiliation, talk title, abstract) from a description.

Recognised layouts (see tests/fixtures/descriptions/):
- labels at line starts, value on the same line: "Speaker: Jane Doe, MIT" (The Events
  Calendar sites such as Harvard CMSA, often after a first line naming the series);
- labels on a line of their own, value on the following lines: "Speaker:\nJane Doe";
- labels inside one long line, in the order speaker, title, abstract, as left when an
  exporter drops line breaks: "Speaker: Jane Doe (MIT) Title: … Abstract: …";
- HTML descriptions: "<p><strong>Speaker:</strong> Jane Doe</p>".
Label variants, in any case: Speaker, Speakers, Presenter, Lecturer; Title, Talk title,
Talk, Lecture title; Abstract, Summary; Affiliation, Institution. Without a speaker or title
label the fields stay empty.
"""

import re
from typing import Final, NamedTuple

_LABELS: Final = {
    "speaker": "speaker",
    "speakers": "speaker",
    "presenter": "speaker",
    "lecturer": "speaker",
    "title": "title",
    "talk title": "title",
    "talk": "title",
    "lecture title": "title",
    "abstract": "abstract",
    "summary": "abstract",
    "affiliation": "affiliation",
    "institution": "affiliation",
}
_LABEL_WORDS: Final = "|".join(
    sorted((re.escape(label) for label in _LABELS), key=len, reverse=True)
)
_LINE_LABEL: Final = re.compile(
    rf"^[ \t]*(?P<label>{_LABEL_WORDS})[ \t]*:[ \t]*", re.IGNORECASE | re.MULTILINE
)
_INLINE_LABEL: Final = re.compile(
    r"(?:^|(?<=\s))(?P<label>speakers?|title|abstract)\s*:\s*", re.IGNORECASE
)
_INLINE_ORDER: Final = {"speaker": 0, "title": 1, "abstract": 2}
_TAG: Final = re.compile(r"<\s*(?P<close>/?)\s*(?P<name>[a-zA-Z0-9]+)[^>]*>")
_BLOCK_TAGS: Final = frozenset(
    {"p", "br", "div", "li", "ul", "ol", "h1", "h2", "h3", "h4", "tr"}
)
_AFFILIATION_IN_PARENS: Final = re.compile(
    r"^(?P<name>[^()]+?)\s*\((?P<aff>[^()]+)\)\s*$"
)
_AFFILIATION_AFTER_COMMA: Final = re.compile(
    r"^(?P<name>[^,]+?)\s*[,\u2013\u2014]\s*(?P<aff>.+)$"
)
_TEC_UID: Final = re.compile(r"^(?P<post>\d+)-\d+-\d+@(?P<host>.+)$")


class SeminarFields(NamedTuple):
    """What a person wants to know about a talk, when the description says it."""

    speaker: str | None = None
    affiliation: str | None = None
    title: str | None = None
    abstract: str | None = None


def _plain(text: str) -> str:
    """Return text with HTML tags removed; block tags become line breaks."""
    if "<" not in text:
        return text

    def replace(match: re.Match[str]) -> str:
        return "\n" if match.group("name").lower() in _BLOCK_TAGS else ""

    return _TAG.sub(replace, text)


def _inline_labels_apply(text: str, inline: list[re.Match[str]]) -> bool:
    """Return True when labels run inside lines: leading, once each, in order."""
    line_start = text.rfind("\n", 0, inline[0].start()) + 1
    if text[line_start : inline[0].start()].strip():
        return False
    order = [_INLINE_ORDER[_LABELS[match.group("label").lower()]] for match in inline]
    return order == sorted(set(order))


def _labelled(text: str) -> dict[str, tuple[str, str]]:
    """Return, per field, the label word used and the text after it."""
    matches = list(_LINE_LABEL.finditer(text))
    # Labels inside lines: only when at most one label starts a line.
    if len(matches) <= 1:
        inline = list(_INLINE_LABEL.finditer(text))
        if len(inline) > len(matches) and _inline_labels_apply(text, inline):
            matches = inline
    values: dict[str, tuple[str, str]] = {}
    if not matches:
        return values
    for match, following in zip(matches, [*matches[1:], None], strict=True):
        end = following.start() if following else len(text)
        label = match.group("label").lower()
        value = text[match.end() : end].strip()
        if value and _LABELS[label] not in values:
            values[_LABELS[label]] = (label, value)
    return values


def seminar_fields(description: str | None) -> SeminarFields:
    """Return the seminar fields found in a description."""
    if not description:
        return SeminarFields()
    values = _labelled(_plain(description))
    if "speaker" not in values and "title" not in values:
        return SeminarFields()
    speaker_label, speaker = values.get("speaker", ("", ""))
    speaker = _one_line(speaker)
    affiliation = _one_line(values.get("affiliation", ("", ""))[1])
    if speaker and not affiliation:
        # "Speakers: Jane Doe, John Roe" lists people: only one speaker has an affiliation.
        patterns = [_AFFILIATION_IN_PARENS]
        if not speaker_label.endswith("s"):
            patterns.append(_AFFILIATION_AFTER_COMMA)
        for pattern in patterns:
            if match := pattern.match(speaker):
                speaker, affiliation = match.group("name"), match.group("aff")
                break
    return SeminarFields(
        speaker=speaker or None,
        affiliation=affiliation or None,
        title=_one_line(values.get("title", ("", ""))[1]) or None,
        abstract=values.get("abstract", ("", ""))[1] or None,
    )


def _one_line(value: str) -> str:
    return " ".join(value.split())


def stable_key(uid: str | None, url: str | None) -> str | None:
    """Return a key that survives rescheduling.

    The Events Calendar writes UIDs as "<post id>-<start>-<end>@host", so a moved
    seminar gets a new UID; its post id (or URL) stays.
    """
    if uid and (match := _TEC_UID.match(uid)):
        return f"{match.group('post')}@{match.group('host')}"
    return uid or url
