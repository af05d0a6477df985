#!/usr/bin/env python3
"""DOCX build time per brief: briefexport's Word writer against pandoc's DOCX writer.

    .venv/bin/python benchmarks/docx_vs_pandoc.py [--copies 3] [--repeat 3] [--pandoc /usr/bin/pandoc]

Both sides convert the same Markdown files: the sample briefs plus N renamed copies of each,
in a throwaway copy of the project. briefexport runs in this process through the library API
(`build(project, [brief], formats=["docx"], force=True, jobs=1)`, one call per brief, so every
figure includes reading, validating and brand loading; `force` defeats the incremental build,
which would otherwise skip an unchanged brief; imports are warmed up first and not timed). pandoc
runs as a process per brief (`pandoc -o x.docx brief.md`), which is how it is used.
Each brief's time is the best of --repeat runs. Prints per-brief times, medians and the ratio.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "src"))


def make_project(root: Path, copies: int) -> list[Path]:
    shutil.copytree(REPO / "content", root / "content")
    if (REPO / "layouts").is_dir():
        shutil.copytree(REPO / "layouts", root / "layouts")
    briefs = root / "content" / "briefs"
    originals = sorted(briefs.glob("*.md"))
    for original in originals:
        for n in range(1, copies + 1):
            shutil.copyfile(original, briefs / f"{original.stem}-copy{n}.md")
    return sorted(briefs.glob("*.md"))


def best(times: list[float]) -> float:
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--copies", type=int, default=3, help="renamed copies of each sample brief (default 3)"
    )
    parser.add_argument("--repeat", type=int, default=3, help="runs per brief; the best counts (default 3)")
    parser.add_argument("--pandoc", default=shutil.which("pandoc") or "/usr/bin/pandoc")
    args = parser.parse_args()
    os.environ.setdefault("SOURCE_DATE_EPOCH", "1790000000")

    from briefexport.builder import build
    from briefexport.project import Project

    with tempfile.TemporaryDirectory(prefix="docx-bench-") as tmp:
        root = Path(tmp)
        sources = make_project(root / "project", args.copies)
        project = Project.at(root / "project")
        out = root / "out"
        warm = build(
            project, [sources[0]], formats=["docx"], out=out, force=True, jobs=1
        )  # imports python-docx, brand-yml
        assert warm.ok, [str(d) for d in warm.report.errors]

        ours: dict[str, float] = {}
        theirs: dict[str, float] = {}
        sizes: dict[str, tuple[int, int]] = {}
        pandoc_dir = root / "pandoc"
        pandoc_dir.mkdir()
        for source in sources:
            runs = []
            for _ in range(args.repeat):
                start = time.perf_counter()
                result = build(project, [source], formats=["docx"], out=out, force=True, jobs=1)
                runs.append(time.perf_counter() - start)
                assert result.ok and len(result.built) == 1, [str(d) for d in result.report.errors]
            ours[source.stem] = best(runs)
            runs = []
            target = pandoc_dir / f"{source.stem}.docx"
            for _ in range(args.repeat):
                start = time.perf_counter()
                subprocess.run(
                    [args.pandoc, "-o", str(target), source.name],
                    cwd=source.parent,
                    check=True,
                    capture_output=True,
                )
                runs.append(time.perf_counter() - start)
            theirs[source.stem] = best(runs)
            sizes[source.stem] = (
                (out / "docx" / f"{source.stem}.docx").stat().st_size,
                target.stat().st_size,
            )

        start = time.perf_counter()
        batch = build(project, sources, formats=["docx"], out=root / "batch", force=True, jobs=1)
        batch_time = time.perf_counter() - start
        assert batch.ok and len(batch.built) == len(sources)

    width = max(len(s) for s in ours)
    print(
        f"{'brief':<{width}}  {'briefexport':>11}  {'pandoc':>8}  {'ratio':>6}  {'ours KiB':>8}  "
        f"{'pandoc KiB':>10}"
    )
    for slug in ours:
        ratio = ours[slug] / theirs[slug]
        print(
            f"{slug:<{width}}  {ours[slug] * 1000:9.0f}ms  {theirs[slug] * 1000:6.0f}ms  {ratio:6.2f}"
            f"  {sizes[slug][0] / 1024:8.1f}  {sizes[slug][1] / 1024:10.1f}"
        )
    median_ours, median_theirs = statistics.median(ours.values()), statistics.median(theirs.values())
    print(
        f"\n{len(ours)} briefs ({len(ours) // (args.copies + 1)} samples x {args.copies + 1}), best of "
        f"{args.repeat}"
    )
    print(
        f"median per brief: briefexport {median_ours * 1000:.0f} ms, pandoc {median_theirs * 1000:.0f} ms, "
        f"ratio {median_ours / median_theirs:.2f}"
    )
    print(
        f"one build() of all {len(sources)} briefs, one process: {batch_time:.2f} s = "
        f"{batch_time / len(sources) * 1000:.0f} ms per brief "
        f"(ratio to pandoc's median {batch_time / len(sources) / median_theirs:.2f})"
    )


if __name__ == "__main__":
    main()
