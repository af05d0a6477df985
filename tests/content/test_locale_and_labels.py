"""Labels as data (content/labels.py) and what CLDR gives every language (content/locale.py):
the packaged label files, a project's own wording over them, the English fallback and its one
warning, located mistakes in a label file; dates, digits, language names and direction."""

from __future__ import annotations

import datetime as dt
import textwrap

import pytest

from briefexport.builder import build
from briefexport.builder.checking import check
from briefexport.content import labels, locale
from briefexport.project import Project
from conftest import ROOTS, copy_project

DATE = dt.date(2026, 1, 15)
LANGUAGES = ("en", "fr", "de", "es", "ru", "zh", "ja", "ko", "ar")


@pytest.fixture
def project(tmp_path) -> Project:
    return copy_project(tmp_path / "project", ROOTS / "languages", with_layouts=False)


def write_labels(project: Project, name: str, text: str) -> None:
    folder = project.root / "layouts" / "labels"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_text(textwrap.dedent(text), encoding="utf-8")


# --- labels -----------------------------------------------------------------------------------


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_shipped_language_has_every_label_in_its_own_words(language):
    found = labels.labels(None, language)
    assert found.missing == ()
    english = labels.labels(None, "en")
    assert set(found) == set(english)
    if language != "en":  # translated: most labels differ from the English ones
        same = [key for key in found if found[key] == english[key]]
        assert len(same) < len(found) / 4, same


def test_a_region_or_script_takes_the_languages_labels():
    assert labels.labels(None, "fr-CA")["about_author"] == "À propos de l’auteur"
    assert labels.labels(None, "zh-Hant-TW")["contents"] == "目录"


def test_a_projects_label_file_overrides_the_packaged_one_label_by_label(project):
    write_labels(project, "fr.yml", "about_author: L’auteur\n")
    found = labels.labels(project, "fr")
    assert found["about_author"] == "L’auteur"
    assert found["notes"] == "Notes"  # the packaged French for the rest
    assert found.missing == ()
    assert labels.fallback_warning(project, "fr") is None


def test_a_projects_variant_needs_only_what_differs(project):
    write_labels(project, "fr-CA.yml", "draft: ÉBAUCHE\n")
    assert labels.labels(project, "fr-CA")["draft"] == "ÉBAUCHE"
    assert labels.labels(project, "fr-CA")["contents"] == "Sommaire"
    assert labels.labels(project, "fr")["draft"] == "PROJET"


def test_a_language_we_do_not_ship_falls_back_to_english_with_one_warning_naming_the_labels(project):
    write_labels(project, "it.yml", "about_author: L’autore\nabout_authors: Gli autori\n")
    brief = project.briefs_dir / "heat-it.md"
    text = (project.briefs_dir / "heat-en.md").read_text(encoding="utf-8")
    brief.write_text(text.replace("language: en", "language: it"), encoding="utf-8")
    second = project.briefs_dir / "heat-it-2.md"
    second.write_text(text.replace("language: en", "language: it").replace('"2026-01"', '"2026-02"'))
    result = build(project, [brief, second], formats=["html"], out=project.root / "out")
    assert result.ok
    warnings = [str(d) for d in result.report.sorted() if d.severity == "warning"]
    assert len(warnings) == 1, warnings  # one per language and build, however many briefs
    assert warnings[0].startswith("layouts/labels/it.yml: warning: labels in English for language `it`")
    assert "contents" in warnings[0] and "about_author," not in warnings[0]
    html = (project.root / "out" / "html" / "heat-it.html").read_text(encoding="utf-8")
    assert "L’autore" in html and "No. 2026-01" in html  # its own label, and English for the rest


def test_a_language_without_any_label_file_says_so_once(project):
    brief = project.briefs_dir / "heat-en.md"
    brief.write_text(brief.read_text(encoding="utf-8").replace("language: en", "language: pt"))
    report = check(project, [brief])
    assert [str(d) for d in report.warnings] == [
        "layouts/labels/pt.yml: warning: no labels for language `pt`: every label is printed in "
        "English (write layouts/labels/pt.yml, translating labels/en.yml)"
    ]


