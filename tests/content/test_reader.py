"""The reader and its schema: every mistake is reported, located at the right line and column.

Each test writes a small project into a temporary folder and runs the library's `check()` (or
`read_brief()`), then compares the printed diagnostics, `path:line:col: severity: message`.
"""

from __future__ import annotations

import textwrap
from html.parser import HTMLParser
from pathlib import Path

import pytest

from briefexport.builder import build, check
from briefexport.content import reader
from briefexport.content.markdown import walk
from briefexport.errors import Report
from briefexport.project import Project
from conftest import REPO

AUTHORS = textwrap.dedent("""\
    hana-seo:
      name: Hana Seo
      role: Senior Research Fellow
      bio: Hana Seo works on electricity markets.
    minjae-kang:
      name: Minjae Kang
      role: Research Fellow
      bio: Minjae Kang works on energy security.
    """)

BODY = textwrap.dedent("""\
    A lead paragraph that says what the brief is about.

    ## A section

    Some text in the section.
    """)


def brief_text(front: str, body: str = BODY) -> str:
    """A brief: `front` (YAML lines, no fences) between `---` fences, then the body."""
    return "---\n" + textwrap.dedent(front) + "---\n\n" + body


GOOD_FRONT = textwrap.dedent("""\
    title: A Good Brief
    number: "2026-01"
    date: 2026-09-10
    authors:
      - hana-seo
    """)


def make_project(
    root: Path, briefs: dict[str, str | bytes], authors: str = AUTHORS, files: dict[str, bytes] | None = None
) -> Project:
    """A mini project under `root`: content/authors.yaml, content/briefs/<name>.md, extra files."""
    (root / "content" / "briefs").mkdir(parents=True)
    (root / "content" / "authors.yaml").write_text(authors, encoding="utf-8")
    for name, text in briefs.items():
        path = root / "content" / "briefs" / f"{name}.md"
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(text, encoding="utf-8", newline="")
    for name, data in (files or {}).items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    return Project.at(root)


def lines_of(report: Report, severity: str | None = None) -> list[str]:
    return [str(d) for d in report.sorted() if severity is None or d.severity == severity]


def errors_of(tmp_path: Path, text: str | bytes, **kwargs) -> list[str]:
    project = make_project(tmp_path, {"x": text}, **kwargs)
    return lines_of(check(project), "error")


def read_one(tmp_path: Path, text: str | bytes, **kwargs):
    """(Brief, report) for one good brief read directly through the reader."""
    project = make_project(tmp_path, {"x": text}, **kwargs)
    report = Report()
    authors = reader.read_authors(project, report)
    brief = reader.read_brief(project.briefs_dir / "x.md", project, authors, report)
    return brief, report


def all_text(tokens) -> str:
    out = []
    for token in walk(tokens):
        out.append(token.content)
    return "\n".join(out)


# --- a good brief -----------------------------------------------------------------------------


def test_good_brief_has_no_diagnostics(tmp_path):
    project = make_project(tmp_path, {"x": brief_text(GOOD_FRONT)})
    assert lines_of(check(project)) == []


def test_good_brief_is_read_into_the_model(tmp_path):
    brief, report = read_one(tmp_path, brief_text(GOOD_FRONT))
    assert report.diagnostics == []
    assert brief.slug == "x"
    assert brief.meta.title == "A Good Brief"
    assert brief.meta.number == "2026-01"
    assert brief.meta.date.isoformat() == "2026-09-10"
    assert brief.language == "en"
    assert brief.meta.status == "final"
    assert [a.name for a in brief.authors] == ["Hana Seo"]
    assert brief.author_ids == ["hana-seo"]
    # the body starts on the line after the closing fence; nodes keep their file line
    assert brief.body_line == 8
    assert [(s.level, s.title, s.line) for s in brief.sections] == [(2, "A section", 11)]


# --- front matter schema, with locations ------------------------------------------------------


def test_bad_month_is_located_at_the_value(tmp_path):
    text = brief_text("""\
        title: A Brief
        subtitle: With a subtitle
        series: Issue Brief
        number: "2026-01"
        language: en
        date: 2026-13-01
        authors: [hana-seo]
        """)
    assert text.splitlines()[6] == "date: 2026-13-01"  # line 7
    assert errors_of(tmp_path, text) == ["content/briefs/x.md:7:7: error: date: month must be in 1..12"]


