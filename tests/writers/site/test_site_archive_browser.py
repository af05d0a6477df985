"""The 1,000-brief library in Debian's chromium: axe-core finds no accessibility violation on the
index, a page of the archive, a topic and the search page (light and dark, phone and desktop);
search, served from a sub-path, finds a word of one brief's body and a Korean word in the Korean
edition; with script off, and from disk, the search page says why it cannot search and still
leads to the topics."""

from __future__ import annotations

import threading
from functools import partial
from http.server import ThreadingHTTPServer

import pytest

from writers.site.archive_project import UNIQUE_KOREAN, UNIQUE_WORD
from writers.site.test_site_archive import SUB_PATH, _SubPath
from writers.site.test_site_browser import ARGS, CHROMIUM, DESKTOP, PHONE, Watched, browser  # noqa: F401

pytestmark = pytest.mark.slow  # the 1,000-brief archive, then chromium

PAGES = ["index.html", "archive/page/2/index.html", "topics/energy-storage/index.html", "search/index.html"]


@pytest.fixture(scope="module")
def served(archive_site):
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), partial(_SubPath, directory=str(archive_site)))
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}{SUB_PATH}"
    httpd.shutdown()
    httpd.server_close()


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("width", [PHONE, DESKTOP])
def test_no_accessibility_violation_on_the_pages_of_many_briefs(served, browser, width, scheme):  # noqa: F811
    watched = Watched(browser, served, width, scheme)
    try:
        for name in PAGES:
            watched.open(served + name)
            assert watched.violations() == [], (name, width, scheme)
        assert watched.stayed_inside(), (watched.outside, watched.failed)
    finally:
        watched.close()


def _search(watched: Watched, url: str, query: str) -> list[str]:
    page = watched.page
    watched.open(url)
    page.fill("#search-input", query)
    page.press("#search-input", "Enter")
    page.wait_for_function("document.querySelectorAll('#search-results li').length > 0", timeout=20_000)
    return page.eval_on_selector_all("#search-results a.row-title", "els => els.map(e => e.href)")


def test_search_finds_a_word_of_one_briefs_body(served, browser, archive):  # noqa: F811
    slugs = archive[3]
    wanted = next(s for s in slugs if UNIQUE_WORD in (archive[0].briefs_dir / f"{s}.md").read_text())
    watched = Watched(browser, served, DESKTOP)
    try:
        found = _search(watched, served + "search/index.html", UNIQUE_WORD)
        assert found == [f"{served}briefs/{wanted}/index.html"]
        status = watched.page.inner_text("#search-status")
        assert status == "1 brief found"
        excerpt = watched.page.inner_text("#search-results mark")
        assert excerpt.lower() == UNIQUE_WORD
        # the query is in the address, and goes along to the Korean search page
        assert f"q={UNIQUE_WORD}" in watched.page.url
        assert f"q={UNIQUE_WORD}" in watched.page.get_attribute("a.search-language", "href")
        assert watched.stayed_inside(), (watched.outside, watched.failed)
    finally:
        watched.close()


def test_a_korean_word_finds_the_korean_edition(served, browser, archive):  # noqa: F811
    slugs = archive[3]
    wanted = next(s for s in slugs if UNIQUE_KOREAN in (archive[0].briefs_dir / f"{s}.md").read_text())
    watched = Watched(browser, served, PHONE)
    try:
        found = _search(watched, served + "search/ko/index.html", UNIQUE_KOREAN)
        assert found == [f"{served}briefs/{wanted}/index.html"]
        assert watched.page.evaluate("document.documentElement.lang") == "ko"
        # the English index has no Korean edition: Pagefind keeps an index per language
        watched.open(served + f"search/index.html?q={UNIQUE_KOREAN}")
        watched.page.wait_for_function("document.getElementById('search-status').textContent !== ''")
        assert watched.page.inner_text("#search-status") == "No brief has these words."
        assert watched.stayed_inside(), (watched.outside, watched.failed)
    finally:
        watched.close()


def test_without_script_the_search_page_says_so_and_leads_to_the_topics(served, browser):  # noqa: F811
    context = browser.new_context(java_script_enabled=False, viewport={"width": PHONE, "height": 900})
    try:
        page = context.new_page()
        page.goto(served + "search/index.html")
        assert page.is_visible("#search-nojs") and not page.is_visible("#search-input")
        assert "JavaScript" in page.inner_text("#search-nojs")
        page.click("text=Energy storage")
        assert page.url == served + "topics/energy-storage/index.html"
        assert page.inner_text("h1") == "Energy storage"
    finally:
        context.close()


def test_from_disk_the_search_page_says_it_needs_a_web_server(archive_site, browser):  # noqa: F811
    watched = Watched(browser, archive_site.as_uri(), PHONE)
    try:
        watched.open((archive_site / "search" / "index.html").as_uri())
        page = watched.page
        assert page.is_visible("#search-file") and not page.is_visible("#search-nojs")
        assert "web server" in page.inner_text("#search-file")
        assert not page.is_visible("#search-input")
        assert not [url for url in watched.requests if "/pagefind/" in url]  # it did not try
        assert watched.stayed_inside(), (watched.outside, watched.failed)
    finally:
        watched.close()
