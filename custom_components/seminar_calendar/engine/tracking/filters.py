"""Choose which seminars count: by category, and by words or patterns to exclude."""

from collections.abc import Sequence
from dataclasses import dataclass
import re

from ..model import SeminarEvent


class FilterError(ValueError):
    """An exclude term is not a valid regular expression."""


def _pattern(term: str) -> re.Pattern[str]:
    term = term.strip()
    if len(term) > 2 and term.startswith("/") and term.endswith("/"):
        try:
            return re.compile(term[1:-1], re.IGNORECASE)
        except re.error as err:
            raise FilterError(f"{term}: {err}") from err
    return re.compile(re.escape(term), re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class SeminarFilter:
    """Include only some categories (none given: all); exclude matching seminars."""

    categories: frozenset[str] = frozenset()
    exclude: tuple[re.Pattern[str], ...] = ()

    @classmethod
    def from_options(
        cls, categories: Sequence[str], exclude: Sequence[str]
    ) -> SeminarFilter:
        """Build a filter; raise FilterError for an invalid /regex/."""
        return cls(
            frozenset(categories),
            tuple(_pattern(term) for term in exclude if term.strip()),
        )

    def __bool__(self) -> bool:
        """Return True when the filter leaves anything out."""
        return bool(self.categories or self.exclude)

    def __call__(self, event: SeminarEvent) -> bool:
        """Return True when the seminar counts."""
        if self.categories and self.categories.isdisjoint(event.categories):
            return False
        if self.exclude:
            text = f"{event.summary}\n{event.description or ''}"
            return not any(pattern.search(text) for pattern in self.exclude)
        return True
