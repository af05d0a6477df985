"""A project you did not write, built and then opened: nothing loads from elsewhere.

tests/roots/hostile-build is a project whose every hostile part is one the build lets through as
harmless: links to a loopback server, `//server/share`, `ftp:`, `tel:`, a file beside the brief,
raw HTML links, an SVG with a stylesheet, brand colours in `oklch()` and `lab()`. It is built in
every format; then every page a reader opens is opened in Debian's chromium (Playwright, never
its own browser download): the site's pages, the EPUB's XHTML, the print HTML and every published
SVG picture, each directly from disk. The loopback server counts every connection: it must see
none, while the pages are built and while they are open. Each format keeps the same links.
"""

from __future__ import annotations

import re
import shutil
import zipfile
from pathlib import Path

import pytest

from briefexport.builder import build
from safety.hostile import (  # noqa: F401  fixtures: server, outside
    assert_located,
    diagnostics_of,
    load_root,
    outside,
    server,
)

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
FORMATS = ["pdf", "html", "docx", "epub", "site"]
KEPT = ["web link", "mail link", "another brief", "this brief's section"]  # links in every format
TEXT_ONLY = [
    "data file",
    "file share",
    "Windows share",
    "FTP link",
    "telephone",
    "absolute path",
    "raw share",
    "raw file",
]


@pytest.fixture
def built(tmp_path, server):
    project = load_root("hostile-build", tmp_path / "project", PORT=str(server.server_port))
    out = tmp_path / "out"
    result = build(project, formats=FORMATS, out=out, jobs=1)
    return project, result, out


def test_the_harmless_hostile_project_builds_with_a_located_warning_for_each_link_left_as_text(built, server):
    project, result, out = built
    assert diagnostics_of(result.report) == []
    warnings = diagnostics_of(result.report, "warning")
    assert_located(warnings)
    left = [w for w in warnings if "was left as text in every format" in w]
    port = server.server_port
    assert [w.split(": warning: link `")[1].split("`")[0] for w in left] == [
        "%5C127.0.0.1%5Cshare",
        "../data/table.csv",
        f"//127.0.0.1:{port}/share/x",
        f"ftp://127.0.0.1:{port}/x",
        "tel:+10000000000",
        "/etc/passwd",
        f"//127.0.0.1:{port}/note",
    ]
    assert server.connections == 0, server.paths


def _pdf_actions(path: Path) -> list[tuple[str, str]]:
    import pikepdf

    found = []
    with pikepdf.open(path) as pdf:
        for page in pdf.pages:
            for annotation in page.get("/Annots", []):
                action = annotation.get("/A")
                if action is not None:
                    found.append((str(action.get("/S")), str(action.get("/URI") or action.get("/F"))))
    return found


def test_every_format_keeps_web_mail_and_brief_links_and_nothing_else(built, server):
    project, result, out = built
    port = server.server_port
    web = {f"http://127.0.0.1:{port}/link", "mailto:mal@example.org", f"https://127.0.0.1:{port}/raw-web"}
    web.add(f"https://127.0.0.1:{port}/note")
    # PDF: web links as URI actions, the other brief as a GoToR to its PDF; no file: URL anywhere
    actions = _pdf_actions(out / "pdf/links.pdf")
    assert {uri for kind, uri in actions if kind == "/URI"} == web
    assert [uri for kind, uri in actions if kind == "/GoToR"] == ["other.pdf"]
    assert b"file:" not in (out / "pdf/links.pdf").read_bytes()
    # print HTML: the same
    html = (out / "html/links.html").read_text(encoding="utf-8")
    hrefs = set(re.findall(r'<a [^>]*href="([^"]*)"', html.split("<main", 1)[1]))
    assert {h for h in hrefs if not h.startswith("#")} == web | {"other.html#sec-1"}
    # DOCX: hyperlink relationships to the web and the other draft only (no //server, no file:)
    with zipfile.ZipFile(out / "docx/links.docx") as docx:
        rels = docx.read("word/_rels/document.xml.rels").decode()
    targets = set(re.findall(r'Target="([^"]*)" TargetMode="External"', rels))
    assert targets == web - {f"https://127.0.0.1:{port}/note"} | {
        "other.docx#sec_1",
        "https://sandbox.example.org",
    }
    # EPUB and site: the same links, the other brief as its chapter or web edition
    with zipfile.ZipFile(out / "epub/all.epub") as epub:
        chapter = next(epub.read(n).decode() for n in epub.namelist() if n.endswith("links.xhtml"))
    epub_hrefs = set(re.findall(r'<a [^>]*href="([^"]*)"', chapter))
    assert {h for h in epub_hrefs if "//" in h or ":" in h} == web
    assert any(h.endswith("other.xhtml#sec-1") for h in epub_hrefs)
    page = (out / "site/briefs/links/index.html").read_text(encoding="utf-8")
    site_hrefs = set(re.findall(r'href="([^"]*)"', page.split("<main", 1)[1]))
    assert {h for h in site_hrefs if "//" in h or ":" in h} == web | {"https://sandbox.example.org"}
    assert "../other/index.html#sec-1" in site_hrefs
    for text in TEXT_ONLY:  # the words stay, unlinked, in every format
        assert text in html and text in chapter and text in page
        assert not re.search(rf"<a [^>]*>{re.escape(text)}</a>", html + chapter + page)
    assert server.connections == 0, server.paths


