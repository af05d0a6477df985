"""The library's address (`defaults: briefexport: site: url:` in brand.yml): validated when read,
each mistake located in brand.yml; with it the feeds are absolute, every page has its canonical
URL and og:url (a brief its og:image, the picture of page 1), and the site has sitemap.xml and
robots.txt; without it the build says once what it left out."""

from __future__ import annotations

import feedparser
import pytest
from lxml import etree

from briefexport.builder import build
from briefexport.errors import ContentError
from briefexport.writers.shared.layout import Layout
from briefexport.writers.site.address import site_url
from conftest import small_project

# the storage briefs and the briefs they link to (a link to a brief not in the project is an error)
BRIEFS = (
    "grid-storage-auctions",
    "grid-storage-auctions-ko",
    "harbour-electrification",
    "maritime-chokepoints-summary",
)
ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def with_url(project, value: str) -> None:
    brand = project.root / "layouts" / "brand.yml"
    text = brand.read_text()
    brand.write_text(text.replace("  briefexport:\n", f"  briefexport:\n    site:\n      url: {value}\n", 1))


@pytest.mark.parametrize(
    "value, said",
    [
        ("ftp://example.org/pub/", "an absolute http:// or https:// URL"),
        ("example.org/publications/", "an absolute http:// or https:// URL"),
        ("https://example.org/pub/?page=1", "takes no query, fragment or user name"),
        ("https://user@example.org/pub/", "takes no query, fragment or user name"),
        ('"https://example.org/my publications/"', "spaces, quotes"),
        ("[1, 2]", "the address the library is published at"),
    ],
)
def test_a_wrong_address_is_a_located_error_in_brand_yml(tmp_path, value, said):
    project = small_project(tmp_path, BRIEFS)
    with_url(project, value)
    line = 1 + project.root.joinpath("layouts", "brand.yml").read_text().splitlines().index(
        f"      url: {value}"
    )
    with pytest.raises(ContentError) as caught:  # when the brand is read, and in every page of the site
        site_url(Layout(project))
    diagnostic = caught.value.diagnostics[0]
    assert (diagnostic.path, diagnostic.line) == ("layouts/brand.yml", line)
    assert said in diagnostic.message


@pytest.mark.parametrize(
    "value, address",
    [
        ("https://Example.ORG/publications", "https://example.org/publications/"),
        ("http://example.org", "http://example.org/"),
        ("https://example.org/a/b//", "https://example.org/a/b/"),
    ],
)
def test_the_address_is_normalised(tmp_path, value, address):
    project = small_project(tmp_path, BRIEFS)
    with_url(project, value)
    assert site_url(Layout(project)) == address


@pytest.mark.slow  # two briefs' PDFs and the site
def test_a_site_that_knows_its_address(tmp_path):
    project = small_project(tmp_path, BRIEFS)
    with_url(project, "https://example.org/publications")
    result = build(project, formats=["site"], out=tmp_path / "build")
    assert result.ok, [str(d) for d in result.report.errors]
    assert not [d for d in result.report.diagnostics if "no address" in d.message]
    site = tmp_path / "build" / "site"
    base = "https://example.org/publications/"
    edition = (site / "briefs" / "grid-storage-auctions" / "index.html").read_text()
    assert f'<link rel="canonical" href="{base}briefs/grid-storage-auctions/">' in edition
    assert f'<meta property="og:url" content="{base}briefs/grid-storage-auctions/">' in edition
    assert f'<meta property="og:image" content="{base}briefs/grid-storage-auctions/page1.png">' in edition
    assert 'href="../../index.html"' in edition  # links inside the site stay relative
    assert f'<link rel="canonical" href="{base}">' in (site / "index.html").read_text()
    feed = feedparser.parse((site / "feed.xml").read_bytes())
    links = [link.href for entry in feed.entries for link in entry.links]
    links += [link.href for link in feed.feed.links]
    assert links and all(href.startswith(base) for href in links), links
    assert f"{base}feed.xml" in links and f"{base}briefs/grid-storage-auctions/" in links  # canonical
    opds = etree.fromstring((site / "opds" / "new" / "1.xml").read_bytes())
    assert all(link.get("href").startswith(base) for link in opds.iter(f"{ATOM}link"))
    sitemap = etree.fromstring((site / "sitemap.xml").read_bytes())
    locs = {url.findtext(f"{SITEMAP}loc"): url.findtext(f"{SITEMAP}lastmod") for url in sitemap}
    pages = {p.relative_to(site).as_posix() for p in site.rglob("*.html")}
    assert len(locs) == len(pages) and base in locs
    assert locs[f"{base}briefs/grid-storage-auctions/"] == "2026-05-12"
    robots = (site / "robots.txt").read_text()
    assert f"Sitemap: {base}sitemap.xml" in robots and "root of a host" in robots


@pytest.mark.slow  # the site of two briefs
def test_without_its_address_the_build_says_once_what_it_left_out(tmp_path):
    project = small_project(tmp_path, BRIEFS)
    result = build(project, formats=["site"], out=tmp_path / "build", uses=False)
    notes = [d for d in result.report.diagnostics if "no address" in d.message]
    assert len(notes) == 1 and notes[0].severity == "note" and notes[0].path == "layouts/brand.yml"
    assert "canonical URLs" in notes[0].message and "sitemap.xml" in notes[0].message
    site = tmp_path / "build" / "site"
    assert not (site / "sitemap.xml").exists() and not (site / "robots.txt").exists()
    assert 'rel="canonical"' not in (site / "index.html").read_text()
    assert b'href="feed.xml"' in (site / "feed.xml").read_bytes()


@pytest.mark.slow  # the site of two briefs
def test_a_wrong_address_fails_the_site_with_one_located_error(tmp_path):
    project = small_project(tmp_path, BRIEFS)
    with_url(project, "ftp://example.org/")
    result = build(project, formats=["site"], out=tmp_path / "build", uses=False)
    errors = {str(d) for d in result.report.errors}
    assert len(errors) == 1 and next(iter(errors)).startswith("layouts/brand.yml:")


def test_the_documented_github_pages_workflow_builds_and_deploys_the_site():
    """docs/github-pages.yml, as docs/library.md tells a project to copy it: a valid workflow whose
    build job runs `briefexport build` and uploads build/site/, and whose deploy job deploys it."""
    import yaml

    from conftest import REPO

    workflow = yaml.safe_load((REPO / "docs" / "github-pages.yml").read_text())
    assert workflow["permissions"] == {"contents": "read", "pages": "write", "id-token": "write"}
    steps = workflow["jobs"]["build"]["steps"]
    assert any(step.get("run") == "briefexport build" for step in steps)
    upload = next(
        step for step in steps if str(step.get("uses", "")).startswith("actions/upload-pages-artifact@")
    )
    assert upload["with"]["path"] == "build/site"
    deploy = workflow["jobs"]["deploy"]
    assert deploy["needs"] == "build" and deploy["environment"]["name"] == "github-pages"
    assert deploy["steps"][0]["uses"].startswith("actions/deploy-pages@")
    assert "github-pages.yml" in (REPO / "docs" / "library.md").read_text()


def test_check_reports_a_wrong_address_where_it_is_written(tmp_path):
    from briefexport.builder.checking import check

    project = small_project(tmp_path, BRIEFS)
    with_url(project, "ftp://example.org/pub/")
    line = 1 + (project.root / "layouts" / "brand.yml").read_text().splitlines().index(
        "      url: ftp://example.org/pub/"
    )
    errors = [str(d) for d in check(project).errors]
    assert [e for e in errors if e.startswith(f"layouts/brand.yml:{line}:")], errors
