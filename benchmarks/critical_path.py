"""Rows for the serial part of a build (issue 16): how long before the first page is laid out, an
edit to one brief until its PDF, and the parent of a 1,000-brief build. Used by run.py; the
`first-render` child runs here too (python benchmarks/run.py --child first-render ...).
"""

from __future__ import annotations

import resource
import shutil
import time
from pathlib import Path


def child_first_render(stamp_file: str, args: list[str]) -> dict:
    """`briefexport ARGS` in this process; the first call of a writer's render in any process of
    the build (a forked worker, or this one) appends its clock time to `stamp_file`."""
    from briefexport.builder import tasks
    from briefexport.cli import main

    real = tasks.run_one

    def run_one(*a, **kw):
        if not getattr(run_one, "seen", False):
            run_one.seen = True
            with open(stamp_file, "a") as handle:
                handle.write(f"{time.time()}\n")
        return real(*a, **kw)

    tasks.run_one = run_one
    try:
        main(args, prog_name="briefexport")
        code = 0
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else 1
    own = resource.getrusage(resource.RUSAGE_SELF)
    return {"exit": code, "maxrss_mib": own.ru_maxrss / 1024}


def first_render(run, project: Path, out: Path, scratch: Path, jobs: int) -> float:
    """Seconds from starting `briefexport build --format pdf` (a fresh output folder) to the first
    render call in a worker: Python start-up, Click, planning, imports, the brand, forking."""
    stamps = scratch / f"first-render-{time.monotonic_ns()}.txt"
    result_file = scratch / f"first-render-{time.monotonic_ns()}.json"
    shutil.rmtree(out, ignore_errors=True)
    started = time.time()
    _, proc = run.timed(
        [
            run.PYTHON,
            run.__file__,
            "--child",
            "first-render",
            str(result_file),
            str(stamps),
            "build",
            "--project",
            str(project),
            "--out",
            str(out),
            "-q",
            "--format",
            "pdf",
            "--jobs",
            str(jobs),
        ],
        check=False,
    )
    if not stamps.exists():
        raise SystemExit(f"first-render child failed:\n{proc.stderr[-4000:]}")
    return min(float(line) for line in stamps.read_text().split()) - started


def serial_rows(run, project: Path, slugs: list[str], scratch: Path, jobs: int, table) -> None:
    """(g) the serial part before the first page is laid out; (h) an edit to one brief to its PDF."""
    firsts = [first_render(run, project, scratch / "first-out", scratch, jobs) for _ in range(3)]
    table.figures.update(first_render=firsts)
    table.add(
        f"(g) serial part: process start to the first render call in a worker (--jobs {jobs}, best of 3)",
        f"{min(firsts):.3f} s",
        "<= 0.5 s",
        min(firsts) <= 0.5,
    )
    out = scratch / "edit-out"
    build = [
        *run.briefexport_cmd(),
        "build",
        "--project",
        str(project),
        "--out",
        str(out),
        "--format",
        "pdf",
        "-q",
    ]
    run.timed(build)
    briefs = project / "content" / "briefs"
    english = sorted((p for p in briefs.glob("*.md") if "-ko-" not in p.name), key=lambda p: p.stat().st_size)
    longest, typical = slugs[0], english[len(english) // 2].stem
    for slug, label, target in (
        (longest, "the longest brief", True),
        (typical, "a brief of median length", False),
    ):
        brief = briefs / f"{slug}.md"
        original = brief.read_text()
        edits = []
        for index in range(3):
            brief.write_text(original + f"\nAn edit, number {index}.\n")
            seconds, _ = run.timed(build)
            edits.append(seconds)
        brief.write_text(original)
        table.figures[f"edit_one_pdf_{'longest' if target else 'typical'}"] = edits
        table.add(
            f"(h) edit one brief ({label}, {slug}) -> its PDF, the whole command (best of 3)",
            f"{min(edits):.2f} s",
            "<= 1.2 s" if target else "",
            min(edits) <= 1.2 if target else None,
        )


def archive_rows(run, scratch: Path, jobs: int, table, count: int = 1000) -> None:
    """(j) `count` copies of the sample briefs: `check` (with its workers, and in one process), the
    parent's peak RSS in an HTML build (its workers read and render), and a no-op build."""
    root = scratch / f"archive-{count}"
    run.make_project(root, count)
    be = run.briefexport_cmd()
    check_s, _ = run.best_time([*be, "check", "--project", str(root), "-q"], 2)
    check_one_s, _ = run.best_time([*be, "check", "--project", str(root), "-q", "--jobs", "1"], 2)
    out = scratch / f"archive-{count}-out"
    full_s, built = run.cli_build(root, out, scratch, "--format", "html", "--jobs", str(jobs))
    noop_s, _ = run.best_time(
        [
            *be,
            "build",
            "-q",
            "--project",
            str(root),
            "--out",
            str(out),
            "--format",
            "html",
            "--jobs",
            str(jobs),
        ],
        3,
    )
    table.figures.update(
        archive={
            "count": count,
            "check": check_s,
            "check_one_process": check_one_s,
            "full": full_s,
            "noop": noop_s,
            "parent_mib": built["maxrss_mib"],
            "worker_mib": built["workers_maxrss_mib"],
        }
    )
    table.add(
        f"(j) {count:,} briefs: check (one process: --jobs 1)",
        f"{check_s:.2f} s ({check_one_s:.2f} s)",
        "<= 4 s",
        check_s <= 4,
    )
    table.add(
        f"(j) {count:,} briefs, --format html --jobs {jobs}: parent | worker peak RSS",
        f"{built['maxrss_mib']:.0f} | {built['workers_maxrss_mib']:.0f} MiB (build {full_s:.1f} s)",
        "parent <= 120 MiB",
        built["maxrss_mib"] <= 120,
    )
    table.add(f"(j) {count:,} briefs: no-op build", f"{noop_s:.2f} s", "<= 0.3 s", noop_s <= 0.3)
    shutil.rmtree(root, ignore_errors=True)
    shutil.rmtree(out, ignore_errors=True)
