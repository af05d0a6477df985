"""The print edition: PDF/X-4 with bleed, crop and registration marks and a CMYK output intent,
for the print shop. Printed by WeasyPrint from the same HTML as the screen PDF, with
print/print.css.j2 after the screen stylesheet, then finished with pikepdf (pdfx.py)."""

from __future__ import annotations

import uuid
from pathlib import Path

from briefexport.content.model import Brief
from briefexport.writers import Rendered
from briefexport.writers import html as print_html
from briefexport.writers.pdf.pdfx import finish
from briefexport.writers.pdf.print_settings import PrintSettings, settings
from briefexport.writers.pdf.resolution import check_resolution
from briefexport.writers.pdf.weasy import typeset
from briefexport.writers.shared.layout import Layout, relative_url

PRINT_OPTIONS = {"pdf_variant": "pdf/x-4", "pdf_tags": False, "uncompressed_pdf": False}
TEMPLATES = ("pdf/brief.css.j2", "pdf/figures.css.j2", "print/print.css.j2")


def print_css(
    layout: Layout,
    base_dir: Path,
    chosen: PrintSettings,
    languages: tuple[str, ...] = ("en",),
    uses: frozenset[str] = frozenset(),
) -> str:
    """The screen stylesheet (for a brief in `languages[0]`, with what the brief `uses`), then the
    print edition's (URLs relative to `base_dir`)."""
    return print_html.print_css(layout, base_dir, languages, uses) + layout.render(
        "print/print.css.j2",
        paper=layout.paper,
        print=chosen.css(),
        bleed=chosen.bleed,
        profile_url=relative_url(chosen.profile, base_dir),
    )


def document_id(brief: Brief, layout: Layout) -> str:
    """The same for every build of a brief's print edition (XMP xmpMM:DocumentID)."""
    publisher = layout.brand.url or layout.brand.name
    return f"uuid:{uuid.uuid5(uuid.NAMESPACE_URL, f'{publisher}/briefs/{brief.slug}/print')}"


def render(brief: Brief, layout: Layout, out_root: Path) -> Rendered:
    chosen = settings(layout)
    base_dir = print_html.html_dir(out_root)
    pdf, warnings = typeset(
        brief,
        layout,
        out_root,
        print_css(layout, base_dir, chosen, print_html.brief_languages(brief), brief.uses),
        PRINT_OPTIONS,
        templates=TEMPLATES,
        inspect=lambda document: check_resolution(document, brief, layout.project, base_dir),
    )
    return Rendered(finish(pdf, chosen, document_id(brief, layout)), tuple(warnings))
