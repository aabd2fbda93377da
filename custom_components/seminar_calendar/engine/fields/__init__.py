"""Seminar fields: who speaks, from where, on what — read from an event's texts.

Precision first: a field stays empty unless the evidence says it plainly. A name is
taken for a person only with evidence (see names.py): an explicit label or attendee,
words that introduce people, or, where only a SUMMARY's shape suggests one, a given
name the lexicon knows.
"""

from .formats import summary_head
from .seminar import (
    SeminarFields,
    attendee_name,
    seminar_fields,
    shared_heads,
    stable_key,
)

__all__ = [
    "SeminarFields",
    "attendee_name",
    "seminar_fields",
    "shared_heads",
    "stable_key",
    "summary_head",
]
