"""The formats: one package (or module) per format, each with one entry point,
`render(item, layout, out_root) -> Rendered`, registered below. A writer never changes the model
it is given; what it has to say goes back in `Rendered.warnings`.

Writers are imported on first use, so `--help` and `check` never import WeasyPrint, EbookLib or
python-docx. Adding a format is one package and one row of FORMATS.

Most formats make one file of each brief or collection. A format that `makes="pages"` (the site)
makes many files from the whole project; its package then also lists them, `pages(content,
layout, out_root, coming)` (after reading), each page an item that `render` turns into one file.
Such a format may read the outputs of the formats it `uses` (the site offers the PDFs and EPUBs):
a build makes those first.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from briefexport.errors import ContentError, Diagnostic
from briefexport.project import Project


@dataclass(frozen=True)
class Rendered:
    """A writer's output: the file's bytes, and warnings located in the sources. A file offered as
    it is (the site's copy of a PDF) is `link`: the build hard-links it (atomic.link_temp)."""

    data: bytes
    warnings: tuple[Diagnostic, ...] = ()
    link: Path | None = None


@dataclass(frozen=True)
class Format:
    name: str
    module: str
    folder: str  # under the output folder
    suffix: str
    # "brief": one output per brief. "book": one per collection; a build given briefs and no
    # collection makes a one-brief book of each brief. "pages": the files its package lists, made
    # from the whole project (see above).
    makes: Literal["brief", "book", "pages"]
    layout_dir: str  # the layouts/ subfolder(s) its outputs depend on, joined by "+"
    weight: int  # relative cost per unit of text, to schedule long jobs first
    uses: tuple[str, ...] = ()  # formats whose outputs it needs: built first, in the same build
    shows: tuple[str, ...] = ()  # formats whose outputs it offers where they were built (PDF for print)

    def writer(self):
        return importlib.import_module(self.module)


FORMATS: dict[str, Format] = {
    "pdf": Format("pdf", "briefexport.writers.pdf", "pdf", ".pdf", "brief", "pdf", 10),
    "print": Format(
        "print", "briefexport.writers.pdf.print_edition", "print", ".pdf", "brief", "pdf+print", 11
    ),
    "html": Format("html", "briefexport.writers.html", "html", ".html", "brief", "pdf", 1),
    "epub": Format("epub", "briefexport.writers.epub", "epub", ".epub", "book", "epub", 3),
    "docx": Format("docx", "briefexport.writers.docx", "docx", ".docx", "brief", "docx", 2),
    "site": Format(
        "site",
        "briefexport.writers.site",
        "site",
        "",
        "pages",
        "site",
        1,
        uses=("pdf", "epub"),
        shows=("pdf", "print", "epub"),
    ),
}


def default_formats(project: Project) -> list[str]:
    """What a build makes when no format is named: every format, but the print edition only when
    the brand turns it on (`defaults: briefexport: print:` in brand.yml). It is a file for a print
    shop, which most projects never send, and it costs as much as the screen PDF.

    Read with plain YAML, not brand-yml, so a no-op build stays quick; a brand.yml that does not
    parse leaves the print edition off (the writers report what is wrong with it)."""
    from briefexport.content import yaml_source
    from briefexport.safety.files import Refused, check_file

    brand = next((d / "brand.yml" for d in project.layout_dirs() if (d / "brand.yml").is_file()), None)
    try:
        text = check_file(brand, project).read_text(encoding="utf-8") if brand else None
        data = yaml_source.load(text, brand.name, 1).data if brand and text else None
    except (OSError, UnicodeError, ContentError, Refused):
        data = None
    settings = ((data or {}).get("defaults") or {}).get("briefexport") if isinstance(data, dict) else None
    wanted = isinstance(settings, dict) and settings.get("print") not in (None, False)
    return [name for name in FORMATS if name != "print" or wanted]
