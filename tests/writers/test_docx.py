"""Word drafts, checked by reopening them: python-docx, the raw parts, and LibreOffice when present.

The sample content is built once per session (DOCX only); expectations come from the same
sources as the document (the `Brief` model, authors.yaml, brand.yml, the label files), so the
tests follow the content rather than copying it. Features the sample briefs do not use
(quotes, links, nested and restarted lists, repeated notes, raw HTML) are built from a
brief written by the test.
"""

from __future__ import annotations

import copy
import datetime as dt
import importlib.util
import io
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn
from lxml import etree

from briefexport.builder import build
from briefexport.content import reader
from briefexport.content.labels import labels as labels_in
from briefexport.content.locale import format_date
from briefexport.content.markdown import inline_text, walk
from briefexport.content.model import Brief
from briefexport.errors import ContentError, Report
from briefexport.project import DEFAULTS_DIR
from briefexport.writers.docx import oxml as docx_oxml
from briefexport.writers.shared.context import short_title
from briefexport.writers.shared.layout import Layout
from conftest import REPO, copy_project, printed_text

SLUGS = sorted(p.stem for p in (REPO / "content" / "briefs").glob("*.md"))
EPOCH = "1790000000"
NS = {
    "w": "http://schemas.openxmlformats.org/wordprocessingml/2006/main",
    "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
    "wp": "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing",
    "v": "urn:schemas-microsoft-com:vml",
}
REFERENCE = DEFAULTS_DIR / "layouts" / "docx" / "reference.docx"


# --- building and opening ---------------------------------------------------------------------


@pytest.fixture(scope="session")
def docx_build(tmp_path_factory):
    """The sample project built once as DOCX: (project, result, out)."""
    root = tmp_path_factory.mktemp("docx")
    project = copy_project(root / "project")
    out = root / "out"
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("SOURCE_DATE_EPOCH", EPOCH)
        result = build(project, formats=["docx"], out=out)
    return project, result, out


@pytest.fixture(scope="session")
def brand(docx_build):
    project, _, _ = docx_build
    return Layout(project).brand


def numbered(brief: Brief) -> str:
    """ "No. 2026-12" as the masthead and footer print it: the language's label, and on a right-to-left
    page the identifier between left-to-right marks (so 2026-09(A) is not reordered)."""
    number = f"\u200e{brief.meta.number}\u200e" if brief.language == "ar" else brief.meta.number
    return f"{labels_in(None, brief.language)['number']} {number}"


# the Word drafts' proofing language: the brand's region for English (GB), CLDR's likely one otherwise
PROOFING = {"en": "en-GB", "ko": "ko-KR", "fr": "fr-FR", "ar": "ar-SA"}


@pytest.fixture(scope="session")
def briefs(docx_build) -> dict[str, Brief]:
    project, _, _ = docx_build
    report = Report()
    authors = reader.read_authors(project, report)
    return {path.stem: reader.read_brief(path, project, authors, report) for path in project.briefs()}


class Word:
    """One built DOCX: python-docx's view and the raw XML parts."""

    def __init__(self, path: Path):
        self.path = path
        self.data = path.read_bytes()
        self.document = docx.Document(io.BytesIO(self.data))
        self.zip = zipfile.ZipFile(io.BytesIO(self.data))

    def xml(self, name: str) -> etree._Element:
        return etree.fromstring(self.zip.read(name))

    def part_for(self, reltype_suffix: str) -> list[str]:
        """Part names the main document relates to with a relationship type ending in the suffix."""
        rels = self.xml("word/_rels/document.xml.rels")
        return ["word/" + r.get("Target") for r in rels if r.get("Type").endswith("/" + reltype_suffix)]

    def paragraphs(self, style: str) -> list[str]:
        return [p.text for p in self.document.paragraphs if p.style.name == style]

    def styled(self) -> list[tuple[str, str]]:
        return [(p.style.name, p.text) for p in self.document.paragraphs]


def open_word(out: Path, slug: str) -> Word:
    path = out / "docx" / f"{slug}.docx"
    assert path.is_file(), f"{slug}.docx was not built"
    return Word(path)


@pytest.fixture(scope="session")
def words(docx_build) -> dict[str, Word]:
    _, _, out = docx_build
    return {slug: open_word(out, slug) for slug in SLUGS}


def localized(brief: Brief):
    return [author.localized(brief.language) for author in brief.authors]


def about_label(brief: Brief) -> str:
    labels = labels_in(None, brief.language)
    return labels["about_authors"] if len(brief.authors) > 1 else labels["about_author"]


def footnote_texts(brief: Brief) -> dict[int, str]:
    return {
        note: " ".join(printed_text(brief, t) for t in tokens if t.type == "inline")
        for note, tokens in brief.footnotes.items()
    }


def text_of(element) -> str:
    return "".join(element.itertext())


def words_of(paragraph) -> str:
    """A paragraph's text including field results (python-docx's .text skips w:fldSimple)."""
    return "".join(t.text or "" for t in paragraph._p.iter(qn("w:t")))  # noqa: SLF001


# --- the build --------------------------------------------------------------------------------


@pytest.mark.slow
def test_every_brief_becomes_a_docx_without_diagnostics(docx_build, words):
    _, result, out = docx_build
    assert [str(d) for d in result.report.diagnostics] == []
    assert {p.name for p in (out / "docx").iterdir()} == {f"{slug}.docx" for slug in SLUGS}


