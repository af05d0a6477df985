"""Shared fixtures. Test roots are real mini projects built through the library API."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from briefexport.build import build
from briefexport.project import Project

REPO = Path(__file__).resolve().parent.parent
TESTS = Path(__file__).resolve().parent
ROOTS = TESTS / "roots"
GOLDEN = TESTS / "golden"


SOURCE_DATE_EPOCH = "1790000000"
# Set at import, not in a fixture: session-scoped fixtures run before function-scoped ones.
os.environ["SOURCE_DATE_EPOCH"] = SOURCE_DATE_EPOCH


@pytest.fixture(autouse=True)
def _reproducible(monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", SOURCE_DATE_EPOCH)


def copy_project(dest: Path, src: Path = REPO, with_layouts: bool = True) -> Project:
    """A copy of a project (default: this repo's content/, layouts/) in `dest`."""
    shutil.copytree(src / "content", dest / "content")
    if with_layouts and (src / "layouts").is_dir():
        shutil.copytree(src / "layouts", dest / "layouts")
    return Project.at(dest)


@pytest.fixture
def sample_project(tmp_path) -> Project:
    return copy_project(tmp_path / "project")


@pytest.fixture(scope="session")
def sample_build(tmp_path_factory):
    """The repo's sample content built once per session in every format: (project, result, out)."""
    root = tmp_path_factory.mktemp("sample")
    project = copy_project(root / "project")
    out = root / "out"
    result = build(project, out=out)
    return project, result, out
