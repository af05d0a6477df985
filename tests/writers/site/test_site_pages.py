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
    assert {p.name for p in (site / "collections").iterdir()} == {"briefs-2026"}
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
        assert (folder / "page1.png").read_bytes().startswith(b"\x89PNG")
    assert not list(site.rglob("*.docx"))
    epub = site / "collections" / "briefs-2026" / "briefs-2026.epub"
    assert epub.read_bytes() == (site.parent / "epub" / "briefs-2026.epub").read_bytes()


def test_every_page_parses_as_html5_without_errors(site):
    assert len(pages(site)) == 1 + len(FINAL) + 1 + 5  # index, briefs, collection, authors
    for page in pages(site):
        document = parse(page)
        assert document.find(f"{XHTML}head/{XHTML}title") is not None, page
        assert document.get("lang"), page


def test_links_are_relative_and_lead_to_files_and_anchors_of_the_site(site):
    """Every href and src of every page: a relative URL naming a file inside build/site/ (and an id
    there, for a fragment). Only the brand's home page and the web addresses the briefs' text
    gives are outside links, and only as links."""
    ids = {page: {e.get("id") for e in parse(page).iter() if e.get("id")} for page in pages(site)}
    outside = set()
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
                    outside.add(url)
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
    assert checked > 250


def test_no_script_but_the_json_ld_data_block(site):
    for page in pages(site):
        for script in parse(page).iter(f"{XHTML}script"):
            assert script.get("type") == "application/ld+json", page


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
    # sections link to themselves; footnotes link to the notes section and back, with pop-ups
    assert (
        '<h2 id="sec-1"><a class="anchor" href="#sec-1">What Have Five Storage Auctions Actually '
        "Delivered?</a></h2>" in page
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
    # a figure with its caption, a table that scrolls by itself on a phone
    assert '<figure class="figure">' in page and 'alt="Bar chart comparing' in page
    assert '<figcaption><span class="figure-label">Figure 1.</span> Contracted and operational' in page
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
