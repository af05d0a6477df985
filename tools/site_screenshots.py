#!/usr/bin/env python3
"""Screenshots for docs/: the readers' library (the index and a web edition, at phone and desktop
width) and an EPUB chapter's XHTML, taken by Debian's chromium through Playwright from build/site/
and build/epub/ (run `make` first).

    .venv/bin/python tools/site_screenshots.py [--site build/site] [--epub build/epub/briefs-2026.epub]
        [--out docs]
"""

from __future__ import annotations

import argparse
import tempfile
import zipfile
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
SHOTS = [  # (file in docs/, page in the site, width, height, what to scroll to first)
    ("site-index-desktop.png", "index.html", 1280, 900, None),
    ("site-index-phone.png", "index.html", 375, 812, None),
    ("site-brief-desktop.png", "briefs/grid-storage-auctions/index.html", 1280, 900, None),
    ("site-brief-phone.png", "briefs/grid-storage-auctions-ko/index.html", 375, 812, None),
    # figures, tables, boxes and cross-references (README: Figures, tables, boxes and cross-references)
    ("figures-site-desktop.png", "briefs/grid-storage-auctions/index.html", 1280, 900, "aside.key-points"),
    ("figures-site-phone.png", "briefs/grid-storage-auctions-ko/index.html", 375, 812, "#tbl-rounds"),
]
EPUB_SHOT = ("figures-epub.png", "grid-storage-auctions.xhtml", 900, 1100, "aside.key-points")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site", type=Path, default=REPO / "build" / "site")
    parser.add_argument("--epub", type=Path, default=REPO / "build" / "epub" / "briefs-2026.epub")
    parser.add_argument("--out", type=Path, default=REPO / "docs")
    options = parser.parse_args()
    with sync_playwright() as playwright, tempfile.TemporaryDirectory() as scratch:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
        shots = [(name, options.site / page, width, height, to) for name, page, width, height, to in SHOTS]
        with zipfile.ZipFile(options.epub) as book:
            book.extractall(scratch)
        name, chapter, width, height, to = EPUB_SHOT
        shots.append((name, Path(scratch) / "EPUB" / "text" / chapter, width, height, to))
        for name, path, width, height, to in shots:
            page = browser.new_page(viewport={"width": width, "height": height}, device_scale_factor=1)
            page.goto(path.resolve().as_uri())
            page.evaluate("document.fonts.ready")
            if to:
                page.evaluate(f"document.querySelector({to!r}).scrollIntoView({{block: 'start'}})")
                page.evaluate("window.scrollBy(0, -24)")
            page.screenshot(path=str(options.out / name))
            page.close()
            print(options.out / name)
        browser.close()


if __name__ == "__main__":
    main()