def test_bad_month_is_located_in_a_crlf_file(tmp_path):
    text = brief_text("""\
        title: A Brief
        subtitle: With a subtitle
        series: Issue Brief
        number: "2026-01"
        language: en
        date: 2026-13-01
        authors: [hana-seo]
        """).replace("\n", "\r\n")
    assert errors_of(tmp_path, text) == ["content/briefs/x.md:7:7: error: date: month must be in 1..12"]


def test_date_that_is_not_iso_is_an_error(tmp_path):
    text = brief_text("""\
        title: A Brief
        number: "2026-01"
        date: 10/09/2026
        authors: [hana-seo]
        """)
    (line,) = errors_of(tmp_path, text)
    assert line.startswith("content/briefs/x.md:4:7: error: date: ")
    assert "ISO" in line


def test_unknown_key_is_located_at_the_key_with_a_hint(tmp_path):
    text = brief_text("""\
        titel: A Brief
        number: "2026-01"
        date: 2026-09-10
        authors: [hana-seo]
        """)
    errors = errors_of(tmp_path, text)
    assert "content/briefs/x.md:2:1: error: unknown key `titel` (did you mean `title`?)" in errors


def test_unknown_key_deeper_in_the_file_is_located(tmp_path):
    text = brief_text("""\
        title: A Brief
        number: "2026-01"
        date: 2026-09-10
        authors: [hana-seo]
        keywrods: [a, b]
        """)
    assert errors_of(tmp_path, text) == [
        "content/briefs/x.md:6:1: error: unknown key `keywrods` (did you mean `keywords`?)"
    ]


def test_unknown_nested_key_gets_a_hint_from_the_nested_schema(tmp_path):
    text = brief_text("""\
        title: A Brief
        number: "2026-01"
        date: 2026-09-10
        authors: [hana-seo]
        translation_of:
          number: "2026-02"
          titel: The Original
        """)
    errors = errors_of(tmp_path, text)
    assert "content/briefs/x.md:8:3: error: unknown key `titel` (did you mean `title`?)" in errors


def test_missing_title_is_an_error_in_the_front_matter(tmp_path):
    text = brief_text("""\
        number: "2026-01"
        date: 2026-09-10
        authors: [hana-seo]
        """)
    project = make_project(tmp_path, {"x": text})
    (diag,) = check(project).errors
    assert diag.path == "content/briefs/x.md"
    assert 1 <= diag.line <= 5  # inside the front matter (fences on lines 1 and 5)
    assert "title" in diag.message and "missing" in diag.message


def test_number_is_required_when_final(tmp_path):
    text = brief_text("""\
        title: A Brief
        date: 2026-09-10
        authors: [hana-seo]
        """)
    project = make_project(tmp_path, {"x": text})
    (diag,) = check(project).errors
    assert diag.path == "content/briefs/x.md"
    assert 1 <= diag.line <= 5
    assert "`number` is required when status is final" in diag.message


def test_number_is_not_required_for_a_draft(tmp_path):
    text = brief_text("""\
        title: A Brief
        date: 2026-09-10
        authors: [hana-seo]
        status: draft
        """)
    brief, report = read_one(tmp_path, text)
    assert report.errors == []
    assert brief.is_draft and brief.meta.number is None


def test_bad_status_is_located_at_the_value(tmp_path):
    text = brief_text("""\
        title: A Brief
        number: "2026-01"
        date: 2026-09-10
        authors: [hana-seo]
        status: final-ish
        """)
    (line,) = errors_of(tmp_path, text)
    assert line.startswith("content/briefs/x.md:6:9: error: status: ")


def test_list_where_a_string_belongs_is_located_at_the_list(tmp_path):
    text = brief_text("""\
        title: [A Brief, Another Title]
        number: "2026-01"
        date: 2026-09-10
        authors: [hana-seo]
        """)
    (line,) = errors_of(tmp_path, text)
    assert line.startswith("content/briefs/x.md:2:8: error: title: ")
    assert "string" in line


