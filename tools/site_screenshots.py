#!/usr/bin/env python3
"""Screenshots for docs/: the readers' library (the index, a web edition, a topic, the archive and
the search page with results, at phone and desktop width) and an EPUB chapter's XHTML, taken by
Debian's chromium through Playwright from build/site/ (served on 127.0.0.1: search needs a web
server) and build/epub/ (run `make` first).

    .venv/bin/python tools/site_screenshots.py [--site build/site] [--epub build/epub/briefs-2026.epub]
        [--out docs]
"""

from __future__ import annotations

import argparse
import tempfile
import threading
import zipfile
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from playwright.sync_api import sync_playwright

REPO = Path(__file__).resolve().parent.parent
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
SHOTS = [  # (file in docs/, page in the site, width, height, colour scheme, what to scroll to first)
    ("site-index-desktop.png", "index.html", 1280, 900, "light", None),
    ("site-index-phone.png", "index.html", 375, 812, "light", None),
    ("site-brief-desktop.png", "briefs/grid-storage-auctions/index.html", 1280, 900, "light", None),
    ("site-brief-phone.png", "briefs/grid-storage-auctions-ko/index.html", 375, 812, "light", None),
    ("site-brief-phone-ar.png", "briefs/maritime-chokepoints-ar/index.html", 375, 812, "light", None),
    ("site-topic-desktop.png", "topics/energy-storage/index.html", 1280, 900, "light", None),
    ("site-archive-phone.png", "archive/index.html", 375, 812, "dark", None),
    ("site-search-desktop.png", "search/index.html?q=auction", 1280, 900, "light", None),
    ("site-search-phone.png", "search/ko/index.html?q=배터리", 375, 812, "dark", None),
    # figures, tables, boxes and cross-references (docs/writing-briefs.md)
    (
        "figures-site-desktop.png",
        "briefs/grid-storage-auctions/index.html",
        1280,
        900,
        "light",
        "aside.key-points",
    ),
    (
        "figures-site-phone.png",
        "briefs/grid-storage-auctions-ko/index.html",
        375,
        812,
        "light",
        "#tbl-rounds",
    ),
]
EPUB_SHOT = ("figures-epub.png", "grid-storage-auctions.xhtml", 900, 1100, "light", "aside.key-points")


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site", type=Path, default=REPO / "build" / "site")
    parser.add_argument("--epub", type=Path, default=REPO / "build" / "epub" / "briefs-2026.epub")
    parser.add_argument("--out", type=Path, default=REPO / "docs")
    options = parser.parse_args()
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), partial(_Quiet, directory=str(options.site)))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{httpd.server_address[1]}/"
    with sync_playwright() as playwright, tempfile.TemporaryDirectory() as scratch:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
        shots = [(name, base + page, *rest) for name, page, *rest in SHOTS]
        with zipfile.ZipFile(options.epub) as book:
            book.extractall(scratch)
        name, chapter, *rest = EPUB_SHOT
        shots.append((name, (Path(scratch) / "EPUB" / "text" / chapter).resolve().as_uri(), *rest))
        for name, url, width, height, scheme, to in shots:
            context = browser.new_context(
                viewport={"width": width, "height": height}, device_scale_factor=1, color_scheme=scheme
            )
            page = context.new_page()
            page.goto(url)
            page.wait_for_load_state("networkidle")
            page.evaluate("document.fonts.ready")
            if to:
                page.evaluate(f"document.querySelector({to!r}).scrollIntoView({{block: 'start'}})")
                page.evaluate("window.scrollBy(0, -24)")
            page.screenshot(path=str(options.out / name))
            context.close()
            print(options.out / name)
        browser.close()
    httpd.shutdown()


if __name__ == "__main__":
    main()
