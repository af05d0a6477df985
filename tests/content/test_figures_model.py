"""Figures, tables, boxes and cross-references in the model: numbers, labels and targets assigned
once by the reader (tests/roots/figures, in English and Korean), and every mistake `check` reports
about them, located: unknown targets with a did-you-mean, duplicate ids at the second, unknown box
classes and unclosed fences with the known classes, ids that attach to nothing, links to a
heading's positional id when it has its own."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from briefexport.builder import check
from briefexport.content import reader
from briefexport.errors import Report
from briefexport.project import Project
from conftest import REPO, ROOTS
from content.test_reader import GOOD_FRONT, brief_text, make_project

FIGURES = ROOTS / "figures"


@pytest.fixture(scope="module")
def briefs(tmp_path_factory) -> dict:
    root = tmp_path_factory.mktemp("figures")
    shutil.copytree(FIGURES / "content", root / "content")
    project = Project.at(root)
    report = Report()
    authors = reader.read_authors(project, report)
    found = {path.stem: reader.read_brief(path, project, authors, report) for path in project.briefs()}
    assert report.errors == []
    return found


def xrefs(brief) -> list[tuple[str, str, str]]:
    """(as written, label, target) of every cross-reference, body then notes."""
    found = []
    for token in [*brief.tokens, *(t for note in brief.footnotes.values() for t in note)]:
        for child in token.children or []:
            if child.type == "xref":
                found.append((child.content, child.meta["label"], child.meta["target"]))
    return found


def line_of(path: Path, text: str) -> int:
    return next(n for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if text in line)


def test_figures_and_tables_are_numbered_separately_and_only_with_a_caption(briefs):
    targets = briefs["ferries"].targets
    assert [(t.kind, t.number, t.label) for t in (targets["tbl-routes"], targets["fig-crossings"])] == [
        ("tbl", "1", "Table 1"),
        ("fig", "1", "Figure 1"),
    ]
    assert targets["fig-quay"].number == "" and targets["fig-quay"].label == ""  # no caption, no number
    tables = [t.meta.get("caption_label") for t in briefs["ferries"].tokens if t.type == "table_open"]
    assert tables == ["Table 1.", "Table 2.", None]  # `: Caption`, `Table: Caption`, none
    figures = [
        c.meta.get("caption_label")
        for t in briefs["ferries"].tokens
        for c in t.children or []
        if c.type == "image" and c.meta.get("figure")
    ]
    assert figures == ["Figure 1.", "Figure 2.", None]


def test_sections_keep_their_positional_ids_as_aliases(briefs):
    ferries = briefs["ferries"]
    assert [(s.id, s.level) for s in ferries.sections] == [
        ("sec-network", 2),
        ("sec-2", 3),
        ("sec-berths", 2),
    ]
    assert ferries.anchors["sec-1"] == "sec-network" and ferries.anchors["sec-network"] == "sec-network"
    assert (
        ferries.targets["sec-2"].label == "Section 1.1" and ferries.targets["sec-berths"].label == "Section 2"
    )
    assert {"ids", "captions", "boxes", "pullquotes", "xrefs"} <= ferries.uses


def test_cross_references_get_their_labels_and_targets_in_the_model(briefs):
    assert xrefs(briefs["ferries"]) == [
        ("@tbl-routes", "Table 1", "tbl-routes"),
        ("@fig-crossings", "Figure 1", "fig-crossings"),
        ("@Sec-berths", "Section 2", "sec-berths"),
        ("@tbl-routes", "Table 1", "tbl-routes"),
        ("@fig-crossings", "Figure 1", "fig-crossings"),
        ("@sec-network", "Section 1", "sec-network"),
        ("@tbl-routes", "Table 1", "tbl-routes"),
        ("@sec-network", "Section 1", "sec-network"),
    ]


def test_korean_labels_and_a_particle_after_a_reference(briefs):
    ko = briefs["ferries-ko"]
    assert xrefs(ko) == [
        ("@tbl-routes", "표 1", "tbl-routes"),
        ("@fig-crossings", "그림 1", "fig-crossings"),
        ("@tbl-routes", "표 1", "tbl-routes"),  # `@tbl-routes에서`: the particle is not part of the id
        ("@fig-crossings", "그림 1", "fig-crossings"),
        ("@sec-season", "1.1절", "sec-season"),
        ("@sec-network", "제1절", "sec-network"),
    ]
    boxes = [t.meta for t in ko.tokens if t.type == "box_open"]
    assert [(m["kind"], m["title"], m["level"]) for m in boxes] == [
        ("key-points", "핵심 요약", 2),
        ("box", "운항 횟수 집계 방법", 4),  # in a ### subsection: one level below it
    ]


def test_box_titles_are_typeset_and_levels_follow_the_section(briefs):
    boxes = [t.meta for t in briefs["ferries"].tokens if t.type == "box_open"]
    assert [(m["kind"], m["title"], m["level"]) for m in boxes] == [
        ("key-points", "Key points", 2),
        ("box", "How the “crossings” were counted", 4),
        ("pullquote", "", 3),
    ]


def test_a_brief_without_any_of_it_uses_nothing():
    project, report = Project.at(REPO), Report()
    authors = reader.read_authors(project, report)

    def uses(slug: str) -> frozenset:
        return reader.read_brief(project.briefs_dir / f"{slug}.md", project, authors, report).uses

    assert uses("ageing-workforce-automation") == frozenset()  # so its outputs are what they were
    assert uses("grid-storage-auctions") == {"ids", "captions", "boxes", "pullquotes", "xrefs"}


def test_a_link_to_a_positional_id_of_another_brief_is_a_warning_at_check(tmp_path):
    root = tmp_path / "p"
    shutil.copytree(FIGURES / "content", root / "content")
    report = check(Project.at(root))
    path = root / "content" / "briefs" / "storage.md"
    line = line_of(path, "ferries.md#sec-1")
    col = path.read_text(encoding="utf-8").splitlines()[line - 1].index("[the ferry") + 1
    assert [str(d) for d in report.sorted() if "position" in d.message] == [
        f"content/briefs/storage.md:{line}:{col}: warning: link `ferries.md#sec-1` points at a heading by "
        "its position, which changes when a section is added before it (link to its own id: `#sec-network`)"
    ]
    assert report.errors == []


# --- what check reports ------------------------------------------------------------------------

BODY_LINE = 9  # the first body line of brief_text(GOOD_FRONT, ...)


def checked(tmp_path: Path, body: str, others: dict[str, str] | None = None) -> list[str]:
    briefs = {"a": brief_text(GOOD_FRONT, body), **(others or {})}
    return [str(d) for d in check(make_project(tmp_path / "p", briefs)).sorted()]


def test_an_unknown_target_is_a_located_error_with_a_did_you_mean(tmp_path):
    body = "Lead.\n\n## Costs {#sec-costs}\n\nSee @sec-cost and, later, @tbl-nothing.\n"
    assert checked(tmp_path, body) == [
        f"content/briefs/a.md:{BODY_LINE + 4}:5: error: `@sec-cost` refers to nothing in this brief "
        "(did you mean `sec-costs`?)",
        f"content/briefs/a.md:{BODY_LINE + 4}:27: error: `@tbl-nothing` refers to nothing in this brief "
        "(the numbered ids of this brief are `sec-costs`, `sec-1`)",
    ]


def test_a_duplicate_id_is_an_error_at_the_second(tmp_path):
    body = "Lead.\n\n## One {#sec-one}\n\nText.\n\n## Two {#sec-one}\n\nText.\n"
    assert checked(tmp_path, body) == [
        f"content/briefs/a.md:{BODY_LINE + 6}:9: error: `#sec-one` is already the id of a heading at line "
        f"{BODY_LINE + 2} (ids must be unique within a brief)"
    ]


def test_an_id_that_looks_positional_or_is_not_ascii_or_has_the_wrong_prefix_is_an_error(tmp_path):
    body = "Lead.\n\n## One {#sec-2}\n\n## Two {#sec-둘}\n\n## Three {#tbl-three}\n"
    lines = checked(tmp_path, body)
    assert [line.split(": error: ")[0] for line in lines] == [
        f"content/briefs/a.md:{BODY_LINE + 2}:9",
        f"content/briefs/a.md:{BODY_LINE + 4}:9",
        f"content/briefs/a.md:{BODY_LINE + 6}:11",
    ]
    assert "positional id" in lines[0] and "ASCII" in lines[1] and "prefix is that of a table" in lines[2]


def test_an_unknown_box_class_and_an_unclosed_fence_list_the_known_classes(tmp_path):
    body = 'Lead.\n\n::: {.key-point}\nText.\n:::\n\n::: {.box title="Open"}\nNever closed.\n'
    known = "`::: {.key-points}`, `::: {.box}`, `::: {.pullquote}`"
    assert checked(tmp_path, body) == [
        f"content/briefs/a.md:{BODY_LINE + 2}:1: error: unknown box `.key-point` "
        f"(did you mean `.key-points`? The boxes are {known})",
        f'content/briefs/a.md:{BODY_LINE + 6}:1: error: the box opened here (`::: {{.box title="Open"}}`) is '
        f"never closed (close it with a line `:::`; the boxes are {known})",
    ]


def test_a_closing_fence_that_closes_nothing_is_an_error(tmp_path):
    body = "Lead.\n\nText.\n:::\n"
    (line,) = checked(tmp_path, body)
    assert line.startswith(f"content/briefs/a.md:{BODY_LINE + 3}:1: error: this `:::` closes no box")


def test_nested_boxes_close_as_pandoc_closes_them(tmp_path):
    body = 'Lead.\n\n::: {.box title="Outer"}\nOuter.\n\n::: {.key-points}\n- inner\n:::\n\nMore.\n:::\n'
    assert checked(tmp_path, body) == []


def test_an_id_that_attaches_to_nothing_is_a_warning(tmp_path):
    body = "Lead with {#nowhere} in it.\n\nAn inline ![x](../images/chart.png){#fig-inline} picture.\n"
    lines = [line for line in checked(tmp_path, body) if "attaches to nothing" in line]
    assert [line.split(": warning: ")[0] for line in lines] == [
        f"content/briefs/a.md:{BODY_LINE}:11",
        f"content/briefs/a.md:{BODY_LINE + 2}:37",
    ]


def test_a_reference_to_a_figure_without_a_caption_is_an_error(tmp_path):
    png = (ROOTS / "figures" / "content" / "images" / "ferries.png").read_bytes()
    body = "Lead, see @fig-plain.\n\n![A picture.](../images/chart.png){#fig-plain}\n"
    project = make_project(
        tmp_path / "p", {"a": brief_text(GOOD_FRONT, body)}, files={"content/images/chart.png": png}
    )
    lines = [str(d) for d in check(project).errors]
    assert lines == [
        f"content/briefs/a.md:{BODY_LINE}:11: error: `@fig-plain` refers to a figure without a caption, "
        'which has no number (give it a caption: ![description](path "Caption"){#fig-name})'
    ]


def test_other_at_keys_are_citations_printed_as_written_with_the_existing_warning(tmp_path):
    body = "Lead as @smith2020 argued [@smith2020, 12], and mail a@b.org.\n"
    lines = checked(tmp_path, body)
    assert lines == [
        f"content/briefs/a.md:{BODY_LINE}:27: warning: citation `[@smith2020, 12]` prints as written: "
        "citation keys are not supported yet (write the reference out, or put it in a footnote)"
    ]