def test_string_where_a_list_belongs_is_an_error(tmp_path):
    text = brief_text("""\
        title: A Brief
        number: "2026-01"
        date: 2026-09-10
        authors: [hana-seo]
        keywords: energy, storage
        """)
    (line,) = errors_of(tmp_path, text)
    assert line.startswith("content/briefs/x.md:6:11: error: keywords: ")


def test_bad_language_tag_is_an_error(tmp_path):
    text = brief_text("""\
        title: A Brief
        number: "2026-01"
        date: 2026-09-10
        language: english please
        authors: [hana-seo]
        """)
    (line,) = errors_of(tmp_path, text)
    assert line.startswith("content/briefs/x.md:5:11: error: language: ")
    assert "BCP 47" in line


def test_empty_authors_list_is_an_error(tmp_path):
    text = brief_text("""\
        title: A Brief
        number: "2026-01"
        date: 2026-09-10
        authors: []
        """)
    (line,) = errors_of(tmp_path, text)
    assert line.startswith("content/briefs/x.md:5:10: error: authors: ")


def test_unknown_author_id_is_located_with_a_hint(tmp_path):
    text = brief_text("""\
        title: A Brief
        number: "2026-01"
        date: 2026-09-10
        authors:
          - hana-seo
          - minjae-kagn
        """)
    assert errors_of(tmp_path, text) == [
        "content/briefs/x.md:7:5: error: authors: no author `minjae-kagn` in content/authors.yaml "
        "(did you mean `minjae-kang`?)"
    ]


def test_inline_author_mapping_is_used(tmp_path):
    text = brief_text("""\
        title: A Brief
        number: "2026-01"
        date: 2026-09-10
        authors:
          - hana-seo
          - name: Jane Guest
            role: Visiting Fellow
            bio: Jane Guest studies ports.
        """)
    brief, report = read_one(tmp_path, text)
    assert report.errors == []
    assert [(a.name, a.role, a.bio) for a in brief.authors] == [
        ("Hana Seo", "Senior Research Fellow", "Hana Seo works on electricity markets."),
        ("Jane Guest", "Visiting Fellow", "Jane Guest studies ports."),
    ]
    assert brief.author_ids == ["hana-seo"]


def test_inline_author_with_unknown_key_is_located_with_a_hint(tmp_path):
    text = brief_text("""\
        title: A Brief
        number: "2026-01"
        date: 2026-09-10
        authors:
          - nmae: Jane Guest
            role: Visiting Fellow
        """)
    errors = errors_of(tmp_path, text)
    assert "content/briefs/x.md:6:5: error: unknown key `nmae` (did you mean `name`?)" in errors


def test_registry_error_is_located_in_authors_yaml(tmp_path):
    authors = AUTHORS + "tomas-reiner:\n  name: Tomas Reiner\n  roel: Fellow\n"
    text = brief_text(GOOD_FRONT)
    errors = errors_of(tmp_path, text, authors=authors)
    assert "content/authors.yaml:11:3: error: unknown key `roel` (did you mean `role`?)" in errors


def test_front_matter_that_is_not_a_mapping_is_an_error(tmp_path):
    (line,) = errors_of(tmp_path, "---\n- just\n- a list\n---\n\nBody.\n")
    assert line.startswith("content/briefs/x.md:2:1: error: ")


def test_bad_yaml_syntax_is_located(tmp_path):
    text = brief_text("""\
        title: A Brief
        number: "2026-01"
        date: 2026-09-10
        authors: [hana-seo
        summary: oops
        """)
    (line,) = errors_of(tmp_path, text)
    assert line.startswith("content/briefs/x.md:")
    assert ": error: YAML: " in line
    assert int(line.split(":")[1]) in (5, 6)


def test_a_colon_in_a_value_says_to_put_the_value_in_quotes(tmp_path):
    text = brief_text(GOOD_FRONT + "subtitle: A first look: why it matters\n")
    assert errors_of(tmp_path, text) == [
        "content/briefs/x.md:7:23: error: YAML: mapping values are not allowed here "
        '(put the value in quotes: subtitle: "A first look: why it matters")'
    ]


