#!/usr/bin/env python3
"""EPUB build time for a 20-brief collection: briefexport against pandoc on the same Markdown.

    .venv/bin/python benchmarks/epub_vs_pandoc.py [--briefs 20] [--repeat 5] [--pandoc /usr/bin/pandoc]

A throwaway copy of the project gets N briefs (renamed copies of the sample briefs, in turn) and a
collection naming them all. Then, best of --repeat runs each:

- briefexport, in this process: `build(project, [collection], formats=["epub"], force=True)`:
  reading and validating 20 briefs, rendering, subsetting the fonts, drawing the cover, zipping.
  Imports are warmed up first; nothing is cached between runs, so each run does all the work.
- briefexport, as a command: `python -m briefexport build collection.yaml --format epub`, a fresh
  process each run (interpreter start and imports included), as pandoc is timed.
- pandoc: `pandoc --file-scope -o collection.epub <the 20 .md files>`, a process per run.

pandoc's EPUB embeds no fonts and no cover by default; briefexport's embeds subset fonts and a
generated cover, so it does more work per run. Prints every figure and the ratios, and the time
HarfBuzz takes to subset the 10 bundled fonts to the characters of the briefs.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "src"))


def make_project(root: Path, count: int) -> tuple[Path, list[Path]]:
    shutil.copytree(REPO / "content", root / "content")
    if (REPO / "layouts").is_dir():
        shutil.copytree(REPO / "layouts", root / "layouts")
    if (REPO / "fonts").is_dir():
        shutil.copytree(REPO / "fonts", root / "fonts")
    briefs = root / "content" / "briefs"
    originals = sorted(briefs.glob("*.md"))
    sources = []
    for index in range(count):
        original = originals[index % len(originals)]
        target = briefs / f"{index + 1:02d}-{original.stem}.md"
        shutil.copyfile(original, target)
        sources.append(target)
    for original in originals:
        original.unlink()
    for old in (root / "content" / "collections").glob("*.yaml"):
        old.unlink()
    collection = root / "content" / "collections" / "benchmark.yaml"
    collection.write_text(
        f"title: Benchmark Collection of {count} Briefs\nlanguage: en\nbriefs:\n"
        + "".join(f"  - {path.stem}\n" for path in sources),
        encoding="utf-8",
    )
    return collection, sources


def cpu() -> float:
    """CPU seconds of this process and its finished children (workers, pandoc, the CLI)."""
    times = os.times()
    return times.user + times.system + times.children_user + times.children_system


def timed(runs: int, action) -> list[tuple[float, float]]:
    """(wall, CPU) seconds of each run. CPU time shows the work done even on a busy machine."""
    times = []
    for _ in range(runs):
        start, start_cpu = time.perf_counter(), cpu()
        action()
        times.append((time.perf_counter() - start, cpu() - start_cpu))
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--briefs", type=int, default=20, help="briefs in the collection (default 20)")
    parser.add_argument("--repeat", type=int, default=5, help="runs of each; the best counts (default 5)")
    parser.add_argument("--pandoc", default=shutil.which("pandoc") or "/usr/bin/pandoc")
    args = parser.parse_args()
    os.environ.setdefault("SOURCE_DATE_EPOCH", "1790000000")

    from briefexport.builder import build
    from briefexport.project import Project
    from briefexport.writers.epub import fonts as fontsubset

    with tempfile.TemporaryDirectory(prefix="epub-bench-") as tmp:
        root = Path(tmp)
        collection, sources = make_project(root / "project", args.briefs)
        project = Project.at(root / "project")
        out = root / "out"

        warm = build(project, [collection], formats=["epub"], out=out, force=True, jobs=1)  # imports, brand
        assert warm.ok, [str(d) for d in warm.report.errors]
        epub = out / "epub" / "benchmark.epub"

        def ours() -> None:
            result = build(project, [collection], formats=["epub"], out=out, force=True, jobs=1)
            assert result.ok and result.built == [epub], [str(d) for d in result.report.errors]

        fonts_dir = root / "project" / "fonts"
        characters = set("".join(path.read_text(encoding="utf-8") for path in sources)) - set("\n\r\t")

        def subset_fonts() -> None:
            for font in sorted(fonts_dir.glob("*.ttf")):
                fontsubset.subset_font(font, characters)

        command = [
            sys.executable,
            "-m",
            "briefexport",
            "build",
            str(collection),
            "--format",
            "epub",
            "--project",
            str(project.root),
            "--out",
            str(root / "cli-out"),
            "--jobs",
            "1",
        ]
        env = dict(os.environ, PYTHONPATH=str(REPO / "src"))

        def ours_cli() -> None:
            shutil.rmtree(root / "cli-out", ignore_errors=True)  # no incremental skip
            subprocess.run(command, check=True, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

        pandoc_out = root / "pandoc.epub"

        def pandoc() -> None:
            subprocess.run(
                [args.pandoc, "--file-scope", "-o", str(pandoc_out), *[p.name for p in sources]],
                check=True,
                cwd=sources[0].parent,
                stderr=subprocess.DEVNULL,
            )

        load = os.getloadavg()[0]
        results = {
            "briefexport build() in-process": timed(args.repeat, ours),
            "briefexport CLI, fresh process": timed(args.repeat, ours_cli),
            "pandoc, fresh process": timed(args.repeat, pandoc),
            "(of which) subsetting the 10 fonts": timed(args.repeat, subset_fonts),
        }
        ours_size, pandoc_size = epub.stat().st_size, pandoc_out.stat().st_size
        with zipfile.ZipFile(epub) as archive:
            fonts = sum(i.file_size for i in archive.infolist() if i.filename.endswith(".ttf"))

    print(
        f"{args.briefs} briefs, best of {args.repeat} runs; load average before: {load:.2f} "
        f"on {os.cpu_count()} CPUs"
    )
    print(f"  {'':44} {'wall':>7} {'CPU':>7}   all runs' wall times")
    for label, times in results.items():
        walls = [wall for wall, _ in times]
        print(
            f"  {label:44} {min(walls):6.3f}s {min(c for _, c in times):6.3f}s   "
            f"[{', '.join(f'{t:.2f}' for t in walls)}]"
        )
    best = {label: (min(w for w, _ in times), min(c for _, c in times)) for label, times in results.items()}
    pandoc_wall, pandoc_cpu = best["pandoc, fresh process"]
    for label in ("briefexport build() in-process", "briefexport CLI, fresh process"):
        wall, cpu_time = best[label]
        print(f"  {label} / pandoc: wall {wall / pandoc_wall:.2f}, CPU {cpu_time / pandoc_cpu:.2f}")
    print(
        f"  sizes: briefexport {ours_size / 1024:.0f} KiB (subset fonts {fonts / 1024:.0f} KiB), "
        f"pandoc {pandoc_size / 1024:.0f} KiB (no fonts, no cover)"
    )


if __name__ == "__main__":
    main()
