"""The Word styles a draft is made of, named once: the writer styles its parts with them and the
importer (briefexport.importer) recognises the parts by them. Names are Word's style names (as
Word and LibreOffice show them, compared without regard to case), not styleIds, which a re-save
may change."""

from __future__ import annotations

# What the writer generates around the body (never imported as body text): the masthead, the
# byline and date line, About the Author(s) and the edition note (Brief Bio, under a Heading 1),
# the colophon. Any other "Brief ..." paragraph style is generated too, so a masthead that grows
# a part (a logo line, say) stays out of the body without the importer knowing it.
BACK_MATTER = ("Brief Bio", "Brief Colophon")
TITLE = "Title"
SUBTITLE = "Subtitle"

# The body.
BODY = "Body Text"
LEAD = "Brief Lead"
CODE = "Source Code"
FIGURE = "Figure"
CAPTION = "Caption"
TABLE = "Brief Table"
TABLE_TEXT = "Brief Table Text"
FOOTNOTE_TEXT = "Footnote Text"
LIST_BULLET = "List Bullet"
LIST_NUMBER = "List Number"
LIST_CONTINUE = "List Continue"
BODY_STYLES = (BODY, LEAD, TABLE_TEXT)
# Boxes (writers/docx/boxes.py): the paragraphs of a box's kind, and a box's title.
BOX_TITLE = "Box Title"
BOX_TEXT = {"key-points": "Key Points", "box": "Box Text", "pullquote": "Pull Quote"}

# Markdown heading level -> Word heading style (a brief's sections are ##, its subsections ###).
_HEADING_FOR_LEVEL = {1: "Heading 1", 2: "Heading 1", 3: "Heading 2"}
LEVEL_FOR_HEADING = {
    "heading 1": 2,
    "heading 2": 3,
    "heading 3": 4,
    "heading 4": 4,
    "heading 5": 4,
    "heading 6": 4,
}

# Character styles.
CODE_CHAR = "Verbatim Char"
NOTE_MARK = "Footnote Reference"
STRONG = "Strong"
EMPHASIS = "Emphasis"


def heading_style(level: int) -> str:
    return _HEADING_FOR_LEVEL.get(level, "Heading 3")


def generated(name: str) -> bool:
    """Whether a paragraph in this style (any case) is made by the writer, not typed in the brief."""
    name = name.lower()
    return name.startswith("brief ") and name not in {style.lower() for style in BODY_STYLES}


def list_level(name: str) -> tuple[str, int] | None:
    """("bullet" | "number" | "continue", nesting) of a list paragraph style (any case), else None."""
    name = name.lower()
    for kind, base in (
        ("bullet", LIST_BULLET.lower()),
        ("number", LIST_NUMBER.lower()),
        ("continue", LIST_CONTINUE.lower()),
    ):
        if name == base:
            return kind, 0
        if name.startswith(base + " ") and name[len(base) + 1 :].isdigit():
            return kind, int(name[len(base) + 1 :]) - 1
    return None