@pytest.mark.parametrize("typed", ["2026.10", "2026.1", "2026", "12.50"])
def test_a_number_where_text_belongs_is_quoted_as_typed(tmp_path, typed):
    text = brief_text(GOOD_FRONT.replace('number: "2026-01"', f"number: {typed}"))
    assert errors_of(tmp_path, text) == [
        "content/briefs/x.md:3:9: error: number: expected a text string, not a number "
        f'(put it in quotes: "{typed}")'
    ]


def test_yaml_dates_stay_iso_text_not_timestamps(tmp_path):
    # `2026-09-10 10:00` would be a YAML timestamp; the schema wants a plain ISO date
    text = brief_text("""\
        title: A Brief
        number: "2026-01"
        date: 2026-09-10 10:00:00
        authors: [hana-seo]
        """)
    (line,) = errors_of(tmp_path, text)
    assert line.startswith("content/briefs/x.md:4:7: error: date: ")


# --- anchors, aliases, duplicate keys ---------------------------------------------------------


def test_yaml_anchor_and_alias_are_rejected(tmp_path):
    text = brief_text("""\
        title: A Brief
        number: "2026-01"
        date: 2026-09-10
        authors: &people [hana-seo]
        keywords: *people
        """)
    (line,) = errors_of(tmp_path, text)
    assert line.startswith("content/briefs/x.md:5:10: error: YAML: anchors and aliases")


def test_yaml_alias_bomb_is_rejected_quickly(tmp_path):
    bomb = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join(['*' + chr(97 + i)] * 9)}]\n" for i in range(8)
    )
    (line,) = errors_of(tmp_path, "---\n" + bomb + "---\n\nBody.\n")
    assert "anchors and aliases" in line


def test_duplicate_key_is_rejected_at_the_second_key(tmp_path):
    text = brief_text("""\
        title: A Brief
        number: "2026-01"
        date: 2026-09-10
        title: Another Title
        authors: [hana-seo]
        """)
    assert errors_of(tmp_path, text) == ["content/briefs/x.md:5:1: error: YAML: duplicate key `title`"]


# --- front matter fences ----------------------------------------------------------------------


def test_unterminated_front_matter_is_an_error(tmp_path):
    text = "---\ntitle: A Brief\nnumber: '2026-01'\ndate: 2026-09-10\nauthors: [hana-seo]\n\nBody.\n"
    (line,) = errors_of(tmp_path, text)
    assert line.startswith("content/briefs/x.md:1:1: error: ")
    assert "not closed" in line


def test_missing_front_matter_is_an_error(tmp_path):
    (line,) = errors_of(tmp_path, "Just a body.\n")
    assert line.startswith("content/briefs/x.md:1:1: error: ")
    assert "front matter" in line


# --- text encoding ----------------------------------------------------------------------------


def test_non_utf8_file_is_an_error_naming_file_and_line(tmp_path):
    text = brief_text(GOOD_FRONT).encode("utf-8") + "Caf\u00e9 in Latin-1.\n".encode("latin-1")
    assert text.splitlines()[13].startswith(b"Caf")  # line 14, col 4
    (line,) = errors_of(tmp_path, text)
    assert line.startswith("content/briefs/x.md:14:4: error: not UTF-8 text (byte 0xe9)")


def test_byte_order_mark_is_accepted(tmp_path):
    text = "\ufeff" + brief_text(GOOD_FRONT)
    brief, report = read_one(tmp_path, text.encode("utf-8"))
    assert report.diagnostics == []
    assert brief.meta.title == "A Good Brief"


def test_nul_becomes_replacement_character(tmp_path):
    text = brief_text(GOOD_FRONT, body="A lead with a NUL\x00 inside.\n")
    brief, report = read_one(tmp_path, text.encode("utf-8"))
    assert report.errors == []
    body = all_text(brief.tokens)
    assert "NUL\ufffd inside" in body
    assert "\x00" not in body