@pytest.mark.slow
@pytest.mark.parametrize("slug", SLUGS)
def test_every_style_reference_resolves(words, slug):
    """Each pStyle/rStyle/tblStyle in every story names a style defined in styles.xml."""
    word = words[slug]
    defined = {s.get(qn("w:styleId")) for s in word.xml("word/styles.xml").iter(qn("w:style"))}
    stories = ["word/document.xml", "word/footnotes.xml"] + [
        n for n in word.zip.namelist() if re.match(r"word/(header|footer)\d+\.xml", n)
    ]
    used = set()
    for name in stories:
        for tag in ("w:pStyle", "w:rStyle", "w:tblStyle"):
            used |= {e.get(qn("w:val")) for e in word.xml(name).iter(qn(tag))}
    assert used and used <= defined


# The child order the OOXML schema prescribes (Word refuses some files that break it).
PPR_ORDER = [
    "pStyle",
    "keepNext",
    "keepLines",
    "pageBreakBefore",
    "framePr",
    "widowControl",
    "numPr",
    "suppressLineNumbers",
    "pBdr",
    "shd",
    "tabs",
    "suppressAutoHyphens",
    "kinsoku",
    "wordWrap",
    "overflowPunct",
    "topLinePunct",
    "autoSpaceDE",
    "autoSpaceDN",
    "bidi",
    "adjustRightInd",
    "snapToGrid",
    "spacing",
    "ind",
    "contextualSpacing",
    "mirrorIndents",
    "suppressOverlap",
    "jc",
    "textDirection",
    "textAlignment",
    "textboxTightWrap",
    "outlineLvl",
    "divId",
    "cnfStyle",
    "rPr",
    "sectPr",
    "pPrChange",
]
RPR_ORDER = [
    "rStyle",
    "rFonts",
    "b",
    "bCs",
    "i",
    "iCs",
    "caps",
    "smallCaps",
    "strike",
    "dstrike",
    "outline",
    "shadow",
    "emboss",
    "imprint",
    "noProof",
    "snapToGrid",
    "vanish",
    "webHidden",
    "color",
    "spacing",
    "w",
    "kern",
    "position",
    "sz",
    "szCs",
    "highlight",
    "u",
    "effect",
    "bdr",
    "shd",
    "fitText",
    "vertAlign",
    "rtl",
    "cs",
    "em",
    "lang",
    "eastAsianLayout",
    "specVanish",
    "oMath",
]


@pytest.mark.slow
@pytest.mark.parametrize("slug", SLUGS)
def test_paragraph_and_run_properties_in_schema_order(words, slug):
    assert_schema_order(words[slug])


def assert_schema_order(word: Word) -> None:
    parts = [
        n
        for n in word.zip.namelist()
        if re.match(r"word/(document|footnotes|styles|numbering|header\d+|footer\d+)\.xml", n)
    ]
    for name in parts:
        for tag, order in (("w:pPr", PPR_ORDER), ("w:rPr", RPR_ORDER)):
            for props in word.xml(name).iter(qn(tag)):
                children = [etree.QName(c).localname for c in props]
                assert all(c in order for c in children), (name, children)
                ranks = [order.index(c) for c in children]
                assert ranks == sorted(ranks) and len(set(ranks)) == len(ranks), (name, children)


# --- page one and headings --------------------------------------------------------------------


@pytest.mark.slow
@pytest.mark.parametrize("slug", SLUGS)
def test_masthead_in_named_styles(words, briefs, brand, slug):
    word, brief = words[slug], briefs[slug]
    meta, labels = brief.meta, labels_in(None, brief.language)
    assert word.document.paragraphs[0].style.name == "Brief Series"
    assert word.document.paragraphs[0].text.startswith(meta.series or labels["series"])
    assert word.paragraphs("Title") == [meta.title]
    assert word.paragraphs("Subtitle") == ([meta.subtitle] if meta.subtitle else [])
    assert word.paragraphs("Brief Edition") == ([meta.edition] if meta.edition else [])
    assert word.paragraphs("Brief Number") == ([numbered(brief)] if meta.number else [])
    authors = word.paragraphs("Brief Author")
    assert [a.split("\u2002")[0] for a in authors] == [a.name for a in localized(brief)]
    assert all(a.role in line for a, line in zip(localized(brief), authors, strict=True))
    assert word.paragraphs("Brief Date") == [format_date(meta.date, brief.language, brand.extra)]
    lead = word.paragraphs("Brief Lead")
    assert len(lead) == 1 and lead[0].split()[:6] == text_of_first_paragraph(brief).split()[:6]


def text_of_first_paragraph(brief: Brief) -> str:
    index = next(
        i for i, t in enumerate(brief.tokens) if t.type == "paragraph_open" and t.attrGet("class") == "lead"
    )
    return inline_text(brief.tokens[index + 1])


