"""What makes a string a person's name: its shape, a given name, and what it must not hold.

A candidate is read as a person only on evidence. Its shape (two to five capitalised
words, particles, initials, hyphens; or a short name in a CJK script) is always needed,
and a word of organisations, topics or events (University, Lab, Team, Club, Seminar,
Prize, Rounds, Reception …) always rules it out. Beyond the shape, a candidate that
only a SUMMARY's layout proposes ("X: Y", "X (Y)") must start with a given name that
the lexicon knows (given_names.txt: public-domain lists, see its header), or with an
initial. An explicit label, an attendee, words that introduce people ("by", "with"),
an honorific or a degree are evidence enough for names the lexicon lacks.
"""

from functools import cache, lru_cache
from pathlib import Path
import re
from typing import Final

from ..folding import fold

LEXICON_PATH: Final = Path(__file__).with_name("given_names.txt")


@cache
def given_names() -> frozenset[str]:
    """Return the folded given names of the lexicon (read once per process)."""
    lines = LEXICON_PATH.read_text(encoding="utf-8").splitlines()
    return frozenset(line for line in lines if line and not line.startswith("#"))


_INITIAL: Final = re.compile(r"^(?:[A-Z]\.)+(?:-[A-Z]\.?)?$|^[A-Z]$")


@lru_cache(maxsize=1024)
def starts_with_given_name(name: str) -> bool:
    """Return True when a name opens with a known given name or an initial."""
    # Initials before the given name count for nothing: "J. Michael Smith"; after a
    # lone initial nothing says person ("B. Ambrosio" may be a supervisor's note).
    words = [word for word in name.split() if not _INITIAL.match(word)]
    if not words or words == name.split()[-1:]:
        return False
    # "Marie-Louise", "Jean-Frederic": the first part is the given name.
    return fold(words[0].split("-")[0].strip(".,'’")) in given_names()


# Words that are no part of a person's name, in the languages feeds are written in:
# organisations, topics, events, formats, places, roles and common function words;
# months and weekdays that are rarely anyone's name ("September FOMC Watch").
_NOT_NAME_WORDS: Final = """
    street road avenue square
    the a an and or of for in on at to by from with without into about over under is
    are was be will this that our your their my its how what why when who which talk
    talks keynote panel workshop workshops tutorial seminar seminars colloquium lecture
    lectures lunch break coffee breakfast dinner reception opening closing remarks
    welcome introduction registration meeting meetings conference session sessions
    event events live q&a day week series group groups team teams staff tba tbd tbc
    announced update data python open source science research program programme
    programs course courses class part new future digital social university institute
    department school college center centre lab labs laboratory invited contributed
    spotlight poster posters award awards prize prizes rounds networking hackathon
    discussion demo demos round table roundtable fireside chat online virtual hybrid
    zoom room building campus sponsor sponsors launch festival book books signing
    ceremony meet greet party concert screening film exhibition tour visit celebration
    show gala fair market night morning evening afternoon summit bootcamp training
    study reading club circle theory author authors chorus choir band orchestra
    ensemble speech chair director ceo founder editor president professor lecturer
    fellow student students engineer scientist manager head organizers organisers
    organizer organiser committee board council society association network networks
    forum symposium congress holiday holidays vacation lodge hotel caravan camp
    retreat trip excursion picnic banquet buffet social drinks mixer town city state
    national international global world annual spring fall winter
    quantum learning machine systems system methods method models model analysis
    applications introduction progress problems problem advances frontiers tools
    atlas sound heat energy health policy economics mathematics physics chemistry
    biology engineering computing computer computational statistics finance
    seminaire seminario seminare kolloquium vortrag vortrage tagung doctorants
    doctorales doctoral doctoraux etudiants estudiantes equipe equipo groupe grupo
    journee journees jornada jornadas reunion rencontre rencontres atelier taller
    conferencia conference charla coloquio ciclo curso cours semaine semana
    und die et les los las il
    february september october november december monday wednesday thursday friday
    saturday
"""
NOT_NAMES: Final = frozenset(_NOT_NAME_WORDS.split())
# Particles that stand lower-case inside names: "Mihaela van der Schaar".
PARTICLES: Final = frozenset(
    [
        "van",
        "von",
        "de",
        "der",
        "den",
        "da",
        "del",
        "della",
        "di",
        "du",
        "la",
        "le",
        "bin",
        "al",
        "el",
        "ten",
        "ter",
        "dos",
        "das",
        "y",
        "e",
    ]
)


def has_not_name_word(text: str) -> bool:
    """Return True when a word of the text is an organisation's, topic's or event's."""
    return any(word.strip("().,'’:;!?\"“”") in NOT_NAMES for word in fold(text).split())
