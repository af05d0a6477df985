"""`check` refuses what the default build refuses, in every format it makes, saying which format
needs what: each case is checked and built (the default build: every format, the site included)
and both must print the same errors, with the same exit status."""

from __future__ import annotations

import io

import pytest
from click.testing import CliRunner
from PIL import Image

from briefexport.cli import main
from content.test_reader import GOOD_FRONT, brief_text, make_project

pytestmark = pytest.mark.slow  # every test builds


def png(width: int = 40, height: int = 30) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), (30, 90, 160)).save(buffer, "PNG")
    return buffer.getvalue()


def gif() -> bytes:
    buffer = io.BytesIO()
    Image.new("P", (40, 30)).save(buffer, "GIF")
    return buffer.getvalue()


UNDESCRIBED = 'Lead.\n\n![](../images/chart.png "A chart")\n\n## One\n\nText.\n'
NO_DESCRIPTION = (
    "content/briefs/a.md:11:1: error: image `../images/chart.png` has no text description: the EPUB "
    "requires one (write what the picture shows between the brackets: ![description](path))"
)


def project_of(tmp_path, body: str, collection: str | None = "briefs: [a]", files=None):
    project = make_project(
        tmp_path / "p",
        {"a": brief_text(GOOD_FRONT, body), "b": brief_text(GOOD_FRONT.replace("A Good", "Another"))},
        files={"content/images/chart.png": png(), **(files or {})},
    )
    if collection is not None:
        project.collections_dir.mkdir()
        (project.collections_dir / "book.yaml").write_text(f"title: Book\n{collection}\n")
    return project


def errors(project, command: str, *sources: str) -> tuple[int, list[str]]:
    """Exit status and error lines of `briefexport COMMAND` (as a CI log shows them)."""
    args = [command, "--project", str(project.root), *sources]
    if command == "build":
        args += ["--jobs", "1"]
    result = CliRunner().invoke(main, args)
    return result.exit_code, [line for line in result.output.splitlines() if ": error: " in line]


def agree(project, *sources: str) -> list[str]:
    checked = errors(project, "check", *sources)
    built = errors(project, "build", *sources)
    assert checked == built, (checked, built)
    assert checked[0] == (1 if checked[1] else 0)  # content errors, or none: never a usage error
    return checked[1]


def test_an_undescribed_picture_in_a_collection_fails_check_as_it_fails_the_books_build(tmp_path):
    project = project_of(tmp_path, UNDESCRIBED)
    assert agree(project) == [NO_DESCRIPTION]
    assert not (project.root / "build" / "epub" / "book.epub").exists()
    assert (project.root / "build" / "pdf" / "a.pdf").is_file()  # the formats that do not need one


def test_an_undescribed_picture_outside_every_book_passes_both(tmp_path):
    project = project_of(tmp_path, UNDESCRIBED, collection="briefs: [b]")
    assert agree(project) == []  # the default build makes no EPUB of it


def test_an_undescribed_picture_in_a_brief_checked_alone_passes_as_its_build_makes_no_epub(tmp_path):
    project = project_of(tmp_path, UNDESCRIBED, collection="briefs: [b]")
    # a brief named alone makes its one-brief EPUB only with --format epub, which check does not take
    assert agree(project, str(project.briefs_dir / "a.md")) == []
    assert not (project.root / "build" / "epub").exists()
    assert (project.root / "build" / "pdf" / "a.pdf").is_file()


def test_an_undescribed_picture_in_a_brief_checked_with_its_book_fails_as_the_book_would(tmp_path):
    project = project_of(tmp_path, UNDESCRIBED)
    assert agree(project, str(project.briefs_dir / "a.md"), str(project.collections_dir / "book.yaml")) == [
        NO_DESCRIPTION
    ]


def test_an_undescribed_picture_in_a_brief_named_alone_passes_as_its_build_makes_no_epub(tmp_path):
    project = project_of(tmp_path, UNDESCRIBED, collection=None)
    assert agree(project, str(project.briefs_dir / "a.md")) == []  # a brief named alone: no EPUB
    assert agree(project) == [NO_DESCRIPTION]  # a project without collections: one-brief EPUBs


def test_a_truncated_picture_fails_check_as_it_fails_the_build(tmp_path):
    whole = png(1200, 900)
    project = project_of(
        tmp_path,
        'Lead.\n\n![A chart](../images/cut.png "A chart")\n',
        files={"content/images/cut.png": whole[: len(whole) // 2]},
    )
    found = agree(project)
    assert len(found) == 2 and found[0].startswith(
        "content/briefs/a.md:11:1: error: image `../images/cut.png`: the file is damaged or truncated"
    ), found
    assert found[1] == (
        "content/collections/book.yaml:2:9: error: briefs: cannot include a: see the errors reported for them"
    )


@pytest.mark.parametrize(
    ("cover", "message"),
    [
        (
            "cover.gif",
            "not a PNG or JPEG image (the EPUB needs one: e-readers show only those in their libraries)",
        ),
        ("cut.png", "the file is damaged or truncated"),
    ],
)
def test_a_collection_cover_the_epub_cannot_use_fails_check_as_it_fails_the_build(tmp_path, cover, message):
    whole = png(800, 1280)
    project = project_of(
        tmp_path,
        "Lead.\n",
        collection=f"cover: ../images/{cover}\nbriefs: [a]",
        files={"content/images/cover.gif": gif(), "content/images/cut.png": whole[: len(whole) // 3]},
    )
    found = agree(project)
    assert len(found) == 1 and found[0].startswith(
        f"content/collections/book.yaml:2:8: error: cover `../images/{cover}`: {message}"
    ), found