@pytest.mark.slow
@pytest.mark.parametrize("slug", SLUGS)
def test_headings_follow_the_sections_then_back_matter(words, briefs, slug):
    word, brief = words[slug], briefs[slug]
    headings = [(s, t) for s, t in word.styled() if s.startswith("Heading")]
    expected = [({2: "Heading 1", 3: "Heading 2"}[s.level], s.title) for s in brief.sections]
    if brief.citations is not None and brief.citations.entries:  # then About the Author(s)
        expected.append(("Heading 1", brief.citations.heading))
    expected.append(("Heading 1", about_label(brief)))
    if brief.meta.translation_of:
        expected.append(("Heading 1", labels_in(None, brief.language)["edition_note"]))
    assert headings == expected
    # Navigation pane and TOC: the heading styles carry outline levels 0 and 1.
    styles = {s.name: s for s in word.document.styles}
    for name, level in (("Heading 1", "0"), ("Heading 2", "1")):
        outline = styles[name].element.find(f"{qn('w:pPr')}/{qn('w:outlineLvl')}")
        assert outline is not None and outline.get(qn("w:val")) == level


# --- lists, tables, pictures ------------------------------------------------------------------


def numbering_of(word: Word, paragraph) -> tuple[int, int]:
    num_pr = paragraph._p.find(f"{qn('w:pPr')}/{qn('w:numPr')}")  # noqa: SLF001
    assert num_pr is not None, f"no numbering on {paragraph.text[:40]!r}"
    return int(num_pr.find(qn("w:numId")).get(qn("w:val"))), int(num_pr.find(qn("w:ilvl")).get(qn("w:val")))


def num_definition(word: Word, num_id: int) -> tuple[str, str | None]:
    """(numFmt of level 0 of the abstract definition, startOverride or None) of a w:num."""
    numbering = word.xml("word/numbering.xml")
    num = next(n for n in numbering.iter(qn("w:num")) if n.get(qn("w:numId")) == str(num_id))
    abstract_id = num.find(qn("w:abstractNumId")).get(qn("w:val"))
    abstract = next(
        a for a in numbering.iter(qn("w:abstractNum")) if a.get(qn("w:abstractNumId")) == abstract_id
    )
    fmt = abstract.find(f"{qn('w:lvl')}/{qn('w:numFmt')}").get(qn("w:val"))
    start = num.find(f"{qn('w:lvlOverride')}/{qn('w:startOverride')}")
    return fmt, start.get(qn("w:val")) if start is not None else None


@pytest.mark.slow
def test_ordered_list_uses_real_numbering(words, briefs):
    word = words["ageing-workforce-automation"]
    items = [p for p in word.document.paragraphs if p.style.name == "List Number"]
    assert len(items) == 8
    assert items[0].text.startswith("Tie automation incentives to job quality")
    ids = {numbering_of(word, p) for p in items}
    assert len(ids) == 1
    num_id, level = ids.pop()
    assert level == 0 and num_definition(word, num_id) == ("decimal", "1")
    assert not any(re.match(r"\d+\.", p.text) for p in items), "numbers come from Word, not the text"


@pytest.mark.slow
def test_table_shape_style_and_header_row(words, briefs):
    word, brief = words["ageing-workforce-automation"], briefs["ageing-workforce-automation"]
    tables = word.document.tables
    assert len(tables) == 1
    table = tables[0]
    assert table.style.name == "Brief Table"
    assert (len(table.rows), len(table.columns)) == (7, 4)
    header_cells = [inline_text(t) for t in brief.tokens if t.type == "inline" and t.level == 4][:4]
    assert [c.text for c in table.rows[0].cells] == header_cells
    flags = [row._tr.find(f"{qn('w:trPr')}/{qn('w:tblHeader')}") is not None for row in table.rows]  # noqa: SLF001
    assert flags == [True] + [False] * 6
    assert table.rows[1].cells[0].text == "Logistics and warehousing"
    look = table._tbl.tblPr.find(qn("w:tblLook"))  # noqa: SLF001
    assert look.get(qn("w:firstRow")) == "1"
    numeric = table.rows[1].cells[1].paragraphs[0]._p  # noqa: SLF001
    assert numeric.find(f"{qn('w:pPr')}/{qn('w:jc')}").get(qn("w:val")) == "right"


@pytest.mark.slow
def test_korean_table_too(words):
    table = words["grid-storage-auctions-ko"].document.tables[0]
    assert (len(table.rows), len(table.columns)) == (6, 4)
    assert table.rows[0].cells[0].text == "입찰 회차(연도)"


@pytest.mark.slow
@pytest.mark.parametrize("slug", SLUGS)
def test_pictures_embedded_with_alt_text_and_captions(words, briefs, slug):
    word, brief = words[slug], briefs[slug]
    logo, *shapes = word.document.inline_shapes  # the brand's logo in the masthead comes first
    assert logo._inline.docPr.get("descr") == "Meridian Institute"  # noqa: SLF001
    assert len(shapes) == len(brief.images)
    descriptions = [s._inline.docPr.get("descr") for s in shapes]  # noqa: SLF001
    assert descriptions == [image.alt for image in brief.images]
    media = [n for n in word.zip.namelist() if n.startswith("word/media/")]
    assert len(media) == len({image.path for image in brief.images}) + 2  # + the logo's SVG and PNG
    for image in brief.images:
        assert any(word.zip.read(n) == image.path.read_bytes() for n in media)
    figure = labels_in(None, brief.language)["figure"]
    captions = [
        words_of(p)
        for p in word.document.paragraphs
        if p.style.name == "Caption"
        and " SEQ Figure " in "".join(f.get(qn("w:instr")) for f in p._p.iter(qn("w:fldSimple")))  # noqa: SLF001
    ]  # a table's caption (SEQ Table) is a caption too
    assert all(image.caption and image.caption != image.alt for image in brief.images)  # not vacuous
    assert captions == [f"{figure} {n}. {image.caption}" for n, image in enumerate(brief.images, 1)]
    printed = " ".join(words_of(p) for p in word.document.paragraphs)
    assert not [image.alt for image in brief.images if image.alt in printed]  # the description is not printed
    document = word.xml("word/document.xml")
    fields = [f.get(qn("w:instr")) for f in document.iter(qn("w:fldSimple"))]
    assert len([f for f in fields if " SEQ Figure " in f]) == len(brief.images)


