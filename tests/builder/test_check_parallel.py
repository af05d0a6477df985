"""`check` with worker processes says exactly what the one-process check says: the same lines, in
the same order, on the same streams, with the same exit code, for a project whose mistakes are
spread over many briefs, links between briefs among them. The reading is really spread over
processes, and a stop signal stops the check and its workers like a build's.

No test asserts how fast anything was (benchmarks/run.py, row (j), does).
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import threading
import time
from pathlib import Path

import pytest

from briefexport.builder import Drafts, run_check
from briefexport.builder.checking import PARALLEL_FROM
from briefexport.project import Project
from builder.test_stopping import children_of, stop
from conftest import REPO

BRIEFS = max(PARALLEL_FROM, 80)  # enough for the command's default to start workers


def brief(number: int, front: str = "", body: str = "") -> str:
    front = (
        front or f'title: Brief {number}\nnumber: "2026-{number:02}"\ndate: 2026-05-12\nauthors: [hana-seo]\n'
    )
    return (
        f"---\n{front}---\nThe lead of brief {number}.\n\n## One\n\nText.\n\n## Two\n\n{body}\n\n"
        "## Three\n\nMore text.\n"
    )


DRAFT = "title: A draft\nstatus: draft\ndate: 2026-05-12\nauthors: [hana-seo]\n"

# Mistakes over many briefs: each one's own, and those only the briefs together show.
BROKEN = {
    3: brief(3, front='titel: Typo\nnumber: "2026-03"\ndate: 2026-05-12\nauthors: [hana-seo]\n'),
    7: brief(7, body="See [the missing part](b08.md#sec-9)."),
    11: brief(11, body="See [a brief that is not there](b1.md)."),
    15: brief(15, body="A call[^nope] without a note."),
    20: brief(20, front=DRAFT),
    21: brief(21, front=DRAFT),
    22: brief(22, body="[fine](b07.md#sec-1), [unread](b03.md#sec-2), [missing](b50.md#sec-7)."),
    23: brief(23, body="[own](#sec-8)."),
    40: brief(40, front='title: Bad date\nnumber: "2026-40"\ndate: 2026-13-01\nauthors: [hana-seo]\n'),
    45: brief(45, body="As shown [@smith2020], and [see @jones, p. 3]."),
    60: brief(60, body='![A chart](../images/nope.png "Missing")'),
    61: brief(61, front='title: Unknown author\nnumber: "2026-61"\ndate: 2026-05-12\nauthors: [no-one]\n'),
    79: brief(79, body="[last to first](b00.md#sec-4) and [first](b00.md#sec-1)."),
}

COLLECTIONS = {
    "drafts": "title: Drafts\nbriefs: [b20, b21, b25]\n",
    "broken": "title: Broken\nbriefs: [b0*, b9x]\n",
    "partial": "title: Partial\nbriefs: [b07, b22, b30]\n",
    "good": "title: Good\nbriefs: [b3*]\n",
}


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Project:
    root = tmp_path_factory.mktemp("check") / "project"
    (root / "content" / "briefs").mkdir(parents=True)
    (root / "content" / "collections").mkdir()
    (root / "content" / "authors.yaml").write_text((REPO / "content" / "authors.yaml").read_text())
    for number in range(BRIEFS):
        (root / "content" / "briefs" / f"b{number:02}.md").write_text(BROKEN.get(number) or brief(number))
    for slug, text in COLLECTIONS.items():
        (root / "content" / "collections" / f"{slug}.yaml").write_text(text)
    return Project.at(root)


def lines(project: Project, sources=(), jobs: int | None = 1, drafts: Drafts = Drafts.LEAVE_OUT) -> list[str]:
    checked = run_check(project, sources, drafts, jobs=jobs)
    assert checked.stopped is None
    return [str(d) for d in checked.report.sorted()]


def test_the_project_has_mistakes_in_many_briefs_and_between_them(project):
    serial = lines(project)
    shown = {line.split(":", 1)[0] for line in serial}
    assert len(shown) >= 10, serial
    text = "\n".join(serial)
    assert "b07.md:15:5: error: link `b08.md#sec-9` points at no heading of `b08`" in text
    assert "b22.md" in text and "points at no heading of `b50`" in text
    assert "link `b1.md` leads to no brief of this project (did you mean" in text
    assert "`b20` is a draft" in text and "b9x" in text and "cannot include b07, b22" in text
    assert "b07.md#sec-1" not in text and "b03.md#sec-2" not in text  # a broken brief's headings still count


@pytest.mark.parametrize(
    "sources",
    [
        (),
        ("content/collections/drafts.yaml",),
        ("content/briefs/b22.md",),
        ("content/briefs",),
        ("content/briefs/b07.md", "content/collections"),
    ],
)
@pytest.mark.parametrize("jobs", [2, 3])
def test_workers_report_what_one_process_reports_in_the_same_order(project, sources, jobs):
    sources = [project.root / s for s in sources]
    assert lines(project, sources, jobs=jobs) == lines(project, sources, jobs=1)
    assert lines(project, sources, jobs=jobs, drafts=Drafts.TAKE_IN) == lines(
        project, sources, jobs=1, drafts=Drafts.TAKE_IN
    )


def test_the_reading_is_spread_over_worker_processes(project):
    checked = run_check(project, jobs=2)
    assert os.getpid() not in checked.readers
    assert len(checked.readers) == 2, checked.readers
    assert run_check(project, jobs=1).readers == {os.getpid()}


def _cli(project: Project, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "briefexport", "check", "--project", str(project.root), *args],
        capture_output=True,
        text=True,
        timeout=300,
    )


@pytest.mark.slow
@pytest.mark.parametrize("extra", [(), ("-q",)])
def test_the_command_prints_the_same_and_exits_the_same(project, extra):
    serial = _cli(project, "--jobs", "1", *extra)
    assert serial.returncode == 1 and serial.stdout == ""
    assert len(serial.stderr.splitlines()) >= 12
    for jobs in (("--jobs", "2"), ()):  # () is the default: one worker per CPU at this many briefs
        parallel = _cli(project, *jobs, *extra)
        assert (parallel.returncode, parallel.stdout, parallel.stderr) == (
            serial.returncode,
            serial.stdout,
            serial.stderr,
        )


@pytest.mark.slow
def test_a_good_project_exits_0_either_way(tmp_path):
    root = tmp_path / "good"
    (root / "content" / "briefs").mkdir(parents=True)
    (root / "content" / "authors.yaml").write_text((REPO / "content" / "authors.yaml").read_text())
    for number in range(BRIEFS):
        (root / "content" / "briefs" / f"b{number:02}.md").write_text(brief(number))
    project = Project.at(root)
    for jobs in ("1", "2"):
        done = _cli(project, "--jobs", jobs)
        assert (done.returncode, done.stderr) == (0, "no errors\n")


@pytest.fixture(scope="module")
def big(tmp_path_factory) -> Project:
    """Long enough to read that a check of it is still running when a test stops it, or kills one
    of its workers; one brief with a broken link."""
    root = tmp_path_factory.mktemp("big") / "project"
    briefs = root / "content" / "briefs"
    briefs.mkdir(parents=True)
    (root / "content" / "authors.yaml").write_text((REPO / "content" / "authors.yaml").read_text())
    long = (
        textwrap.dedent("""\
        A paragraph with *emphasis*, a [link](https://example.org), "quotes" -- and a note.[^1]

        | A | B |
        |---|---|
        | 1 | 2 |

        - one
        - two
        """)
        * 20
        + "\n[^1]: The note.\n"
    )
    for number in range(600):
        (briefs / f"b{number:04}.md").write_text(brief(number % 100, body=long))
    (briefs / "b0500.md").write_text(brief(50, body="[nowhere](b0001.md#sec-9)\n\n" + long))
    return Project.at(root)


def _workers_of(pid: int, count: int) -> list[int]:
    deadline = time.monotonic() + 120
    while len(children_of(pid)) < count:
        assert time.monotonic() < deadline, "no workers appeared"
        time.sleep(0.02)
    return children_of(pid)


@pytest.mark.slow
@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads processes from /proc")
def test_a_killed_worker_costs_nothing_its_briefs_are_read_again(big):
    killed: list[int] = []

    workers: list[int] = []

    def kill_one() -> None:
        workers.extend(_workers_of(os.getpid(), 2))
        os.kill(workers[0], signal.SIGKILL)
        killed.append(workers[0])

    killer = threading.Thread(target=kill_one, daemon=True)
    killer.start()
    checked = run_check(big, jobs=2)
    killer.join(5)
    assert killed, "no worker was killed"
    assert checked.stopped is None
    assert checked.readers - set(workers), "what the killed worker was reading was read again, elsewhere"
    expected = lines(big)
    assert [str(d) for d in checked.report.sorted()] == expected
    assert any("points at no heading of `b0001`" in line for line in expected)


@pytest.mark.slow
@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads process groups from /proc")
@pytest.mark.parametrize("how", ["SIGTERM to the check", "SIGINT to its process group"])
def test_a_stopped_check_stops_its_workers_and_exits_like_a_build(big, how):
    process = subprocess.Popen(
        [sys.executable, "-m", "briefexport", "check", "--project", str(big.root), "--jobs", "2"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    workers = _workers_of(process.pid, 2)
    assert process.poll() is None, "the check ended before it could be stopped"
    stderr = stop(process, workers, how)
    assert process.returncode == (143 if how.startswith("SIGTERM") else 130), stderr
    assert stderr.strip().splitlines()[-1] == "stopped: the check did not finish", stderr
    assert "Traceback" not in stderr
