"""The three CSL engines, side by side: correctness on the citations issue's cases and cost per brief.

    .venv/bin/python benchmarks/citation_engines.py [--pandoc PATH ...] [--no-timing]

citeproc-js is the bundled one (src/briefexport/defaults/citeproc), run in V8 through mini-racer;
citeproc-py and pandoc are measured when they are there (`pip install citeproc-py==0.11.1` in a
scratch venv; pandoc from Debian, or pypandoc-binary's, named with --pandoc). Every engine gets the
same CSL-JSON (benchmarks/citations/items.json), the same nine citations in order and the bundled
styles and locales. Costs are CPU seconds (this process's and its children's), not wall time, so a
busy shared machine does not skew them much. benchmarks/README.md ("Citation engines") has a run.
"""

from __future__ import annotations

import argparse
import json
import re
import resource
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from lxml import etree

from briefexport.content.cite import engine as js
from briefexport.content.cite import rich, styles
from briefexport.project import Project

HERE = Path(__file__).resolve().parent
ITEMS = json.loads((HERE / "citations" / "items.json").read_text())
BYID = {item["id"]: item for item in ITEMS}
STYLE_DIR = styles.CSL_DIR / "styles"
# (key, locator, prefix) per item; one cluster per note
CLUSTERS = [
    [("putnam2000", "49–51", "")],
    [("putnam2000", "52", "")],
    [("farrell2019", "45", "see")],
    [("wto2023", "", "")],
    [("kim2013", "12", "")],
    [("nye2004a", "", ""), ("nye2004b", "", "")],
    [("amp2021", "", "")],
    [("iea2024", "", "")],
    [("farrell2019", "50", "")],
]
STYLES = ["chicago-notes-bibliography", "chicago-author-date", "apa"]
LANGS = ["en-US", "en-GB", "ko-KR"]


def cpu() -> float:
    own, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


def html_of(runs: rich.Rich) -> str:
    out = []
    for run in runs:
        text = run.text.replace("&", "&amp;").replace("<", "&lt;")
        text = f"<i>{text}</i>" if run.italic else text
        out.append(f'<a href="{run.href}">{text}</a>' if run.href else text)
    return "".join(out)


def citeproc_js(style: str, lang: str, clusters) -> tuple[list[str], list[str]]:
    loaded = styles.load_style(style, Project.at(HERE.parent), "bench", 1, 1)
    made = [
        js.Cluster(tuple(js.Item(k, loc, prefix=p + " " if p else "") for k, loc, p in c), n + 1)
        for n, c in enumerate(clusters)
    ]
    done = js.format_citations(loaded, lang, BYID, made, [])
    return [html_of(rich.capitalise(c)) for c in done.citations], [html_of(e) for _, e in done.entries]


def citeproc_py(style: str, lang: str, clusters) -> tuple[list[str], list[str]]:
    from citeproc import (
        Citation,
        CitationItem,
        CitationStylesBibliography,
        CitationStylesStyle,
        Locator,
        formatter,
    )
    from citeproc.source.json import CiteProcJSON

    bib = CitationStylesBibliography(
        CitationStylesStyle(str(STYLE_DIR / f"{style}.csl"), locale=lang, validate=False),
        CiteProcJSON(ITEMS),
        formatter.html,
    )
    made = []
    for c in clusters:
        citation = Citation(
            [
                CitationItem(
                    k,
                    **({"locator": Locator("page", loc)} if loc else {}),
                    **({"prefix": p + " "} if p else {}),
                )
                for k, loc, p in c
            ]
        )
        bib.register(citation)
        made.append(citation)
    return [str(bib.cite(c, lambda item: None)) for c in made], [str(e) for e in bib.bibliography()]


def pandoc(exe: str):
    def run(style: str, lang: str, clusters) -> tuple[list[str], list[str]]:
        body = "\n\n".join(
            "Text ["
            + "; ".join((p + " " if p else "") + "@" + k + (", " + loc if loc else "") for k, loc, p in c)
            + "]."
            for c in clusters
        )
        with tempfile.TemporaryDirectory() as tmp:
            (Path(tmp) / "refs.json").write_text(json.dumps(ITEMS))
            html = subprocess.run(
                [
                    exe,
                    "-f",
                    "markdown",
                    "-t",
                    "html",
                    "--citeproc",
                    "--wrap=none",
                    "--csl",
                    str(STYLE_DIR / f"{style}.csl"),
                    "--bibliography",
                    "refs.json",
                    "-M",
                    f"lang={lang}",
                ],
                input=body,
                capture_output=True,
                text=True,
                cwd=tmp,
                check=True,
            ).stdout
        if "footnotes" in html:
            notes = re.findall(r'<li id="fn\d+"[^>]*>(.*?)</li>', html, re.S)
            cites = [re.sub(r'<a href="#fnref\d+".*?</a>|^<p>|</p>$', "", n.strip()).strip() for n in notes]
        else:
            cites = re.findall(r'<span class="citation"[^>]*>(.*?)</span>', html, re.S)
        return cites, re.findall(r'<div id="ref-[^"]*" class="csl-entry"[^>]*>(.*?)</div>', html, re.S)

    return run


