"""Stopping a build: a real parallel build of 60 briefs, stopped by a signal once a few outputs
exist. Nothing of that build may survive it, nothing may change in the output folder after it has
returned, and a normal build then repairs everything, with a manifest that agrees with the files.
A second build started while one runs is refused.

The timings printed (`-s`) are for the report; no test asserts how fast anything was, only that
no process of the stopped build is alive 3 s after the signal (the issue's own bound).
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from briefexport.builder import Busy, build
from briefexport.builder.keys import Keys
from briefexport.builder.manifest import MANIFEST
from briefexport.builder.stopping import LOCK_NAME, locked
from briefexport.content.sources import read_sources
from briefexport.errors import Report
from briefexport.project import Project
from briefexport.writers import FORMATS
from conftest import REPO, SOURCE_DATE_EPOCH

BRIEFS = 60
FORMAT_LIST = ["pdf", "html", "docx"]
STOP_LINE = re.compile(r"^stopped: (\d+) of (\d+) built$")


def brief_text(number: int, edited: bool = False) -> str:
    paragraph = f"Text of brief {number}, repeated to give the renderer some work. " * 30
    return (
        f'---\ntitle: Brief number {number} on a subject of some importance\nnumber: "2026-{number:02}"\n'
        f"date: 2026-05-12\nauthors: [hana-seo]\n---\nA lead paragraph for brief {number}.\n\n"
        f"## A section\n\n{paragraph}\n\n{paragraph}\n\n"
        + ("## Added after the stop\n\nA newer sentence.\n" if edited else "")
    )


def make_project(root: Path, edited: tuple[int, ...] = ()) -> Project:
    (root / "content" / "briefs").mkdir(parents=True)
    shutil.copy(REPO / "content" / "authors.yaml", root / "content" / "authors.yaml")
    for number in range(BRIEFS):
        (root / "content" / "briefs" / f"b{number:02}.md").write_text(brief_text(number, number in edited))
    return Project.at(root)


EDITED = (0, 59)  # briefs changed after the stop: one built before it, one (probably) not


@pytest.fixture(scope="module")
def reference(tmp_path_factory) -> Path:
    """What a clean build of the edited project makes (same folder depth as the tests' projects,
    so relative font URLs in the HTML are the same)."""
    root = tmp_path_factory.mktemp("reference") / "project"
    project = make_project(root, edited=EDITED)
    result = build(project, formats=FORMAT_LIST, out=root / "build", jobs=2)
    assert result.ok and len(result.built) == BRIEFS * len(FORMAT_LIST)
    return root / "build"


def outputs(out: Path) -> dict[str, tuple]:
    """Every file under `out`: name -> (size, mtime, digest)."""
    found = {}
    for path in sorted(out.rglob("*")):
        if path.is_file():
            info = path.stat()
            found[path.relative_to(out).as_posix()] = (
                info.st_size,
                info.st_mtime_ns,
                hashlib.sha256(path.read_bytes()).hexdigest(),
            )
    return found


def built_outputs(out: Path) -> list[str]:
    return [name for name in outputs(out) if not name.startswith(".") and "/." not in name]


def processes_in_group(pgid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            fields = stat[stat.rindex(")") + 2 :].split()  # after "pid (comm)": state ppid pgrp ...
            if int(fields[2]) == pgid and fields[0] != "Z":
                found.append(int(entry.name))
    return found


def children_of(pid: int) -> list[int]:
    found = []
    for task in Path(f"/proc/{pid}/task").glob("*"):
        with contextlib.suppress(OSError):
            found += [int(p) for p in (task / "children").read_text().split()]
    return found


def stop(process: subprocess.Popen, workers: list[int], how: str) -> str:
    """Send the stop signal `how` names (SIGTERM to the command, or SIGINT to its process group,
    as Ctrl-C does); assert that none of its processes is alive 3 s after it; its stderr."""
    sent = time.monotonic()
    if how.startswith("SIGTERM"):
        process.send_signal(signal.SIGTERM)
    else:
        os.killpg(process.pid, signal.SIGINT)
    _, stderr = process.communicate(timeout=60)
    returned = time.monotonic() - sent
    time.sleep(max(0.0, 3 - (time.monotonic() - sent)))
    alive = processes_in_group(process.pid) + [pid for pid in workers if Path(f"/proc/{pid}").exists()]
    print(
        f"\n{how}: the command returned {returned:.2f} s after the signal; "
        f"{len(alive)} of its processes alive 3 s after it"
    )
    assert alive == []
    return stderr


def start_build(project: Project, *extra: str) -> subprocess.Popen:
    env = {**os.environ, "SOURCE_DATE_EPOCH": SOURCE_DATE_EPOCH}
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "briefexport",
            "build",
            "--project",
            str(project.root),
            "--jobs",
            "3",
            "--format",
            ",".join(FORMAT_LIST),
            *extra,
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
        start_new_session=True,
        text=True,
    )


def wait_for_outputs(out: Path, process: subprocess.Popen, count: int) -> None:
    deadline = time.monotonic() + 300
    while len(built_outputs(out)) < count if out.is_dir() else True:
        assert process.poll() is None, "the build ended before it could be stopped"
        assert time.monotonic() < deadline, "no outputs appeared"
        time.sleep(0.05)


@pytest.mark.slow
@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads process groups from /proc")
@pytest.mark.parametrize("how", ["SIGTERM to the build", "SIGINT to its process group"])
def test_a_stopped_build_leaves_nothing_running_changes_nothing_after_and_is_repaired(
    tmp_path, reference, how
):
    project = make_project(tmp_path / "project")
    out = project.root / "build"
    process = start_build(project)
    wait_for_outputs(out, process, 3)
    workers = children_of(process.pid)
    assert len(workers) >= 2, "a parallel build has worker processes"

    stderr = stop(process, workers, how)
    assert process.returncode == (143 if how.startswith("SIGTERM") else 130), stderr
    last = stderr.strip().splitlines()[-1]
    match = STOP_LINE.match(last)
    assert match, stderr
    assert int(match.group(2)) == BRIEFS * len(FORMAT_LIST)

    # Nothing is written after the command returned, no temp file or lock is left, and the
    # manifest records exactly the outputs this run finished, each one complete.
    after = outputs(out)
    time.sleep(1.5)
    assert outputs(out) == after
    files = built_outputs(out)
    cache = {name for name in after if name.startswith(".cache/")}  # what builds keep for the next one
    assert not any(name.endswith(".tmp") for name in cache)
    assert set(after) - cache == set(files) | {MANIFEST}, "no temp files, no lock file"
    assert int(match.group(1)) == len(files) >= 3
    assert 0 < len(files) < BRIEFS * len(FORMAT_LIST)
    recorded = json.loads((out / MANIFEST).read_text())["outputs"]
    assert sorted(recorded) == sorted(files)
    for name in files:
        brief = int(Path(name).stem[1:])
        if brief not in EDITED:  # unedited briefs: the stopped build's outputs are already the final ones
            assert (out / name).read_bytes() == (reference / name).read_bytes(), name

    # Edit two briefs, then build normally: everything repaired, the manifest agrees with the files.
    for number in EDITED:
        (project.briefs_dir / f"b{number:02}.md").write_text(brief_text(number, edited=True))
    repaired = build(project, formats=FORMAT_LIST, out=out, jobs=2)
    assert repaired.ok and repaired.stopped is None
    every = set(built_outputs(reference))
    edited = {name for name in every if int(Path(name).stem[1:]) in EDITED}
    assert {p.relative_to(out).as_posix() for p in repaired.built} == (every - set(files)) | edited
    assert set(built_outputs(out)) == every
    for name in every:
        assert (out / name).read_bytes() == (reference / name).read_bytes(), name
    # Keys computed afresh from the sources (every file hashed again, nothing trusted from the
    # manifest's cache) are the keys the manifest holds.
    report = Report()
    content = read_sources(project, project.briefs(), [], report)
    keys = Keys(project)
    recorded = json.loads((out / MANIFEST).read_text())["outputs"]
    for slug, brief in content.briefs.items():
        for name in FORMAT_LIST:
            fmt = FORMATS[name]
            assert recorded[f"{fmt.folder}/{slug}{fmt.suffix}"]["key"] == keys.key(fmt, brief, out)
    assert build(project, formats=FORMAT_LIST, out=out, jobs=2).built == []


@pytest.mark.slow
def test_a_second_build_of_the_same_folder_is_refused_while_the_first_runs(tmp_path):
    project = make_project(tmp_path / "project")
    out = project.root / "build"
    process = start_build(project)
    try:
        wait_for_outputs(out, process, 1)
        with pytest.raises(Busy, match=rf"is being written by another build \(pid {process.pid}\)"):
            build(project, formats=FORMAT_LIST, out=out, jobs=1)
        second = subprocess.run(
            [sys.executable, "-m", "briefexport", "build", "--project", str(project.root)],
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert second.returncode == 75
        assert second.stderr.strip() == (
            f"error: {out} is being written by another build (pid {process.pid}); "
            "wait for it to finish, or stop it, then build again"
        )
    finally:
        process.send_signal(signal.SIGTERM)
        process.communicate(timeout=60)
    assert process.returncode == 143
    assert not (out / LOCK_NAME).exists()


def test_the_lock_of_a_dead_build_is_taken_over(tmp_path):
    out = tmp_path / "build"
    out.mkdir()
    dead = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True
    )
    (out / LOCK_NAME).write_text(dead.stdout)  # what a build killed with SIGKILL leaves behind
    with locked(out):
        assert (out / LOCK_NAME).read_text() == f"{os.getpid()}\n"
    assert not (out / LOCK_NAME).exists()
