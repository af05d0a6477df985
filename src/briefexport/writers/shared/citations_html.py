"""Citations and the bibliography as HTML, for the print HTML (PDF), the EPUB and the web edition.
The model holds the formatted text as runs (content/cite/rich.py); here they become markup.

A citation links to its bibliography entry (`#ref-<key>`, the first item's in a citation of
several: the markup of one citation holds no item boundaries), `role="doc-biblioref"`; DOIs and URLs
inside it keep their own links. The bibliography is a section (`doc-bibliography`) of entries
(`biblioentry` in an EPUB), hanging-indented when the style says so, at the end of the body or where
`::: {#refs}` stands.
"""

from __future__ import annotations

from markupsafe import Markup, escape

from briefexport.content.model import Brief, Cited

_TAGS = (("italic", "i"), ("bold", "b"), ("sup", "sup"), ("sub", "sub"))


def ref_id(key: str) -> str:
    """The id of a reference's entry: `ref-` and the key, made safe for an XML id."""
    return "ref-" + "".join(c if c.isalnum() or c in "-_." else "_" for c in key)


def _run(run) -> str:
    html = str(escape(run.text))
    if "smallcaps" in run.marks:
        html = f'<span class="small-caps">{html}</span>'
    for mark, tag in _TAGS:
        if (mark != "italic" or run.italic) and mark in run.marks:
            html = f"<{tag}>{html}</{tag}>"
    return html


def runs_html(runs: tuple, link: str = "") -> str:
    """Runs as inline HTML: marks as elements, DOIs and URLs as links; the text between them one
    link to `link` (a bibliography entry) when one is given."""
    parts: list[str] = []
    pending: list[str] = []  # text not in a DOI or URL, waiting for its link to the entry

    def flush() -> None:
        if pending:
            text = "".join(pending)
            parts.append(f'<a role="doc-biblioref" href="#{escape(link)}">{text}</a>' if link else text)
            pending.clear()

    for run in runs:
        if run.href:
            flush()
            parts.append(f'<a class="citation-url" href="{escape(run.href)}">{_run(run)}</a>')
        else:
            pending.append(_run(run))
    flush()
    return "".join(parts)


def cite_html(brief: Brief, meta: dict, web: bool = False) -> Markup:
    """One `cite` token: in a note, the note's text; in the text, the names (`@key says`) and, in an
    author-date style, the citation after them. On the web an author-date citation also opens its
    entries in place (a popover, no script; the link stays for browsers without popovers)."""
    citations = brief.citations
    if citations is None or "cluster" not in meta:
        return Markup(escape(meta.get("source", "")))
    cited: Cited = citations.clusters[meta["cluster"]]
    target = ref_id(cited.items[0].key)
    keys = " ".join(item.key for item in cited.items)
    show = meta.get("show", "both" if cited.in_text else "text")
    parts = []
    if show in ("authors", "both") and cited.authors:
        parts.append(runs_html(cited.authors, target))
    if show in ("text", "both"):
        parts.append(runs_html(cited.text, target))
    html = " ".join(parts)
    if web and not citations.note and show != "authors":
        shown = " ".join(
            "".join(run.text for run in runs)
            for runs in ((cited.authors if show == "both" else ()), cited.text)
            if runs
        )
        html = f'<span class="cite-link">{html}</span>' + _popover(citations, cited, meta["cluster"], shown)
    return Markup(f'<span class="citation" data-cites="{escape(keys)}">{html}</span>')


def _popover(citations, cited: Cited, index: int, plain: str) -> str:
    entries = dict(citations.entries)
    text = "".join(
        f'<span class="cite-pop-entry">{runs_html(entries[item.key])}</span>'
        for item in cited.items
        if item.key in entries
    )
    return (
        f'<button class="cite-pop-button" type="button" popovertarget="cite-pop-{index}" '
        f'aria-label="{escape(plain)}" data-pagefind-ignore>{escape(plain)}</button>'
        f'<span class="note-pop cite-pop" popover id="cite-pop-{index}" role="note" data-pagefind-ignore>'
        f"{text}</span>"  # the search index reads the citation once, its entries in the bibliography
    )


def bibliography_html(brief: Brief, epub: bool = False, pdf: bool = False) -> Markup:
    """The bibliography section, or nothing for a brief without one. In the print HTML the entries
    are paragraphs, which the PDF tags as /BibEntry (a list item must stay an /LI)."""
    citations = brief.citations
    if citations is None or not citations.entries:
        return Markup("")
    if pdf:
        hanging = " hanging-indent" if citations.hanging else ""
        entries = "\n".join(
            f'<p id="{escape(ref_id(key))}" class="bibliography-entry">{runs_html(runs)}</p>'
            for key, runs in citations.entries
        )
        return Markup(
            f'<section class="bibliography" id="refs" role="doc-bibliography" aria-labelledby="refs-title">\n'
            f'<h2 id="refs-title">{escape(citations.heading)}</h2>\n'
            f'<div class="bibliography-entries{hanging}">\n{entries}\n</div>\n</section>\n'
        )
    # an entry is epub:type="biblioentry" in an EPUB; ARIA's doc-biblioentry is deprecated (EPUBCheck
    # warns), the list in a doc-bibliography section says enough to assistive technology
    entry_type = ' epub:type="biblioentry"' if epub else ""
    items = "\n".join(
        f'<li id="{escape(ref_id(key))}" class="bibliography-entry"{entry_type}>{runs_html(runs)}</li>'
        for key, runs in citations.entries
    )
    hanging = " hanging-indent" if citations.hanging else ""
    section_type = ' epub:type="bibliography"' if epub else ""
    return Markup(
        f'<section class="bibliography" id="refs" role="doc-bibliography"{section_type} '
        f'aria-labelledby="refs-title">\n<h2 id="refs-title">{escape(citations.heading)}</h2>\n'
        f'<ul class="bibliography-entries{hanging}">\n{items}\n</ul>\n</section>\n'
    )
