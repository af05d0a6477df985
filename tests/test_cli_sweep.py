"""A sweep of the command line: every parameter of every command and of the group, read from the
Click objects (a new option is swept without a word here), given each kind of value a user gets
wrong: empty, missing, unreadable, not a regular file, out of range. None may end in a traceback:
each case is a success, content errors (exit 1) or a usage error (exit 2) saying `Error: ...`, and
an empty value is always a usage error, never a silent default.

In this process (CliRunner), as a user (privileges.py: unreadable means unreadable, root or not);
`serve` is stopped as if by Ctrl-C where its first build would begin, once it has checked its
options and bound its port."""

from __future__ import annotations

import faulthandler
import os
import shutil
import traceback
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from briefexport.builder import build
from briefexport.cli import main
from briefexport.project import Project
from conftest import ROOTS
from privileges import as_a_user
from serving import free_port

KINDS = {
    "empty": lambda here: "",
    "blank": lambda here: "  ",
    "missing": lambda here: str(here / "no-such" / "thing"),
    "unreadable file": lambda here: str(here / "unreadable.md"),
    "unreadable folder": lambda here: str(here / "unreadable"),
    "pipe": lambda here: str(here / "pipe.md"),
    "device": lambda here: os.devnull,
    "folder": lambda here: str(here / "folder"),
    "symlink loop": lambda here: str(here / "loop"),
    "name too long": lambda here: "x" * 300,
    "zero": lambda here: "0",
    "negative": lambda here: "-1",
    "huge": lambda here: "9" * 30,
    "not a number": lambda here: "1e3",
}
# What each command is given besides the parameter swept (left out when it is the one swept): a
# small project, one format, a free port, a draft to import.
BASE = {
    "build": {"project_dir": "{project}", "formats": "html"},
    "check": {"project_dir": "{project}"},
    "import": {"draft": "{draft}", "project_dir": "{project}"},
    "serve": {"project_dir": "{project}", "port": "{port}"},
    "init": {},
    "": {},
}


def every_parameter():
    commands = [("", main)] + sorted(main.commands.items())
    for name, command in commands:
        for param in command.params:
            flag = isinstance(param, click.Option) and (param.is_flag or param.count)
            for kind in ("empty", "folder") if flag else KINDS:
                label = param.opts[0] if isinstance(param, click.Option) else param.human_readable_name
                slow = (
                    [pytest.mark.slow] if name == "serve" else []
                )  # serve imports the writers, binds a port
                yield pytest.param(
                    name, param, kind, id=f"{name or 'briefexport'} {label} {kind}", marks=slow
                )


def arguments(name: str, command: click.Command, swept: click.Parameter, value: str, fill: dict) -> list[str]:
    """The command line: the base values, then the swept one as a user would type it."""
    line = [name] if name else []
    given = {key: text.format(**fill) for key, text in BASE[name].items() if key != swept.name}
    for param in command.params:
        if param.name in given:
            line += (
                [given[param.name]]
                if isinstance(param, click.Argument)
                else [param.opts[0], given[param.name]]
            )
    if isinstance(swept, click.Argument):
        return line + ["--", value]
    if isinstance(swept, click.Option) and (swept.is_flag or swept.count):
        return line + [f"{swept.opts[0]}={value}"]
    return line + [swept.opts[0], value]


@pytest.fixture(scope="module")
def draft(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("draft") / "project"
    shutil.copytree(ROOTS / "only-content", root)
    assert build(Project.at(root), formats=["docx"]).ok
    return root / "build" / "docx" / "ferry-charging.docx"


@pytest.fixture
def here(tmp_path) -> Path:
    """The current folder of the command, holding a value of each kind."""
    here = tmp_path / "here"
    here.mkdir()
    (here / "unreadable.md").write_text("---\ntitle: T\n---\n")
    (here / "unreadable.md").chmod(0)
    (here / "unreadable").mkdir()
    (here / "unreadable" / "content").mkdir()
    (here / "unreadable").chmod(0)
    os.mkfifo(here / "pipe.md")
    (here / "folder").mkdir()
    (here / "loop").symlink_to("loop")
    yield here
    (here / "unreadable").chmod(0o755)


@pytest.mark.parametrize("name, swept, kind", list(every_parameter()))
def test_no_value_of_any_parameter_ends_in_a_traceback(name, swept, kind, here, draft, tmp_path, monkeypatch):
    if name == "serve":
        import briefexport.serve.watch

        def stopped_by_ctrl_c(self):  # serve got as far as its first build: options checked, port bound
            raise KeyboardInterrupt

        monkeypatch.setattr(briefexport.serve.watch.Rebuilder, "rebuild", stopped_by_ctrl_c)
    project = tmp_path / "project"
    shutil.copytree(ROOTS / "only-content", project)
    command = main.commands[name] if name else main
    line = arguments(
        name, command, swept, KINDS[kind](here), {"project": project, "draft": draft, "port": free_port()}
    )
    monkeypatch.chdir(here)
    faulthandler.dump_traceback_later(300, exit=True)  # a value that makes the command wait forever
    try:
        with as_a_user():
            result = CliRunner().invoke(main, line)
    finally:
        faulthandler.cancel_dump_traceback_later()

    shown = f"briefexport {' '.join(line)}\n{result.output}"
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        pytest.fail(shown + "".join(traceback.format_exception(*result.exc_info)))
    assert "Traceback" not in result.output, shown
    assert result.exit_code in ((0, 1, 2, 130) if name == "serve" else (0, 1, 2)), shown
    errors = [line for line in result.stderr.splitlines() if line.startswith("Error: ")]
    if result.exit_code == 2:
        assert len(errors) == 1, shown
    if kind in ("empty", "blank"):
        assert result.exit_code == 2, shown
