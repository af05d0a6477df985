"""An Arabic brief reads right to left in every format, and the nine editions of one brief link to
each other (tests/roots/languages, built once: conftest.language_build)."""

from __future__ import annotations

import re
import subprocess
import zipfile
from pathlib import Path

import pytest
from lxml import etree, html

from briefexport.content.labels import labels
from conftest import LANGUAGES

pytestmark = pytest.mark.slow

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
LRM = "\u200e"


def words(pdf: Path) -> list[tuple[str, float, float]]:
    """The words of a PDF's first page with their left and right edges, as poppler finds them
    (a right-to-left word's letters in the order they are drawn: reversed)."""
    done = subprocess.run(
        ["pdftotext", "-bbox", "-f", "1", "-l", "1", "-enc", "UTF-8", str(pdf), "-"],
        capture_output=True,
        check=True,
    )
    root = etree.fromstring(done.stdout, etree.XMLParser(recover=True))
    return [
        (word.text or "", float(word.get("xMin")), float(word.get("xMax")))
        for word in root.iter("{http://www.w3.org/1999/xhtml}word")
    ]


def find(found: list[tuple[str, float, float]], phrase: str) -> tuple[float, float]:
    """The left and right edge of the words of `phrase` (the first place each is found)."""
    edges = []
    for part in phrase.split():
        match = next((w for w in found if w[0] in (part, part[::-1])), None)
        assert match is not None, (part, [w[0] for w in found][:40])
        edges.append(match[1:])
    return min(e[0] for e in edges), max(e[1] for e in edges)


WIDTH = 595.28  # A4, in points


def test_the_pdf_page_is_mirrored(language_build):
    _, out = language_build
    found = words(out / "pdf" / "heat-ar.pdf")
    series = find(found, labels(None, "ar")["series"])
    institute = find(found, "Policy Institute")
    assert series[0] > WIDTH / 2 > institute[1]  # the series at the right, the institute at the left
    title = find(found, "تحتاج المدن")
    assert WIDTH - title[1] < 80  # the title starts at the right margin
    heading = find(found, "نبذة")  # About the author
    assert WIDTH - heading[1] < 80 and heading[0] > WIDTH / 2
    date = find(found, "يناير")
    assert date[1] < WIDTH / 2  # the date at the left end of the byline


def test_the_pdf_keeps_an_identifier_and_a_latin_citation_in_their_own_order(language_build):
    _, out = language_build
    text = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(out / "pdf" / "heat-ar.pdf"), "-"], capture_output=True, check=True
    ).stdout.decode("utf-8")
    plain = re.sub("[\u200e\u200f\u202a-\u202e]", "", text)
    assert "2026-01" in plain and "01-2026" not in plain  # as the bidirectional algorithm alone sets it
    assert "https://example.org/heat" in plain
    assert "2026-01(A)" in [word for word, _, _ in words(out / "pdf" / "heat-ar.pdf")]


def test_the_print_html_and_the_web_edition_are_right_to_left(language_build):
    _, out = language_build
    printed = (out / "html" / "heat-ar.html").read_text(encoding="utf-8")
    assert '<html lang="ar" dir="rtl">' in printed
    assert f'data-number="{LRM}2026-01(A){LRM}"' in printed
    assert '<p dir="ltr">© 2026 Policy Institute. All rights reserved.</p>' in printed
    page = html.fromstring((out / "site" / "briefs" / "heat-ar" / "index.html").read_bytes())
    assert page.get("dir") == "rtl" and page.get("lang") == "ar"
    css = (out / "site" / "style.css").read_text(encoding="utf-8")
    assert '[dir="rtl"] blockquote' in css and ":lang(ar) *" in css
    index = html.fromstring((out / "site" / "index.html").read_bytes())
    card = index.xpath('//li[@class="card"][@lang="ar"]')[0]
    assert card.get("dir") == "rtl" and index.get("dir") is None  # an Arabic card on an English page


