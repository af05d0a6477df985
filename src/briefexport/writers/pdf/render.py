"""The screen PDF (PDF/UA-1, tagged) through WeasyPrint, from the print HTML (writers/html.py)."""

from __future__ import annotations

from pathlib import Path

from briefexport.content.model import Brief
from briefexport.writers import Rendered
from briefexport.writers import html as print_html
from briefexport.writers.pdf.weasy import typeset
from briefexport.writers.shared.layout import Layout

PDF_OPTIONS = {"pdf_variant": "pdf/ua-1", "pdf_tags": True, "uncompressed_pdf": False}


def render(brief: Brief, layout: Layout, out_root: Path) -> Rendered:
    css_text = print_html.print_css(
        layout, print_html.html_dir(out_root), print_html.brief_languages(brief), brief.uses
    )
    pdf, warnings = typeset(brief, layout, out_root, css_text, PDF_OPTIONS)
    return Rendered(pdf, tuple(warnings))
