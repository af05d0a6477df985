"""The (l) rows: the readers' library of a generated archive (tests/writers/site/archive_project.py)
at 100 and 1,000 briefs. For each size: the site's full build (`build(formats=["site"],
uses=False)` after the PDFs of the newest 20, as the tests make it; the PDFs' time is not counted),
its size on disk and the search index's share of it, what the hard links save, and then what an
edit rebuilds: one brief's text (its web edition and the search index), one brief's title (the lists
it is on too), each with its time and the files written.

    .venv/bin/python benchmarks/site_archive.py               # 100 and 1,000 briefs, about 4 minutes
    .venv/bin/python benchmarks/site_archive.py --briefs 100  # one size
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "tests"))

from briefexport.builder import build  # noqa: E402
from briefexport.project import Project  # noqa: E402
from briefexport.writers.site import search  # noqa: E402
from writers.site.archive_project import make_archive  # noqa: E402


def disk(folder: Path) -> tuple[int, int]:
    """(bytes of the files under `folder`, bytes of those that are hard links to files elsewhere)."""
    total = linked = 0
    for path in folder.rglob("*"):
        if path.is_file():
            stat = path.stat()
            total += stat.st_size
            if stat.st_nlink > 1:
                linked += stat.st_size
    return total, linked


def mib(size: int) -> str:
    return f"{size / 2**20:.1f} MiB"


def run(count: int, scratch: Path) -> list[tuple[str, str]]:
    root = scratch / f"archive-{count}"
    slugs = make_archive(root, count)
    project, out = Project.at(root), root / "build"
    os.environ.setdefault("SOURCE_DATE_EPOCH", "1790000000")
    newest = [project.briefs_dir / f"{slug}.md" for slug in slugs[-20:]]
    build(project, sources=newest, formats=["pdf"], out=out)
    began = time.perf_counter()
    full = build(project, formats=["site"], out=out, uses=False)
    seconds = time.perf_counter() - began
    assert full.ok, [str(d) for d in full.report.errors]
    site = out / "site"
    total, linked = disk(site)
    index = sum(p.stat().st_size for p in (site / search.BUNDLE).rglob("*") if p.is_file())
    files = sum(1 for p in site.rglob("*") if p.is_file())
    rows = [
        (f"(l) site of {count} briefs: full build", f"{seconds:.1f} s, {len(full.built)} files"),
        (
            f"(l) site of {count} briefs: size",
            f"{mib(total)} in {files} files; search index {mib(index)} ({100 * index / total:.0f} %); "
            f"hard-linked PDFs {mib(linked)} (not counted twice on disk)",
        ),
    ]
    middle = project.briefs_dir / f"{slugs[count // 2]}.md"
    for what, old, new in (
        ("text", "## Background\n\n", "## Background\n\nA new sentence. "),
        ("title", "title: ", "title: Revised "),
    ):
        middle.write_text(middle.read_text(encoding="utf-8").replace(old, new, 1), encoding="utf-8")
        before = {p: p.stat().st_mtime_ns for p in (site / search.BUNDLE).rglob("*") if p.is_file()}
        began = time.perf_counter()
        edit = build(project, formats=["site"], out=out, uses=False)
        seconds = time.perf_counter() - began
        assert edit.ok, [str(d) for d in edit.report.errors]
        after = {p: p.stat().st_mtime_ns for p in (site / search.BUNDLE).rglob("*") if p.is_file()}
        changed = sum(1 for p, t in after.items() if before.get(p) != t) + len(set(before) - set(after))
        pages = sorted(Path(p).relative_to(site).as_posix() for p in edit.built)
        shown = ", ".join(pages[:6]) + (f" and {len(pages) - 6} more" if len(pages) > 6 else "")
        rows.append(
            (
                f"(l) site of {count} briefs: edit one brief's {what}",
                f"{seconds:.1f} s: {len(pages)} pages ({shown}); search index re-run, "
                f"{changed} of {len(after)} index files changed",
            )
        )
    return rows


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--briefs", type=int, action="append", help="archive size (default: 100 and 1,000)")
    args = parser.parse_args()
    print(f"load average at the start: {os.getloadavg()[0]:.1f}")
    with tempfile.TemporaryDirectory(prefix="briefexport-site-bench-") as scratch:
        for count in args.briefs or [100, 1000]:
            for name, value in run(count, Path(scratch)):
                print(f"{name:55} {value}", flush=True)
    print(f"load average at the end: {os.getloadavg()[0]:.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
