"""Text without case or accents, for matching what people type against what feeds say."""

from typing import Final
import unicodedata

# Letters that carry their mark in themselves, so NFKD leaves them whole.
_LETTERS: Final = str.maketrans(
    {
        "ł": "l",
        "Ł": "l",
        "ø": "o",
        "Ø": "o",
        "đ": "d",
        "Đ": "d",
        "ð": "d",
        "Ð": "d",
        "ħ": "h",
        "Ħ": "h",
        "\u0131": "i",  # dotless i
        "ŀ": "l",
        "Ŀ": "l",
        "ŧ": "t",
        "Ŧ": "t",
        "þ": "th",
        "Þ": "th",
        "æ": "ae",
        "Æ": "ae",
        "œ": "oe",
        "Œ": "oe",
        "ß": "ss",
        "ẞ": "ss",
    }
)


def fold(text: str) -> str:
    """Return text without case or accents: NFKD, combining marks dropped, casefolded."""
    if text.isascii():
        # Most words are ASCII: lower() is casefold() there, and nothing decomposes.
        # Seminar fields fold every word of each name they weigh (bench: 5,000 events'
        # first parse, fields 1.29 s → see README "Speed" with the ASCII path).
        return text.lower()
    decomposed = unicodedata.normalize("NFKD", text.translate(_LETTERS))
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()
