"""A character no font of the brief's language has is a located error, at `check` and in every
format, and nothing is printed with an empty box instead (content/glyphs.py, writers/shared/glyphs.py)."""

from __future__ import annotations

import pytest

from briefexport.builder import build
from briefexport.builder.checking import check
from conftest import ROOTS, copy_project

EMOJI = "content/briefs/heat-en.md:7:20: error: `😀` (U+1F600, grinning face) is in no font for language `en`"
THAI = (
    "content/briefs/heat-en.md:7:34: error: `ตัวอย่าง` (U+0E15, U+0E31, U+0E27, U+0E2D, U+0E22, U+0E48, "
    "U+0E32, U+0E07) is in no font for language `en`"
)


@pytest.fixture
def project(tmp_path):
    project = copy_project(tmp_path / "project", ROOTS / "languages", with_layouts=False)
    brief = project.briefs_dir / "heat-en.md"
    text = brief.read_text(encoding="utf-8")
    brief.write_text(
        text.replace("Heatwaves are now", "Heatwaves 😀 are now the ตัวอย่าง", 1), encoding="utf-8"
    )
    return project


def messages(diagnostics) -> list[str]:
    return [str(d).split(": it would print")[0] for d in diagnostics if "in no font" in str(d)]


def test_check_names_each_character_and_where_it_is(project):
    report = check(project)
    assert messages(report.errors) == [EMOJI, THAI]
    assert all(str(d).endswith("it would print as empty boxes (give layouts/brand.yml a font that has it, "
                               "under `defaults: briefexport: fonts:`)") for d in report.errors)  # fmt: skip


@pytest.mark.slow
def test_every_format_refuses_it_and_writes_nothing(project, tmp_path):
    brief = project.briefs_dir / "heat-en.md"
    out = tmp_path / "out"
    result = build(project, [brief], formats=["html", "pdf", "print", "docx", "epub"], out=out)
    assert not result.ok
    assert messages(result.report.sorted()) == [EMOJI, THAI]  # each once, however many formats
    assert not [p for p in out.rglob("*") if p.is_file() and p.suffix in (".html", ".pdf", ".docx", ".epub")]
    result = build(project, formats=["site"], out=out)
    assert messages(result.report.sorted()) == [EMOJI, THAI]
    assert not (out / "site" / "briefs" / "heat-en" / "index.html").exists()
    assert (out / "site" / "briefs" / "heat-fr" / "index.html").is_file()  # the others are built


def test_a_title_quoted_in_another_language_is_checked_in_that_languages_fonts(tmp_path):
    project = copy_project(tmp_path / "project", ROOTS / "languages", with_layouts=False)
    brief = project.briefs_dir / "heat-fr.md"
    text = brief.read_text(encoding="utf-8")
    # Hangul in the title of an English original: not in any English font of a brand without Korean
    brief.write_text(text.replace("title: Cities Need", "title: 서울 Cities Need"), encoding="utf-8")
    assert check(project, [brief]).errors == []  # the English fonts fall back to the Korean ones
    brand = project.root / "layouts" / "brand.yml"
    brand.parent.mkdir(parents=True, exist_ok=True)
    brand.write_text(
        "meta: {name: Institute}\n"
        "typography:\n"
        "  fonts:\n"
        "    - {family: Noto Serif, source: file, files: [{path: ../fonts/NotoSerif-Regular.ttf}]}\n"
        "  base: {family: Noto Serif}\n"
        "  headings: {family: Noto Serif}\n"
        "defaults: {briefexport: {fonts: {ko: {base: Noto Serif, headings: Noto Serif}}}}\n",
        encoding="utf-8",
    )
    assert messages(check(project, [brief]).errors) == [
        "content/briefs/heat-fr.md:9:44: error: `서울` (U+C11C, U+C6B8) is in no font for language `en`"
    ]


def test_a_label_the_fonts_cannot_print_is_located_in_its_file(tmp_path):
    project = copy_project(tmp_path / "project", ROOTS / "languages", with_layouts=False)
    labels = project.root / "layouts" / "labels"
    labels.mkdir(parents=True)
    (labels / "fr.yml").write_text("notes: Notes ✓\n", encoding="utf-8")
    assert messages(check(project, [project.briefs_dir / "heat-fr.md"]).errors) == [
        "layouts/labels/fr.yml:1:14: error: `✓` (U+2713, check mark) is in no font for language `fr`"
    ]


def test_what_no_output_holds_needs_no_font():
    """Controls, bidi marks, lone surrogates and the non-characters are never printed (the reader
    removes what XML cannot hold, the writers clean a model that has it): no font is asked for them."""
    from briefexport.content.glyphs import drawn

    assert not any(drawn(c) for c in "\x07\x0b\u200e\ufeff\ud800\ufdd0\ufffe\uffff\U0001fffe\U0010ffff")
    assert all(drawn(c) for c in "a\u00e9\uac00\u0627\u4e2d\U0001f600")


def test_a_character_written_as_an_escape_is_located_where_the_escape_is(tmp_path):
    project = copy_project(tmp_path / "project", ROOTS / "languages", with_layouts=False)
    brief = project.briefs_dir / "heat-en.md"
    lines = brief.read_text(encoding="utf-8").split("\n")
    number = next(n for n, line in enumerate(lines, 1) if line.startswith("title:"))
    lines[number - 1] = 'title: "Heat \\U0001F600 in the city"'  # YAML's escape, not the character
    brief.write_text("\n".join(lines), encoding="utf-8")
    assert messages(check(project).errors) == [
        f"content/briefs/heat-en.md:{number}:14: error: `😀` (U+1F600, grinning face) is in no font for "
        "language `en`"
    ]
