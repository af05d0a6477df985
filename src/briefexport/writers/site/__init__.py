"""The readers' library: a static site made from the whole project (build/site/): an index of the
newest briefs and the collections, a web edition of every final brief, pages by topic, year, series,
author and collection, a search page (Pagefind's index, made after the pages: search.py), an Atom
feed with archives, a paged OPDS catalogue, and the PDFs and EPUBs to download (hard-linked).
Relative links, no external fonts or stylesheets: it works from a plain folder and from any path
of a web server; with its address in brand.yml it also has absolute feeds, canonical URLs and a
sitemap (address.py).

`pages()` lists the site's files (pages.py, lists.py); `render()` makes one of them (render.py);
`finish()` runs once its pages are in place.
"""

from __future__ import annotations

from pathlib import Path

from briefexport.errors import Diagnostic
from briefexport.writers.site.pages import Page, pages
from briefexport.writers.site.render import render


def finish(site: Path, out_root: Path, layout) -> list[Diagnostic]:
    """After the pages: the search index, and the one note of what a site without its address
    leaves out."""
    from briefexport.writers.site import address, search

    notes = [note for note in [address.missing(layout)] if note is not None]
    return notes + search.index(site, out_root / ".cache", layout.project).diagnostics


__all__ = ["Page", "finish", "pages", "render"]
