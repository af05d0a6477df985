"""Paths the command cannot use are usage errors: `Error: ...` and exit 2, never a traceback. Also
read-only folders and a full disk: a clear error, and the last good outputs kept.

The commands run as a user runs them (subprocesses) where the message is the point; in this
process (CliRunner) where a folder must be made unwritable for the duration (privileges.py)."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from click.testing import CliRunner

from briefexport.cli import main
from conftest import ROOTS
from privileges import as_a_user

pytestmark = pytest.mark.slow  # real processes and builds; the sweep (test_cli_sweep.py) is the quick one

COMMAND = str(Path(sys.executable).parent / "briefexport")
LINUX = sys.platform.startswith("linux")


@pytest.fixture
def project(tmp_path) -> Path:
    root = tmp_path / "project"
    shutil.copytree(ROOTS / "only-content", root)
    return root


def briefexport(args: list[str], cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([COMMAND, *args], cwd=cwd, capture_output=True, text=True, timeout=300)


def usage_error(result: subprocess.CompletedProcess) -> str:
    """The one `Error: ...` line of a usage error, after checking the exit code and no traceback."""
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stdout + result.stderr
    errors = [line for line in result.stderr.splitlines() if line.startswith("Error: ")]
    assert len(errors) == 1, result.stderr
    return errors[0]


def digests(folder: Path) -> dict[str, str]:
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


@pytest.mark.skipif(not LINUX, reason="/dev and /proc as Linux has them")
@pytest.mark.parametrize(
    "args, said",
    [
        (["build", "--out", "/dev/null"], "Error: /dev/null: not a folder; give an output folder with --out"),
        (
            ["build", "--out", "/proc/x"],
            "Error: cannot create the output folder /proc/x: No such file or directory",
        ),
        (
            ["build", "--format", "html", "--out", "/proc"],
            "Error: cannot write into the output folder /proc: No such file or directory (nothing in it was "
            "changed)",
        ),
        (["init", "/proc/x"], "Error: cannot create /proc/x: No such file or directory"),
        (["init", "/dev/null"], "Error: /dev/null: not a folder"),
        (
            ["import", "/dev/zero"],
            "Error: /dev/zero: not a regular file (a device, a pipe or a folder?); give a .docx file",
        ),
        (["serve", "--out", "/dev/null"], "Error: /dev/null: not a folder; give an output folder with --out"),
        (
            ["serve", "--out", "/proc/x"],
            "Error: cannot create the output folder /proc/x: No such file or directory",
        ),
    ],
    ids=lambda value: " ".join(value) if isinstance(value, list) else "",
)
def test_a_path_the_command_cannot_use_is_a_usage_error(project, args, said):
    assert usage_error(briefexport(args, project)) == said


def test_a_pipe_given_as_a_draft_is_not_a_regular_file(project):
    os.mkfifo(project / "draft.docx")  # opened for reading, it would wait forever for a writer
    said = "Error: draft.docx: not a regular file (a device, a pipe or a folder?); give a .docx file"
    assert usage_error(briefexport(["import", "draft.docx"], project)) == said


def test_a_missing_draft_is_no_such_file(project):
    assert (
        usage_error(briefexport(["import", "nowhere.docx"], project)) == "Error: no such file: nowhere.docx"
    )


@pytest.mark.parametrize(
    "args, said",
    [
        (["build", "--out", "loop"], "Error: loop: cannot be the output folder (a symbolic link loop)"),
        (["check", "loop"], "Error: loop: cannot be read (a symbolic link loop)"),
        (["check", "--project", "loop"], "Error: loop: cannot be used as the project (a symbolic link loop)"),
    ],
)
def test_a_symbolic_link_loop_is_a_usage_error(project, args, said):
    (project / "loop").symlink_to("loop")
    assert usage_error(briefexport(args, project)) == said


def test_a_file_in_the_way_of_an_output_folder_is_a_usage_error(project):
    (project / "build").mkdir()
    (project / "build" / "html").write_text("not a folder\n")
    said = "Error: build/html: a file is in the way of a folder the build makes"
    assert usage_error(briefexport(["build", "--format", "html"], project)) == said
    assert (project / "build" / "html").read_text() == "not a folder\n"


def test_a_pipe_given_as_the_brief_to_import_into_is_a_usage_error(project):
    built = briefexport(["build", "--format", "docx"], project)
    assert built.returncode == 0, built.stderr
    os.mkfifo(project / "content" / "briefs" / "pipe.md")
    result = briefexport(
        ["import", "build/docx/ferry-charging.docx", "--to", "content/briefs/pipe.md"], project
    )
    said = "Error: content/briefs/pipe.md: not a regular file; the brief must be a .md file"
    assert usage_error(result) == said


# --- read-only folders: the command says so, and what was there stays -----------------------


def cli(args: list[str], cwd: Path):
    old = Path.cwd()
    os.chdir(cwd)
    try:
        return CliRunner().invoke(main, args)
    finally:
        os.chdir(old)


def assert_usage_error(result) -> str:
    assert result.exit_code == 2, (result.output, result.exception)
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    errors = [line for line in result.stderr.splitlines() if line.startswith("Error: ")]
    assert len(errors) == 1, result.stderr
    return errors[0]


def test_a_read_only_output_folder_is_a_usage_error_and_its_outputs_are_kept(project):
    assert cli(["build", "--format", "html"], project).exit_code == 0
    out = project / "build"
    before = digests(out)
    out.chmod(0o555)
    try:
        with as_a_user():
            result = cli(["build", "--format", "html", "--force"], project)
    finally:
        out.chmod(0o755)
    said = "Error: cannot write into the output folder build: Permission denied (nothing in it was changed)"
    assert assert_usage_error(result) == said
    assert digests(out) == before


def test_a_read_only_format_folder_fails_its_outputs_and_keeps_the_last_good_ones(project):
    assert cli(["build", "--format", "html,docx"], project).exit_code == 0
    html = project / "build" / "html"
    kept = (html / "ferry-charging.html").read_bytes()
    html.chmod(0o555)
    try:
        with as_a_user():
            result = cli(["build", "--format", "html,docx", "--force"], project)
    finally:
        html.chmod(0o755)
    assert result.exit_code == 1 and isinstance(result.exception, SystemExit), result.exception
    assert (
        "content/briefs/ferry-charging.md: error: html: build/html/ferry-charging.html could not be written: "
        "Permission denied (the last good one is kept)"
    ) in result.stderr.splitlines()
    assert (html / "ferry-charging.html").read_bytes() == kept
    assert "[1/2] html/ferry-charging.html: not built (see the errors below)" in result.stderr.splitlines()
    assert "built 1 file(s), 1 not built, 0 up to date, 1 error(s)" in result.stderr  # the DOCX was


def test_init_into_a_read_only_folder_is_a_usage_error(tmp_path):
    folder = tmp_path / "new"
    folder.mkdir(mode=0o555)
    try:
        with as_a_user():
            result = cli(["init", str(folder)], tmp_path)
    finally:
        folder.chmod(0o755)
    said = assert_usage_error(result)
    assert said.startswith(f"Error: cannot write {folder}/") and said.endswith(": Permission denied")
    assert not any(folder.iterdir())


def test_import_into_a_read_only_folder_is_a_usage_error_and_the_brief_is_kept(project):
    assert cli(["build", "--format", "docx"], project).exit_code == 0
    briefs = project / "content" / "briefs"
    brief = (briefs / "ferry-charging.md").read_bytes()
    briefs.chmod(0o555)
    try:
        with as_a_user():
            result = cli(["import", "build/docx/ferry-charging.docx", "--write"], project)
    finally:
        briefs.chmod(0o755)
    said = "Error: cannot write content/briefs/ferry-charging.md: Permission denied"
    assert assert_usage_error(result) == said
    assert (briefs / "ferry-charging.md").read_bytes() == brief


# --- a full disk ----------------------------------------------------------------------------

_FULL_DISK = """
    import hashlib, json, os, subprocess, sys
    command, project, disk = sys.argv[1:]
    subprocess.run(["mount", "-t", "tmpfs", "-o", "size=2m", "tmpfs", disk], check=True)
    filler = os.path.join(disk, "filler")

    def build():
        run = subprocess.run(
            [command, "build", "--force", "--out", disk], cwd=project, capture_output=True, text=True
        )
        return {"code": run.returncode, "stderr": run.stderr}

    def fill(leave):  # leave=4096: a page free, so the build takes its lock, then meets the full disk
        with open(filler, "ab", buffering=0) as handle:
            try:
                while True:
                    handle.write(b"x" * 1024)
            except OSError:
                pass
        if leave:
            os.truncate(filler, os.path.getsize(filler) - leave)

    def pdf():
        with open(os.path.join(disk, "pdf", "ferry-charging.pdf"), "rb") as handle:
            return hashlib.sha256(handle.read()).hexdigest()

    first = build()
    kept = [pdf()]
    fill(leave=4096)
    outputs = build()
    kept.append(pdf())
    fill(leave=0)
    lock = build()
    kept.append(pdf())
    print(json.dumps({"first": first, "outputs": outputs, "lock": lock, "kept": kept}))
