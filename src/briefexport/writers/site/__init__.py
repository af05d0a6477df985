"""The readers' library: a static site made from the whole project (build/site/): an index of the
collections and briefs, a web edition of every final brief, author and collection pages, an Atom
feed and an OPDS catalogue, and the PDFs and EPUBs to download. Relative links only, no script,
no external fonts or stylesheets: it works from a plain folder and from any path of a web server.

`pages()` lists the site's files (pages.py); `render()` makes one of them (render.py).
"""

from briefexport.writers.site.pages import Page, pages
from briefexport.writers.site.render import render

__all__ = ["Page", "pages", "render"]