def test_control_characters_are_removed_with_a_warning(tmp_path):
    text = brief_text(GOOD_FRONT, body="A lead.\n\nBell\x07 and form\x0cfeed.\n")
    lines = text.splitlines()
    assert lines[10].startswith("Bell")  # line 11
    brief, report = read_one(tmp_path, text)
    assert lines_of(report) == [
        "content/briefs/x.md:11:5: warning: removed control character U+0007",
        "content/briefs/x.md:11:15: warning: removed control character U+000C",
    ]
    body = all_text(brief.tokens)
    assert "Bell and formfeed." in body
    assert "\x07" not in body and "\x0c" not in body


def test_control_character_warnings_reach_check(tmp_path):
    project = make_project(tmp_path, {"x": brief_text(GOOD_FRONT, body="Lead\x1b.\n")})
    report = check(project)
    assert report.errors == []
    assert lines_of(report, "warning") == [
        "content/briefs/x.md:9:5: warning: removed control character U+001B"
    ]


@pytest.mark.parametrize("char", ["\x80", "\x9f"])
def test_c1_control_character_in_front_matter_is_located_not_a_crash(tmp_path, char):
    # PyYAML refuses C1 controls (U+0080..U+009F) with a ReaderError; that must become ours
    text = brief_text(GOOD_FRONT.replace("A Good Brief", f"A Good{char} Brief"))
    project = make_project(tmp_path, {"x": text})
    report = check(project)  # must not raise
    assert [(d.path, d.line) for d in report.diagnostics] == [("content/briefs/x.md", 2)]


def test_c1_control_character_in_authors_yaml_is_located_not_a_crash(tmp_path):
    project = make_project(
        tmp_path,
        {"x": brief_text(GOOD_FRONT)},
        authors=AUTHORS.replace("Minjae Kang works", "Minjae\x90 Kang works"),
    )
    report = check(project)  # must not raise
    assert {(d.path, d.line) for d in report.diagnostics} == {("content/authors.yaml", 8)}


# --- body -------------------------------------------------------------------------------------


def test_h1_in_body_is_an_error_at_its_line(tmp_path):
    body = "A lead.\n\n## A section\n\nText.\n\n# A second title\n\nMore.\n"
    text = brief_text(GOOD_FRONT, body=body)
    assert text.splitlines()[14] == "# A second title"  # line 15
    (line,) = errors_of(tmp_path, text)
    assert line.startswith("content/briefs/x.md:15:1: error: a `#` heading in the body")


def test_sections_and_subsections_keep_their_lines(tmp_path):
    body = "A lead.\n\n## One\n\nText.\n\n### One point one\n\nText.\n\n## Two\n"
    brief, _ = read_one(tmp_path, brief_text(GOOD_FRONT, body=body))
    assert [(s.level, s.title, s.line) for s in brief.sections] == [
        (2, "One", 11),
        (3, "One point one", 15),
        (2, "Two", 19),
    ]


def test_footnotes_are_split_from_the_body(tmp_path):
    body = (
        "A lead with a note.[^a]\n\n## One\n\nText.[^b]\n\n[^a]: First note text.\n[^b]: Second note text.\n"
    )
    brief, _ = read_one(tmp_path, brief_text(GOOD_FRONT, body=body))
    notes = {key: all_text(tokens) for key, tokens in brief.footnotes.items()}
    assert [n.strip() for n in notes.values()] != []
    assert "First note text." in notes[0] and "Second note text." in notes[1]
    assert "First note text." not in all_text(brief.tokens)


def _image_brief(src: str, body_before: str = "A lead.\n\n") -> str:
    return brief_text(GOOD_FRONT, body=body_before + f"![A chart]({src})\n\nAfter.\n")


@pytest.mark.parametrize(
    "src, why",
    [
        ("../../../../etc/passwd", "outside the project"),
        ("../../build/secret.png", "outside the project"),
        ("../images/missing.png", "no such file"),
        ("http://example.org/chart.png", "no URLs"),
        ("https://example.org/chart.png", "no URLs"),
        ("/etc/passwd", "absolute paths"),
    ],
)
def test_bad_image_is_an_error_at_its_line(tmp_path, src, why):
    files = {"build/secret.png": b"\x89PNG\r\n\x1a\n"}
    text = _image_brief(src)
    assert text.splitlines()[10].startswith("![A chart]")  # line 11
    (line,) = errors_of(tmp_path, text, files=files)
    assert line.startswith(f"content/briefs/x.md:11:1: error: image `{src}`: ")
    assert why in line


