"""The readers' library (build/site/) of the sample content, read back with an HTML5 parser: every
page parses without errors, links are relative and lead to files of the site, drafts never appear,
and each page carries what the issue asks (web edition parts, editions, metadata)."""

from __future__ import annotations

import json
import re
from pathlib import Path
from urllib.parse import unquote, urlsplit

import html5lib
import pytest

from briefexport.writers.shared.identifiers import brief_identifier

pytestmark = pytest.mark.slow  # the session's full build of the sample content

XHTML = "{http://www.w3.org/1999/xhtml}"
FINAL = [
    "ageing-workforce-automation",
    "grid-storage-auctions-ko",
    "grid-storage-auctions",
    "maritime-chokepoints-ar",
    "maritime-chokepoints-summary",
    "harbour-electrification-fr",
    "harbour-electrification",
]  # newest first
DRAFT = "digital-identity-draft"


@pytest.fixture(scope="module")
def site(sample_build) -> Path:
    project, result, out = sample_build
    assert result.ok, [str(d) for d in result.report.errors]
    return out / "site"


def parse(path: Path):
    """html5lib, strict: any parse error (a stray tag, a bad attribute, a missing doctype) fails."""
    return html5lib.HTMLParser(strict=True, namespaceHTMLElements=True).parse(path.read_bytes())


