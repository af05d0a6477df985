"""Citations in a Word draft as Zotero writes them, so a colleague with the Zotero plugin can
refresh them, add citations or change the style, and anyone else reads plain formatted text.

- Each citation is a field `ADDIN ZOTERO_ITEM CSL_CITATION {json}` (the citation as CSL: each
  item's CSL-JSON as `itemData`, its locator, label, prefix, suffix) whose result is the
  formatted text. In a note style the field stands in a real footnote, as Zotero puts it.
- The bibliography is one field `ADDIN ZOTERO_BIBL {...} CSL_BIBLIOGRAPHY` around its entries,
  each a paragraph in Word's "Bibliography" style.
- The document preferences (`ZOTERO_PREF_1`...`_n` in docProps/custom.xml, 255-character
  slices of `<data data-version="3">`) name the style and locale, so Zotero refreshes in the
  brief's style.

The same JSON is what `briefexport import` reads back (importer/citations.py): the `id` of each
item is the brief's citation key.
"""

from __future__ import annotations

import hashlib
import json
from xml.sax.saxutils import quoteattr

from lxml import etree

from briefexport.content.model import Brief, Citations, Cited
from briefexport.writers.docx.oxml import clean, el, hyperlink, qn, text_run
from briefexport.writers.docx.reference import CITATION_STYLES
from briefexport.writers.docx.runs import Runs
from briefexport.writers.shared.citations_html import runs_html

CITATION_FIELD = "ADDIN ZOTERO_ITEM CSL_CITATION"
BIBLIOGRAPHY_FIELD = "ADDIN ZOTERO_BIBL"
SCHEMA = "https://github.com/citation-style-language/schema/raw/master/csl-citation.json"
PREF_PROPERTY = "ZOTERO_PREF_{}"
_SLICE = 255  # Word's limit for a text property; Zotero slices its preferences the same way
_INSTRUCTION_SLICE = 240  # instruction text split over runs, as Word writes long instructions
_XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
_FLAGS = (("bold", "w:b"), ("italic", "w:i"), ("smallcaps", "w:smallCaps"))


def citation_id(brief: Brief, index: int) -> str:
    """A stable id for a citation (Zotero's are random; stable keeps drafts reproducible)."""
    return hashlib.sha256(f"{brief.slug}:{index}".encode()).hexdigest()[:8]


def citation_json(brief: Brief, citations: Citations, index: int) -> dict:
    cited = citations.clusters[index]
    items = []
    for item in cited.items:
        entry: dict = {"id": item.key, "uris": [], "itemData": citations.items[item.key]}
        if item.locator:
            entry["locator"] = item.locator
            entry["label"] = item.label or "page"
        if item.prefix:
            entry["prefix"] = item.prefix
        if item.suffix:
            entry["suffix"] = item.suffix
        if item.suppress_author:
            entry["suppress-author"] = True
        items.append(entry)
    text = "".join(run.text for run in cited.text)
    properties: dict = {
        "formattedCitation": runs_html(cited.text),
        "plainCitation": text,
        "noteIndex": cited.note,
    }
    if cited.in_text:  # `@key says`: the names printed before it (the importer makes it `@key` again)
        properties["authorsInText"] = "".join(run.text for run in cited.authors)
    return {
        "citationID": citation_id(brief, index),
        "properties": properties,
        "citationItems": items,
        "schema": SCHEMA,
    }


def _run_props(run) -> etree._Element:
    props = el("w:rPr")
    for mark, tag in _FLAGS:
        if (run.italic if mark == "italic" else mark in run.marks) and mark != "smallcaps":
            props.append(el(tag))
    if "smallcaps" in run.marks:
        props.append(el("w:smallCaps"))
    if "sup" in run.marks or "sub" in run.marks:
        props.append(el("w:vertAlign", {"w:val": "superscript" if "sup" in run.marks else "subscript"}))
    return props


