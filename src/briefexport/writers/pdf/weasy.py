"""The WeasyPrint plumbing both PDFs share: fonts from the layouts only, the sandboxed fetcher,
parsed stylesheets reused across documents, hyphenation within a printer's limits, the tagged
structure completed where tags are written, WeasyPrint's logged warnings turned into ours, and
refused URLs reported where they were written. What it changes inside WeasyPrint is in
weasyprint_patches/ (its README.md has the table); this module installs each patch where it applies."""

from __future__ import annotations

import logging
import os
import warnings
from collections.abc import Callable, Iterable
from contextlib import contextmanager, nullcontext
from functools import lru_cache
from pathlib import Path

from briefexport.project import DEFAULTS_DIR
from briefexport.writers.pdf.weasyprint_patches.deferred import deferred_font_tools
from briefexport.writers.pdf.weasyprint_patches.libfind import quick_library_lookup

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


with only_bundled_fonts(), quick_library_lookup(), deferred_font_tools():
    import weasyprint
    from weasyprint.text.fonts import FontConfiguration

from briefexport.content.model import Brief  # noqa: E402
from briefexport.errors import ContentError, Diagnostic  # noqa: E402
from briefexport.writers import html as print_html  # noqa: E402
from briefexport.writers.pdf.fetcher import SandboxFetcher  # noqa: E402
from briefexport.writers.pdf.links import sibling_pdf_links  # noqa: E402
from briefexport.writers.pdf.weasyprint_patches.array_types import one_parse_per_array_type  # noqa: E402
from briefexport.writers.pdf.weasyprint_patches.figures import placed_figures  # noqa: E402
from briefexport.writers.pdf.weasyprint_patches.font_folder import removed_at_exit  # noqa: E402
from briefexport.writers.pdf.weasyprint_patches.hyphenation import render_within_limits  # noqa: E402
from briefexport.writers.pdf.weasyprint_patches.hyphenation_patterns import cached_patterns  # noqa: E402
from briefexport.writers.pdf.weasyprint_patches.picture_cache import cached_pictures  # noqa: E402
from briefexport.writers.pdf.weasyprint_patches.tags import complete_structure  # noqa: E402
from briefexport.writers.shared.layout import Layout  # noqa: E402

Inspect = Callable[["weasyprint.Document"], Iterable[Diagnostic]]


class _Collect(logging.Handler):
    """WeasyPrint only logs problems; we collect them and report them as ours."""

    def __init__(self):
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record):
        self.messages.append(record.getMessage())


@lru_cache(maxsize=8)
def _stylesheet(roots: tuple[Path, ...], css_text: str, base_url: str):
    """Parsed stylesheet, font configuration and colour profiles (`@color-profile`), reused across
    documents of one layout, with the URLs the stylesheet tried to load and was refused (@import,
    @font-face or a profile outside the sandbox)."""
    with only_bundled_fonts():
        font_config = FontConfiguration()
    fetcher = SandboxFetcher(roots=roots)
    profiles: dict = {}
    css = weasyprint.CSS(
        string=css_text,
        base_url=base_url,
        font_config=font_config,
        url_fetcher=fetcher,
        color_profiles=profiles,
    )
    removed_at_exit(font_config)  # kept for the process's life, so WeasyPrint never removes it
    return css, font_config, profiles, tuple(fetcher.refused)


def _refusals(layout: Layout, brief: Brief, refused, templates: tuple[str, ...]) -> list[Diagnostic]:
    """Refused URLs as errors: at the picture's line when a picture of the brief was refused, at
    the line of the stylesheet template that names the URL when it comes from there (@import,
    @font-face, backgrounds, colour profiles), else at the brief."""
    sources = [(path, path.read_text(encoding="utf-8").splitlines()) for path in map(layout.find, templates)]
    brief_shown = layout.project.display(brief.path)
    pictures = {image.path.resolve().as_uri(): image for image in brief.images}
    diagnostics = []
    for url, why in refused:
        image = pictures.get(url)
        if image is not None:
            diagnostics.append(Diagnostic(brief_shown, image.line, image.col, f"image `{image.src}`: {why}"))
            continue
        name = url.rstrip("/").rsplit("/", 1)[-1]
        where = (brief_shown, 0, 0)
        for path, lines in sources:
            line = next((n for n, text in enumerate(lines, 1) if url in text or (name and name in text)), 0)
            if line:
                where = (layout.project.display(path), line, 1)
                break
        diagnostics.append(Diagnostic(*where, f"refused to load `{url}`: {why}"))
    return diagnostics


def typeset(
    brief: Brief,
    layout: Layout,
    out_root: Path,
    css_text: str,
    options: dict,
    templates: tuple[str, ...] = ("pdf/brief.css.j2", "pdf/figures.css.j2"),
    inspect: Inspect | None = None,
) -> tuple[bytes, list[Diagnostic]]:
    """The brief's print HTML laid out with `css_text` and written as a PDF with `options`: the
    bytes, and the warnings (WeasyPrint's, and those `inspect` finds in the laid-out pages).
    Refused URLs and errors `inspect` finds raise ContentError, all of them at once."""
    base_dir = print_html.html_dir(out_root)
    base_url = (base_dir / f"{brief.slug}.html").resolve().as_uri()
    html_text = print_html.render_document(brief, layout, out_root, inline_css=False, link_suffix=".pdf")
    fetcher = SandboxFetcher(layout.project)
    handler = _Collect()
    logger = logging.getLogger("weasyprint")
    logger.addHandler(handler)
    found: list[Diagnostic] = []
    try:
        css, font_config, profiles, css_refused = _stylesheet(
            tuple(fetcher.roots), css_text, base_dir.resolve().as_uri() + "/"
        )
        html = weasyprint.HTML(string=html_text, base_url=base_url, url_fetcher=fetcher)
        with (
            cached_pictures(layout.cache("pictures")),
            cached_patterns(layout.cache("hyphenation")),
            one_parse_per_array_type(),
        ):

            def lay_out(html):
                return html.render(
                    stylesheets=[css], font_config=font_config, color_profiles=profiles, **options
                )

            document = render_within_limits(html, lay_out)
            document = placed_figures(html, lambda html: render_within_limits(html, lay_out), document)
            if inspect is not None:
                found = list(inspect(document))
            with (
                complete_structure(document) if options.get("pdf_tags") else nullcontext()
            ):  # tags WeasyPrint leaves out
                pdf = document.write_pdf(finisher=sibling_pdf_links(base_dir.resolve().as_uri()), **options)
    finally:
        logger.removeHandler(handler)
    errors = [d for d in found if d.severity == "error"]
    if css_refused or fetcher.refused:
        errors = _refusals(layout, brief, [*css_refused, *fetcher.refused], templates) + errors
    if errors:
        raise ContentError(errors)
    shown = layout.project.display(brief.path)
    return pdf, found + [
        Diagnostic(shown, 0, 0, f"WeasyPrint: {m}", severity="warning")
        for m in dict.fromkeys(handler.messages)
    ]