def test_mistakes_in_a_label_file_are_located(project):
    write_labels(
        project,
        "fr.yml",
        """\
        about_autor: L’auteur
        notes: [a, b]
        footnote: Note {numero}
        """,
    )
    report = check(project, [project.briefs_dir / "heat-fr.md"])
    assert [str(d) for d in report.errors] == [
        "layouts/labels/fr.yml:1:1: error: unknown label `about_autor` (did you mean `about_author`?)",
        "layouts/labels/fr.yml:2:8: error: label `notes`: expected text",
        "layouts/labels/fr.yml:3:11: error: label `footnote`: unknown placeholder {numero} "
        "(it may use {number})",
    ]


def test_a_label_file_is_read_again_when_it_changes(project):
    write_labels(project, "de.yml", "notes: Fußnoten\n")
    assert labels.labels(project, "de")["notes"] == "Fußnoten"
    write_labels(project, "de.yml", "notes: Anmerkungen und Quellen\n")
    assert labels.labels(project, "de")["notes"] == "Anmerkungen und Quellen"


# --- dates, digits, names, direction ------------------------------------------------------------

DATES = {
    "en": "15 January 2026",
    "en-US": "January 15, 2026",
    "fr": "15 janvier 2026",
    "de": "15. Januar 2026",
    "es": "15 de enero de 2026",
    "ru": "15 января 2026\u202fг.",
    "zh": "2026年1月15日",
    "ja": "2026年1月15日",
    "ko": "2026년 1월 15일",
    "ar": "15 يناير 2026",
}


@pytest.mark.parametrize("language", DATES)
def test_dates_come_from_cldr(language):
    assert locale.format_date(DATE, language) == DATES[language]


def test_the_brand_chooses_the_digits_and_the_region():
    assert locale.format_date(DATE, "ar", {"digits": {"ar": "arab"}}) == "١٥ يناير ٢٠٢٦"
    assert locale.format_date(DATE, "ar-EG") == "١٥ يناير ٢٠٢٦"  # CLDR's default for Egypt
    assert locale.format_date(DATE, "ar-EG", {"digits": {"ar": "latn"}}) == "15 يناير 2026"
    assert (
        locale.format_date(DATE, "ar", {"regions": {"ar": "SY"}}) == "١٥ كانون الثاني ٢٠٢٦"
    )  # Syria: Levantine months, Arabic-Indic digits
    assert locale.format_date(DATE, "en", {"regions": {"en": "US"}}) == "January 15, 2026"
    assert locale.number(12, "ar", {"digits": {"ar": "arab"}}) == "١٢"
    assert locale.counter_style("ar", {"digits": {"ar": "arab"}}) == "arabic-indic"
    assert locale.counter_style("fr") == "decimal"


def test_language_names_and_directions_come_from_cldr():
    assert locale.language_name("ko", "en") == "Korean"
    assert locale.language_name("en", "ko") == "영어"
    assert locale.language_name("en-GB", "fr") == "anglais"
    assert locale.language_name("ar", "ja") == "アラビア語"
    assert locale.language_name("xx", "en") == "xx"
    assert [locale.direction(tag) for tag in ("ar", "ar-EG", "he", "fa", "en", "zh", "xx")] == [
        "rtl", "rtl", "rtl", "rtl", "ltr", "ltr", "ltr"
    ]  # fmt: skip


def test_an_identifier_keeps_its_order_on_a_right_to_left_page():
    assert locale.left_to_right("2026-01(A)", "rtl") == "\u200e2026-01(A)\u200e"
    assert locale.left_to_right("2026-01(A)", "ltr") == "2026-01(A)"
    assert locale.left_to_right("العدد", "rtl") == "العدد"
    assert locale.dir_attribute("© 2026 Policy Institute", "rtl") == ' dir="ltr"'
    assert locale.dir_attribute("© 2026 Policy Institute", "ltr") == ""


def test_a_label_file_leading_outside_the_project_is_not_read(project, tmp_path):
    outside = tmp_path / "outside.yml"
    outside.write_text("notes: from elsewhere\n", encoding="utf-8")
    (project.root / "layouts" / "labels").mkdir(parents=True)
    (project.root / "layouts" / "labels" / "fr.yml").symlink_to(outside)
    report = check(project, [project.briefs_dir / "heat-fr.md"])
    assert [str(d) for d in report.errors] == [
        "layouts/labels/fr.yml:1:1: error: the label file leads outside the project (a symlink?): "
        "it is not read"
    ]
