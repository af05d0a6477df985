"""A build leaves no WeasyPrint fonts folder behind in the temporary directory, in one process or
with workers (weasyprint_patches/font_folder.py)."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from conftest import small_project


@pytest.mark.slow
@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_pdf_build_leaves_no_fonts_folder_in_the_temporary_directory(tmp_path, jobs):
    project = small_project(tmp_path / "project", ("ageing-workforce-automation", "harbour-electrification"))
    temp = tmp_path / "temp"
    temp.mkdir()
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "briefexport",
            "build",
            "--format",
            "pdf",
            "--jobs",
            jobs,
            "--out",
            str(tmp_path / "out"),
        ],
        capture_output=True,
        text=True,
        cwd=project.root,
        env={**os.environ, "TMPDIR": str(temp)},
        timeout=600,
    )
    assert proc.returncode == 0, proc.stderr
    assert len(list((tmp_path / "out" / "pdf").glob("*.pdf"))) == 2
    assert [p.name for p in temp.iterdir() if p.name.startswith("weasyprint-")] == []
