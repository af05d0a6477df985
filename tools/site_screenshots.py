#!/usr/bin/env python3
"""Screenshots of the readers' library for docs/: the index, a web edition, a topic, the archive and
the search page with results, at phone and desktop width, taken by Debian's chromium through
Playwright from build/site/ (run `make` first), served on 127.0.0.1 (search needs a web server).

    .venv/bin/python tools/site_screenshots.py [--site build/site] [--out docs]
"""

from __future__ import annotations

import argparse
import threading
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
SHOTS = [  # (file in docs/, page in the site, width, height, colour scheme)
    ("site-index-desktop.png", "index.html", 1280, 900, "light"),
    ("site-index-phone.png", "index.html", 375, 812, "light"),
    ("site-brief-desktop.png", "briefs/grid-storage-auctions/index.html", 1280, 900, "light"),
    ("site-brief-phone.png", "briefs/grid-storage-auctions-ko/index.html", 375, 812, "light"),
    ("site-topic-desktop.png", "topics/energy-storage/index.html", 1280, 900, "light"),
    ("site-archive-phone.png", "archive/index.html", 375, 812, "dark"),
    ("site-search-desktop.png", "search/index.html?q=auction", 1280, 900, "light"),
    ("site-search-phone.png", "search/ko/index.html?q=배터리", 375, 812, "dark"),
]


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site", type=Path, default=REPO / "build" / "site")
    parser.add_argument("--out", type=Path, default=REPO / "docs")
    options = parser.parse_args()
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), partial(_Quiet, directory=str(options.site)))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{httpd.server_address[1]}/"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
        for name, page_name, width, height, scheme in SHOTS:
            context = browser.new_context(
                viewport={"width": width, "height": height}, device_scale_factor=1, color_scheme=scheme
            )
            page = context.new_page()
            page.goto(base + page_name)
            page.wait_for_load_state("networkidle")
            page.evaluate("document.fonts.ready")
            page.screenshot(path=str(options.out / name))
            context.close()
            print(options.out / name)
        browser.close()
    httpd.shutdown()


if __name__ == "__main__":
    main()
