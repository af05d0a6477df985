"""Labels and names as readers see them: no output prints a `{placeholder}`, every language has
every label with the same placeholders, and the institute's and the series' names read correctly
in every language, whether the brand gives them in that language (`names:`) or not."""

from __future__ import annotations

import re
import string
import subprocess
import zipfile
from pathlib import Path

import docx
import pytest

from briefexport.builder import build
from briefexport.content.labels import read_file
from briefexport.errors import ContentError
from briefexport.project import DEFAULTS_DIR
from briefexport.writers.shared.layout import Layout
from conftest import small_project

PLACEHOLDER = re.compile(r"\{[a-z_]+\}")
# what the search page's script fills in as results come (writers/site/search.js), not printed text
SCRIPT_FILLED = re.compile(r'data-found="[^"]*"')
HIDDEN = re.compile(rb"<(style|script)\b.*?</\1>", re.DOTALL)
# what a script reads and fills in (the search page's data-found="{count} briefs found"), not text
SCRIPT_DATA = re.compile(rb'\sdata-[a-z-]+="[^"]*"')

# the briefs the storage briefs link to (a link to a brief not in the project is an error)
LINKED = ("harbour-electrification", "maritime-chokepoints-summary")


def placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}


def shipped() -> dict[str, dict[str, str]]:
    """The packaged labels of every language briefexport ships, as its label files hold them."""
    folder = DEFAULTS_DIR / "layouts" / "labels"
    return {path.stem: read_file(path, path.name, None) for path in sorted(folder.glob("*.yml"))}


def test_every_language_has_every_label_with_the_same_placeholders():
    files = shipped()
    english = files["en"]
    assert {"ar", "de", "en", "es", "fr", "ja", "ko", "ru", "zh"} <= set(files)
    for language, labels in files.items():
        assert set(labels) == set(english), language
        for key, text in labels.items():
            assert placeholders(text) == placeholders(english[key]), (language, key, text)


def test_a_label_that_names_the_institute_has_its_set_apart_twin():
    for language, labels in shipped().items():
        for key, text in labels.items():
            if "{institute}" in text and not key.endswith("_apart"):
                assert key + "_apart" in labels, (language, key)


def outputs_text(out: Path) -> dict[str, str]:
    """Every text a reader gets, by file: site pages and feeds, the print HTML, the EPUBs' XHTML,
    the Word drafts' XML, the PDFs' text (stylesheets and scripts left out: CSS has braces)."""
    texts = {}
    for path in sorted(out.rglob("*")):
        name = str(path.relative_to(out))
        if path.suffix in (".html", ".xml"):
            texts[name] = SCRIPT_DATA.sub(b"", HIDDEN.sub(b"", path.read_bytes())).decode("utf-8")
        elif path.suffix in (".epub", ".docx"):
            with zipfile.ZipFile(path) as archive:
                for member in archive.namelist():
                    if member.endswith((".xhtml", ".xml", ".opf", ".ncx")):
                        texts[f"{name}!{member}"] = HIDDEN.sub(b"", archive.read(member)).decode("utf-8")
        elif path.suffix == ".pdf":
            texts[name] = subprocess.run(
                ["pdftotext", str(path), "-"], capture_output=True, text=True, check=True
            ).stdout
    return texts


@pytest.fixture(scope="module")
def every_label(tmp_path_factory):
    """An English brief and its Korean edition, a draft, a book in each language, and the site:
    every label of both languages is printed somewhere."""
    root = tmp_path_factory.mktemp("labels")
    project = small_project(
        root / "project",
        ("grid-storage-auctions", "grid-storage-auctions-ko", "digital-identity-draft", *LINKED),
        {
            "english": "title: Storage\nlanguage: en\nbriefs: [grid-storage-auctions]\n",
            "korean": "title: 저장장치\nlanguage: ko\nbriefs: [grid-storage-auctions-ko]\n",
        },
    )
    out = root / "out"
    result = build(project, out=out, formats=["pdf", "html", "docx", "epub", "site"])
    assert result.ok, [str(d) for d in result.report.errors]
    return out


@pytest.mark.slow
def test_no_output_in_any_language_prints_a_placeholder(every_label):
    texts = outputs_text(every_label)
    assert any(name.startswith("site/briefs/grid-storage-auctions-ko/") for name in texts)
    assert any("korean.epub!" in name for name in texts) and any(name.endswith(".pdf") for name in texts)
    texts = {name: SCRIPT_FILLED.sub("", text) for name, text in texts.items()}
    found = {name: PLACEHOLDER.findall(text) for name, text in texts.items() if PLACEHOLDER.search(text)}
    assert found == {}


@pytest.mark.slow
def test_the_sample_site_and_outputs_print_no_placeholder(sample_build):
    """This repository's own build (the session's): every site page and feed, every other output."""
    _, result, out = sample_build
    assert result.ok
    texts = outputs_text(out)
    # the index, 7 web editions, 5 authors, a collection and the collections, the archive, search in
    # English, Korean, French and Arabic, 20 topics, a year and a series (each with its list page)
    assert sum(name.startswith("site/") and name.endswith(".html") for name in texts) == 45
    texts = {name: SCRIPT_FILLED.sub("", text) for name, text in texts.items()}
    found = {name: PLACEHOLDER.findall(text) for name, text in texts.items() if PLACEHOLDER.search(text)}
    assert found == {}


