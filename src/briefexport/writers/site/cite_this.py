"""The brief itself as a reference: Google Scholar's `citation_*` meta tags, a "Cite this brief"
block in the house style (the brand's CSL style, formatted by the same engine as the brief's own
citations, in the brief's language), and BibTeX and CSL-JSON files to download beside it.

The reference is a report (CSL `report`, BibTeX `@techreport`): the institute publishes it, the
series is its genre, the brief's number its number. A person's name is split at its last space
("Tomás Reiner": given Tomás, family Reiner); a name without a space (서하나) stays whole.
"""

from __future__ import annotations

import json
import re

from markupsafe import Markup

from briefexport.content.cite import engine, styles
from briefexport.content.model import Brief
from briefexport.writers.shared.citations_html import runs_html
from briefexport.writers.shared.context import series
from briefexport.writers.shared.layout import Layout

_BIBTEX_SPECIAL = re.compile(r"([{}\\%&$#_~^])")
_BIBTEX_ESCAPE = {"~": r"\textasciitilde{}", "^": r"\textasciicircum{}", "\\": r"\textbackslash{}"}


def _name(name: str) -> dict:
    given, _, family = name.strip().rpartition(" ")
    return {"family": family, "given": given} if given else {"literal": name.strip()}


def brief_item(brief: Brief, layout: Layout, url: str) -> dict:
    """The brief as CSL-JSON."""
    meta = brief.meta
    item: dict = {
        "id": brief.slug,
        "type": "report",
        "title": meta.title,
        "author": [_name(author.localized(brief.language).name) for author in brief.authors],
        "publisher": layout.brand.name,
        "genre": series(brief, layout),
        "issued": {"date-parts": [[meta.date.year, meta.date.month, meta.date.day]]},
        "language": brief.language,
    }
    if meta.number:
        item["number"] = meta.number
    if url:
        item["URL"] = url
    if meta.summary:
        item["abstract"] = " ".join(meta.summary.split())
    return item


def _bib(value: str) -> str:
    return _BIBTEX_SPECIAL.sub(lambda m: _BIBTEX_ESCAPE.get(m.group(1), "\\" + m.group(1)), value)


def bibtex(brief: Brief, layout: Layout, url: str) -> str:
    """The brief as a BibTeX entry (biblatex fields that BibTeX also reads)."""
    item = brief_item(brief, layout, url)
    names = [
        f"{_bib(n['family'])}, {_bib(n['given'])}" if "family" in n else "{" + _bib(n["literal"]) + "}"
        for n in item["author"]
    ]
    fields = [
        ("author", " and ".join(names)),
        ("title", "{" + _bib(brief.meta.title) + "}"),
        ("institution", _bib(layout.brand.name)),
        ("type", _bib(item["genre"])),
        ("number", _bib(brief.meta.number or "")),
        ("year", str(brief.meta.date.year)),
        ("date", brief.meta.date.isoformat()),
        ("url", url),
        ("langid", brief.language),
    ]
    body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields if value)
    return f"@techreport{{{brief.slug},\n{body}\n}}\n"


def csl_json(brief: Brief, layout: Layout, url: str) -> str:
    return json.dumps([brief_item(brief, layout, url)], ensure_ascii=False, indent=2) + "\n"


def formatted(brief: Brief, layout: Layout, url: str) -> Markup:
    """The brief's bibliography entry in the house style (the brand's CSL, else Chicago)."""
    project, brand = layout.project, layout.brand_file  # brand.yml as this run read it
    value = brand.settings().get("csl")
    if isinstance(value, str):
        shown, line = brand.where("defaults", "briefexport", "csl")
        style = styles.load_style(value, project, shown, line or 1, 1)
    else:
        style = styles.load_style(styles.DEFAULT_STYLE, project, brand.shown, 1, 1)
    item = brief_item(brief, layout, url)
    if "number" in item:  # "2026-01" is one number, not the range 2026–01 ("Nos. 2026–01"):
        item["number"] = item["number"].replace("-", "\\-")  # citeproc-js's escaped hyphen
    done = engine.format_citations(
        style, styles.locale_of(brief.language), {brief.slug: item}, [], [brief.slug]
    )
    return Markup(runs_html(done.entries[0][1])) if done.entries else Markup("")


def scholar_tags(brief: Brief, layout: Layout, pdf_url: str | None) -> list[tuple[str, str]]:
    """Google Scholar's meta tags (its inclusion guidelines: title, each author, the date as
    YYYY/MM/DD, a technical report's institution and number, the PDF)."""
    meta = brief.meta
    tags = [("citation_title", meta.title)]
    tags += [("citation_author", author.localized(brief.language).name) for author in brief.authors]
    tags.append(("citation_publication_date", meta.date.strftime("%Y/%m/%d")))
    tags.append(("citation_technical_report_institution", layout.brand.name))
    if meta.number:
        tags.append(("citation_technical_report_number", meta.number))
    tags.append(("citation_language", brief.language))
    if pdf_url:
        tags.append(("citation_pdf_url", pdf_url))
    tags += [("citation_keywords", keyword) for keyword in meta.keywords]
    return tags
