#!/usr/bin/env python3
"""Screenshots of the readers' library for docs/: the index and a web edition, at phone and
desktop width, taken by Debian's chromium through Playwright from build/site/ (run `make` first).

    .venv/bin/python tools/site_screenshots.py [--site build/site] [--out docs]
"""

from __future__ import annotations

import argparse
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
SHOTS = [  # (file in docs/, page in the site, width, height)
    ("site-index-desktop.png", "index.html", 1280, 900),
    ("site-index-phone.png", "index.html", 375, 812),
    ("site-brief-desktop.png", "briefs/grid-storage-auctions/index.html", 1280, 900),
    ("site-brief-phone.png", "briefs/grid-storage-auctions-ko/index.html", 375, 812),
    ("site-brief-phone-ar.png", "briefs/maritime-chokepoints-ar/index.html", 375, 812),
]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site", type=Path, default=REPO / "build" / "site")
    parser.add_argument("--out", type=Path, default=REPO / "docs")
    options = parser.parse_args()
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
        for name, page_name, width, height in SHOTS:
            page = browser.new_page(viewport={"width": width, "height": height}, device_scale_factor=1)
            page.goto((options.site / page_name).resolve().as_uri())
            page.evaluate("document.fonts.ready")
            page.screenshot(path=str(options.out / name))
            page.close()
            print(options.out / name)
        browser.close()


if __name__ == "__main__":
    main()