def test_brand_colours_in_css_forms_the_writers_cannot_take_are_converted_for_every_format(built):
    project, result, out = built
    css = (out / "site/style.css").read_text(encoding="utf-8")
    assert "oklch(" not in css and "lab(" not in css
    assert "#23588A" in css  # oklch(0.45 0.1 250) in sRGB
    with zipfile.ZipFile(out / "epub/all.epub") as epub:
        book_css = next(epub.read(n).decode() for n in epub.namelist() if n.endswith(".css"))
    assert "#23588A" in book_css
    with zipfile.ZipFile(out / "docx/links.docx") as docx:
        assert b'<a:srgbClr val="23588A"/>' in docx.read("word/theme/theme1.xml")


# The font family of the report: once, it put a remote URL into the site's style.css.
FAMILY_ATTACK = (
    'Noto Serif", serif; } @media screen { html { background-image: url(http://127.0.0.1:{port}/x) } } '
    'x { a: "'
)


@pytest.fixture
def refused(tmp_path, server):
    """Two builds whose hostile parts are refused: SVG pictures the picture rule once let through
    (tests/roots/hostile-svg, beside a good brief), and a brand whose font family is CSS."""
    svg = load_root("hostile-svg", tmp_path / "svg", PORT=str(server.server_port))
    svg_result = build(svg, formats=FORMATS, out=tmp_path / "svg-out", jobs=1)
    brand = load_root("hostile-build", tmp_path / "brand", PORT=str(server.server_port))
    brand_yml = brand.root / "layouts/brand.yml"
    attack = FAMILY_ATTACK.replace("{port}", str(server.server_port))
    brand_yml.write_text(
        brand_yml.read_text(encoding="utf-8").replace(
            "  base:\n    family: Noto Serif", "  base:\n    family: '" + attack.replace("'", "''") + "'"
        ),
        encoding="utf-8",
    )
    brand_result = build(brand, formats=FORMATS, out=tmp_path / "brand-out", jobs=1)
    return (svg_result, tmp_path / "svg-out"), (brand_result, tmp_path / "brand-out")


def test_refused_pictures_and_brands_are_located_errors_and_the_good_brief_still_builds(refused, server):
    (svg_result, svg_out), (brand_result, brand_out) = refused
    errors = diagnostics_of(svg_result.report)
    assert_located(errors)
    assert sorted(e.split(":")[0] for e in errors if "the SVG contains" in e) == [
        f"content/briefs/svg-{name}.md" for name in ("comment", "escape", "image-set", "set")
    ]
    assert sorted(p.name for p in (svg_out / "pdf").iterdir()) == ["good.pdf"]
    # the library is built from the briefs that read: its only SVG is the brand's own logo
    published = sorted((svg_out / "site").rglob("*.svg"))
    assert [p.relative_to(svg_out / "site").as_posix() for p in published] == ["logo.svg"]
    hostile = {p.read_bytes() for p in (svg_out.parent / "svg" / "content" / "images").glob("*.svg")}
    assert not any(p.read_bytes() in hostile for p in published), "no refused picture is published"
    (family,) = [e for e in diagnostics_of(brand_result.report) if "family" in e]
    assert family.startswith("layouts/brand.yml:") and "a font family is a name" in family
    made = [p.name for p in brand_out.rglob("*") if p.suffix in (".html", ".css", ".pdf", ".epub", ".docx")]
    assert made == [], "no output is made with a brand that does not read"
    assert server.connections == 0, server.paths


def _pages_to_open(out: Path, tmp_path: Path) -> list[Path]:
    """The site's pages, every published SVG, the print HTML and the EPUBs' XHTML (unpacked)."""
    pages = sorted((out / "site").rglob("*.html")) + sorted((out / "site").rglob("*.svg"))
    pages += sorted((out / "html").glob("*.html"))
    for book in sorted((out / "epub").glob("*.epub")):
        unpacked = tmp_path / "unpacked" / out.name / book.stem
        with zipfile.ZipFile(book) as epub:
            epub.extractall(unpacked)
        pages += sorted(unpacked.rglob("*.xhtml"))
    return pages


def test_nothing_loads_from_elsewhere_when_the_outputs_are_opened_in_chromium(
    built, refused, server, tmp_path
):
    from playwright.sync_api import sync_playwright

    assert Path(CHROMIUM).is_file(), "chromium is missing: `make test` installs it (tools/check-system.sh)"
    project, result, out = built
    pages = _pages_to_open(out, tmp_path)
    for _, refused_out in refused:
        pages += _pages_to_open(refused_out, tmp_path)
    requested: list[str] = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        try:
            context = browser.new_context()
            page = context.new_page()
            page.on("request", lambda request: requested.append(request.url))
            for path in pages:
                page.goto(path.as_uri())
                page.wait_for_load_state("load")
                page.wait_for_timeout(50)  # late loads (fonts, CSS images) have their chance
        finally:
            browser.close()
    assert server.connections == 0, server.paths
    assert [url for url in requested if not url.startswith("file://")] == []
    assert result.ok, [str(d) for d in result.report.errors]  # and what was opened was everything
    opened = {p.suffix for p in _pages_to_open(out, tmp_path / "again")}
    assert opened == {".html", ".svg", ".xhtml"}
    assert list((out / "site").rglob("*.svg")), "the SVG figure is published, and was opened"


def test_the_loopback_listener_does_see_a_page_that_loads_from_it(server, tmp_path):
    """The oracle works: a page that does load from the listener is counted."""
    from playwright.sync_api import sync_playwright

    page_file = tmp_path / "loads.html"
    page_file.write_text(f'<img src="http://127.0.0.1:{server.server_port}/x.png">', encoding="utf-8")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        try:
            page = browser.new_page()
            page.goto(page_file.as_uri())
            page.wait_for_load_state("load")
        finally:
            browser.close()
    assert server.connections >= 1
