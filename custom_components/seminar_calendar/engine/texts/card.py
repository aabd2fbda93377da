"""The text a calendar shows for a seminar: who, what, the abstract, then the link."""

from collections.abc import Iterator
from typing import Final, NamedTuple

from ..model import (
    EventWindow,
    SeminarEvent,
    as_event,
    long_text_of,
)
from .blocks import BlockReader, CardFrame


class CardLabels(NamedTuple):
    """The words that lead the lines of a card, in the language it is shown in."""

    speaker: str = "Speaker"
    talk_title: str = "Talk title"
    categories: str = "Categories"


ENGLISH: Final = CardLabels()
_BREAK: Final = "\n\n"


def card_frame(event: SeminarEvent, labels: CardLabels, has_body: bool) -> CardFrame:
    """Return the card's lines around its body: speaker and title; categories, link.

    The body is the abstract, else the description.
    """
    lines: list[str] = []
    if speaker := event.speaker:
        affiliation = event.affiliation
        who = f"{speaker} ({affiliation})" if affiliation else speaker
        lines.append(f"{labels.speaker}: {who}")
    if (title := event.talk_title) and title != event.summary:
        lines.append(f"{labels.talk_title}: {title}")
    before = ["\n".join(lines)] if lines else []
    after: list[str] = []
    if categories := event.categories:
        after.append(f"{labels.categories}: {', '.join(categories)}")
    if url := event.url:
        after.append(url)
    if not has_body:
        return _BREAK.join(before + after), ""
    return "".join(part + _BREAK for part in before), "".join(
        _BREAK + part for part in after
    )


def card_texts(
    occurrences: EventWindow, labels: CardLabels = ENGLISH
) -> Iterator[str | None]:
    """Return each occurrence's card (see card_text), in order, reading a block once."""
    reader = BlockReader()
    for record in occurrences.records:
        card = reader.card(long_text_of(record))
        yield card_text(as_event(record), labels) if card is None else card or None


def card_text(event: SeminarEvent, labels: CardLabels = ENGLISH) -> str | None:
    """Return the card of a seminar: as packed with its texts, else built now.

    A packed card has the words of the labels its feed was read with.
    """
    if (card := event.card) is not None:
        return card or None
    body = event.abstract_or_description
    before, after = card_frame(event, labels, body is not None)
    return before + (body or "") + after or None