def text(markup: str) -> str:
    markup = re.sub(r"<[^>]+>", "", markup)
    for entity, char in (("&amp;", "&"), ("&#38;", "&"), ("&lt;", "<"), ("&#60;", "<")):
        markup = markup.replace(entity, char)
    return markup


def checks(style: str, lang: str, cites: list[str], bib: list[str]) -> dict[str, bool]:
    t, b = [text(c) for c in cites], [text(x) for x in bib]
    note = "notes" in style
    found = {}
    if "chicago" in style:
        found["full names"] = "Robert D. Putnam" in t[0] if note else "Putnam, Robert D." in " ".join(b)
    if note and lang != "ko-KR":
        found["punctuation and quotes"] = ("Coercion,”" if lang == "en-US" else "Coercion’,") in t[2]
    if note:
        found["See capitalised"] = t[2].startswith("See ")
        found["no stray edition"] = not any("edition" in x for x in t)
    else:
        found["2004a/2004b"] = "2004a" in " ".join(t) and "2004b" in " ".join(b)
    found["Korean name"] = any("김영하" in x for x in t + b) and not any(". 영하" in x for x in t + b)
    found["en-dash range"] = "49–51" in t[0]
    found["DOI link"] = any('href="https://doi.org/10.1162/isec_a_00351"' in x for x in bib)
    found["& and < kept"] = any("Trade & Security: When Tariffs < Subsidies" in x for x in b)
    found["valid XHTML"] = all(_xml(x) for x in cites + bib)
    return found


def _xml(markup: str) -> bool:
    try:
        etree.fromstring(f"<div>{markup}</div>".encode())
    except etree.XMLSyntaxError:
        return False
    return True


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--pandoc", action="append", default=[], help="a pandoc to measure (repeatable)")
    parser.add_argument("--no-timing", action="store_true")
    args = parser.parse_args()
    engines = {"citeproc-js": citeproc_js}
    try:
        import citeproc  # noqa: F401

        engines["citeproc-py"] = citeproc_py
    except ImportError:
        print("citeproc-py: not installed, n/a")
    args.pandoc = args.pandoc or [p for p in [shutil.which("pandoc")] if p]
    for exe in args.pandoc:
        engines[f"pandoc {_version(exe)}"] = pandoc(exe)
    for name, run in engines.items():
        print(f"## {name}")
        for style in STYLES:
            for lang in LANGS:
                try:
                    failed = [
                        k for k, ok in checks(style, lang, *run(style, lang, CLUSTERS)).items() if not ok
                    ]
                except Exception as exc:  # an engine that crashes is a row, not the end of the run
                    failed = [f"crashed: {type(exc).__name__}"]
                print(f"  {style:28} {lang}: {'ok' if not failed else 'FAILS ' + ', '.join(failed)}")
        if args.no_timing:
            continue
        for style in STYLES:  # each in a new process, so the first brief pays for starting the engine
            sys.stdout.flush()
            exe = [a for a in args.pandoc if name.endswith(_version(a))] if name.startswith("pandoc") else []
            subprocess.run([sys.executable, __file__, "--cost", name, style, *exe], check=True)


def _version(exe: str) -> str:
    return subprocess.run([exe, "--version"], capture_output=True, text=True).stdout.split()[1]


def cost(name: str, style: str, exe: str | None) -> None:
    run = {"citeproc-js": citeproc_js, "citeproc-py": citeproc_py}.get(name) or pandoc(exe or "pandoc")
    costs = []
    for _ in range(4):
        start = cpu()
        run(style, "en-US", CLUSTERS * 2)  # 18 citations and 8 entries: a long brief's worth
        costs.append(cpu() - start)
    print(f"  a brief in {style}: first {costs[0]:.2f} s CPU, each next one {min(costs[1:]):.2f} s")


if __name__ == "__main__":
    if sys.argv[1:2] == ["--cost"]:
        cost(sys.argv[2], sys.argv[3], sys.argv[4] if len(sys.argv) > 4 else None)
    else:
        main()
