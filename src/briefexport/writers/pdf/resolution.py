"""Picture resolution in print: each raster picture's pixels over the size WeasyPrint placed it at.

A chart exported for the screen (96 ppi at its placed size) prints soft; the print shop expects
about 300 ppi. Measured on the laid-out pages, so a picture shown at half the column width counts
twice the pixels per inch of one shown across it.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from weasyprint.formatting_structure.boxes import ReplacedBox
from weasyprint.images import RasterImage

from briefexport.content.model import Brief, Image
from briefexport.errors import Diagnostic
from briefexport.project import Project
from briefexport.writers.shared.layout import relative_url

WARN_BELOW = 150  # pixels per inch at the placed size
FAIL_BELOW = 72
USUAL = 300
CSS_PX_PER_INCH = 96


def placed_pictures(document) -> Iterator[tuple[str, float]]:
    """(the `src` of the <img>, its pixels per inch as placed) for each raster picture laid out."""
    for page in document.pages:
        for box in page._page_box.descendants():  # noqa: SLF001  WeasyPrint exposes no public box tree
            if isinstance(box, ReplacedBox) and isinstance(box.replacement, RasterImage) and box.width:
                inches_wide = box.width / CSS_PX_PER_INCH
                inches_high = (box.height or box.width) / CSS_PX_PER_INCH
                ppi = min(box.replacement.width / inches_wide, box.replacement.height / inches_high)
                yield str(box.element.get("src") or ""), ppi


def _shown(image: Image, project: Project) -> str:
    """The picture as authors know it: relative to content/ (images/chart.png), else as written."""
    try:
        return image.path.relative_to(project.content.resolve()).as_posix()
    except ValueError:
        return image.src


def check_resolution(document, brief: Brief, project: Project, base_dir: Path) -> list[Diagnostic]:
    """A warning for each picture printed below WARN_BELOW ppi, an error below FAIL_BELOW, at the
    picture's place in the brief (its lowest resolution when it is shown more than once)."""
    by_url = {relative_url(image.path, base_dir): image for image in brief.images}
    lowest: dict[str, float] = {}
    for src, ppi in placed_pictures(document):
        if src in by_url:
            lowest[src] = min(ppi, lowest.get(src, ppi))
    shown = project.display(brief.path)
    diagnostics = []
    for src, ppi in lowest.items():
        if ppi >= WARN_BELOW:
            continue
        image = by_url[src]
        message = f"{_shown(image, project)} prints at {ppi:.0f} ppi; {USUAL} ppi is usual for print"
        if ppi < FAIL_BELOW:
            message += f" and below {FAIL_BELOW} ppi the print edition is not made"
        diagnostics.append(
            Diagnostic(
                shown, image.line, image.col, message, severity="error" if ppi < FAIL_BELOW else "warning"
            )
        )
    return diagnostics
