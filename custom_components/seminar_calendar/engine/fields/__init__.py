"""Seminar fields: who speaks, from where, on what — read from an event's texts.

Precision first: a field stays empty unless the evidence says it plainly. A name is
taken for a person only with evidence (see names.py): an explicit label or attendee,
words that introduce people, or, where only a SUMMARY's shape suggests one, a given
name the lexicon knows.
"""

from .context import NO_CONTEXT, FeedContext
from .formats import summary_head
from .seminar import (
    SeminarFields,
    attendee_name,
    feed_context,
    seminar_fields,
    stable_key,
)

__all__ = [
    "NO_CONTEXT",
    "FeedContext",
    "SeminarFields",
    "attendee_name",
    "feed_context",
    "seminar_fields",
    "stable_key",
    "summary_head",
]
