"""The print PDF, checked by real oracles: qpdf, pypdf's parser, text extraction, the catalog.

The sample content is built once per session (PDF and HTML only) and every PDF is parsed once;
the expectations come from the same sources (the `Brief` model, authors.yaml, brand.yml, the
labels), so the tests follow the content rather than copying it.
"""

from __future__ import annotations

import logging
import re
import shutil
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

import pypdf
import pytest
from pypdf.generic import BooleanObject

from briefexport.builder import build
from briefexport.content import reader
from briefexport.content.labels import labels as labels_in
from briefexport.content.locale import direction, format_date
from briefexport.content.locale import number as locale_number
from briefexport.content.model import Brief
from briefexport.errors import Report
from briefexport.writers.shared.layout import Layout
from briefexport.writers.shared.names import about_institute, names
from conftest import REPO, ROOTS, copy_project, printed_text

SLUGS = sorted(p.stem for p in (REPO / "content" / "briefs").glob("*.md"))
FINAL = [s for s in SLUGS if "draft" not in s]
EPOCH = "1790000000"
HANGUL = re.compile("[\uac00-\ud7a3]")


def squash(text: str) -> str:
    """Text without whitespace and without the hyphens WeasyPrint adds at line ends.

    Line breaks fall inside Korean words and inside hyphenated English words, so comparing
    with all whitespace removed is what survives layout.
    """
    text = text.replace("\u2010\n", "").replace("\u00ad", "")
    return re.sub(r"\s+", "", text)


BIDI_CONTROLS = re.compile("[\u200e\u200f\u202a-\u202e\u2066-\u2069]")
# What poppler's logical order gets wrong in a right-to-left line, though the page shows it right
# (the layout itself is tested by the places of words: test_languages_rtl.py): brackets and full
# stops at the edge of a left-to-right run ("(Meridian Institute for Policy Studies)." in an Arabic
# sentence) land on the wrong side of it, and a lam ligature's letters come out swapped in the
# heading font (لا as ال, لى as ىل). A right-to-left brief's text is compared without them: its
# other letters, its digits and their order still count.
RTL_ARTEFACTS = re.compile("[().\u0644]")


@dataclass
class Parsed:
    slug: str
    path: Path
    data: bytes
    brief: Brief
    pdf: pypdf.PdfReader
    pages: list[str]  # extracted text per page
    squashed: list[str] = field(default_factory=list)

    def __post_init__(self):
        self.squashed = [self.squash(page) for page in self.pages]

    @property
    def rtl(self) -> bool:
        return direction(self.brief.language) == "rtl"

    def squash(self, text: str) -> str:
        """`text` as this PDF's extracted text is compared: squashed, and for a right-to-left brief
        without bidi controls and what poppler's logical order gets wrong (RTL_ARTEFACTS)."""
        found = squash(BIDI_CONTROLS.sub("", text))
        return RTL_ARTEFACTS.sub("", found) if self.rtl else found

    @property
    def text(self) -> str:
        return "".join(self.squashed)

    def find_all(self, needles: list[str]) -> list[int]:
        """Positions of each needle in the squashed text, each searched after the previous one."""
        positions, start = [], 0
        for needle in needles:
            at = self.text.find(self.squash(needle), start)
            positions.append(at)
            if at >= 0:
                start = at + len(self.squash(needle))
        return positions


def page_texts(path: Path, pdf: pypdf.PdfReader, language: str) -> list[str]:
    """The text of each page: pypdf's, and poppler's for a right-to-left brief (pypdf gives its
    lines in visual order, digits reversed; poppler in logical order)."""
    if direction(language) != "rtl":
        return [page.extract_text() for page in pdf.pages]
    return [
        subprocess.run(
            ["pdftotext", "-enc", "UTF-8", "-f", str(n), "-l", str(n), str(path), "-"],
            capture_output=True,
            check=True,
            text=True,
        ).stdout
        for n in range(1, len(pdf.pages) + 1)
    ]


@pytest.fixture(scope="session")
def pdf_build(tmp_path_factory):
    """The sample project built once in PDF and HTML: (project, result, out)."""
    root = tmp_path_factory.mktemp("pdf")
    project = copy_project(root / "project")
    out = root / "out"
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("SOURCE_DATE_EPOCH", EPOCH)
        result = build(project, formats=["pdf", "html"], out=out)
    return project, result, out


