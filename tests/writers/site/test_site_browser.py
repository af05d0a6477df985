"""The site in a real browser: Debian's chromium driven by Playwright (never Playwright's own browser
download). Every page is loaded from the plain folder (file://) with each request checked to stay
inside build/site/, and axe-core finds no accessibility violation on any page, in light and dark
mode, at phone and desktop widths. From a sub-path of a web server, every download and feed link
(and every link inside the feeds) answers with the file the build made.
"""

from __future__ import annotations

import shutil
import threading
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
from lxml import etree

from conftest import REPO

pytestmark = pytest.mark.slow  # the full sample build, then Debian's chromium with axe-core

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
AXE = REPO / "tests" / ".vendor" / "node_modules" / "axe-core" / "axe.min.js"
# The flags these machines need: no sandbox as root, and no background traffic to the outside.
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
PHONE, DESKTOP = 375, 1280
SUB_PATH = "/library/publications/"
ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture(scope="module")
def site(sample_build) -> Path:
    project, result, out = sample_build
    assert result.ok, [str(d) for d in result.report.errors]
    return (out / "site").resolve()


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    assert Path(CHROMIUM).is_file(), (
        "chromium is missing: `make test` installs it (tools/check-system.sh --test)"
    )
    assert AXE.is_file(), "axe-core is missing: `make test` installs it into tests/.vendor"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield browser
        browser.close()


class Watched:
    """A page whose every request is checked: one leaving `allowed` is refused and remembered, one
    that fails (a file missing from the site) is remembered."""

    def __init__(self, browser, allowed: str, width: int, scheme: str = "light"):
        self.context = browser.new_context(viewport={"width": width, "height": 900}, color_scheme=scheme)
        self.allowed = allowed
        self.requests: list[str] = []
        self.outside: list[str] = []
        self.failed: list[str] = []
        # Only requests leaving the folder are intercepted (routing file:// requests makes Chromium
        # fail some of them); every request is seen.
        self.context.route(lambda url: not url.startswith(allowed), self._refuse)
        self.page = self.context.new_page()
        self.page.on("request", lambda request: self.requests.append(request.url))
        # A request that fails (a file:// file missing) or answers an error (a server's 404) is
        # remembered; one cancelled by the next navigation (net::ERR_ABORTED) says nothing of the site.
        self.page.on(
            "requestfailed",
            lambda request: (
                request.failure == "net::ERR_ABORTED"
                or self.failed.append(f"{request.url} {request.failure}")
            ),
        )
        self.page.on(
            "response",
            lambda response: response.status < 400 or self.failed.append(f"{response.url} {response.status}"),
        )

    def _refuse(self, route):
        self.outside.append(route.request.url)
        route.abort()

    def stayed_inside(self) -> bool:
        return (
            all(url.startswith(self.allowed) for url in self.requests)
            and not self.outside
            and not self.failed
        )

    def open(self, url: str) -> None:
        self.page.goto(url)
        self.page.wait_for_load_state("load")
        self.page.evaluate("async () => { await document.fonts.ready }")

    def violations(self) -> list[dict]:
        self.page.add_script_tag(path=str(AXE))  # inline: no request
        # preload off: axe would fetch the stylesheets itself, which a file:// page may not do
        found = self.page.evaluate(
            "async () => (await axe.run(document, {resultTypes: ['violations'], preload: false})).violations"
        )
        return [
            {"id": v["id"], "impact": v["impact"], "nodes": [n["target"] for n in v["nodes"]][:3]}
            for v in found
        ]

    def close(self):
        self.context.close()