@pytest.mark.slow
def test_the_other_language_edition_is_named_in_the_pages_language(every_label):
    site = every_label / "site" / "briefs"
    english = (site / "grid-storage-auctions" / "index.html").read_text(encoding="utf-8")
    korean = (site / "grid-storage-auctions-ko" / "index.html").read_text(encoding="utf-8")
    assert '<p class="other-edition">Also available in Korean: <a ' in english
    assert '<p class="other-edition">영어판: <a ' in korean


# --- names: the institute and the series in each language --------------------------------------


def rebrand(project, names: str = "") -> None:
    """The newcomer's brand: another institute, its own series, optionally `names:`; the Korean
    edition without a series of its own."""
    brand = project.root / "layouts" / "brand.yml"
    text = brand.read_text(encoding="utf-8")
    text = text.replace(
        "full: Meridian Institute for Policy Studies", "full: Halden Institute for Fiscal Policy"
    )
    text = re.sub(r"    names:\n(      .*\n)+", "", text)
    text = text.replace("  briefexport:\n", "  briefexport:\n    series: Policy Brief\n" + names, 1)
    brand.write_text(text, encoding="utf-8")
    korean = project.briefs_dir / "grid-storage-auctions-ko.md"
    if korean.is_file():
        korean.write_text(
            korean.read_text(encoding="utf-8").replace("series: 이슈브리프\n", ""), encoding="utf-8"
        )


def korean_outputs(project, out: Path) -> dict[str, str]:
    """The Korean edition's print HTML (what its PDF is printed from) and Word draft, as text."""
    source = project.briefs_dir / "grid-storage-auctions-ko.md"
    result = build(project, [source], formats=["html", "docx"], out=out)
    assert result.ok, [str(d) for d in result.report.errors]
    html = (out / "html" / "grid-storage-auctions-ko.html").read_text(encoding="utf-8")
    body = re.sub(r"<[^>]+>", "", HIDDEN.sub(b"", html.encode()).decode()).replace("\u2060", "")  # joiners
    draft = docx.Document(str(out / "docx" / "grid-storage-auctions-ko.docx"))
    return {"pdf": body, "docx": "\n".join(p.text for p in draft.paragraphs)}


@pytest.mark.slow
def test_without_korean_names_the_english_ones_read_correctly_in_korean(tmp_path):
    project = small_project(
        tmp_path / "project", ("grid-storage-auctions", "grid-storage-auctions-ko", *LINKED)
    )
    rebrand(project)
    for shown, text in korean_outputs(project, tmp_path / "out").items():
        assert "이슈브리프" not in text, shown  # the brand's series, not the default label
        assert "Policy Brief No. 2026-12 「" in text, shown  # the edition note
        assert "발행 기관(Halden Institute for Fiscal Policy)의 공식 입장" in text, shown
        assert "Policy의" not in text, shown


@pytest.mark.slow
def test_the_brands_korean_names_are_used_in_the_korean_edition(tmp_path):
    project = small_project(
        tmp_path / "project", ("grid-storage-auctions", "grid-storage-auctions-ko", *LINKED)
    )
    rebrand(project, "    names:\n      ko: {series: 정책브리프, institute: 할덴재정정책연구원}\n")
    for shown, text in korean_outputs(project, tmp_path / "out").items():
        assert "정책브리프 No. 2026-12 「" in text, shown
        assert "할덴재정정책연구원의 공식 입장" in text, shown
        assert "Halden Institute for Fiscal Policy의" not in text and "Policy Brief" not in text, shown
    html = (tmp_path / "out" / "html" / "grid-storage-auctions-ko.html").read_text(encoding="utf-8")
    html = html.replace("\u2060", "")
    assert (
        '<p class="series">정책브리프</p>' in html
        and '<p class="colophon-name">할덴재정정책연구원</p>' in html
    )


@pytest.mark.slow
@pytest.mark.parametrize(
    "names, intro",
    [
        ("", "Halden Institute for Fiscal Policy: issue briefs and collections, free to read and download."),
        (
            "    names:\n      en: {in_sentence: the Halden Institute for Fiscal Policy}\n",
            "Issue briefs and collections of the Halden Institute for Fiscal Policy, "
            "free to read and download.",
        ),
    ],
)
def test_the_sites_intro_never_needs_an_article_it_lacks(tmp_path, names, intro):
    project = small_project(tmp_path / "project", ("grid-storage-auctions", *LINKED))
    rebrand(project, names)
    result = build(project, formats=["site"], out=tmp_path / "out", uses=False)
    assert result.ok, [str(d) for d in result.report.errors]
    index = (tmp_path / "out" / "site" / "index.html").read_text(encoding="utf-8")
    assert f'<p class="intro">{intro}</p>' in index
    edition = (tmp_path / "out" / "site" / "briefs" / "grid-storage-auctions" / "index.html").read_text(
        encoding="utf-8"
    )
    of = "the Halden" if names else "its publisher, Halden"
    assert f"do not necessarily reflect those of {of} Institute for Fiscal Policy." in edition


def test_a_mistake_in_names_is_located_in_brand_yml(tmp_path):
    project = small_project(tmp_path / "project", ("grid-storage-auctions", *LINKED))
    rebrand(project, "    names:\n      ko: {seires: 정책브리프}\n")
    with pytest.raises(ContentError) as caught:
        _ = Layout(project).brand
    lines = (project.root / "layouts" / "brand.yml").read_text(encoding="utf-8").splitlines()
    line = next(n for n, text in enumerate(lines, 1) if "seires" in text)
    assert [str(d) for d in caught.value.diagnostics] == [
        f"layouts/brand.yml:{line}:12: error: brand.yml: names: ko: unknown key `seires` "
        "(did you mean `series`?)"
    ]
