"""The screen PDF (PDF/UA-1, tagged) through WeasyPrint, from the print HTML (writers/html.py)."""

from __future__ import annotations

import logging
import os
import warnings
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path

from briefexport.project import DEFAULTS_DIR
from briefexport.writers.pdf.libfind import quick_library_lookup

warnings.filterwarnings("ignore", message="No fonts configured in FontConfig")  # that is the point


@contextmanager
def only_bundled_fonts():
    """Fontconfig reads FONTCONFIG_FILE whenever a configuration is made: point it at an empty one,
    so WeasyPrint sees only the @font-face fonts the layouts declare, never the machine's fonts.
    Restored afterwards, so programs we start later (LibreOffice in tests) keep their fonts."""
    previous = os.environ.get("FONTCONFIG_FILE")
    os.environ["FONTCONFIG_FILE"] = str(DEFAULTS_DIR / "fonts.conf")
    try:
        yield
    finally:
        if previous is None:
            del os.environ["FONTCONFIG_FILE"]
        else:
            os.environ["FONTCONFIG_FILE"] = previous


with only_bundled_fonts(), quick_library_lookup():
    import weasyprint
    from weasyprint.text.fonts import FontConfiguration

from briefexport.content.model import Brief  # noqa: E402
from briefexport.errors import ContentError, Diagnostic  # noqa: E402
from briefexport.writers import Rendered  # noqa: E402
from briefexport.writers import html as print_html  # noqa: E402
from briefexport.writers.pdf.fetcher import SandboxFetcher  # noqa: E402
from briefexport.writers.pdf.links import sibling_pdf_links  # noqa: E402
from briefexport.writers.shared.layout import Layout  # noqa: E402

PDF_OPTIONS = {"pdf_variant": "pdf/ua-1", "pdf_tags": True, "uncompressed_pdf": False}


class _Collect(logging.Handler):
    """WeasyPrint only logs problems; we collect them and report them as ours."""

    def __init__(self):
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record):
        self.messages.append(record.getMessage())


@lru_cache(maxsize=8)
def _stylesheet(roots: tuple[Path, ...], css_text: str, base_url: str):
    """Parsed stylesheet and font configuration, reused across documents of one layout, with the
    URLs the stylesheet tried to load and was refused (@import, @font-face outside the sandbox)."""
    with only_bundled_fonts():
        font_config = FontConfiguration()
    fetcher = SandboxFetcher(roots=roots)
    css = weasyprint.CSS(string=css_text, base_url=base_url, font_config=font_config, url_fetcher=fetcher)
    return css, font_config, tuple(fetcher.refused)


def _refusals(layout: Layout, brief: Brief, refused) -> list[Diagnostic]:
    """Refused URLs as errors: at the picture's line when a picture of the brief was refused, at
    the line of the stylesheet template that names the URL when it comes from there (@import,
    @font-face, backgrounds), else at the brief."""
    path = layout.find("pdf/brief.css.j2")
    lines = path.read_text(encoding="utf-8").splitlines()
    brief_shown = layout.project.display(brief.path)
    pictures = {image.path.resolve().as_uri(): image for image in brief.images}
    diagnostics = []
    for url, why in refused:
        image = pictures.get(url)
        if image is not None:
            diagnostics.append(Diagnostic(brief_shown, image.line, 1, f"image `{image.src}`: {why}"))
            continue
        name = url.rstrip("/").rsplit("/", 1)[-1]
        line = next((n for n, text in enumerate(lines, 1) if url in text or (name and name in text)), 0)
        where = (layout.project.display(path), line, 1) if line else (brief_shown, 0, 0)
        diagnostics.append(Diagnostic(*where, f"refused to load `{url}`: {why}"))
    return diagnostics


def render(brief: Brief, layout: Layout, out_root: Path) -> Rendered:
    base_dir = print_html.html_dir(out_root)
    base_url = (base_dir / f"{brief.slug}.html").resolve().as_uri()
    html_text = print_html.render_document(brief, layout, out_root, inline_css=False, link_suffix=".pdf")
    css_text = print_html.print_css(layout, base_dir)
    fetcher = SandboxFetcher(layout.project)
    handler = _Collect()
    logger = logging.getLogger("weasyprint")
    logger.addHandler(handler)
    try:
        css, font_config, css_refused = _stylesheet(tuple(fetcher.roots), css_text, base_dir.resolve().as_uri() + "/")
        document = weasyprint.HTML(string=html_text, base_url=base_url, url_fetcher=fetcher)
        pdf = document.write_pdf(stylesheets=[css], font_config=font_config,
                                 finisher=sibling_pdf_links(base_dir.resolve().as_uri()), **PDF_OPTIONS)
    finally:
        logger.removeHandler(handler)
    shown = layout.project.display(brief.path)
    if css_refused or fetcher.refused:
        raise ContentError(_refusals(layout, brief, [*css_refused, *fetcher.refused]))
    return Rendered(pdf, tuple(Diagnostic(shown, 0, 0, f"WeasyPrint: {m}", severity="warning")
                               for m in dict.fromkeys(handler.messages)))
