"""The one link policy of every format (safety.markup.link_kind): web and mail links and links to
a heading of the brief are kept; a link to another brief goes where that brief is in this format
(`to_brief`); every other link (a file beside the brief, `//host/share`, `ftp:`, `tel:`) keeps
its text and loses the link, in the PDF, the print HTML, the EPUB, the Word draft and the site
alike. The reader has warned about each of those at its line."""

from __future__ import annotations

from collections.abc import Callable

from briefexport.content.model import Brief, BriefLink
from briefexport.safety.markup import link_kind

LinkPolicy = Callable[[str], "str | None"]  # an href -> the href to write, or None: keep the text only


def link_policy(brief: Brief, to_brief: Callable[[BriefLink], str | None]) -> LinkPolicy:
    def link(href: str) -> str | None:
        kind = link_kind(href)
        if kind in ("web", "fragment"):
            return href
        found = brief.links.get(href) if kind == "relative" else None
        return to_brief(found) if found is not None else None

    return link