# --- footnotes --------------------------------------------------------------------------------


@pytest.mark.slow
@pytest.mark.parametrize("slug", SLUGS)
def test_real_footnotes_linked_from_the_body(words, briefs, slug):
    word, brief = words[slug], briefs[slug]
    assert word.part_for("footnotes") == ["word/footnotes.xml"]
    notes = word.xml("word/footnotes.xml")
    normal = {
        int(n.get(qn("w:id"))): n
        for n in notes.iter(qn("w:footnote"))
        if n.get(qn("w:type")) in (None, "normal")
    }
    separators = {n.get(qn("w:type")) for n in notes.iter(qn("w:footnote"))} - {None}
    assert separators == {"separator", "continuationSeparator"}
    references = [
        int(r.get(qn("w:id"))) for r in word.xml("word/document.xml").iter(qn("w:footnoteReference"))
    ]
    expected = footnote_texts(brief)
    assert references == sorted(normal) == [note + 1 for note in sorted(expected)]
    for note, text in expected.items():
        element = normal[note + 1]
        shown = "".join(t.text or "" for t in element.iter(qn("w:t")))  # not a field's instruction
        assert re.sub(r"\s+", " ", shown).strip() == text
        first = element.find(qn("w:p"))
        assert first.find(f"{qn('w:pPr')}/{qn('w:pStyle')}").get(qn("w:val")) == "FootnoteText"
        assert first.find(f".//{qn('w:footnoteRef')}") is not None


@pytest.mark.slow
def test_sample_footnotes_exist(briefs):
    assert sum(len(b.footnotes) for b in briefs.values()) >= 5  # the checks above are not vacuous


# --- running heads, language, metadata --------------------------------------------------------


@pytest.mark.slow
@pytest.mark.parametrize("slug", SLUGS)
def test_running_footer_with_page_field_and_header_with_short_title(words, briefs, slug):
    word, brief = words[slug], briefs[slug]
    section = word.document.sections[0]
    assert section.different_first_page_header_footer
    footer = section.footer._element  # noqa: SLF001
    instructions = [f.get(qn("w:instr")).strip() for f in footer.iter(qn("w:fldSimple"))]
    assert instructions == ["PAGE", "NUMPAGES"]
    labels = labels_in(None, brief.language)
    footer_text = text_of(footer)
    assert footer_text.startswith(brief.meta.series or labels["series"])
    assert (numbered(brief) if brief.meta.number else labels["draft"]) in footer_text
    assert section.header.paragraphs[0].text.split("\t")[0] == short_title(brief.meta.title)
    assert not text_of(section.first_page_footer._element).strip()  # noqa: SLF001 (page one has the masthead)
    width = section.page_width.mm, section.page_height.mm
    assert (round(width[0]), round(width[1])) == (210, 297)


@pytest.mark.slow
@pytest.mark.parametrize("slug", SLUGS)
def test_core_properties_from_the_brief(words, briefs, slug):
    word, brief = words[slug], briefs[slug]
    core = word.document.core_properties
    meta = brief.meta
    assert core.title == meta.title
    assert core.subject == (meta.summary or meta.subtitle or "")
    assert core.author == "; ".join(a.name for a in localized(brief))
    assert core.keywords == ", ".join(meta.keywords)
    assert core.language == PROOFING[brief.language]
    assert core.created == dt.datetime.combine(meta.date, dt.time(), dt.UTC)
    assert core.modified == dt.datetime.fromtimestamp(int(EPOCH), dt.UTC)
    assert core.last_modified_by == "briefexport"
    assert core.revision == 1
    assert core.content_status == ("Draft" if brief.is_draft else "Final")
    assert core.identifier == (meta.number or "")


def doc_language(word: Word) -> dict[str, str]:
    lang = word.xml("word/styles.xml").find(
        f"{qn('w:docDefaults')}/{qn('w:rPrDefault')}/{qn('w:rPr')}/{qn('w:lang')}"
    )
    return {"val": lang.get(qn("w:val")), "eastAsia": lang.get(qn("w:eastAsia"))}


@pytest.mark.slow
def test_document_language_english_and_korean(words):
    assert doc_language(words["grid-storage-auctions"]) == {"val": "en-GB", "eastAsia": "en-GB"}
    korean = words["grid-storage-auctions-ko"]
    assert doc_language(korean) == {"val": "ko-KR", "eastAsia": "ko-KR"}
    assert "저자 소개" in korean.paragraphs("Heading 1")
    theme_lang = korean.xml("word/settings.xml").find(qn("w:themeFontLang"))
    assert theme_lang.get(qn("w:eastAsia")) == "ko-KR"