@pytest.mark.parametrize(
    "src, found",
    [
        ("images/chart.png", "../images/chart.png"),  # written from content/, as the folder tree shows it
        ("../images/Chart.PNG", "../images/chart.png"),  # another case
        ("../figures/chart.png", "../images/chart.png"),  # the one file of that name
        ("../images/relief.png", None),  # nothing like it: no guess
    ],
)
def test_a_missing_picture_says_paths_are_relative_to_the_brief_and_which_exists(tmp_path, src, found):
    png = b"\x89PNG\r\n\x1a\n"
    (line,) = errors_of(tmp_path, _image_brief(src), files={"content/images/chart.png": png})
    suggestion = f"; did you mean `{found}`?" if found else ""
    assert line == (
        f"content/briefs/x.md:11:1: error: image `{src}`: no such file "
        f"(paths are relative to the brief, in content/briefs/{suggestion})"
    )


def test_inline_image_on_a_later_line_of_a_paragraph_is_located_at_its_line(tmp_path):
    body = "A lead paragraph that runs\nover two lines and then shows ![x](../images/none.png) inline.\n"
    text = brief_text(GOOD_FRONT, body=body)
    assert "none.png" in text.splitlines()[9]  # line 10, the paragraph starts on line 9
    (line,) = errors_of(tmp_path, text)
    assert line.startswith("content/briefs/x.md:10:")


def test_good_image_resolves_inside_the_project(tmp_path):
    png = (  # a 1 x 1 transparent PNG, whole (Pillow decodes it to its end)
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f"
        b"\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc````\x00\x00\x00\x05\x00\x01\xa5\xf6E@\x00\x00\x00"
        b"\x00IEND\xaeB`\x82"
    )
    brief, report = read_one(
        tmp_path, _image_brief("../images/chart.png"), files={"content/images/chart.png": png}
    )
    assert report.errors == []
    (image,) = brief.images
    assert image.path == (tmp_path / "content/images/chart.png").resolve()
    assert image.alt == "A chart" and image.line == 11


# --- many briefs: every error in one run; good briefs still build -----------------------------


def test_every_broken_brief_is_reported_in_one_run(tmp_path):
    briefs = {
        "a-good": brief_text(GOOD_FRONT),
        "b-bad-date": brief_text(GOOD_FRONT.replace("2026-09-10", "2026-02-30")),
        "c-bad-key": brief_text(GOOD_FRONT + "subtitel: x\n"),
        "d-bad-heading": brief_text(GOOD_FRONT, body="# Title again\n"),
        "e-two-errors": brief_text(GOOD_FRONT.replace("hana-seo", "nobody") + "statsu: draft\n"),
    }
    project = make_project(tmp_path, briefs)
    errors = lines_of(check(project), "error")
    assert errors == [
        "content/briefs/b-bad-date.md:4:7: error: date: day is out of range for month",
        "content/briefs/c-bad-key.md:7:1: error: unknown key `subtitel` (did you mean `subtitle`?)",
        "content/briefs/d-bad-heading.md:9:1: error: a `#` heading in the body: the title comes from "
        "the front matter (use `##` for a section and `###` for a subsection)",
        "content/briefs/e-two-errors.md:6:5: error: authors: no author `nobody` in content/authors.yaml",
        "content/briefs/e-two-errors.md:7:1: error: unknown key `statsu` (did you mean `status`?)",
    ]


def test_good_brief_still_builds_when_another_is_broken(tmp_path):
    project = make_project(
        tmp_path,
        {
            "good": brief_text(GOOD_FRONT),
            "broken": brief_text(GOOD_FRONT.replace("title:", "titel:")),
        },
    )
    result = build(project, formats=["html"], out=tmp_path / "out")
    assert not result.ok
    assert {d.path for d in result.report.errors} == {"content/briefs/broken.md"}
    assert result.built == [tmp_path / "out" / "html" / "good.html"]
    assert "A Good Brief" in (tmp_path / "out/html/good.html").read_text(encoding="utf-8")
    assert not (tmp_path / "out/html/broken.html").exists()