def test_the_epub_reads_right_to_left(language_build):
    _, out = language_build
    with zipfile.ZipFile(out / "epub" / "heat-ar.epub") as book:
        opf = etree.fromstring(book.read("EPUB/content.opf"))
        documents = {
            name: etree.fromstring(book.read(name)) for name in book.namelist() if name.endswith(".xhtml")
        }
    spine = opf.find("{http://www.idpf.org/2007/opf}spine")
    assert spine.get("page-progression-direction") == "rtl"
    assert {name: root.get("dir") for name, root in documents.items()} == {name: "rtl" for name in documents}
    with zipfile.ZipFile(out / "epub" / "heat-en.epub") as book:
        opf = etree.fromstring(book.read("EPUB/content.opf"))
    assert opf.find("{http://www.idpf.org/2007/opf}spine").get("page-progression-direction") is None


def test_the_word_draft_reads_right_to_left(language_build):
    _, out = language_build
    with zipfile.ZipFile(out / "docx" / "heat-ar.docx") as draft:
        styles = etree.fromstring(draft.read("word/styles.xml"))
        body = etree.fromstring(draft.read("word/document.xml"))
        settings = etree.fromstring(draft.read("word/settings.xml"))
    assert styles.find(f"{W}docDefaults/{W}pPrDefault/{W}pPr/{W}bidi") is not None
    assert styles.find(f"{W}docDefaults/{W}rPrDefault/{W}rPr/{W}lang").get(f"{W}bidi") == "ar-SA"
    assert settings.find(f"{W}themeFontLang").get(f"{W}bidi") == "ar-SA"
    assert body.find(f"{W}body/{W}sectPr/{W}bidi") is not None
    runs = list(body.iter(f"{W}r"))
    arabic = [run for run in runs if "أصبحت" in "".join(t.text or "" for t in run.iter(f"{W}t"))]
    latin = [run for run in runs if "example.org" in "".join(t.text or "" for t in run.iter(f"{W}t"))]
    assert arabic and all(run.find(f"{W}rPr/{W}rtl") is not None for run in arabic)
    assert latin and all(run.find(f"{W}rPr/{W}rtl") is None for run in latin)
    for style in styles.iter(f"{W}style"):  # nothing left aligned, no letter spacing left
        assert style.find(f"{W}pPr/{W}jc[@{W}val='left']") is None, style.get(f"{W}styleId")
        assert style.find(f"{W}rPr/{W}spacing") is None, style.get(f"{W}styleId")


def test_libreoffice_lays_the_word_draft_out_right_to_left(language_build, tmp_path):
    _, out = language_build
    done = subprocess.run(
        [
            "libreoffice",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            str(out / "docx" / "heat-ar.docx"),
        ],
        capture_output=True,
        timeout=180,
        env={"HOME": str(tmp_path), "PATH": "/usr/bin:/bin"},
    )
    assert done.returncode == 0, done.stderr
    found = words(tmp_path / "heat-ar.pdf")
    title = find(found, "تحتاج المدن")
    heading = find(found, "نبذة")  # About the author
    assert WIDTH - title[1] < 90 and WIDTH - heading[1] < 90  # at the right margin
    assert find(found, "Policy Institute")[0] < WIDTH / 2  # the English colophon line at the left


def alternates(path: Path) -> dict[str, str]:
    page = html.fromstring(path.read_bytes())
    return {
        link.get("hreflang"): link.get("href") for link in page.xpath('//link[@rel="alternate"][@hreflang]')
    }


def test_the_nine_editions_link_to_each_other_with_hreflang(language_build):
    _, out = language_build
    briefs = out / "site" / "briefs"
    for language in LANGUAGES:
        found = alternates(briefs / f"heat-{language}" / "index.html")
        assert found[language] == "index.html"
        others = {lang: href for lang, href in found.items() if lang != language}
        assert others == {
            other: f"../../briefs/heat-{other}/index.html" for other in LANGUAGES if other != language
        }
    english = html.fromstring((briefs / "heat-en" / "index.html").read_bytes())
    names = [" ".join(p.text_content().split()) for p in english.xpath('//p[@class="other-edition"]')]
    assert len(names) == 8
    assert any("Arabic" in name for name in names) and any("French" in name for name in names)