@pytest.fixture(scope="session")
def briefs(pdf_build) -> dict[str, Brief]:
    project, _, _ = pdf_build
    report = Report()
    authors = reader.read_authors(project, report)
    loaded = {path.stem: reader.read_brief(path, project, authors, report) for path in project.briefs()}
    assert report.errors == []
    return loaded


@pytest.fixture(scope="session")
def parsed(pdf_build, briefs) -> dict[str, Parsed]:
    _, _, out = pdf_build
    result = {}
    for slug in SLUGS:
        path = out / "pdf" / f"{slug}.pdf"
        if not path.is_file():
            continue
        data = path.read_bytes()
        pdf = pypdf.PdfReader(path)
        pages = page_texts(path, pdf, briefs[slug].language)
        result[slug] = Parsed(slug, path, data, briefs[slug], pdf, pages)
    return result


@pytest.fixture
def doc(request, parsed) -> Parsed:
    slug = request.param
    if slug not in parsed:
        pytest.fail(f"{slug}.pdf was not built")
    return parsed[slug]


@pytest.fixture(scope="session")
def brand(pdf_build):
    project, _, _ = pdf_build
    return Layout(project).brand


def each(slugs=SLUGS):
    return pytest.mark.parametrize("doc", slugs, indirect=True)


def localized_authors(brief: Brief):
    return [author.localized(brief.language) for author in brief.authors]


def footnote_texts(brief: Brief) -> list[str]:
    return [
        " ".join(printed_text(brief, t) for t in tokens if t.type == "inline")
        for _, tokens in sorted(brief.footnotes.items())
    ]


def first_words(text: str, count: int = 12) -> str:
    return " ".join(text.split()[:count])


# --- the build itself -------------------------------------------------------------------------


@pytest.mark.slow
def test_every_brief_built_without_errors_or_warnings(pdf_build):
    _, result, out = pdf_build
    assert [str(d) for d in result.report.diagnostics] == []
    built = sorted(p.relative_to(out).as_posix() for p in result.built)
    assert built == sorted([f"pdf/{s}.pdf" for s in SLUGS] + [f"html/{s}.html" for s in SLUGS])


@pytest.mark.slow
def test_there_are_sample_briefs_of_each_kind(briefs):
    assert len(briefs) >= 4
    assert any(b.language == "ko" and b.meta.translation_of for b in briefs.values())
    assert any(b.is_draft for b in briefs.values())
    assert any(b.footnotes and b.images for b in briefs.values())


# --- structure: qpdf, page size, fonts --------------------------------------------------------


