"""The citations row of benchmarks/run.py (issue 22): what citations cost a brief, and what a
brief without them pays (nothing: no engine, no bibliography read).

The test root tests/roots/citations (a brief with five citation notes and an own footnote in
Chicago notes-bibliography; one in Chicago author-date with nocite) is read in a new process, as
a build's worker reads its first brief: the first read of a citing brief starts V8 and compiles
its style; each later read reuses them. The same brief with its citations taken out is read the
same way. CPU seconds of the reading process, best of three processes.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
ROOT = REPO / "tests" / "roots" / "citations"
PROCESSES = 3
_CHILD = """
import json, re, resource, sys
from pathlib import Path
from briefexport.content import reader
from briefexport.errors import Report
from briefexport.project import Project

def cpu():
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime

project = Project.at(sys.argv[1])
authors = reader.read_authors(project, Report())
path = project.briefs_dir / (sys.argv[2] + ".md")
text = path.read_text()
if sys.argv[3] == "none":  # the same brief without its citations
    text = re.sub(r" ?\\[[^\\]]*@[^\\]]*\\]", "", text)
times = []
for _ in range(4):
    start = cpu()
    reader.read_brief(path, project, authors, Report(), text=text)
    times.append(cpu() - start)
print(json.dumps({"first": times[0], "next": min(times[1:]), "modules": sorted(
    m for m in sys.modules if m.startswith(("py_mini_racer", "bibtexparser")))}))
"""


def measure(slug: str, mode: str) -> dict:
    runs = []
    for _ in range(PROCESSES):
        done = subprocess.run(
            [sys.executable, "-c", _CHILD, str(ROOT), slug, mode], capture_output=True, text=True, check=True
        )
        runs.append(json.loads(done.stdout))
    return {
        "first": min(r["first"] for r in runs),
        "next": min(r["next"] for r in runs),
        "modules": runs[0]["modules"],
    }


def citation_row(table) -> None:
    notes, author_date, none = (
        measure("notes", "cite"),
        measure("author-date", "cite"),
        measure("notes", "none"),
    )
    table.figures["citations"] = {"notes": notes, "author_date": author_date, "without": none}
    table.add(
        "(k) citations: reading a brief, CPU s: Chicago notes first | next, author-date first | next",
        f"{notes['first']:.2f} | {notes['next']:.3f}, {author_date['first']:.2f} | {author_date['next']:.3f}",
    )
    table.add(
        "(k) the same brief without citations: first | next (modules loaded)",
        f"{none['first']:.3f} | {none['next']:.3f} "
        f"({', '.join(none['modules']) or 'no engine, no BibTeX parser'})",
        "no engine",
        not none["modules"],
    )
