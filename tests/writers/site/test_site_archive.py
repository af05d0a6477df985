"""The library of a real archive: 1,000 generated briefs (conftest.py). Every page stays small
enough for a phone (the index under 100 KB, no page over 500 KB, no feed page over 200 KB), parses
as strict HTML5, and every link of the whole site answers when it is served from a sub-path of a
web server; the OPDS catalogue and the Atom feed's archives are walked to their ends by feedparser,
and hold every brief exactly once."""

from __future__ import annotations

import re
import threading
from collections import Counter
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.error import HTTPError
from urllib.parse import urldefrag, urljoin, urlsplit
from urllib.request import urlopen

import feedparser
import html5lib
import lxml.html
import pytest
from lxml import etree

pytestmark = pytest.mark.slow  # the 1,000-brief archive

ATOM = "{http://www.w3.org/2005/Atom}"
SUB_PATH = "/institute/publications/"
KB = 1024


def test_every_page_is_small_enough(archive_site):
    sizes = {p.relative_to(archive_site).as_posix(): p.stat().st_size for p in archive_site.rglob("*.html")}
    assert len(sizes) > 1000 + 40 + 10  # the editions, the topics, the years
    assert sizes["index.html"] < 100 * KB, sizes["index.html"]
    largest = max(sizes, key=sizes.get)
    assert sizes[largest] < 500 * KB, (largest, sizes[largest])
    feeds = {p.relative_to(archive_site).as_posix(): p.stat().st_size for p in archive_site.rglob("*.xml")}
    assert {"feed.xml", "opds.xml", "feeds/archive/1.xml", "opds/new/20.xml"} <= set(feeds)
    largest = max(feeds, key=feeds.get)
    assert feeds[largest] < 200 * KB, (largest, feeds[largest])
    index = (archive_site / "index.html").read_text()
    assert index.count('class="card"') == 20 and index.count('class="thumb"') == 20  # the newest, pictured
    archive = (archive_site / "archive" / "index.html").read_text()
    assert archive.count('class="row"') == 100 and "<img" not in archive.split("<main", 1)[1]


