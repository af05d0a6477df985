"""The formats: one package (or module) per format, registered below, each with the entry points
of its kind (`Format.makes`), whose Protocols are in writers/kinds.py:

- `brief` (pdf, print, html, docx): `render(brief, layout, out_root) -> Rendered`;
- `book` (epub): `render(item, layout, out_root) -> Rendered`, a collection or a one-brief book;
- `pages` (site): `pages(content, layout, out_root, coming=frozenset()) -> list[Page]` lists every
  file it makes from the whole project (after reading; `coming`: other formats' outputs this
  build is about to make, counted as made), then `render(page, layout, out_root) -> Rendered`
  makes each. It may read the outputs of the formats it `uses` (the site offers the PDFs and
  EPUBs): a build makes those first.

The builder calls a writer through its Format (`render`, `pages`), which checks the item's kind
(`item.item_kind`) against what the format makes. mypy checks every registered module against its
kind's protocol (builder/writers_checked.py). A writer never changes the model it is given; what
it has to say goes back in `Rendered.warnings`.

Writers are imported on first use, so `--help` and `check` never import WeasyPrint, EbookLib or
python-docx. Adding a format is one package, one row of FORMATS and one line of writers_checked.py.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, cast

from briefexport.errors import Diagnostic

if TYPE_CHECKING:
    from briefexport.content.sources import Content
    from briefexport.writers.kinds import BookWriter, BriefWriter, Item, PageItem, PagesWriter
    from briefexport.writers.shared.brand_file import BrandFile
    from briefexport.writers.shared.layout import Layout


@dataclass(frozen=True)
class Rendered:
    """A writer's output: the file's bytes, and warnings located in the sources. A file offered as
    it is (the site's copy of a PDF) is `link`: the build hard-links it (atomic.link_temp)."""

    data: bytes
    warnings: tuple[Diagnostic, ...] = ()
    link: Path | None = None


MAKES = {
    "brief": "one file per brief",
    "book": "one file per collection or brief",
    "pages": "the pages it lists",
}


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
    layouts: tuple[str, ...]  # the layouts/ subfolders its outputs depend on
    weight: int  # relative cost per unit of text, to schedule long jobs first
    uses: tuple[str, ...] = ()  # formats whose outputs it needs: built first, in the same build
    shows: tuple[str, ...] = ()  # formats whose outputs it offers where they were built (PDF for print)

    @property
    def prints(self) -> bool:
        """Its outputs depend on brand.yml's `print:` settings (the print edition's layouts)."""
        return "print" in self.layouts

    def writer(self) -> BriefWriter | BookWriter | PagesWriter[Any]:
        """The format's module, imported, as the protocol of its kind (checked by mypy in
        builder/writers_checked.py)."""
        return cast("BriefWriter | BookWriter | PagesWriter[Any]", importlib.import_module(self.module))

    def render(self, item: Item, layout: Layout, out_root: Path) -> Rendered:
        """One output of `item` by this format's writer. An item of a kind the format does not make
        is a TypeError: a mistake of the builder, never of the content."""
        writer = self.writer()
        if self.makes == "pages" and item.item_kind == "page":
            return cast("PagesWriter[PageItem]", writer).render(item, layout, out_root)
        if self.makes == "book" and item.item_kind != "page":
            return cast("BookWriter", writer).render(item, layout, out_root)
        if self.makes == "brief" and item.item_kind == "brief":
            return cast("BriefWriter", writer).render(item, layout, out_root)
        raise TypeError(f"{self.name} makes {MAKES[self.makes]}, not a file of a {item.item_kind}")

    def pages(
        self, content: Content, layout: Layout, out_root: Path, coming: frozenset[Path]
    ) -> list[PageItem]:
        """The files a format that makes pages lists (see above)."""
        if self.makes != "pages":
            raise TypeError(f"{self.name} makes {MAKES[self.makes]}, and lists no pages")
        return cast("PagesWriter[PageItem]", self.writer()).pages(content, layout, out_root, coming)


FORMATS: dict[str, Format] = {
    "pdf": Format("pdf", "briefexport.writers.pdf", "pdf", ".pdf", "brief", ("pdf",), 10),
    "print": Format(
        "print", "briefexport.writers.pdf.print_edition", "print", ".pdf", "brief", ("pdf", "print"), 11
    ),
    "html": Format("html", "briefexport.writers.html", "html", ".html", "brief", ("pdf",), 1),
    "epub": Format("epub", "briefexport.writers.epub", "epub", ".epub", "book", ("epub",), 3),
    "docx": Format("docx", "briefexport.writers.docx", "docx", ".docx", "brief", ("docx",), 2),
    "site": Format(
        "site",
        "briefexport.writers.site",
        "site",
        "",
        "pages",
        ("site",),
        1,
        uses=("pdf", "epub"),
        shows=("pdf", "print", "epub"),
    ),
}


def default_formats(brand: BrandFile) -> list[str]:
    """What a build makes when no format is named: every format, but the print edition only when
    the brand turns it on (`defaults: briefexport: print:` in brand.yml). It is a file for a print
    shop, which most projects never send, and it costs as much as the screen PDF.

    Read from the run's brand.yml as plain YAML (shared/brand_file.py), not brand-yml, so a no-op
    build stays quick; a brand.yml that does not parse leaves the print edition off (the writers
    report what is wrong with it)."""
    wanted = brand.settings().get("print") not in (None, False)
    return [name for name in FORMATS if name != "print" or wanted]