def every_page(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_every_page_has_no_accessibility_violation_and_stays_in_the_folder(site, browser, scheme):
    watched = Watched(browser, site.as_uri() + "/", DESKTOP, scheme)
    try:
        problems = {}
        for page in every_page(site):
            watched.open(page.as_uri())
            found = watched.violations()
            if found:
                problems[page.relative_to(site).as_posix()] = found
        assert problems == {}
        assert watched.stayed_inside(), (watched.outside, watched.failed)
    finally:
        watched.close()


def test_axe_finds_what_it_should(site, browser):
    """The accessibility check is no rubber stamp: a picture without a text alternative and text
    too pale to read are reported."""
    watched = Watched(browser, site.as_uri() + "/", DESKTOP)
    try:
        watched.page.goto((site / "index.html").as_uri())
        watched.page.evaluate("""() => { document.querySelector('.site-logo').removeAttribute('alt');
            document.querySelector('.intro').style.color = '#eeeeee'; }""")
        assert {v["id"] for v in watched.violations()} >= {"image-alt", "color-contrast"}
    finally:
        watched.close()


@pytest.mark.parametrize("width", [PHONE, DESKTOP])
@pytest.mark.parametrize(
    "name",
    ["index.html", "briefs/grid-storage-auctions/index.html", "briefs/grid-storage-auctions-ko/index.html"],
)
def test_index_and_web_editions_at_phone_and_desktop_width(site, browser, name, width):
    watched = Watched(browser, site.as_uri() + "/", width)
    try:
        watched.open((site / name).as_uri())
        assert watched.violations() == []
        # nothing wider than the screen: long tables scroll inside their own region
        assert watched.page.evaluate("document.documentElement.scrollWidth") <= width
        fonts = watched.page.evaluate("""async () => { await document.fonts.ready;
            return [...document.fonts].filter(f => f.status === 'loaded').map(f => f.family) }""")
        assert fonts, "the bundled fonts load from the site's own folder"
        assert watched.stayed_inside(), (watched.outside, watched.failed)
    finally:
        watched.close()


def test_a_note_pops_up_without_script_and_links_to_the_notes(site, browser):
    watched = Watched(browser, site.as_uri() + "/", DESKTOP)
    try:
        page = watched.page
        page.goto((site / "briefs/grid-storage-auctions/index.html").as_uri())
        note = page.locator("#pop-1")
        assert not note.is_visible()
        page.locator("button[popovertarget='pop-1']").click()
        assert note.is_visible()
        assert "Payments are made per kilowatt of capacity" in note.inner_text()
        page.keyboard.press("Escape")
        assert not note.is_visible()
        backlink = page.locator("#fn-1 a[role='doc-backlink']")
        assert backlink.get_attribute("href") == "#fnref-1"
    finally:
        watched.close()


class _SubPath(SimpleHTTPRequestHandler):
    """build/site/ served under a sub-path, as a web server of the institute might."""

    def translate_path(self, path):
        path = urlsplit(path).path
        if not path.startswith(SUB_PATH):
            return "/nonexistent"
        return super().translate_path("/" + path[len(SUB_PATH) :])

    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def server(site):
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), partial(_SubPath, directory=str(site)))
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}{SUB_PATH}"
    httpd.shutdown()
    httpd.server_close()


def test_from_a_sub_path_every_download_and_feed_link_answers_with_its_file(site, browser, server):
    watched = Watched(browser, server, DESKTOP)
    try:
        page = watched.page
        targets: dict[str, str] = {}
        for name in [
            "index.html",
            "briefs/grid-storage-auctions/index.html",
            "collections/briefs-2026/index.html",
        ]:
            watched.open(server + name)
            for href in page.eval_on_selector_all(
                "a[href], link[rel=alternate][href]", "els => els.map(e => e.href)"
            ):
                if href.startswith(server) and href.split("#")[0].endswith((".pdf", ".epub", ".xml")):
                    targets[href] = name
        # and every link inside the feeds, resolved as readers do (the catalogue's newest briefs too)
        for feed in ("feed.xml", "opds.xml", "opds/new/1.xml"):
            for link in etree.fromstring((site / feed).read_bytes()).iter(f"{ATOM}link"):
                targets[urljoin(server + feed, link.get("href"))] = feed
        kinds = {href.rsplit(".", 1)[-1] for href in targets}
        assert {"pdf", "epub", "xml", "html", "png"} <= kinds
        for href, found_on in targets.items():
            response = page.request.get(href)
            assert response.status == 200, (href, found_on)
            assert href.startswith(server), (href, found_on)
            local = site / href[len(server) :].split("#")[0]
            assert response.body() == local.read_bytes(), href
        assert watched.stayed_inside(), (watched.outside, watched.failed)
    finally:
        watched.close()