def test_every_kind_of_page_parses_as_strict_html5(archive_site, archive):
    """Every page but the web editions (all made by one template from the same five sample texts:
    fifty of them, every sample among them, stand for the rest), with html5lib in strict mode."""
    pages = [p for p in archive_site.rglob("*.html") if p.parts[-3] != "briefs"]
    editions = sorted(archive_site.glob("briefs/*/index.html"))
    pages += editions[:: len(editions) // 50]
    assert len({p.parent.name.rsplit("-", 1)[0] for p in editions[:: len(editions) // 50]}) == 5
    parser = html5lib.HTMLParser(strict=True, namespaceHTMLElements=True)
    for page in pages:
        document = parser.parse(page.read_bytes())
        assert document.get("lang"), page


class _SubPath(SimpleHTTPRequestHandler):
    def translate_path(self, path):
        path = urlsplit(path).path
        if not path.startswith(SUB_PATH):
            return "/nonexistent"
        return super().translate_path("/" + path[len(SUB_PATH) :])

    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def served(archive_site):
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), partial(_SubPath, directory=str(archive_site)))
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}{SUB_PATH}"
    httpd.shutdown()
    httpd.server_close()


def _links(url: str, body: bytes, kind: str) -> list[str]:
    if kind == "css":
        return [urljoin(url, link) for link in re.findall(r'url\("([^"]+)"\)', body.decode())]
    if kind == "html":
        document = lxml.html.document_fromstring(body)
        found = [e.get("href") for e in document.iter("a", "link") if e.get("href")]
        found += [e.get("src") for e in document.iter("img", "script") if e.get("src")]
        return [urljoin(url, link) for link in found]
    root = etree.fromstring(body)
    return [urljoin(url, link.get("href")) for link in root.iter(f"{ATOM}link")]


def test_a_crawler_from_a_sub_path_finds_every_link_answering(served, archive_site):
    """From the index, every link of every page and feed (a, link, img, script; Atom and OPDS
    links), followed inside the site: each answers 200, and a #fragment names an id on its page.
    Every file the build made is reached, but the search bundle (search.js loads it)."""
    seen: dict[str, bytes] = {}
    queue = [served + "index.html"]
    fragments: list[tuple[str, str, str]] = []
    outside = Counter()
    while queue:
        url = queue.pop()
        if url in seen:
            continue
        try:
            with urlopen(url, timeout=10) as response:
                seen[url] = body = response.read()
        except HTTPError as exc:
            pytest.fail(f"{url}: {exc.code}")
        kind = url.rsplit(".", 1)[-1] if url.endswith((".html", ".xml", ".css")) else ""
        if not kind:
            continue
        for link in _links(url, body, kind):
            if not link.startswith(served):
                outside[urlsplit(link).netloc] += 1
                continue
            target, fragment = urldefrag(link)
            if fragment:
                fragments.append((url, target, fragment))
            if target not in seen:
                queue.append(target)
    assert set(outside) <= {"meridian-institute.example.org"}, outside
    for page, target, fragment in fragments:
        assert f'id="{fragment}"'.encode() in seen[target], (page, target, fragment)
    made = {
        p.relative_to(archive_site).as_posix()
        for p in archive_site.rglob("*")
        if p.is_file() and p.relative_to(archive_site).parts[0] != "pagefind"
    }
    reached = {url[len(served) :] for url in seen}
    assert made - reached == set(), sorted(made - reached)[:10]


def _walk(site: Path, name: str, rel: str) -> list:
    """The entries of a feed and the pages its `rel` links lead to, read by feedparser."""
    entries, seen = [], set()
    url = f"http://example.test/lib/{name}"
    while url:
        assert url not in seen
        seen.add(url)
        parsed = feedparser.parse((site / url.removeprefix("http://example.test/lib/")).read_bytes())
        assert not parsed.bozo, (url, parsed.get("bozo_exception"))
        entries += parsed.entries
        following = [link.href for link in parsed.feed.get("links", []) if link.rel == rel]
        url = urljoin(url, following[0]) if following else None
    return entries


def test_the_opds_catalogue_is_walked_to_the_end(archive_site, archive):
    slugs = archive[3]
    root = feedparser.parse((archive_site / "opds.xml").read_bytes())
    sections = {
        e.title: next(link.href for link in e.links if link.rel == "subsection") for e in root.entries
    }
    assert list(sections) == ["Newest briefs", "By topic", "By year", "By collection"]
    newest = _walk(archive_site, sections["Newest briefs"], "next")
    assert len(newest) == len(slugs) == len({e.id for e in newest})
    assert [e.published for e in newest] == sorted((e.published for e in newest), reverse=True)
    # by topic: a navigation feed of every topic, each an acquisition feed paged to its end
    topics = _walk(archive_site, sections["By topic"], "next")
    assert len(topics) >= 40
    total = 0
    for topic in topics:
        link = next(link.href for link in topic.links if link.rel == "subsection")
        found = _walk(archive_site, urljoin(sections["By topic"], link), "next")
        assert f"{len(found)} briefs" == topic.content[0].value or len(found) == 1
        total += len(found)
    assert total > len(slugs) * 3  # three to five topics a brief
    years = _walk(archive_site, sections["By year"], "next")
    assert [y.title for y in years] == [str(year) for year in range(2026, 2016, -1)]


def test_the_atom_feed_has_the_newest_50_and_archives_of_the_rest(archive_site, archive):
    slugs = archive[3]
    current = feedparser.parse((archive_site / "feed.xml").read_bytes())
    assert len(current.entries) == 50
    every = _walk(archive_site, "feed.xml", "prev-archive")
    assert len(every) == len(slugs) == len({e.id for e in every})
    oldest = feedparser.parse((archive_site / "feeds" / "archive" / "1.xml").read_bytes())
    rels = {link.rel for link in oldest.feed.links}
    assert {"current", "next-archive"} <= rels and "prev-archive" not in rels
    assert b"<fh:archive/>" in (archive_site / "feeds" / "archive" / "1.xml").read_bytes()
    assert len(oldest.entries) == 50  # archives are counted from the oldest: full ones never change
