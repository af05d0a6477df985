"""What a run carries (builder/context.py, builder/options.py): two builds in one process, as the
live preview makes them, share nothing they should not; a writer's bug shows its traceback with
--debug (or BRIEFEXPORT_DEBUG=1), from inside the forked worker that met it, and only then."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from briefexport.builder import Kept, build
from briefexport.cli import main
from briefexport.project import Project
from briefexport.writers import html as html_writer
from conftest import small_project

FORMATS = ["html", "docx", "epub"]  # the brand shows in each; no PDF, to stay quick
NOT_OUTPUTS = {".cache", ".briefexport-manifest.json", ".briefexport-last-good"}


def files(out: Path) -> dict[str, bytes]:
    return {
        path.relative_to(out).as_posix(): path.read_bytes()
        for path in sorted(out.rglob("*"))
        if path.is_file() and path.relative_to(out).parts[0] not in NOT_OUTPUTS
    }


def fresh_process(project: Project, out: Path) -> dict[str, bytes]:
    """What a build in a process of its own makes of `project` (into `out`, emptied first)."""
    shutil.rmtree(out, ignore_errors=True)
    command = [sys.executable, "-m", "briefexport", "build", "--project", str(project.root)]
    command += ["--format", ",".join(FORMATS), "--out", str(out), "--jobs", "1", "-q"]
    done = subprocess.run(command, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr
    return files(out)


def rebrand(project: Project, colour: str, name: str) -> None:
    """Another primary colour, and another name wherever brand.yml gives the institute's."""
    brand = project.root / "layouts" / "brand.yml"
    text = brand.read_text().replace('navy: "#17375E"', f'navy: "{colour}"')
    brand.write_text(
        text.replace("Meridian Institute for Policy Studies", name).replace("Meridian Institute", name)
    )


@pytest.mark.slow
def test_a_second_project_built_in_the_same_process_is_built_as_a_fresh_process_builds_it(tmp_path):
    first = small_project(tmp_path / "a", ("harbour-electrification", "grid-storage-auctions"))
    second = small_project(tmp_path / "b", ("ageing-workforce-automation", "digital-identity-draft"))
    rebrand(second, "#7A1F3D", "Second Institute")
    assert build(first, formats=FORMATS, out=first.root / "build", jobs=1).ok
    out = second.root / "build"
    assert build(second, formats=FORMATS, out=out, jobs=1).ok
    in_process = files(out)
    assert any(name.startswith("epub/") for name in in_process)
    assert in_process == fresh_process(second, out)
    html = in_process["html/ageing-workforce-automation.html"].decode()
    # the second brand, nothing of the first (the authors' registry names the institute as it is)
    assert "Second Institute" in html and "#7a1f3d" in html.lower() and "#17375e" not in html.lower()


@pytest.mark.slow
@pytest.mark.parametrize("jobs", [1, 2])
def test_a_brand_changed_between_two_builds_in_one_process_is_read_again(tmp_path, jobs):
    project = small_project(tmp_path / "p", ("harbour-electrification", "grid-storage-auctions"))
    out = project.root / "build"
    assert build(project, formats=FORMATS, out=out, jobs=jobs).ok
    before = files(out)
    rebrand(project, "#7A1F3D", "Renamed Institute")
    again = build(project, formats=FORMATS, out=out, jobs=jobs)
    assert again.ok and sorted(again.built) == sorted(out / name for name in before)  # every one rebuilt
    after = files(out)
    assert "Renamed Institute" in after["html/harbour-electrification.html"].decode()
    assert after == fresh_process(project, out)


@pytest.mark.slow
def test_the_previews_kept_layout_is_used_until_it_is_forgotten(tmp_path):
    """The live preview keeps the layout between its builds (Kept) and forgets it when layouts/
    changes (serve/watch.py); a build without Kept never sees another build's layout."""
    project = small_project(tmp_path / "p", ("harbour-electrification",))
    out = project.root / "build"
    kept = Kept()
    assert build(project, formats=["html"], out=out, jobs=1, kept=kept).ok
    layout = kept.layout
    assert layout is not None and layout.brand.name == "Meridian Institute for Policy Studies"
    rebrand(project, "#7A1F3D", "Renamed Institute")
    build(project, formats=["html"], out=out, jobs=1, kept=kept, force=True)
    assert kept.layout is layout  # kept: the preview has not said layouts/ changed
    kept.forget_layouts()
    assert build(project, formats=["html"], out=out, jobs=1, kept=kept, force=True).ok
    assert kept.layout is not layout and kept.layout is not None
    assert kept.layout.brand.name == "Renamed Institute"
    assert "Renamed Institute" in (out / "html/harbour-electrification.html").read_text()


# --- --debug ----------------------------------------------------------------------------------


def _planted(brief, layout, out_root):
    return _deeper_in_the_writer(brief)


def _deeper_in_the_writer(brief):
    raise ZeroDivisionError(f"planted writer bug in {brief.slug}")


@pytest.fixture
def planted(tmp_path, monkeypatch) -> Project:
    """Two briefs (two tasks: the build forks workers with --jobs 2) and an HTML writer that fails
    two frames down; the workers inherit the patch."""
    monkeypatch.setattr(html_writer, "render", _planted)
    return small_project(tmp_path / "p", ("harbour-electrification", "grid-storage-auctions"))


def run_build(project: Project, *extra: str, env: dict[str, str] | None = None):
    arguments = ["build", "--project", str(project.root), "--format", "html", "--jobs", "2", *extra]
    return CliRunner().invoke(main, arguments, env=env, catch_exceptions=False)


@pytest.mark.parametrize("asked", [["--debug"], "BRIEFEXPORT_DEBUG"])
def test_debug_prints_the_traceback_of_a_writers_bug_from_the_worker(planted, asked):
    if asked == "BRIEFEXPORT_DEBUG":
        result = run_build(planted, env={"BRIEFEXPORT_DEBUG": "1"})
    else:
        result = run_build(planted, *asked)
    assert result.exit_code == 1
    stderr = result.stderr
    for slug in ("harbour-electrification", "grid-storage-auctions"):
        assert f"html: could not be written: ZeroDivisionError: planted writer bug in {slug}" in stderr
    assert stderr.count("Traceback (most recent call last):") == 2  # one per failed output
    # the frames, down to the line that raised, as Python prints them
    assert f'File "{__file__}"' in stderr
    assert "in _planted" in stderr and "in _deeper_in_the_writer" in stderr
    assert 'raise ZeroDivisionError(f"planted writer bug in {brief.slug}")' in stderr
    assert "in run_one" in stderr  # the builder's frame that called the writer, in the worker


def test_without_debug_a_writers_bug_is_one_located_line(planted):
    result = run_build(planted)
    assert result.exit_code == 1
    stderr = result.stderr
    lines = [line for line in stderr.splitlines() if "planted writer bug" in line]
    assert lines == [
        f"content/briefs/{slug}.md: error: html: could not be written: ZeroDivisionError: "
        f"planted writer bug in {slug}"
        for slug in ("grid-storage-auctions", "harbour-electrification")
    ]
    assert "Traceback" not in stderr and "_deeper_in_the_writer" not in stderr
