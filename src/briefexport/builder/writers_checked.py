"""mypy checks every registered writer against the protocol of its kind (writers/kinds.py): a
format whose `render` or `pages` drifts from the contract fails `make lint`. The check lives here,
in the builder, which may import every format; a module of writers/ may not (formats never import
each other, and writers/__init__.py is imported by each of them). tests/writers/test_kinds.py
checks that every row of FORMATS is listed below, under its kind. Nothing here runs.

Each module is imported as `import a.b as c`: mypy checks a module against a protocol only when it
is named as a module (`from a import b` of a package's submodule is a plain ModuleType to it)."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import briefexport.writers.docx as docx
    import briefexport.writers.epub as epub
    import briefexport.writers.html as html
    import briefexport.writers.pdf as pdf
    import briefexport.writers.pdf.print_edition as print_edition
    import briefexport.writers.site as site
    from briefexport.writers.kinds import BookWriter, BriefWriter, PagesWriter
    from briefexport.writers.site.pages import Page

    # one assignment each: in a tuple, mypy would take them as plain ModuleTypes, which pass any protocol
    pdf_writer: BriefWriter = pdf
    print_writer: BriefWriter = print_edition
    html_writer: BriefWriter = html
    docx_writer: BriefWriter = docx
    epub_writer: BookWriter = epub
    site_writer: PagesWriter[Page] = site