def test_check_of_one_source_ignores_other_broken_briefs(tmp_path):
    project = make_project(
        tmp_path,
        {
            "good": brief_text(GOOD_FRONT),
            "broken": brief_text(GOOD_FRONT.replace("title:", "titel:")),
        },
    )
    assert lines_of(check(project, [project.briefs_dir / "good.md"])) == []


# --- what reaches the print HTML --------------------------------------------------------------


class _Elements(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict]] = []
        self.text: dict[str, list[str]] = {}
        self._open: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        self._open.append(tag)

    def handle_endtag(self, tag):
        if tag in self._open:
            while self._open and self._open.pop() != tag:
                pass

    def handle_data(self, data):
        for tag in self._open:
            self.text.setdefault(tag, []).append(data)


def _print_html(tmp_path: Path, text: str) -> tuple[_Elements, str, Report]:
    project = make_project(tmp_path, {"x": text})
    result = build(project, formats=["html"], out=tmp_path / "out")
    assert result.report.errors == []
    html = (tmp_path / "out/html/x.html").read_text(encoding="utf-8")
    parser = _Elements()
    parser.feed(html)
    return parser, html, result.report


def test_dangerous_raw_html_is_removed_from_the_print_html(tmp_path):
    body = textwrap.dedent("""\
        A lead with <img src="x" onerror="alert('img')"> an inline image and <b>bold</b> text.

        <script>alert('block')</script>

        <div onclick="alert('div')"><a href="javascript:alert('a')">a link</a> and <a href="https://ok.example">ok</a></div>

        <p style="color:red" onmouseover="alert('p')">Styled.</p>

        <iframe src="https://evil.example"></iframe>

        Inline <script>alert('inline')</script> script and <a href="javascript:alert(1)">inline link</a>.

        [A markdown link](javascript:alert('md')) and <svg onload="alert('svg')"></svg>.
        """)
    parser, html, report = _print_html(tmp_path, brief_text(GOOD_FRONT, body=body))
    tags = {tag for tag, _ in parser.tags}
    assert not tags & {"script", "iframe", "svg", "object", "embed"}
    for tag, attrs in parser.tags:
        assert not [a for a in attrs if a.startswith("on")], (tag, attrs)
        for name in ("href", "src"):
            assert not (attrs.get(name) or "").strip().lower().startswith("javascript:"), (tag, attrs)
    assert "alert(" not in "".join(parser.text.get("script", []))
    assert "<b>bold</b>" in html
    assert 'href="https://ok.example"' in html
    # each removal is reported as a warning, never silently
    assert report.warnings and all(w.path == "content/briefs/x.md" for w in report.warnings)


def test_template_syntax_in_content_prints_literally(tmp_path):
    front = GOOD_FRONT.replace("A Good Brief", '"{{ 7*7 }} and {% if true %}yes{% endif %}"')
    body = "A lead with {{ 7*7 }} and {# comment #} in it.\n\n## Section {{ 6*6 }}\n"
    parser, html, _ = _print_html(tmp_path, brief_text(front, body=body))
    h1 = "".join(parser.text["h1"])
    assert h1.strip() == "{{ 7*7 }} and {% if true %}yes{% endif %}"
    assert "".join(parser.text["title"]).strip() == "{{ 7*7 }} and {% if true %}yes{% endif %}"
    body_text = "".join(parser.text["main"])
    assert "{{ 7*7 }} and {# comment #} in it." in body_text
    assert "Section {{ 6*6 }}" in "".join(parser.text["h2"])
    assert "49" not in body_text and "36" not in body_text


def test_html_special_characters_in_metadata_are_escaped(tmp_path):
    front = GOOD_FRONT.replace("A Good Brief", '"Tariffs <b>&</b> \\"Trade\\""')
    parser, html, _ = _print_html(tmp_path, brief_text(front))
    assert "".join(parser.text["h1"]).strip() == "Tariffs <b>&</b> “Trade”"  # quotes curled, markup escaped
    assert "&lt;b&gt;&amp;&lt;/b&gt;" in html
    assert not any(tag == "b" for tag, _ in parser.tags)


