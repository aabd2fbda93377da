"""The labels announcements put before the seminar fields, in the languages feeds use.

"Speaker: Jane Doe", "Intervenant·e : Jane Doe", "Titel: …": each label, lower case,
names the field its value gives.
"""

from typing import Final

LABELS: Final = {
    **dict.fromkeys(
        [
            "speaker",
            "speakers",
            "speaker(s)",
            "presenter",
            "presenters",
            "presenter(s)",
            "lecturer",
            "lecturers",
            "instructor",
            "instructors",
            "instructor(s)",
            "von",
            "主讲人",
            "主講人",
            "报告人",
            "講者",
            "講演者",
            "강연자",
            "연사",
            # French, Spanish, Italian, German, Finnish
            "intervenant",
            "intervenante",
            "intervenants",
            "intervenant·e",
            "intervenant(e)",
            "conférencier",
            "conférencière",
            "orateur",
            "oratrice",
            "ponente",
            "ponentes",
            "conferenciante",
            "relatore",
            "relatrice",
            "referent",
            "referentin",
            "vortragende",
            "vortragender",
            "puhuja",
        ],
        "speaker",
    ),
    **dict.fromkeys(
        ["presented by", "featuring", "guest speaker", "guest speakers"], "speaker"
    ),
    **dict.fromkeys(
        [
            "title",
            "talk title",
            "talk",
            "lecture title",
            "seminar title",
            "titre",
            "título",
            "titolo",
            "titel",
            "otsikko",
        ],
        "title",
    ),
    **dict.fromkeys(
        ["abstract", "summary", "résumé", "resumen", "riassunto", "zusammenfassung"],
        "abstract",
    ),
    **dict.fromkeys(
        [
            "affiliation",
            "institution",
            "établissement",
            "affiliación",
            "institución",
            "affiliazione",
        ],
        "affiliation",
    ),
}