def pages(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


def text(element) -> str:
    return " ".join("".join(element.itertext()).split())


def test_the_site_has_every_final_brief_and_no_draft(site):
    assert sorted(p.name for p in (site / "briefs").iterdir()) == sorted(FINAL)
    assert {p.name for p in (site / "collections").iterdir()} == {"briefs-2026", "index.html"}
    assert {p.name for p in (site / "authors").iterdir()} == {
        "hana-seo",
        "minjae-kang",
        "tomas-reiner",
        "elena-varga",
        "sofia-almeida",
    }
    everything = b"".join(p.read_bytes() for p in site.rglob("*") if p.suffix in (".html", ".xml"))
    assert b"Digital Identity Wallets" not in everything and DRAFT.encode() not in everything
    for slug in FINAL:
        folder = site / "briefs" / slug
        assert (folder / f"{slug}.pdf").read_bytes() == (site.parent / "pdf" / f"{slug}.pdf").read_bytes()
        # the download is the PDF itself, hard-linked: the library does not double the disk it takes
        assert (folder / f"{slug}.pdf").stat().st_ino == (site.parent / "pdf" / f"{slug}.pdf").stat().st_ino
        assert (folder / "page1.png").read_bytes().startswith(b"\x89PNG")
    assert not list(site.rglob("*.docx"))
    epub = site / "collections" / "briefs-2026" / "briefs-2026.epub"
    assert epub.read_bytes() == (site.parent / "epub" / "briefs-2026.epub").read_bytes()


TOPICS = 20  # the final briefs' keywords, the Korean brief's merged into their English topics by topics.yaml


def test_every_page_parses_as_html5_without_errors(site):
    # index, editions, authors, collection and collections, archive, search in English, Korean,
    # French and Arabic, topics, years and series (each with the page listing them)
    assert len(pages(site)) == 1 + len(FINAL) + 5 + 2 + 1 + 4 + (TOPICS + 1) + (1 + 1) + (1 + 1)
    for page in pages(site):
        document = parse(page)
        assert document.find(f"{XHTML}head/{XHTML}title") is not None, page
        assert document.get("lang"), page


def test_links_are_relative_and_lead_to_files_and_anchors_of_the_site(site):
    """Every href and src of every page: a relative URL naming a file inside build/site/ (and an id
    there, for a fragment). Only the brand's home page and the web addresses the briefs' text
    gives are outside links, and only as links, besides the DOIs and URLs of the works the briefs
    cite (`citation-url`, as the entries give them)."""
    ids = {page: {e.get("id") for e in parse(page).iter() if e.get("id")} for page in pages(site)}
    outside, cited = set(), set()
    checked = 0
    for page in pages(site):
        for element in parse(page).iter():
            for attribute in ("href", "src"):
                url = element.get(attribute)
                if url is None:
                    continue
                parts = urlsplit(url)
                if parts.scheme or url.startswith("/"):
                    assert element.tag == f"{XHTML}a" and parts.scheme == "https", (page, url)
                    (cited if element.get("class") == "citation-url" else outside).add(url)
                    continue
                target = (page.parent / unquote(parts.path)).resolve() if parts.path else page
                assert target.is_file(), (page, url)
                assert site.resolve() in target.parents, (page, url)
                if parts.fragment:
                    assert parts.fragment in ids[target], (page, url)
                checked += 1
    assert outside == {
        "https://meridian-institute.example.org",
        "https://meridian-institute.example.org/briefs/2026-03",  # in the French synthesis
        "https://meridian-institute.example.org/briefs/2026-09",  # in the Arabic summary
    }
    assert "https://doi.org/10.1257/jep.33.2.3" in cited  # the samples cite: not vacuous
    assert checked > 250


def test_no_script_but_the_json_ld_data_block_and_the_search_pages_own(site):
    searching = []
    for page in pages(site):
        for script in parse(page).iter(f"{XHTML}script"):
            if script.get("src"):
                searching.append(page.relative_to(site).as_posix())
                assert (page.parent / script.get("src")).resolve() == (site / "search.js").resolve()
                assert script.get("defer") is not None
            else:
                assert script.get("type") == "application/ld+json", page
    # one search page per language of the briefs (Pagefind indexes each language apart)
    assert sorted(searching) == [
        "search/ar/index.html",
        "search/fr/index.html",
        "search/index.html",
        "search/ko/index.html",
    ]
    from briefexport.writers.site.lists import SCRIPT

    assert (site / "search.js").read_bytes() == SCRIPT.read_bytes()  # the package's, never a layout's


def test_index_lists_collections_then_final_briefs_newest_first(site):
    document = parse(site / "index.html")
    titles = [
        a.get("href")
        for h3 in document.iter(f"{XHTML}h3")
        if h3.get("class") == "card-title"
        for a in h3.iter(f"{XHTML}a")
    ]
    assert titles == [f"briefs/{slug}/index.html" for slug in FINAL]
    shelf = next(h for h in document.iter(f"{XHTML}h3") if h.get("class") == "shelf-title")
    assert text(shelf) == "Meridian Issue Briefs 2026"
    page = (site / "index.html").read_text()
    assert page.index("Meridian Issue Briefs 2026") < page.index("An Ageing Workforce")
    assert 'href="collections/briefs-2026/briefs-2026.epub" type="application/epub+zip"' in page
    assert 'src="collections/briefs-2026/cover-small.png"' in page
    assert "No. 2026-12(K)" in page and "2026년 5월 26일" in page and "Hana Seo" in page
    assert "Five auction rounds have contracted 4.2 GW" in page  # the summary
    assert 'src="briefs/grid-storage-auctions/page1.png"' in page


def test_a_web_edition_has_the_parts_of_a_brief(site):
    document = parse(site / "briefs" / "grid-storage-auctions" / "index.html")
    page = (site / "briefs" / "grid-storage-auctions" / "index.html").read_text()
    h1 = [text(h) for h in document.iter(f"{XHTML}h1")]
    assert h1 == [
        "Storage Auctions Have Delivered Cheap Capacity on Paper, but Slow Grid Connections and Short "
        "Durations Now Threaten the Next Phase of the Energy Transition"
    ]
    assert 'class="series">Issue Brief<' in page and "No. 2026-12" in page
    assert 'href="../../authors/hana-seo/index.html">Hana Seo</a>' in page
    assert '<p class="lead">On 6 May the National Grid Authority' in page
    # sections link to themselves (by their own id, the positional one kept); footnotes link to the
    # notes section and back, with pop-ups
    assert (
        '<h2 id="sec-delivered"><span id="sec-1"></span><a class="anchor" href="#sec-delivered">What Have '
        "Five Storage Auctions Actually Delivered?</a></h2>" in page
    )
    assert re.search(
        r'<sup class="noteref" id="fnref-1"><a class="noteref-link" href="#fn-1" role="doc-noteref"', page
    )
    assert (
        'popovertarget="pop-1"' in page and '<span class="note-pop" popover id="pop-1" role="note">' in page
    )
    notes = next(s for s in document.iter(f"{XHTML}section") if s.get("class") == "notes")
    items = list(notes.iter(f"{XHTML}li"))
    assert [li.get("id") for li in items] == [f"fn-{n}" for n in range(1, len(items) + 1)]
    assert all(
        li.find(f".//{XHTML}a[@role='doc-backlink']").get("href") == f"#fnref-{n}"
        for n, li in enumerate(items, 1)
    )
    # a figure with its caption (its number a link to its id), a table that scrolls by itself on a phone
    assert '<figure class="figure" id="fig-capacity">' in page and 'alt="Bar chart comparing' in page
    assert (
        '<figcaption><a class="anchor" href="#fig-capacity"><span class="figure-label">Figure 1.</span></a> '
        "Contracted and operational" in page
    )
    assert 'src="images/storage-capacity.png"' in page
    assert '<div class="table-scroll" role="region" tabindex="0" aria-label="Table 1">' in page
    assert "About the Authors" in page and "Hana Seo is a Senior Research Fellow" in page
    assert (
        'href="../../briefs/grid-storage-auctions/grid-storage-auctions.pdf" type="application/pdf">'
        "PDF for screen reading</a>"
    ) in page


def test_editions_link_to_each_other_with_hreflang_both_ways(site):
    english = (site / "briefs" / "grid-storage-auctions" / "index.html").read_text()
    korean = (site / "briefs" / "grid-storage-auctions-ko" / "index.html").read_text()
    assert (
        '<link rel="alternate" hreflang="ko" href="../../briefs/grid-storage-auctions-ko/index.html">'
        in english
    )
    assert (
        '<link rel="alternate" hreflang="en" href="../../briefs/grid-storage-auctions/index.html">' in korean
    )
    assert (
        'hreflang="ko" lang="ko">에너지저장장치 경쟁입찰은' in english
        and "Also available in Korean:" in english
    )
    # the Korean edition's note links the cited original
    assert re.search(
        r'<a href="../../briefs/grid-storage-auctions/index.html" hreflang="en"><cite lang="en">'
        r"Storage Auctions Have Delivered",
        korean,
    )
    assert '<html lang="ko">' in korean and "저자 소개" in korean
    # an original that is not on the site is cited, not linked
    summary = (site / "briefs" / "maritime-chokepoints-summary" / "index.html").read_text()
    assert '<cite lang="ko">동아시아 해상 요충지의' in summary and 'hreflang="ko"' not in summary


def test_open_graph_and_schema_org_metadata(site):
    document = parse(site / "briefs" / "grid-storage-auctions" / "index.html")
    meta = {m.get("property"): m.get("content") for m in document.iter(f"{XHTML}meta") if m.get("property")}
    assert meta["og:type"] == "article" and meta["og:title"].startswith("Storage Auctions")
    assert meta["og:site_name"] == "Meridian Institute for Policy Studies"
    assert meta["article:published_time"] == "2026-05-12"
    script = next(document.iter(f"{XHTML}script"))
    data = json.loads(script.text)
    assert data["@type"] == ["ScholarlyArticle", "Report"]
    assert data["datePublished"] == "2026-05-12" and data["reportNumber"] == "2026-12"
    assert [a["name"] for a in data["author"]] == ["Hana Seo", "Minjae Kang"]
    assert data["publisher"]["name"] == "Meridian Institute for Policy Studies"
    assert data["workTranslation"][0]["inLanguage"] == "ko"
    brief = type(
        "B", (), {"slug": "grid-storage-auctions", "meta": type("M", (), {"title": data["headline"]})}
    )
    assert data["identifier"] == brief_identifier(brief)


def test_collection_and_author_pages(site):
    collection = (site / "collections" / "briefs-2026" / "index.html").read_text()
    assert "<h1>Meridian Issue Briefs 2026</h1>" in collection
    assert collection.count('class="card"') == 5 and DRAFT not in collection
    assert 'href="briefs-2026.epub"' not in collection  # links from the collection page's own folder:
    assert 'href="../../collections/briefs-2026/briefs-2026.epub"' in collection
    author = (site / "authors" / "tomas-reiner" / "index.html").read_text()
    assert "<h1>Tomas Reiner</h1>" in author and "Briefs by Tomas Reiner" in author
    assert author.count('class="card"') == 4  # his two briefs and their French and Arabic editions


def test_fonts_are_bundled_subsets_named_by_the_stylesheet(site):
    from fontTools.ttLib import TTFont

    css = (site / "style.css").read_text()
    urls = re.findall(r'url\("([^"]+)"\)', css)
    assert urls and all(not re.match(r"[a-z]+:", url) for url in urls)
    for url in urls:
        font = TTFont(site / url)
        assert len(font.getGlyphOrder()) < 2000  # subset: the full Nanum fonts have over 10,000
    korean = TTFont(site / "fonts" / "nanummyeongjo.ttf").getBestCmap()
    assert ord("저") in korean and ord("電") not in korean
    assert "prefers-color-scheme: dark" in css and "#17375E" in css  # brand colour


def test_topics_years_and_series_have_pages_linked_from_each_brief(site):
    """A topic gathers its keyword's variants (topics.yaml: the Korean edition's 에너지저장장치 is
    Energy storage) and is named and described by the registry; a keyword no topic lists is a
    topic of its own, as the brief spells it. Each brief links its series, year and topics."""
    storage = (site / "topics" / "energy-storage" / "index.html").read_text()
    assert "<h1>Energy storage</h1>" in storage and "Batteries and long-duration storage" in storage
    assert storage.count('class="card"') == 2
    assert "../../briefs/grid-storage-auctions/index.html" in storage
    assert "../../briefs/grid-storage-auctions-ko/index.html" in storage
    assert "<h1>East Asia</h1>" in (site / "topics" / "east-asia" / "index.html").read_text()
    korean = (site / "briefs" / "grid-storage-auctions-ko" / "index.html").read_text()
    filed = re.search(r'<p class="filed"[^>]*>(.*?)</p>', korean).group(1)
    assert '<a href="../../series/issue-brief/index.html">Issue Brief</a>' in filed
    assert '<a href="../../years/2026/index.html">2026</a>' in filed
    assert '<a href="../../topics/energy-storage/index.html">에너지저장장치</a>' in filed  # its Korean name
    series = (site / "series" / "issue-brief" / "index.html").read_text()
    # 이슈브리프, Note d’analyse, موجز سياسات: the language's word for the default series is it
    assert series.count('class="card"') == len(FINAL)
    french = (site / "briefs" / "harbour-electrification-fr" / "index.html").read_text()
    filed = re.search(r'<p class="filed"[^>]*>(.*?)</p>', french).group(1)  # topics.yaml's fr: name
    assert '<a href="../../topics/shore-power/index.html">Alimentation électrique à quai</a>' in filed
    year = (site / "years" / "2026" / "index.html").read_text()
    assert "<h1>Briefs of 2026</h1>" in year and year.count('class="card"') == len(FINAL)
    topics = parse(site / "topics" / "index.html")
    names = [text(a) for a in topics.iter(f"{XHTML}a") if (a.get("href") or "").endswith("/index.html")]
    assert "Energy storage" in names and "에너지저장장치" not in names and len(set(names)) >= TOPICS
    index = (site / "index.html").read_text()
    assert f'href="archive/index.html">All {len(FINAL)} briefs, newest first</a>' in index
    assert 'href="topics/energy-storage/index.html">Energy storage</a>' in index


def test_the_search_page_works_without_script_and_says_so(site):
    """Without script (and from disk) the search page says why search is not there and offers the
    topics and years instead; the box is hidden until search.js shows it."""
    document = parse(site / "search" / "index.html")
    box = next(e for e in document.iter() if e.get("id") == "search")
    assert box.get("hidden") is not None and box.get("role") == "search"
    notice = next(e for e in document.iter() if e.get("id") == "search-nojs")
    assert notice.get("hidden") is None and "JavaScript" in text(notice)
    assert "web server" in text(next(e for e in document.iter() if e.get("id") == "search-file"))
    links = {a.get("href") for a in document.iter(f"{XHTML}a")}
    assert "../topics/energy-storage/index.html" in links and "../years/2026/index.html" in links
    assert "../search/ko/index.html" in links  # the Korean editions' own index
    french, arabic = (parse(site / "search" / lang / "index.html") for lang in ("fr", "ar"))
    assert french.get("lang") == "fr" and "Rechercher dans les notes" in text(french.find(f".//{XHTML}h1"))
    scope = next(e for e in french.iter() if e.get("class") == "intro")
    assert text(scope) == "Cherche dans le texte intégral de toutes les notes en français."  # CLDR's name
    assert arabic.get("lang") == "ar" and arabic.get("dir") == "rtl"
    korean = parse(site / "search" / "ko" / "index.html")
    assert korean.get("lang") == "ko" and "브리프 검색" in text(korean)


def test_the_brands_own_name_of_its_series_in_a_language_is_that_series(tmp_path):
    """brand.yml's `names: ko: series:` is how Korean briefs name the brand's series: a Korean
    edition that writes it is listed in the default series, as one that writes 이슈브리프 is."""
    from briefexport.content.sources import read_sources
    from briefexport.errors import Report
    from briefexport.writers.shared.layout import Layout
    from briefexport.writers.site.pages import make_library
    from conftest import small_project

    linked = ("harbour-electrification", "maritime-chokepoints-summary")  # the storage briefs link to them
    project = small_project(tmp_path / "work", ("grid-storage-auctions", "grid-storage-auctions-ko", *linked))
    brand = project.root / "layouts" / "brand.yml"
    given = "ko: {institute: 메리디안정책연구원}"
    assert given in brand.read_text()
    brand.write_text(
        brand.read_text().replace(given, "ko: {institute: 메리디안정책연구원, series: 정책브리프}")
    )
    korean = project.briefs_dir / "grid-storage-auctions-ko.md"
    korean.write_text(korean.read_text().replace("series: 이슈브리프", "series: 정책브리프"))
    report = Report()
    content = read_sources(project, project.briefs(), [], report)
    assert not report.errors, [str(d) for d in report.errors]
    library = make_library(content, Layout(project), project.root / "build")
    assert [(s.name, s.count) for s in library.series.values()] == [("Issue Brief", 2 + len(linked))]
    korean.write_text(korean.read_text().replace("series: 정책브리프", "series: 에너지 시리즈"))
    content = read_sources(project, project.briefs(), [], Report())
    library = make_library(content, Layout(project), project.root / "build")
    assert sorted((s.name, s.count) for s in library.series.values()) == [
        ("Issue Brief", 1 + len(linked)),
        ("에너지 시리즈", 1),
    ]