# --- no input makes the reader fail with anything but a located ContentError -----------------

from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from briefexport.errors import ContentError  # noqa: E402


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(front=st.text(max_size=200), body=st.text(max_size=400))
def test_reader_only_raises_located_content_errors(tmp_path_factory, front, body):
    root = tmp_path_factory.mktemp("fuzz")
    project = make_project(root, {"x": "---\n" + front + "\n---\n" + body})
    report = Report()
    authors = reader.read_authors(project, report)
    try:
        reader.read_brief(project.briefs_dir / "x.md", project, authors, report)
    except ContentError as exc:
        assert exc.diagnostics
        for diag in exc.diagnostics:
            assert diag.path == "content/briefs/x.md"
            assert diag.message


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(body=st.text(max_size=600))
def test_any_body_under_good_front_matter_reads_or_is_located(tmp_path_factory, body):
    root = tmp_path_factory.mktemp("fuzzbody")
    project = make_project(root, {"x": brief_text(GOOD_FRONT, body=body)})
    report = Report()
    authors = reader.read_authors(project, report)
    try:
        brief = reader.read_brief(project.briefs_dir / "x.md", project, authors, report)
    except ContentError as exc:
        lines = len(brief_text(GOOD_FRONT, body=body).splitlines()) + 1
        for diag in exc.diagnostics:
            assert 1 <= diag.line <= lines, str(diag)
    else:
        assert all(section.line >= brief.body_line for section in brief.sections)


# --- the YAML loaders: libyaml's fast path must agree with PyYAML's, messages are PyYAML's --------


def _nodes(node, out=None):
    """Every node of a composed tree as (tag, value or None, line, column), in document order."""
    out = [] if out is None else out
    value = node.value if isinstance(node.value, str) else None
    out.append((node.tag, value, node.start_mark.line, node.start_mark.column))
    children = node.value if isinstance(node.value, list) else []
    for child in children:
        for part in child if isinstance(child, tuple) else (child,):
            _nodes(part, out)
    return out


@pytest.mark.parametrize("sample", sorted(p.name for p in (REPO / "content" / "briefs").glob("*.md")))
def test_the_fast_yaml_loader_reads_what_pyyaml_reads(sample):
    from briefexport.content import yaml_source as yamlsource

    if yamlsource._FastLoader is None:
        pytest.skip("PyYAML without libyaml")
    text = (REPO / "content" / "briefs" / sample).read_text(encoding="utf-8").split("---")[1]
    results = []
    for loader_class in (yamlsource._FastLoader, yamlsource._Loader):
        loader = loader_class(text, sample, 2, Report())
        root = loader.get_single_node()
        results.append((loader.construct_document(root), _nodes(root)))
    assert results[0] == results[1]


@pytest.mark.parametrize(
    "text, message",
    [
        (
            'title: "a lone surrogate \\ud800 escaped"\n',
            None,
        ),  # libyaml refuses it, PyYAML reads it: a warning
        (
            "title: x\n\tsubtitle: y\n",
            "x.md:3:1: error: YAML: found character '\\t' that cannot start any token "
            "(YAML cannot be indented with tabs; use spaces)",
        ),
        (
            "title: x\x01\n",
            "x.md:2:9: error: YAML: unacceptable character #x0001: special characters are not allowed",
        ),
        ("title: [a, b\n", "x.md:3:1: error: YAML: expected ',' or ']', but got '<stream end>'"),
    ],
)
def test_yaml_messages_are_pyyamls_whichever_loader_read_it(text, message):
    from briefexport.content import yaml_source as yamlsource
    from briefexport.errors import ContentError

    report = Report()
    if message is None:
        source = yamlsource.load(text, "x.md", 2, report)
        assert source.data == {"title": "a lone surrogate  escaped"}
        assert [str(d) for d in report.diagnostics] == ["x.md:2:8: warning: removed control character U+D800"]
        return
    with pytest.raises(ContentError) as caught:
        yamlsource.load(text, "x.md", 2, report)
    assert [str(d) for d in caught.value.diagnostics] == [message]