@pytest.mark.slow
def test_korean_title_in_english_edition_note_is_marked_korean(words, briefs):
    word, brief = words["maritime-chokepoints-summary"], briefs["maritime-chokepoints-summary"]
    original = brief.meta.translation_of
    runs = [r for r in word.xml("word/document.xml").iter(qn("w:r")) if text_of(r) == original.title]
    assert len(runs) == 1
    lang = runs[0].find(f"{qn('w:rPr')}/{qn('w:lang')}")
    assert lang.get(qn("w:eastAsia")) == "ko-KR"
    note = word.paragraphs("Brief Bio")[-1]
    assert original.number in note and original.title in note


@pytest.mark.slow
def test_brand_colours_and_fonts_reach_the_theme_and_styles(docx_build, words):
    project, _, _ = docx_build
    brand = Layout(project).brand
    word = words["harbour-electrification"]
    theme = word.xml(word.part_for("theme")[0])
    a = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
    accent1 = theme.find(f".//{a}clrScheme/{a}accent1/{a}srgbClr").get("val")
    assert accent1 == brand.primary.lstrip("#").upper()
    assert theme.find(f".//{a}majorFont/{a}latin").get("typeface") == brand.headings_family
    assert theme.find(f".//{a}minorFont/{a}latin").get("typeface") == brand.base_family
    hang = [f.get("typeface") for f in theme.iter(f"{a}font") if f.get("script") == "Hang"]
    assert hang == [brand.extra["fonts"]["ko"]["headings"], brand.extra["fonts"]["ko"]["base"]]
    styles = {s.name: s for s in word.document.styles}
    colour = styles["Heading 1"].element.find(f"{qn('w:rPr')}/{qn('w:color')}")
    assert colour.get(qn("w:val")) == accent1 and colour.get(qn("w:themeColor")) == "accent1"


# --- drafts -----------------------------------------------------------------------------------


def watermarks(word: Word) -> list[str]:
    found = []
    for name in word.zip.namelist():
        if re.match(r"word/header\d+\.xml", name):
            found += [
                t.get("string") for t in word.xml(name).iter(f"{{{NS['v']}}}textpath") if t.get("string")
            ]
    return found


@pytest.mark.slow
def test_draft_is_visibly_marked(words, briefs):
    word, brief = words["digital-identity-draft"], briefs["digital-identity-draft"]
    assert brief.is_draft
    labels = labels_in(None, brief.language)
    assert word.document.core_properties.content_status == "Draft"
    assert word.paragraphs("Brief Draft") == [labels["draft_note"]]
    assert labels["draft"] in word.document.sections[0].header.paragraphs[0].text
    assert watermarks(word) == [labels["draft"], labels["draft"]]  # every page: first and others


@pytest.mark.slow
def test_final_brief_is_not_marked_draft(words):
    word = words["grid-storage-auctions"]
    assert word.paragraphs("Brief Draft") == []
    assert watermarks(word) == []
    assert "DRAFT" not in word.document.sections[0].header.paragraphs[0].text


# --- everything else Markdown can say --------------------------------------------------------

FEATURES = """---
title: "Features a Brief May Use"
series: Issue Brief
number: "2099-01"
date: 2026-03-01
authors:
  - hana-seo
status: final
---

The lead paragraph with **bold**, *italic*, `code`, ~~struck~~, H<sub>2</sub>O and x<sup>2</sup>,
a [link to the institute](https://example.org/a?b=1&c=2), a [section link](#sec-2) and a note.[^a]

## First section

1. one
2. two
   - nested bullet
   - another
3. three

Text between the lists, citing the same note again.[^a] And another.[^b]

3. restarts at three
4. four

> A block quotation
> over two lines.

#### A minor heading

<p>Raw <em>HTML</em> paragraph with <strong>strong</strong> text.</p>

## Second section

```
code block line 1
code block line 2
```

Final words.

[^a]: A note with a [link](https://example.org/note).
[^b]: Second note.
"""


@pytest.fixture(scope="module")
def features(tmp_path_factory):
    root = tmp_path_factory.mktemp("features")
    project = copy_project(root / "project")
    source = project.briefs_dir / "features.md"
    source.write_text(FEATURES, encoding="utf-8")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("SOURCE_DATE_EPOCH", EPOCH)
        result = build(project, [source], formats=["docx"], out=root / "out")
    assert [str(d) for d in result.report.errors] == []
    return open_word(root / "out", "features")


def test_inline_formatting(features):
    runs = {r.text: r for p in features.document.paragraphs for r in p.runs}
    assert runs["bold"].bold and runs["italic"].italic and runs["struck"].font.strike
    assert runs["code"].style.name == "Verbatim Char"
    lead = next(p for p in features.document.paragraphs if p.style.name == "Brief Lead")
    shifted = [
        (r.text, "sub" if r.font.subscript else "super")
        for r in lead.runs
        if r.font.subscript or r.font.superscript
    ]
    assert shifted == [("2", "sub"), ("2", "super")]
    assert lead.text.startswith("The lead paragraph with bold, italic, code, struck, H2O and x2, a link")


