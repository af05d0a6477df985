"""One file of the site from its `Page`: pages through the templates in `layouts/site/`, pictures
and downloads from the files they are made from."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from briefexport import __version__
from briefexport.content import locale
from briefexport.content.model import Brief
from briefexport.errors import ContentError, Diagnostic
from briefexport.safety.files import Refused, check_file
from briefexport.safety.pictures import check_picture
from briefexport.writers import Rendered
from briefexport.writers.shared.context import rights, series
from briefexport.writers.shared.identifiers import brief_identifier, collection_identifier
from briefexport.writers.shared.layout import FontFace, Layout
from briefexport.writers.shared.names import about_institute
from briefexport.writers.site import address, catalogue, cite_this, edition, lists, pictures, views
from briefexport.writers.site.library import Library
from briefexport.writers.site.pages import Page, brand_logo, logo_name, shelf_cover


def render(page: Page, layout: Layout, out_root: Path) -> Rendered:
    if page.kind == "link":  # a download: the other format's output itself, hard-linked
        return Rendered(b"", link=page.about(Path))
    return Rendered(RENDERERS[page.kind](page, layout))


def site_context(page: Page, layout: Layout, language: str) -> dict:
    """What every page shows around its content: the brand, the way home, the feeds, and its
    public address when the library knows its own."""
    brand, root, library = layout.brand, page.root, page.library
    logo = brand_logo(layout)
    latest = library.briefs[0].meta.date.year if library.briefs else 1970
    labels = layout.labels(language)
    base = address.site_url(layout)
    return {
        "root": root,
        "brand": brand,
        "labels": labels,
        "lang": language,
        "direction": locale.direction(language),
        "intro": about_institute(brand, labels, language, "library_intro"),
        "css_href": root + "style.css",
        "logo_href": root + logo_name(logo) if logo else "",
        "home_href": root + "index.html",
        "feed_href": root + "feed.xml",
        "opds_href": root + "opds.xml",
        "canonical": address.absolute(base, page.name) if base else "",
        **views.site_links(library, root, language),
        "address": str(brand.extra.get("address") or ""),
        "copyright": rights(latest, brand),
        "version": __version__,
    }


def listed(library: Library, brief: Brief, root: str, layout: Layout) -> dict:
    """A brief as lists show it (index, collection and author pages), with URLs from `root`."""
    labels = layout.labels(brief.language)
    direction = locale.direction(brief.language)

    def url(path: str | None) -> str | None:
        return root + path if path else None

    return {
        "brief": brief,
        "meta": brief.meta,
        "lang": brief.language,
        "direction": direction,
        "labels": labels,
        "url": root + library.url(brief),
        "series": series(brief, layout),
        "number": f"{labels['number']} {locale.left_to_right(brief.meta.number, direction)}"
        if brief.meta.number
        else "",
        "date": layout.date(brief.meta.date, brief.language),
        "authors": [
            {"name": p.author.localized(brief.language).name, "url": root + p.url}
            for p in library.bylines[brief.slug]
        ],
        "thumbnail": url(library.thumbnail(brief)),
        "pdf": url(library.download(brief, "pdf")),
        "print": url(library.download(brief, "print")),
    }


def shelf_entry(library: Library, shelf, root: str, layout: Layout) -> dict:
    cover = shelf_cover(shelf)
    return {
        "briefs": [listed(library, brief, root, layout) for brief in shelf.briefs],
        "shelf": shelf,
        "meta": shelf.collection.meta,
        "direction": locale.direction(shelf.collection.meta.language),
        "url": root + shelf.url,
        "epub": root + shelf.epub_url if shelf.epub else None,
        "cover": root + cover[1] if cover else None,
        "cover_full": root + cover[0] if cover else None,
        "cover_type": cover[2] if cover else None,
        "count": len(shelf.briefs),
        "identifier": collection_identifier(shelf.collection),
    }


def _page(template: str) -> Callable[[Page, Layout], bytes]:
    def make(page: Page, layout: Layout) -> bytes:
        library, root = page.library, page.root
        language = "en"
        labels = layout.labels(language)

        def listed_here(brief: Brief) -> dict:
            return listed(library, brief, root, layout)

        context: dict = {}
        if page.kind == "list":
            listing, number = page.about(tuple)
            if listing.kind == "collection":
                language = listing.subject.collection.meta.language
                labels = layout.labels(language)
                context["shelf"] = shelf_entry(library, listing.subject, root, layout)
            elif listing.kind == "author":
                context["person"] = listing.subject
            context["list"] = views.listing(listing, number, root, listed_here, labels)
        elif page.kind == "group":
            group = page.about(lists.Group)
            context["group"] = views.group(group, root, labels)
            if group.kind == "collections":
                context["shelves"] = [shelf_entry(library, s, root, layout) for s in library.shelves]
        elif page.kind == "search":
            language = page.about(str)
            labels = layout.labels(language)
            context["search"] = views.search(library, language, root, labels)
        else:
            shown = library.shelves[: lists.SHELVES_ON_INDEX]
            context["shelves"] = [shelf_entry(library, shelf, root, layout) for shelf in shown]
            context.update(views.index(library, root, listed_here, labels))
        context = {**site_context(page, layout, language), **context}
        return layout.render(f"site/{template}", **context).encode("utf-8")

    return make


def _search(page: Page, layout: Layout) -> bytes:
    """A search page, and the package's own script that makes its box work (search.js), added
    here: layouts never write a script."""
    html = _page("search.html.j2")(page, layout).decode("utf-8")
    tag = f'<script src="{page.root}search.js" defer></script>\n</head>'
    return html.replace("</head>", tag, 1).encode("utf-8")


def _list_template(page: Page, layout: Layout) -> bytes:
    listing, _ = page.about(tuple)
    template = {"author": "author.html.j2", "collection": "collection.html.j2"}.get(
        listing.kind, "list.html.j2"
    )
    return _page(template)(page, layout)


def _edition(page: Page, layout: Layout) -> bytes:
    brief = page.about(Brief)
    context = site_context(page, layout, brief.language)
    context.update(edition.context(page, layout, listed(page.library, brief, page.root, layout)))
    context["identifier"] = brief_identifier(brief)
    return layout.render("site/brief.html.j2", **context).encode("utf-8")


def _cite_file(page: Page, layout: Layout) -> bytes:
    """The brief as a reference to download: BibTeX or CSL-JSON."""
    brief = page.about(Brief)
    url = edition.public_url(layout, page.library.url(brief))
    made = cite_this.bibtex if page.kind == "cite-bib" else cite_this.csl_json
    return made(brief, layout, url).encode("utf-8")


def _css(page: Page, layout: Layout) -> bytes:
    from briefexport.writers.site.fonts import font_files, needed_characters

    brand = layout.brand
    needed = needed_characters(page.library, layout)
    faces = [
        {"family": face.family, "url": name, "weight": face.weight, "style": face.style}
        for name, face in font_files(layout, needed).items()
    ]
    languages = ["en", "ko", *(brief.language for brief in page.library.briefs)]
    languages += [shelf.collection.meta.language for shelf in page.library.shelves]
    bases = list(dict.fromkeys(map(locale.base_language, languages)))
    families = {lang: {role: brand.family_for(lang, role) for role in ("base", "headings")} for lang in bases}
    rtl = any(locale.direction(lang) == "rtl" for lang in bases)
    counters = {lang: locale.counter_style(lang, brand.extra) for lang in bases}
    uses = frozenset().union(*(brief.uses for brief in page.library.briefs))  # the rules it needs
    look = {"families": families, "rtl": rtl, "counters": counters, "uses": uses}
    return layout.render("site/style.css.j2", brand=brand, fonts=faces, **look).encode("utf-8")


def _font(page: Page, layout: Layout) -> bytes:
    from briefexport.writers.site.fonts import font_data

    return font_data(page.about(FontFace), page.library, layout)


def _copy(page: Page, layout: Layout) -> bytes:
    """A file offered as it is: a download (another format's output) or a picture (checked again
    by the one picture rule, as the EPUB does)."""
    source = page.about(Path)
    if page.name.endswith((".pdf", ".epub")):
        return source.read_bytes()
    try:
        path = check_file(source, layout.project)
        check_picture(path)
    except Refused as exc:
        raise ContentError(
            Diagnostic(
                layout.project.display(page.path), 0, 0, f"picture `{layout.project.display(source)}`: {exc}"
            )
        ) from None
    return path.read_bytes()


RENDERERS: dict[str, Callable[[Page, Layout], bytes]] = {
    "edition": _edition,
    "cite-bib": _cite_file,
    "cite-json": _cite_file,
    "index": _page("index.html.j2"),
    "list": _list_template,
    "group": _page("groups.html.j2"),
    "search": _search,
    "script": lambda page, layout: lists.SCRIPT.read_bytes(),
    "feed": lambda page, layout: catalogue.feed(page, layout, listed, shelf_entry),
    "sitemap": lambda page, layout: catalogue.sitemap(page, layout),
    "robots": lambda page, layout: catalogue.robots(page, layout),
    "css": _css,
    "font": _font,
    "copy": _copy,
    "thumbnail": lambda page, layout: pictures.first_page_thumbnail(page.about(Path)),
    "cover": lambda page, layout: pictures.cover_bytes(page.about(Path)),
    "cover-small": lambda page, layout: pictures.cover_small(page.about(Path)),
}
