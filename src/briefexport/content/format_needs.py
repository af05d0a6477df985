"""What one format needs of a brief beyond the rules every format shares (those the reader applies
to every brief). Each rule is a function of the model, here, once: the writer that needs it calls
it before rendering, and `check` calls it for every format the default build makes of a brief (its
own outputs, and the books of the collections holding it). So `check` and `build` refuse the same
briefs by construction, and each message says which format needs what.

Other refusals are left to the writers because only they can know them: a picture's resolution in
the print edition depends on the size the layout gives it on the page (writers/pdf/resolution.py),
and a picture python-docx's parsers cannot read shows only once python-docx reads it (`check`
never imports the writers' libraries).
"""

from __future__ import annotations

from collections.abc import Callable

from briefexport.content.model import Brief
from briefexport.errors import Diagnostic, shorten
from briefexport.project import Project


def _described_pictures(brief: Brief, shown: str) -> list[Diagnostic]:
    """The EPUB declares (schema.org `accessibilityFeature: alternativeText`) that every picture has
    a text description: a picture without one would make that a lie."""
    return [
        Diagnostic(
            shown,
            image.line,
            image.col,
            f"image `{shorten(image.src)}` has no text description: the EPUB requires one",
            "write what the picture shows between the brackets: ![description](path)",
        )
        for image in brief.images
        if not image.alt.strip()
    ]


NEEDS: dict[str, Callable[[Brief, str], list[Diagnostic]]] = {"epub": _described_pictures}


def unmet(brief: Brief, fmt: str, project: Project) -> list[Diagnostic]:
    """What `fmt` needs of `brief` and does not find: errors at the brief's lines (none for a format
    without needs of its own)."""
    rule = NEEDS.get(fmt)
    return rule(brief, project.display(brief.path)) if rule is not None else []