def _char(kind: str) -> etree._Element:
    return el("w:r", None, el("w:fldChar", {"w:fldCharType": kind}))


def field_start(instruction: str) -> list[etree._Element]:
    """The runs that open a complex field: begin, the instruction (in slices), separate."""
    runs = [_char("begin")]
    for at in range(0, len(instruction), _INSTRUCTION_SLICE):
        piece = el("w:instrText")
        piece.set(_XML_SPACE, "preserve")
        piece.text = clean(instruction[at : at + _INSTRUCTION_SLICE])
        runs.append(el("w:r", None, piece))
    runs.append(_char("separate"))
    return runs


def field_end() -> etree._Element:
    return _char("end")


def shown_runs(runs: tuple, target: etree._Element, part) -> None:
    """Formatted runs into a paragraph (or field result): marks as run properties, DOIs and URLs
    as hyperlinks."""
    for run in runs:
        element = text_run(run.text, _run_props(run))
        if run.href:
            link = hyperlink(part, run.href)
            link.append(element)
            target.append(link)
        else:
            target.append(element)


def cite(brief: Brief, meta: dict, runs: Runs) -> None:
    """One `cite` token: the Zotero field (and, for `@key says`, the names before it)."""
    citations = brief.citations
    if citations is None or "cluster" not in meta:
        runs.text(meta.get("source", ""))
        return
    index = meta["cluster"]
    cited: Cited = citations.clusters[index]
    show = meta.get("show", "both" if cited.in_text else "text")
    runs.flush()
    if show in ("authors", "both") and cited.authors:
        shown_runs(cited.authors, runs.target, runs.story.part)
        if show == "both":
            runs.target.append(text_run(" "))
    if show == "authors":
        return
    data = json.dumps(citation_json(brief, citations, index), ensure_ascii=False)
    for element in field_start(f" {CITATION_FIELD} {data} "):
        runs.target.append(element)
    shown_runs(cited.text, runs.target, runs.story.part)
    runs.target.append(field_end())


def bibliography_paragraphs(citations: Citations, style_id: str, part) -> list[etree._Element]:
    """The entries, each a paragraph in the Bibliography style, inside one ZOTERO_BIBL field."""
    paragraphs = []
    for _, runs in citations.entries:
        p = el("w:p", None, el("w:pPr", None, el("w:pStyle", {"w:val": style_id})))
        shown_runs(runs, p, part)
        paragraphs.append(p)
    if paragraphs:
        settings = json.dumps({"uncited": [], "omitted": [], "custom": []})
        first = paragraphs[0]
        for element in reversed(field_start(f" {BIBLIOGRAPHY_FIELD} {settings} CSL_BIBLIOGRAPHY ")):
            first.insert(1, element)
        paragraphs[-1].append(field_end())
    return paragraphs


def preferences(citations: Citations) -> dict[str, str]:
    """ZOTERO_PREF_n properties: the style, its locale, footnotes for a note style."""
    data = (
        '<data data-version="3" zotero-version="7.0"><session id="briefexport"/>'
        f'<style id={quoteattr(citations.style_id)} locale={quoteattr(citations.locale)} hasBibliography="1" '
        'bibliographyStyleHasBeenSet="1"/><prefs>'
        '<pref name="fieldType" value="Field"/>'
        f'<pref name="noteType" value="{1 if citations.note else 0}"/>'
        "</prefs></data>"
    )
    slices = range(0, len(data), _SLICE)
    return {PREF_PROPERTY.format(n + 1): data[at : at + _SLICE] for n, at in enumerate(slices)}


def drop_citation_styles(document, reference) -> None:
    """A draft of a brief without citations does not carry the Bibliography style: its styles
    stay as they were before citations existed."""
    ids = {reference.style(name) for name in CITATION_STYLES if reference.has(name)}
    styles = document.styles.element
    for style in list(styles.findall(qn("w:style"))):
        if style.get(qn("w:styleId")) in ids:
            styles.remove(style)
