"""`briefexport init`: a starter project that builds into every format as it is, with no warnings,
and passes every validator; never written over what is already there."""

from __future__ import annotations

import importlib.util
import os
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import docx
import pypdf
import pytest
from click.testing import CliRunner

from briefexport.cli import main
from briefexport.starter import starter_files
from conftest import REPO
from writers.test_epub import assert_epubcheck_clean

BIN = Path(sys.executable).parent
EXPECTED = {
    ".gitignore",
    "Makefile",
    "README.md",
    "content/authors.yaml",
    "content/briefs/first-brief.md",
    "content/collections/briefs.yaml",
    "content/images/chart.png",
    "layouts/brand.yml",
    "layouts/logo.svg",
}


def files_under(root: Path) -> set[str]:
    return {p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file()}


@pytest.fixture(scope="module")
def started(tmp_path_factory) -> tuple[Path, subprocess.CompletedProcess]:
    """`briefexport init` into a new folder, then its own Makefile (`make`), with the installed command."""
    root = tmp_path_factory.mktemp("init") / "institute"
    result = CliRunner().invoke(main, ["init", str(root)], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert files_under(root) == EXPECTED
    made = subprocess.run(
        ["make", "-C", str(root), f"BRIEFEXPORT={BIN / 'briefexport'}"],
        capture_output=True,
        text=True,
        timeout=600,
        env={**os.environ, "SOURCE_DATE_EPOCH": "1790000000"},
    )
    return root, made


@pytest.mark.slow
def test_the_starter_builds_every_format_with_no_edits_and_no_warnings(started):
    root, made = started
    assert made.returncode == 0, made.stderr
    assert not [line for line in made.stderr.splitlines() if ": warning: " in line or ": error: " in line], (
        made.stderr
    )
    built = {
        name
        for name in files_under(root / "build")
        if not any(part.startswith(".") for part in Path(name).parts)
    }
    assert built >= {
        "pdf/first-brief.pdf",
        "html/first-brief.html",
        "docx/first-brief.docx",
        "epub/briefs.epub",
        "site/index.html",
        "site/briefs/first-brief/index.html",
        "site/opds.xml",
    }
    # every file but the search index's (Pagefind's bundle, made from the pages once they are built)
    outputs = {name for name in built if not name.startswith("site/pagefind/")}
    assert "site/pagefind/pagefind-entry.json" in built
    assert made.stderr.strip().splitlines()[-1] == f"built {len(outputs)} file(s), 0 up to date, 0 error(s)"
    check = subprocess.run(
        [str(BIN / "briefexport"), "check"], cwd=root, capture_output=True, text=True, timeout=120
    )
    assert (check.returncode, check.stderr) == (0, "no errors\n")


@pytest.mark.slow
def test_the_starters_outputs_pass_their_validators(started):
    root, _ = started
    assert_epubcheck_clean(root / "build" / "epub" / "briefs.epub")
    pdf = root / "build" / "pdf" / "first-brief.pdf"
    qpdf = subprocess.run(["qpdf", "--check", str(pdf)], capture_output=True, text=True, timeout=120)
    assert qpdf.returncode == 0, qpdf.stdout + qpdf.stderr
    text = " ".join(page.extract_text() for page in pypdf.PdfReader(pdf).pages)
    assert "Your First Issue Brief" in " ".join(text.split()) and "Jane Doe" in text
    word = docx.Document(str(root / "build" / "docx" / "first-brief.docx"))
    assert word.core_properties.language == "en-GB"
    assert any(p.style.name.startswith("Heading") for p in word.paragraphs)
    with zipfile.ZipFile(root / "build" / "docx" / "first-brief.docx") as archive:
        assert "word/footnotes.xml" in archive.namelist() and any(
            n.startswith("word/fonts/") for n in archive.namelist()
        )


def output_texts(build: Path) -> dict[str, str]:
    """The text a reader gets of the starter brief in each format."""
    pdf = " ".join(page.extract_text() for page in pypdf.PdfReader(build / "pdf" / "first-brief.pdf").pages)
    with zipfile.ZipFile(build / "epub" / "briefs.epub") as book:
        chapters = [book.read(n).decode() for n in book.namelist() if n.endswith(".xhtml")]
    web = (build / "site" / "briefs" / "first-brief" / "index.html").read_text(encoding="utf-8")
    word = docx.Document(str(build / "docx" / "first-brief.docx"))
    return {
        "pdf": pdf,
        "epub": re.sub(r"<[^>]+>", " ", " ".join(chapters)),
        "site": re.sub(r"<[^>]+>", " ", re.sub(r"<(style|script)\b.*?</\1>", "", web, flags=re.DOTALL)),
        "docx": "\n".join(p.text for p in word.paragraphs),
    }


@pytest.mark.slow
def test_the_starters_words_match_what_it_makes(started):
    """What the starter says is what its outputs show: no Markdown printed as typed (a subtitle
    once printed its backticks), the chart described as the chart it is (once "a line rising from
    20 to 63" of a bar chart), and the table of formats naming every folder the build fills."""
    root, _ = started
    for shown, text in output_texts(root / "build").items():
        assert "`" not in text and "Edit this file, then build it again" in " ".join(text.split()), shown

    brief = (root / "content" / "briefs" / "first-brief.md").read_text(encoding="utf-8")
    description = re.search(r"!\[([^\]]*)\]\(\.\./images/chart\.png", brief).group(1)
    spec = importlib.util.spec_from_file_location("charts", REPO / "tools" / "make_sample_charts.py")
    charts = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(charts)  # the chart's data: the starter's chart is the sample's
    assert (root / "content/images/chart.png").read_bytes() == (
        REPO / "content/images/dependency-ratio.png"
    ).read_bytes()
    data = dict(zip(charts.DEPENDENCY_YEARS, charts.DEPENDENCY_RATIO, strict=True))
    quoted = re.findall(r"(\d+) in (\d{4})", description)
    assert description.startswith("Bar chart") and len(quoted) >= 4
    assert all(data[year] == int(value) for value, year in quoted), quoted

    folders = {p.name for p in (root / "build").iterdir() if p.is_dir() and not p.name.startswith(".")}
    assert folders == set(re.findall(r"`build/(\w+)/`", brief))


def test_init_refuses_a_folder_that_is_not_empty_and_never_overwrites(tmp_path):
    root = tmp_path / "mine"
    root.mkdir()
    (root / "notes.txt").write_text("mine")
    refused = CliRunner().invoke(main, ["init", str(root)])
    assert refused.exit_code == 2
    assert "is not empty; use --force" in refused.output
    assert files_under(root) == {"notes.txt"}

    (root / "README.md").write_text("my own readme")
    forced = CliRunner().invoke(main, ["init", "--force", str(root)])
    assert forced.exit_code == 0, forced.output
    assert f"kept {root / 'README.md'} (already there)" in forced.output
    assert (root / "README.md").read_text() == "my own readme"
    assert files_under(root) == EXPECTED | {"notes.txt"}


def test_the_starter_files_are_package_data():
    shipped = {relative.as_posix() for _, relative in starter_files()}
    assert shipped == EXPECTED
    assert shutil.which("make"), "the starter's Makefile needs make"
