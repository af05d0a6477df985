#!/usr/bin/env python3
"""Build time per brief in each language, next to English: the one-page briefs of
tests/roots/languages (the same text in nine languages), each built alone into PDF, Word draft
and EPUB in a fresh process.

    .venv/bin/python benchmarks/languages.py [--rounds 3] [--formats pdf,docx,epub]

For each language and format: CPU seconds of `build(project, [brief], formats=[fmt], jobs=1,
force=True)` in a child process whose imports (WeasyPrint, EbookLib, python-docx, brand-yml)
happened before the clock started, into a fresh output folder (so the first stylesheet of the
language, its fonts read and subset, its hyphenation patterns parsed, are counted, as in a first
build). `pdf warm` is the same build in another fresh process into a folder built before: the
output folder's caches (the parsed patterns, font subsets) as any later build finds them. Best
of --rounds. Only the standard library is imported here; benchmarks/README.md ("Languages") has
the figures.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
ROOT = REPO / "tests" / "roots" / "languages"
LANGUAGES = ("en", "fr", "de", "es", "ru", "zh", "ja", "ko", "ar")


def child(project_dir: str, language: str, fmt: str, out: str) -> None:
    """In a fresh process: import what the format needs, then time one build of one brief."""
    import brand_yml  # noqa: F401  the pipeline imports it lazily: an import, so not timed

    from briefexport.builder import build
    from briefexport.project import Project
    from briefexport.writers import FORMATS

    FORMATS[fmt].writer()  # the writer's imports (WeasyPrint, EbookLib, python-docx)
    project = Project.at(project_dir)
    brief = project.briefs_dir / f"heat-{language}.md"
    start = time.process_time()
    result = build(project, [brief], formats=[fmt], out=Path(out), jobs=1, force=True)
    seconds = time.process_time() - start
    assert result.ok, [str(d) for d in result.report.errors]
    print(json.dumps({"seconds": seconds}))


def measure(project: Path, language: str, fmt: str, rounds: int, scratch: Path) -> float:
    """Best of `rounds`; a `warm` measurement first builds into the folder in a process of its
    own, so that only the output folder's caches are warm, never the measuring process."""
    best = float("inf")
    warm = fmt.endswith(" warm")
    fmt = fmt.removesuffix(" warm")
    for index in range(rounds):
        out = scratch / f"out-{language}-{fmt}-{index}"
        env = {**os.environ, "PYTHONDONTWRITEBYTECODE": ""}
        command = [sys.executable, __file__, "--child", str(project), language, fmt, str(out)]
        if warm:
            subprocess.run(command, capture_output=True, check=True, env=env)
        done = subprocess.run(command, capture_output=True, text=True, check=True, env=env)
        best = min(best, json.loads(done.stdout.strip().splitlines()[-1])["seconds"])
        shutil.rmtree(out, ignore_errors=True)
    return best


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] == "--child":
        child(*sys.argv[2:7])
        return
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--formats", default="pdf,pdf warm,docx,epub")
    options = parser.parse_args()
    formats = options.formats.split(",")
    print(f"load average at the start: {os.getloadavg()[0]:.1f}")
    with tempfile.TemporaryDirectory() as scratch_dir:
        scratch = Path(scratch_dir)
        project = scratch / "project"
        shutil.copytree(ROOT / "content", project / "content")
        figures = {
            language: {fmt: measure(project, language, fmt, options.rounds, scratch) for fmt in formats}
            for language in LANGUAGES
        }
    english = figures["en"]
    print(
        "| language | "
        + " | ".join(f"{fmt} s" for fmt in formats)
        + " | "
        + " | ".join(f"{fmt} / en" for fmt in formats)
        + " |"
    )
    print("|---" * (1 + 2 * len(formats)) + "|")
    for language, row in figures.items():
        seconds = " | ".join(f"{row[fmt]:.2f}" for fmt in formats)
        ratios = " | ".join(f"{row[fmt] / english[fmt]:.2f}x" for fmt in formats)
        print(f"| {language} | {seconds} | {ratios} |")
    print(f"load average at the end: {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