def test_links_are_real_hyperlinks(features):
    document = features.xml("word/document.xml")
    rels = {r.get("Id"): r for r in features.xml("word/_rels/document.xml.rels")}
    links = list(document.iter(qn("w:hyperlink")))
    external = [lnk for lnk in links if lnk.get(qn("r:id"))]
    assert [text_of(lnk) for lnk in external][:1] == ["link to the institute"]
    rel = rels[external[0].get(qn("r:id"))]
    assert rel.get("Target") == "https://example.org/a?b=1&c=2" and rel.get("TargetMode") == "External"
    assert rel.get("Type").endswith("/hyperlink")
    internal = [lnk for lnk in links if lnk.get(qn("w:anchor"))]
    assert [lnk.get(qn("w:anchor")) for lnk in internal] == ["sec_2"]
    bookmarks = [b.get(qn("w:name")) for b in document.iter(qn("w:bookmarkStart"))]
    assert "sec_2" in bookmarks
    # A link inside a footnote is related from the footnotes part.
    note_rels = features.xml("word/_rels/footnotes.xml.rels")
    assert [r.get("Target") for r in note_rels] == ["https://example.org/note"]


def test_nested_and_restarted_lists(features):
    word = features
    paragraphs = word.document.paragraphs
    first = [p for p in paragraphs if p.text in ("one", "two", "three")]
    nested = [p for p in paragraphs if p.text in ("nested bullet", "another")]
    second = [p for p in paragraphs if p.text in ("restarts at three", "four")]
    assert {p.style.name for p in first + second} == {"List Number"}
    assert {p.style.name for p in nested} == {"List Bullet 2"}
    ((first_id, _),) = {numbering_of(word, p) for p in first}
    ((second_id, _),) = {numbering_of(word, p) for p in second}
    assert {numbering_of(word, p)[1] for p in nested} == {1}
    assert first_id != second_id, "each ordered list restarts: its own numbering instance"
    assert num_definition(word, first_id) == ("decimal", "1")
    assert num_definition(word, second_id) == ("decimal", "3")
    assert num_definition(word, numbering_of(word, nested[0])[0])[0] == "bullet"


def test_quote_code_minor_heading_and_raw_html(features):
    styled = features.styled()
    assert ("Quote", "A block quotation over two lines.") in styled
    assert ("Heading 3", "A minor heading") in styled
    assert ("Body Text", "Raw HTML paragraph with strong text.") in styled
    assert ("Source Code", "code block line 1\ncode block line 2") in styled
    assert [t for s, t in styled if s.startswith("Heading")][:2] == ["First section", "A minor heading"]


def test_pandoc_reads_the_structure_back(features):
    """A second, independent DOCX reader: pandoc sees the same headings, lists, quote and notes."""
    pandoc = shutil.which("pandoc")
    if pandoc is None:
        pytest.skip("pandoc is not installed")
    text = subprocess.run(
        [pandoc, "-f", "docx", "-t", "gfm", "--wrap=none", str(features.path)],
        check=True,
        capture_output=True,
        text=True,
        timeout=60,
    ).stdout
    for expected in (
        "# First section",
        "### A minor heading",
        "1.  one",
        "    -   nested bullet",
        "3.  restarts at three",
        "> A block quotation over two lines.",
        "[link to the institute](https://example.org/a?b=1&c=2)",
        "[^1]: A note with a",
        "H<sub>2</sub>O and x<sup>2</sup>",
        "**bold**, *italic*, `code`, ~~struck~~",
    ):
        assert expected in text, expected


def test_features_keep_schema_order(features):
    assert_schema_order(features)


def test_repeated_note_is_a_cross_reference_not_a_second_note(features):
    document = features.xml("word/document.xml")
    assert [r.get(qn("w:id")) for r in document.iter(qn("w:footnoteReference"))] == ["1", "2"]
    fields = [f.get(qn("w:instr")) for f in document.iter(qn("w:fldSimple"))]
    assert fields == [" NOTEREF _Ref_fn1 \\f \\h "]
    assert "_Ref_fn1" in [b.get(qn("w:name")) for b in document.iter(qn("w:bookmarkStart"))]
    ids = [b.get(qn("w:id")) for b in document.iter(qn("w:bookmarkStart"))]
    names = [b.get(qn("w:name")) for b in document.iter(qn("w:bookmarkStart"))]
    assert len(ids) == len(set(ids)) and len(names) == len(set(names))


SVG = (
    '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 400 200" width="400" height="200">'
    '<rect width="400" height="200" fill="#eef"/><rect x="20" y="80" width="60" height="100" '
    'fill="#17375E"/></svg>'
)