@pytest.mark.slow
@each()
def test_qpdf_check_passes(doc):
    proc = subprocess.run(["qpdf", "--check", str(doc.path)], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "No syntax or stream encoding errors found" in proc.stdout
    assert "WARNING" not in proc.stdout + proc.stderr


@pytest.mark.slow
@each()
def test_pdf_parses_strictly(doc):
    strict = pypdf.PdfReader(doc.path, strict=True)
    assert len(strict.pages) == len(doc.pages) >= 1
    assert doc.data.startswith(b"%PDF-1.") and doc.data.rstrip().endswith(b"%%EOF")


@pytest.mark.slow
@each()
def test_pages_are_a4(doc):
    for page in doc.pdf.pages:
        box = page.mediabox
        assert (round(float(box.width) * 25.4 / 72), round(float(box.height) * 25.4 / 72)) == (210, 297)


def _fonts(resources, seen: set, found: list):
    """Every font dictionary reachable from a /Resources dictionary (pages, forms, patterns)."""
    resources = resources.get_object() if resources is not None else None
    if not resources or id(resources) in seen:
        return
    seen.add(id(resources))
    for font in (resources.get("/Font") or {}).values():
        font = font.get_object()
        found.append(font)
        if font.get("/Subtype") == "/Type3":
            _fonts(font.get("/Resources"), seen, found)
    for xobject in (resources.get("/XObject") or {}).values():
        xobject = xobject.get_object()
        if xobject.get("/Subtype") == "/Form":
            _fonts(xobject.get("/Resources"), seen, found)
    for pattern in (resources.get("/Pattern") or {}).values():
        _fonts(pattern.get_object().get("/Resources"), seen, found)


def embedded_fonts(pdf: pypdf.PdfReader) -> dict[str, set[str]]:
    """BaseFont (subset prefix removed) -> the FontFile keys of its descriptor."""
    found: list = []
    seen: set = set()
    for page in pdf.pages:
        _fonts(page.get("/Resources"), seen, found)
    fonts: dict[str, set[str]] = {}
    for font in found:
        if font.get("/Subtype") == "/Type3":
            fonts.setdefault("Type3", set()).add("Type3")
            continue
        for descendant in font.get("/DescendantFonts", [font]):
            descendant = descendant.get_object()
            descriptor = descendant.get("/FontDescriptor")
            keys = (
                set(descriptor.get_object()) & {"/FontFile", "/FontFile2", "/FontFile3"}
                if descriptor
                else set()
            )
            name = str(descendant.get("/BaseFont", font.get("/BaseFont")))
            fonts.setdefault(name.lstrip("/").split("+", 1)[-1], set()).update(keys)
    return fonts


@pytest.mark.slow
@each()
def test_every_font_is_embedded_and_bundled(doc):
    fonts = embedded_fonts(doc.pdf)
    assert fonts, "no fonts found"
    not_embedded = [name for name, keys in fonts.items() if not keys]
    assert not_embedded == []
    foreign = [name for name in fonts if not name.startswith(("Noto", "Nanum"))]
    assert foreign == [], f"fonts that are not bundled: {foreign}"


@pytest.mark.slow
@each([s for s in SLUGS if s.endswith("-ko")])
def test_korean_brief_uses_korean_fonts(doc):
    assert any(name.startswith("Nanum") for name in embedded_fonts(doc.pdf))


# --- text: title, byline, sections, footnotes, bios, colophon ----------------------------------


@pytest.mark.slow
@each()
def test_title_and_subtitle_on_page_1(doc):
    meta = doc.brief.meta
    assert doc.squash(meta.title) in doc.squashed[0]
    if meta.subtitle:
        assert doc.squash(meta.subtitle) in doc.squashed[0]


@pytest.mark.slow
@each()
def test_byline_names_roles_and_date_on_page_1(doc, brand):
    for author in localized_authors(doc.brief):
        assert doc.squash(author.name) in doc.squashed[0], author.name
        assert doc.squash(author.role) in doc.squashed[0], author.role
    date = format_date(doc.brief.meta.date, doc.brief.language, brand.extra)  # in the brand's digits
    assert doc.squash(date) in doc.squashed[0]
    assert doc.find_all([a.name for a in localized_authors(doc.brief)]).count(-1) == 0  # in order


@pytest.mark.slow
@each()
def test_masthead_series_and_number_on_page_1(doc):
    first = doc.squashed[0].lower()
    labels = labels_in(None, doc.brief.language)
    series = doc.brief.meta.series or labels["series"]
    assert doc.squash(series).lower() in first
    if doc.brief.meta.number:  # "No. 2026-12", "N° 2026-03(F)", "العدد 2026-09(A)"
        assert doc.squash(f"{labels['number']} {doc.brief.meta.number}").lower() in first
    if doc.brief.meta.edition:
        assert doc.squash(doc.brief.meta.edition).lower() in first


@pytest.mark.slow
@each()
def test_section_headings_in_order(doc):
    titles = [section.title for section in doc.brief.sections]
    assert titles, "every sample brief has sections"
    positions = doc.find_all(titles)
    missing = [t for t, at in zip(titles, positions, strict=True) if at < 0]
    assert missing == [], f"not found in order: {missing}"


@pytest.mark.slow
@each()
def test_footnote_texts(doc, brand):
    notes = footnote_texts(doc.brief)
    for note in notes:
        assert doc.squash(first_words(note)) in doc.text, note
    # each note sits at the foot of a page, below the text that calls it
    for index, note in enumerate(notes, start=1):
        page = next(i for i, text in enumerate(doc.squashed) if doc.squash(first_words(note)) in text)
        lines = [line for line in doc.pages[page].splitlines() if line.strip()]
        number = locale_number(index, doc.brief.language, brand.extra)  # in the brand's digits
        start = doc.squash(f"{number}. {note}")[:16]
        line = next(i for i, text in enumerate(lines) if doc.squash(text).startswith(start))
        assert line > len(lines) // 3, f"note {index} is not in the lower part of page {page + 1}"


@pytest.mark.slow
@each()
def test_about_the_authors_with_bios(doc):
    labels = labels_in(None, doc.brief.language)
    authors = localized_authors(doc.brief)
    heading = labels["about_authors"] if len(authors) > 1 else labels["about_author"]
    positions = doc.find_all([heading] + [first_words(a.bio) for a in authors])
    assert -1 not in positions, positions
    # bios are plain text: a tilde stays a tilde
    for author in authors:
        for years in re.findall(r"\d{4}~\d{4}", author.bio):
            assert years in doc.text


@pytest.mark.slow
@each()
def test_colophon_on_the_last_page(doc, brand):
    last = doc.squashed[-1]
    year = doc.brief.meta.date.year
    copyright_line = str(brand.extra.get("copyright", "© {year} {institute}")).format(
        year=year, institute=brand.name
    )
    assert doc.squash(brand.name) in last
    assert doc.squash(copyright_line) in last
    disclaimer = about_institute(brand, labels_in(None, doc.brief.language), doc.brief.language, "disclaimer")
    assert doc.squash(disclaimer) in last
    if brand.extra.get("address"):
        assert doc.squash(brand.extra["address"]) in last
    # the colophon comes after the bios
    authors = localized_authors(doc.brief)
    institute = names(brand, doc.brief.language).institute
    assert -1 not in doc.find_all([first_words(authors[-1].bio), institute, copyright_line])


@pytest.mark.slow
@each()
def test_running_footer_from_page_2(doc, brand):
    meta = doc.brief.meta
    language = doc.brief.language
    labels = labels_in(None, language)
    total = locale_number(len(doc.pages), language, brand.extra)
    # "page 2 / 7" in English, "2 / 7" in Korean; a right-to-left page has its numbers alone at the left
    prefix = "" if doc.rtl else labels["page_prefix"]
    series = meta.series or labels["series"]
    footer = doc.squash(f"{series} · {labels['number']} {meta.number or labels['draft']}")

    def folio(n: int) -> re.Pattern:
        shown = locale_number(n, language, brand.extra)
        return re.compile(rf"(?:^|\s){re.escape(prefix)}{shown} ?/ ?{total}\s*$", re.MULTILINE)

    assert not folio(1).search(BIDI_CONTROLS.sub("", doc.pages[0])), "page 1 carries no running footer"
    assert footer not in doc.squashed[0]
    for index in range(1, len(doc.pages)):
        page = BIDI_CONTROLS.sub("", doc.pages[index])
        assert folio(index + 1).search(page), (
            f"page {index + 1}: no `{prefix}{index + 1} / {total}` in {page[-160:]!r}"
        )
        assert footer in doc.squashed[index], f"page {index + 1}"
    if labels["page_prefix"] != labels_in(None, "en")["page_prefix"]:  # French says "page" too
        assert not re.search(rf"\bpage \d+ / {total}", "".join(doc.pages)), (
            "English folio in a non-English brief"
        )


# --- language-specific content ----------------------------------------------------------------


@pytest.mark.slow
def test_korean_brief_has_hangul_and_korean_labels(parsed):
    doc = parsed["grid-storage-auctions-ko"]
    assert doc.brief.language == "ko"
    assert len(HANGUL.findall(doc.pages[0])) > 200
    assert squash("저자 소개") in doc.text
    assert squash("2026년 5월 26일") in doc.squashed[0]
    assert squash("이 판에 대하여") in doc.text
    # the edition note names the English original, number and title in its own script
    original = doc.brief.meta.translation_of
    assert squash(f"No. {original.number}") in doc.text
    assert squash(original.title) in doc.text


@pytest.mark.slow
def test_korean_brief_breaks_lines_between_words_only(parsed):
    """`word-break: keep-all`: Korean lines end at a space, not inside a word."""
    doc = parsed["grid-storage-auctions-ko"]
    source_words = set(doc.brief.meta.title.split())
    title_lines = []
    for line in doc.pages[0].splitlines():
        if HANGUL.search(line) and squash(line) in squash(doc.brief.meta.title):
            title_lines.append(line.strip())
        elif title_lines:
            break
    assert len(title_lines) >= 2
    for line in title_lines:
        for word in line.split():
            assert word in source_words, f"title line breaks inside a word: {line!r}"


@pytest.mark.slow
def test_english_summary_holds_the_hangul_title_of_its_original(parsed):
    doc = parsed["maritime-chokepoints-summary"]
    original = doc.brief.meta.translation_of
    assert original.language == "ko" and HANGUL.search(original.title)
    positions = doc.find_all(
        ["About this edition", doc.brief.meta.edition, f"No. {original.number}", original.title]
    )
    assert -1 not in positions, positions
    assert any(name.startswith("Nanum") for name in embedded_fonts(doc.pdf))


@pytest.mark.slow
def test_draft_is_marked_on_every_page(parsed):
    doc = parsed["digital-identity-draft"]
    assert doc.brief.is_draft
    for index, text in enumerate(doc.pages, start=1):
        assert "DRAFT" in text, f"page {index}"


@pytest.mark.slow
@each(FINAL)
def test_final_brief_has_no_draft_mark(doc):
    assert "DRAFT" not in "".join(doc.pages)
    assert doc.squash(labels_in(None, doc.brief.language)["draft_note"]) not in doc.text


@pytest.mark.slow
def test_long_brief_has_at_least_six_pages(parsed):
    longest = max(parsed.values(), key=lambda d: len(d.pages))
    assert longest.slug == "ageing-workforce-automation"
    assert len(longest.pages) >= 6
    assert len(longest.brief.authors) >= 3


@pytest.mark.slow
def test_figure_caption_printed_and_description_only_in_alt(parsed):
    """The caption (the picture's title) is printed under the figure, numbered; the description is
    not printed (it is the figure's /Alt: test_pdf_structure.py)."""
    docs = [d for d in parsed.values() if d.brief.images]
    assert docs
    for doc in docs:
        label = labels_in(None, doc.brief.language)["figure"]
        for number, image in enumerate(doc.brief.images, 1):
            assert image.caption and image.caption != image.alt
            assert doc.squash(f"{label} {number}. {image.caption}") in doc.text, image.caption
            assert doc.squash(first_words(image.alt)) not in doc.text, image.alt
        images = [
            x
            for page in doc.pdf.pages
            for x in (page["/Resources"].get("/XObject") or {}).values()
            if x.get_object().get("/Subtype") == "/Image"
        ]
        assert len(images) >= len(doc.brief.images)


# --- catalog: language, tags, window title, metadata, bookmarks --------------------------------


def pdf_true(value) -> bool:
    """A PDF boolean `true` (pypdf's BooleanObject(False) is truthy, so compare)."""
    return isinstance(value, BooleanObject) and value == True  # noqa: E712


def _catalog(doc: Parsed):
    return doc.pdf.trailer["/Root"]


@pytest.mark.slow
@each()
def test_catalog_language(doc):
    assert str(_catalog(doc).get("/Lang")) == doc.brief.language


@pytest.mark.slow
@each()
def test_tagged_pdf(doc):
    catalog = _catalog(doc)
    assert "/StructTreeRoot" in catalog
    tree = catalog["/StructTreeRoot"].get_object()
    assert tree.get("/K") is not None
    assert pdf_true(catalog["/MarkInfo"].get_object().get("/Marked"))


@pytest.mark.slow
@each()
def test_title_is_shown_as_window_title(doc):
    prefs = _catalog(doc).get("/ViewerPreferences")
    assert prefs is not None and pdf_true(prefs.get_object().get("/DisplayDocTitle"))


@pytest.mark.slow
@each()
def test_document_info_metadata(doc):
    meta = doc.brief.meta
    info = doc.pdf.metadata
    assert info.title == meta.title
    names = [a.name for a in localized_authors(doc.brief)]
    assert all(name in (info.author or "") for name in names), info.author
    assert info.subject == " ".join((meta.summary or "").split())
    assert all(keyword in (info.get("/Keywords") or "") for keyword in meta.keywords)


@pytest.mark.slow
@each()
def test_xmp_metadata_title(doc):
    xmp = doc.pdf.xmp_metadata
    assert xmp is not None
    assert meta_title_in(xmp.dc_title, doc.brief.meta.title)


def meta_title_in(dc_title, title: str) -> bool:
    return bool(dc_title) and title in dc_title.values()


def outline_titles(outline, depth=0) -> list[tuple[int, str]]:
    titles = []
    for item in outline:
        if isinstance(item, list):
            titles += outline_titles(item, depth + 1)
        else:
            titles.append((depth, item.title))
    return titles


@pytest.mark.slow
@each()
def test_bookmarks_hold_title_and_every_section(doc):
    titles = outline_titles(doc.pdf.outline)
    assert titles[0] == (0, doc.brief.meta.title)
    flat = [title for _, title in titles]
    expected = [section.title for section in doc.brief.sections]
    in_outline = [title for title in flat if title in expected]
    assert in_outline == expected
    # sections nest under the title, subsections under their section
    depth = {title: d for d, title in titles}
    for section in doc.brief.sections:
        assert depth[section.title] == section.level - 1, section.title


# --- reproducible output ----------------------------------------------------------------------


@pytest.mark.slow
def test_source_date_epoch_builds_are_byte_identical(pdf_build, parsed, tmp_path, monkeypatch):
    project, _, _ = pdf_build
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    slugs = ["grid-storage-auctions", "grid-storage-auctions-ko"]
    sources = [project.briefs_dir / f"{slug}.md" for slug in slugs]
    # in this process this time (the session build used worker processes): same bytes either way
    again = build(project, sources, formats=["pdf"], out=tmp_path / "again", force=True, jobs=1)
    assert again.report.errors == []
    for slug in slugs:
        assert (tmp_path / "again" / "pdf" / f"{slug}.pdf").read_bytes() == parsed[slug].data, slug


# --- the HTML output is the document the PDF is printed from ----------------------------------


@pytest.mark.slow
@pytest.mark.parametrize("slug", ["grid-storage-auctions", "grid-storage-auctions-ko"])
def test_bare_weasyprint_reproduces_the_pdf_from_the_html(pdf_build, parsed, slug, tmp_path):
    import weasyprint

    from briefexport.writers.pdf.weasy import _Collect  # same font isolation as the build: no system fonts

    _, _, out = pdf_build
    html = out / "html" / f"{slug}.html"
    handler = _Collect()
    logger = logging.getLogger("weasyprint")
    logger.addHandler(handler)
    try:
        data = weasyprint.HTML(filename=str(html)).write_pdf()
    finally:
        logger.removeHandler(handler)
    assert handler.messages == []
    target = tmp_path / f"{slug}.pdf"
    target.write_bytes(data)
    bare = pypdf.PdfReader(target)
    doc = parsed[slug]
    # The same pages with the same text; within a page the order may differ, since the writer's
    # figure placement (weasyprint_patches/figures.py) moves paragraphs before a figure too tall for
    # the rest of its page after layout, and the print HTML shows the brief before that step.
    assert len(bare.pages) == len(doc.squashed)
    assert sorted("".join(squash(page.extract_text()) for page in bare.pages)) == sorted(
        "".join(doc.squashed)
    )
    fonts = embedded_fonts(bare)
    assert fonts and all(name.startswith(("Noto", "Nanum")) and keys for name, keys in fonts.items()), fonts


@pytest.mark.slow
def test_html_resolves_fonts_and_images_relative_to_itself(pdf_build, tmp_path):
    """Fonts and images are relative URLs that resolve from where the HTML file is."""
    _, _, out = pdf_build
    html = (out / "html" / "grid-storage-auctions.html").read_text(encoding="utf-8")
    assert "file://" not in html
    assert str(out) not in html
    assert not re.search(r'(src|href)="/', html)
    urls = re.findall(r'(?:src="|url\(")([^"]+)"', html)
    assert any(u.endswith(".png") for u in urls) and any(u.endswith((".ttf", ".otf", ".woff2")) for u in urls)
    for url in urls:
        assert (out / "html" / url).resolve().is_file(), url


# --- WeasyPrint warnings are ours: a layout that makes warnings is reported ---------------------


def test_weasyprint_warnings_reach_the_report(tmp_path, monkeypatch):
    """The "no warnings" check above means something only if warnings do reach the report.

    A user's layouts/pdf/brief.css.j2 overrides the packaged one (file by file); an unknown
    CSS property in it makes WeasyPrint log a warning, which must come back as a diagnostic.
    """
    from briefexport.project import DEFAULTS_DIR, Project

    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    root = tmp_path / "project"
    shutil.copytree(ROOTS / "only-content", root)
    css = (DEFAULTS_DIR / "layouts" / "pdf" / "brief.css.j2").read_text(encoding="utf-8")
    (root / "layouts" / "pdf").mkdir(parents=True)
    (root / "layouts" / "pdf" / "brief.css.j2").write_text(
        css + "\nh1.title { colr-typo: red; }\n", encoding="utf-8"
    )
    result = build(Project.at(root), formats=["pdf"], out=tmp_path / "out", jobs=1)
    assert result.report.errors == []
    warnings = [str(d) for d in result.report.warnings]
    assert any("colr-typo" in w for w in warnings), warnings
    assert all(w.startswith("content/briefs/ferry-charging.md") for w in warnings), warnings
