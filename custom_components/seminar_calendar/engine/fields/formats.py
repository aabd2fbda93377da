"""What leads a SUMMARY before the talk: a series, a format, a number, a kind of event.

"Series: Title", "[Series] Title", "182 - Title", "Keynote, Jane Doe", "AfNLP - Invited
Talk, Jade Abbott", "LECTURE – Title": the talk is what is left once they are taken off.
"""

import re
from typing import Final

from ..folding import fold

# Formats and series words that lead a SUMMARY before the talk itself.
EXACTFORMAT: Final = re.compile(
    r"^(?:keynote|lunch talk|panel|demo|discussion|live q&a|q&a|invited talk|"
    r"invited speaker|contributed talk|opening remarks|closing remarks|book signing)$",
    re.IGNORECASE,
)
FORMAT: Final = re.compile(
    r"^(?:keynote|opening keynote|closing keynote|lunch talk|talk|panel|demo|discussion|"
    r"live q&a|q&a|invited talk|invited speaker|contributed talk|lecture|plenary|"
    r"opening remarks|closing remarks|book signing|author event|"
    r"tutorial|workshop|seminar|colloquium|webinar|masterclass|fireside chat|"
    r"roundtable|round table|reading session|reading group|journal club|mini-seminar|"
    r"s[ée]minaire|seminario|kolloquium|vortrag|conf[ée]rence|charla|"
    r"[\w &.'–—-]{2,40}\b(?:seminars?|colloquium|lectures?|series|talks?|forum|symposium|"
    r"speaker|speech|panel|keynote|workshop|session|chat|ama|q&a|roundtable|rounds|"
    r"club|group|"
    r"reading group|journal club|webinar|masterclass|presentation|s[ée]minaire|"
    r"seminario|kolloquium|vortrag))$",
    re.IGNORECASE,
)
_BRACKETED: Final = re.compile(r"^\s*[\[【(]([^\])】]{2,40})[\])】]\s*(.+)$")
_NUMBERED: Final = re.compile(r"^\s*\d{1,4}\s+[-–—]\s+(.+)$")
# Six capitals or more: a word ("WYKŁAD", "LECTURE"), not an acronym ("IDOD", "CERN").
_KIND_IN_CAPITALS: Final = re.compile(r"[^\W\d_a-z]{6,}")
# Words of talks: a head holding one announces a talk, whatever its other words.
TALK_WORDS: Final = re.compile(
    r"\b(?:talks?|seminars?|colloqui|lectures?|keynote|webinar|discussion|panel|session|"
    r"workshop|symposium|presentation|speaker|tutorial|forum|reading|rounds|club|group|"
    r"masterclass|q&a|chat|s[ée]minaire|seminario|kolloquium|vortrag|conf[ée]rence|"
    r"charla|wykład|lecture)",
    re.IGNORECASE,
)
# Formats that introduce people: what follows them is a person, if it reads as a name.
INTRODUCES: Final = re.compile(
    r"\b(?:speakers?|presenters?|guest|q&a|conversation|fireside chat)\b", re.IGNORECASE
)
# "Week 3", "Session no 2", "Lecture 5": a place in a series, not a talk's title.
ORDINAL: Final = re.compile(
    r"^(?:week|session|lecture|talk|part|day|seminar|class|meeting)\s*(?:no\.?|n°|#)?"
    r"\s*\d+$",
    re.IGNORECASE,
)


# What leads a SUMMARY: "[GMB Seminar] …", "VATT: …", "Global C++ - …".
_HEAD: Final = re.compile(
    r"^\s*(?:[\[【](?P<bracketed>[^\]】]{2,40})[\]】]|(?P<head>[^:\[\]]{2,40}?)"
    r"(?::\s|\s[-–—|]\s))"
)


def summary_head(summary: str) -> str | None:
    """Return what leads a SUMMARY before a colon, a dash or in brackets, if anything."""
    return summary_head_at(summary)[0]


def summary_head_at(summary: str) -> tuple[str | None, int]:
    """Return what leads a SUMMARY (or None), and where the rest begins."""
    if match := _HEAD.match(summary):
        head = (match.group("bracketed") or match.group("head")).strip()
        return head or None, match.end()
    return None, 0


def without_format(
    text: str, shared_heads: frozenset[str] = frozenset()
) -> tuple[str, bool]:
    """Return the SUMMARY without a leading series or format, and whether it had one.

    shared_heads: what leads many SUMMARYs of the feed (folded): a series' name.
    """
    if shared_heads:
        head, rest_at = summary_head_at(text)
        if head and fold(head) in shared_heads:
            return without_format(text[rest_at:].strip(), shared_heads)[0], True
    if match := _BRACKETED.match(text):
        return without_format(match.group(2).strip())[0], True
    if match := _NUMBERED.match(text):
        return match.group(1).strip(), True
    for separator in (": ", " - ", " \u2013 ", " | ", ", "):
        head, _, rest = text.partition(separator)
        if not rest:
            continue
        # "Keynote, Jane Doe", but not "Edited talk, new room": after a comma only a
        # format itself, not a series named after one. A kind of event in capitals
        # before a dash is a format too: "LECTURE – Title", "WYKŁAD – Title".
        if separator in (" - ", " \u2013 ") and _KIND_IN_CAPITALS.fullmatch(head):
            return without_format(rest.strip())[0], True
        if FORMAT.match(head.strip()) and (
            separator != ", " or EXACTFORMAT.match(head.strip())
        ):
            rest, _ = without_format(rest.strip())
            return rest, True
        # "AfNLP - Invited Talk, Jade Abbott": a short series name, then the format.
        if len(head.split()) <= 2 and (inner := without_format(rest.strip()))[1]:
            return inner
    return text, False
