"""A generated archive: N short briefs made from the five final samples, as an institute that has
published for ten years has them. Each brief takes a sample's title, summary, authors and
language (every tenth is the Korean sample); its date is spread over 2017-2026, its series is one
of three, its keywords three to five of a pool of forty topics (written with varying case and
hyphens, which the library merges); its body is the summary and two short generated sections.
Ten collections (one a year from 2017) gather part of the briefs.

Short bodies keep the archive quick to read and render: what the site's size and links depend on
is the number of briefs and of lists, not the length of each text.

Used by tests/writers/site/conftest.py (the 1,000-brief fixture) and benchmarks/site_archive.py.
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parents[3]
SAMPLES = [
    "ageing-workforce-automation",
    "grid-storage-auctions",
    "harbour-electrification",
    "maritime-chokepoints-summary",
]
KOREAN = "grid-storage-auctions-ko"
SERIES = ["Issue Brief", "Policy Note", "Working Paper"]
TOPICS = [
    "energy storage", "capacity auctions", "grid connection", "electricity markets", "energy transition",
    "shore power", "port electrification", "maritime decarbonisation", "air quality", "shipping",
    "population ageing", "labour shortages", "automation", "older workers", "lifelong learning",
    "pension reform", "maritime chokepoints", "energy security", "shipping insurance", "East Asia",
    "trade policy", "industrial policy", "public finance", "tax reform", "housing",
    "urban transport", "climate adaptation", "water security", "food security", "health systems",
    "digital identity", "data protection", "artificial intelligence", "competition policy", "education",
    "migration", "regional development", "local government", "financial stability", "public procurement",
]  # fmt: skip
UNIQUE_WORD = "zanzibarite"  # in the body of one English brief only: what a search must find
UNIQUE_KOREAN = "무지개다리섬"  # in the body of one Korean brief only


def _front(path: Path) -> dict:
    text = path.read_text(encoding="utf-8")
    return yaml.safe_load(text.split("---", 2)[1])


def _variant(keyword: str, index: int) -> str:
    """The keyword as briefs write it: as is, capitalised, or hyphenated."""
    if index % 3 == 1:
        return keyword[:1].upper() + keyword[1:]
    if index % 3 == 2:
        return keyword.replace(" ", "-")
    return keyword


def brief_text(index: int, count: int) -> tuple[str, str, int]:
    """(slug, Markdown, year) of brief `index` of `count`."""
    korean = index % 10 == 3
    sample = KOREAN if korean else SAMPLES[index % len(SAMPLES)]
    meta = _front(REPO / "content" / "briefs" / f"{sample}.md")
    date = dt.date(2017, 1, 2) + dt.timedelta(days=(index * 3653) // count)
    slug = f"{sample}-{index:04d}"
    keywords = [_variant(TOPICS[(index * 7 + k * 11) % len(TOPICS)], index + k) for k in range(3 + index % 3)]
    summary = " ".join(str(meta["summary"]).split())
    extra = ""
    if index == count // 2 + 1:
        extra = f" The mineral {UNIQUE_WORD} is named here and in no other brief."
    if korean and index == 3 + 10 * (count // 20):
        extra = f" {UNIQUE_KOREAN} 사례는 이 브리프에만 나온다."
    front = {
        "title": f"{meta['title']} ({index + 1})",
        "series": meta["series"] if korean else SERIES[index % 7 % 3],
        "number": f"{date.year}-{index:04d}",
        "date": date,
        "language": meta.get("language", "en"),
        "authors": meta["authors"],
        "summary": summary,
        "keywords": keywords,
    }
    if korean:
        front["edition"] = meta["edition"]
    heading = ("배경", "제언") if korean else ("Background", "What should be done")
    body = (
        f"{summary}{extra}\n\n## {heading[0]}\n\n{summary}\n\n## {heading[1]}\n\n"
        + "\n".join(f"- {sentence.strip()}" for sentence in re.split(r"(?<=\.) ", summary)[:3])
        + "\n"
    )
    text = "---\n" + yaml.safe_dump(front, allow_unicode=True, sort_keys=False, width=1000) + "---\n\n" + body
    return slug, text, date.year


def make_archive(root: Path, count: int) -> list[str]:
    """A project of `count` briefs in `root` (this repository's layouts, authors and topics
    registry); its slugs, oldest first."""
    content = root / "content"
    (content / "briefs").mkdir(parents=True)
    (content / "collections").mkdir()
    shutil.copy2(REPO / "content" / "authors.yaml", content / "authors.yaml")
    shutil.copytree(REPO / "layouts", root / "layouts")
    slugs = []
    by_year: dict[int, list[str]] = {}
    for index in range(count):
        slug, text, year = brief_text(index, count)
        (content / "briefs" / f"{slug}.md").write_text(text, encoding="utf-8")
        slugs.append(slug)
        by_year.setdefault(year, []).append(slug)
    (content / "topics.yaml").write_text(
        "energy-storage:\n  name: Energy storage\n"
        "  description: Batteries and the markets that pay for them.\n  keywords: [battery storage]\n",
        encoding="utf-8",
    )
    for year, members in by_year.items():  # a collection a year, of its first 12 briefs
        (content / "collections" / f"briefs-{year}.yaml").write_text(
            f"title: Briefs of {year}\nbriefs:\n" + "".join(f"  - {slug}\n" for slug in members[:12]),
            encoding="utf-8",
        )
    return slugs