def test_svg_and_webp_pictures(tmp_path, monkeypatch):
    """SVG goes in as SVG (asvg:svgBlip) beside a PNG fallback; WebP, which Word cannot show, as PNG."""
    from PIL import Image

    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    project = copy_project(tmp_path / "project")
    images = project.content / "images"
    (images / "bars.svg").write_text(SVG, encoding="utf-8")
    Image.new("RGB", (300, 150), (23, 55, 94)).save(images / "block.webp")
    source = project.briefs_dir / "pictures.md"
    source.write_text(
        FEATURES.split("---\n\n")[0] + "---\n\nLead.\n\n![Bars as SVG](../images/bars.svg)\n\n"
        "![A WebP block](../images/block.webp)\n",
        encoding="utf-8",
    )
    result = build(project, [source], formats=["docx"], out=tmp_path / "out")
    assert result.ok, [str(d) for d in result.report.diagnostics]
    word = open_word(tmp_path / "out", "pictures")
    assert [s._inline.docPr.get("descr") for s in word.document.inline_shapes] == [  # noqa: SLF001
        "Meridian Institute",
        "Bars as SVG",
        "A WebP block",
    ]  # the masthead's logo first
    media = sorted(n for n in word.zip.namelist() if n.startswith("word/media/"))
    assert [n.rsplit(".", 1)[1] for n in media] == ["png", "png", "png", "svg", "svg"]
    assert word.zip.read("word/media/svg2.svg").decode() == SVG
    types = word.xml("[Content_Types].xml")
    assert any(o.get("ContentType") == "image/svg+xml" for o in types)
    rels = {r.get("Id"): r.get("Target") for r in word.xml("word/_rels/document.xml.rels")}
    svg_blips = list(
        word.xml("word/document.xml").iter(
            "{http://schemas.microsoft.com/office/drawing/2016/SVG/main}svgBlip"
        )
    )
    assert [rels[b.get(qn("r:embed"))] for b in svg_blips] == ["media/svg1.svg", "media/svg2.svg"]
    extent = word.document.inline_shapes[1]
    assert abs(extent.width / extent.height - 2.0) < 0.01  # the SVG's own proportions


