"""The Word row of benchmarks/run.py (issue 27): DOCX per brief against pandoc's.

`briefexport build --format docx --force --jobs 1` of the N generated briefs (one process, as a
newcomer runs it; `--force` so every draft is made, into the same output folder, so its digest
cache is warm after the first run, as in any second build) against `pandoc x.md -o x.docx`, one
process per brief. Best of three for both, taken in turn, as the EPUB row. The figure is seconds
per brief: the whole command over N, start-up and imports included, against pandoc's processes
over N; the first of our three runs (an empty output folder: the logo is drawn) is shown beside.
"""

from __future__ import annotations

import shutil
from pathlib import Path

ROUNDS = 3


def docx_row(run, project: Path, scratch: Path, table, have: dict, no_pandoc: bool = False) -> None:
    label = "(d) docx s per brief, --jobs 1: briefexport | pandoc one by one"
    if not have.get("docx"):
        table.add(label, "n/a (no docx writer)")
        return
    if no_pandoc or shutil.which("pandoc") is None:
        table.add(label, "n/a (pandoc not run or not installed)")
        return
    briefs = sorted((project / "content" / "briefs").glob("*.md"))
    out = scratch / "docx-row-out"
    shutil.rmtree(out, ignore_errors=True)
    theirs, ours, ours_cpu, theirs_cpu = [], [], [], []
    for index in range(ROUNDS):
        wall, cpu = run.pandoc_run(briefs, scratch / f"pandoc-docx-row-{index}", "docx", 1)
        theirs.append(wall / len(briefs))
        theirs_cpu.append(cpu / len(briefs))
        wall, got = run.cli_build(project, out, scratch, "--format", "docx", "--force", "--jobs", "1")
        ours.append(wall / len(briefs))
        ours_cpu.append(got["cpu"] / len(briefs))
    best_ours, best_theirs = min(ours), min(theirs)
    table.figures["docx_per_brief"] = {
        "ours": ours,
        "pandoc": theirs,
        "ours_cpu": ours_cpu,
        "pandoc_cpu": theirs_cpu,
    }
    table.add(
        label,
        f"{best_ours * 1000:.0f} ms | {best_theirs * 1000:.0f} ms = "
        f"{best_ours / best_theirs:.2f}x (first run, empty output folder: {ours[0] * 1000:.0f} ms; "
        f"CPU {min(ours_cpu) * 1000:.0f} | {min(theirs_cpu) * 1000:.0f} ms)",
        "<= 1.0x",
        best_ours <= best_theirs,
    )