"""


def namespace_with_a_small_disk(folder: Path) -> list[str]:
    """The command that runs a program in a mount namespace of its own, where it may mount a
    tmpfs of a few pages (a full disk on demand); skips the test where there is none."""
    namespace = ["unshare", "-m"] if os.geteuid() == 0 else ["unshare", "-rm"]
    probe = subprocess.run(
        [*namespace, "mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", str(folder)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    if probe.returncode != 0:
        pytest.skip(f"no small file system can be mounted here: {probe.stderr.strip()}")
    return namespace


@pytest.mark.skipif(not (LINUX and shutil.which("unshare")), reason="needs a mount namespace (unshare)")
def test_a_full_disk_is_a_clear_error_and_the_last_good_outputs_are_kept(project, tmp_path):
    disk = tmp_path / "disk"
    disk.mkdir()
    namespace = namespace_with_a_small_disk(disk)
    script = textwrap.dedent(_FULL_DISK)
    run = subprocess.run(
        [*namespace, sys.executable, "-c", script, COMMAND, str(project), str(disk)],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert run.returncode == 0, run.stderr
    seen = json.loads(run.stdout)
    assert seen["first"]["code"] == 0, seen["first"]["stderr"]
    outputs = seen["outputs"]
    assert outputs["code"] == 1 and "Traceback" not in outputs["stderr"]
    shown = f"{os.path.relpath(disk, project)}/pdf/ferry-charging.pdf"
    assert (
        f"content/briefs/ferry-charging.md: error: pdf: {shown} could not be written: No space left on "
        "device (the last good one is kept)"
    ) in outputs["stderr"].splitlines()
    lock = seen["lock"]
    assert lock["code"] == 2 and "Traceback" not in lock["stderr"]
    assert (
        f"Error: cannot write into the output folder {disk}: No space left on device (nothing in it was "
        "changed)"
    ) in lock["stderr"].splitlines()
    assert len(set(seen["kept"])) == 1  # the PDF of the first build, after both