def test_svg_intrinsic_size():
    from briefexport.writers.docx.pictures import svg_size

    inch = 914400
    assert svg_size(b'<svg xmlns="http://www.w3.org/2000/svg" width="2in" height="1in"/>') == (2 * inch, inch)
    assert svg_size(b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 192 96"/>') == (2 * inch, inch)
    assert svg_size(b'<svg xmlns="http://www.w3.org/2000/svg" width="50.8mm" viewBox="0 0 4 1"/>') == (
        2 * inch,
        inch // 2,
    )
    default = (round(400 / 96 * inch), round(300 / 96 * inch))  # no intrinsic size: 4:3 at 400 px
    assert svg_size(b'<svg xmlns="http://www.w3.org/2000/svg" width="100%"/>') == default
    assert svg_size(b"not xml") == default


# --- reproducibility --------------------------------------------------------------------------


@pytest.mark.slow
def test_two_builds_are_byte_identical(tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    project = copy_project(tmp_path / "project")
    first = build(project, formats=["docx"], out=tmp_path / "one")
    second = build(project, formats=["docx"], out=tmp_path / "two")
    assert first.ok and second.ok and len(first.built) == len(SLUGS)
    for path in first.built:
        assert path.read_bytes() == (tmp_path / "two" / "docx" / path.name).read_bytes(), path.name
    with zipfile.ZipFile(first.built[0]) as archive:
        names = archive.namelist()
        assert names[:2] == ["[Content_Types].xml", "_rels/.rels"]
        stamp = dt.datetime.fromtimestamp(int(EPOCH), dt.UTC)
        assert {info.date_time[:3] for info in archive.infolist()} == {(stamp.year, stamp.month, stamp.day)}


def test_packaged_reference_docx_is_what_the_tool_makes(tmp_path):
    """tools/make_reference_docx.py and the packaged file do not drift apart."""
    spec = importlib.util.spec_from_file_location(
        "make_reference_docx", REPO / "tools" / "make_reference_docx.py"
    )
    tool = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(tool)
    tool.build(tmp_path / "reference.docx")
    assert (tmp_path / "reference.docx").read_bytes() == REFERENCE.read_bytes()


# --- the reference document -------------------------------------------------------------------


def reference_with(old: bytes, new: bytes) -> bytes:
    """The packaged reference.docx with one change in its styles.xml."""
    source = zipfile.ZipFile(REFERENCE)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for name in source.namelist():
            data = source.read(name)
            if name == "word/styles.xml":
                assert old in data
                data = data.replace(old, new, 1)
            target.writestr(name, data)
    return out.getvalue()


def reference_without(style_name: str) -> bytes:
    """The packaged reference.docx with one style renamed (so the writer cannot find it)."""
    return reference_with(f'w:val="{style_name}"'.encode(), b'w:val="Something Else"')


def test_missing_style_in_reference_docx_is_a_clear_error(tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    project = copy_project(tmp_path / "project")
    (project.root / "layouts" / "docx").mkdir(parents=True)
    (project.root / "layouts" / "docx" / "reference.docx").write_bytes(reference_without("Brief Lead"))
    result = build(project, formats=["docx"], out=tmp_path / "out")
    messages = {str(d) for d in result.report.errors}
    assert messages == {"layouts/docx/reference.docx: error: reference.docx: missing style `Brief Lead`"}
    assert not (tmp_path / "out" / "docx").exists() or not any((tmp_path / "out" / "docx").iterdir())


def test_reference_docx_without_a_page_size_is_a_clear_error(tmp_path, monkeypatch):
    """The text's width and height come from the reference's page: one without a size (Word
    still opens it) failed as "could not be written: TypeError: unsupported operand type(s)"."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    project = copy_project(tmp_path / "project")
    source = zipfile.ZipFile(REFERENCE)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for name in source.namelist():
            data = source.read(name)
            if name == "word/document.xml":
                data, count = re.subn(rb"<w:pgSz [^>]*/>", b"", data)
                assert count == 1
            target.writestr(name, data)
    (project.root / "layouts" / "docx").mkdir(parents=True)
    (project.root / "layouts" / "docx" / "reference.docx").write_bytes(out.getvalue())
    result = build(
        project, [project.briefs_dir / "harbour-electrification.md"], formats=["docx"], out=tmp_path / "out"
    )
    assert {str(d) for d in result.report.errors} == {
        "layouts/docx/reference.docx: error: reference.docx: its page has no size and margins to lay the "
        "text out in (in Word: Layout > Size and Layout > Margins)"
    }


def test_wrong_style_type_and_not_a_word_file(tmp_path):
    from briefexport.writers.docx import reference as docx_reference

    wrong = reference_with(
        b'w:type="paragraph" w:customStyle="1" w:styleId="BriefLead"',
        b'w:type="character" w:customStyle="1" w:styleId="BriefLead"',
    )
    with pytest.raises(ContentError, match="style `Brief Lead` is a character style"):
        docx_reference.check(REFERENCE, "layouts/docx/reference.docx", wrong)
    with pytest.raises(ContentError, match="reference.docx: not a Word document"):
        docx_reference.check(REFERENCE, "layouts/docx/reference.docx", b"not a zip")


def test_user_reference_docx_is_used(tmp_path, monkeypatch):
    """A designer's reference document wins over the packaged one (restyled Body Text here)."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    project = copy_project(tmp_path / "project")
    document = docx.Document(str(REFERENCE))
    body = next(s for s in document.styles if s.name == "Body Text")
    body.font.size = docx.shared.Pt(13)
    (project.root / "layouts" / "docx").mkdir(parents=True)
    document.save(str(project.root / "layouts" / "docx" / "reference.docx"))
    result = build(
        project, [project.briefs_dir / "harbour-electrification.md"], formats=["docx"], out=tmp_path / "out"
    )
    assert result.ok
    built = open_word(tmp_path / "out", "harbour-electrification")
    assert next(s for s in built.document.styles if s.name == "Body Text").font.size == docx.shared.Pt(13)
    assert "Body Text: the paragraphs" not in "".join(built.paragraphs("Body Text"))  # specimens dropped


# --- text XML cannot hold ---------------------------------------------------------------------


@pytest.mark.slow
def test_xml_illegal_characters_never_crash_the_writer(docx_build, briefs, tmp_path, monkeypatch):
    """The reader removes them with a warning; the writer still cleans anything that slips through."""
    from briefexport.writers import docx as docx_writer

    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    project, _, _ = docx_build
    brief = briefs["harbour-electrification"]
    hostile = "Bell\x07 and\x0b vertical tab\ufffe"
    meta = brief.meta.model_copy(update={"title": hostile, "summary": hostile, "keywords": [hostile]})
    tokens = copy.deepcopy(brief.tokens)  # the session's brief stays as read
    for token in walk(tokens):
        if token.type == "text":
            token.content += "\x01"
            break
    altered = Brief(**{**brief.__dict__, "meta": meta, "tokens": tokens})
    data = docx_writer.render(altered, Layout(project), tmp_path).data
    document = docx.Document(io.BytesIO(data))
    assert document.core_properties.title == "Bell and vertical tab"
    assert (
        document.paragraphs[[p.style.name for p in document.paragraphs].index("Title")].text
        == "Bell and vertical tab"
    )
    assert docx_oxml.clean("a\x00b\x1fc\ud800d") == "abcd"


def test_control_characters_in_a_brief_are_warned_and_built(tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    project = copy_project(tmp_path / "project")
    path = project.briefs_dir / "harbour-electrification.md"
    path.write_text(
        path.read_text(encoding="utf-8").replace("Shore power is", "Shore\x0b power is", 1), encoding="utf-8"
    )
    result = build(project, [path], formats=["docx"], out=tmp_path / "out")
    assert result.ok and result.report.warnings
    assert "Shore power is" in "".join(
        open_word(tmp_path / "out", "harbour-electrification").paragraphs("Body Text")
    )


# --- LibreOffice, when present ----------------------------------------------------------------


@pytest.mark.slow
def test_libreoffice_converts_a_docx_to_pdf_with_the_text(words, briefs, tmp_path):
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        pytest.skip("LibreOffice (soffice) is not installed")
    import pypdf

    slug = "grid-storage-auctions"
    profile = (tmp_path / "profile").as_uri()
    subprocess.run(
        [
            soffice,
            f"-env:UserInstallation={profile}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            str(words[slug].path),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    pdf = pypdf.PdfReader(tmp_path / f"{slug}.pdf")
    text = (
        re.sub(r"\s+", "", "".join(page.extract_text() for page in pdf.pages))
        .replace("\u00ad", "")
        .replace("-", "")
    )
    brief = briefs[slug]

    def squash(value: str) -> str:
        return re.sub(r"\s+", "", value).replace("-", "")

    for needle in [
        brief.meta.title,
        *(s.title for s in brief.sections),
        "About the Authors",
        *footnote_texts(brief).values(),
        f"No. {brief.meta.number}",
    ]:
        assert squash(needle) in text, needle
    assert len(pdf.pages) >= 2
    assert squash(f"{len(pdf.pages)} / {len(pdf.pages)}") in squash(pdf.pages[-1].extract_text())
