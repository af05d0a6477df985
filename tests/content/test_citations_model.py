"""Citations in the model (content/cite/): the formatted notes and bibliography each format sets,
read on the test root tests/roots/citations (Chicago notes with the brief's own footnote among the
citation notes, Chicago author-date with nocite, a Korean brief under ko-KR)."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from briefexport.content import reader
from briefexport.content.cite import engine, rich, styles
from briefexport.content.cite.syntax import parse_items
from briefexport.errors import Report
from briefexport.project import Project
from conftest import ROOTS

ROOT = ROOTS / "citations"


def read(slug: str):
    project = Project.at(ROOT)
    report = Report()
    brief = reader.read_brief(
        ROOT / "content" / "briefs" / f"{slug}.md", project, reader.read_authors(project, report), report
    )
    assert report.diagnostics == []
    return brief


@pytest.fixture(scope="module")
def notes():
    return read("notes")


def note_texts(brief) -> dict[int, str]:
    """Each note's text as printed (citation runs set as the model formatted them)."""
    texts = {}
    for number, blocks in sorted(brief.footnotes.items()):
        parts = []
        for token in blocks:
            for child in token.children or [] if token.type == "inline" else []:
                if child.type == "cite":
                    parts.append(rich.plain(brief.citations.clusters[child.meta["cluster"]].text))
                else:
                    parts.append(child.content)
        texts[number + 1] = "".join(parts)
    return texts


def test_citation_notes_are_numbered_with_the_briefs_own_footnotes(notes):
    texts = note_texts(notes)
    assert list(texts) == [1, 2, 3, 4, 5]
    assert texts[1].startswith("Henry Farrell and Abraham L. Newman, “Weaponized Interdependence")
    assert texts[3].startswith("Our own note, which cites World Trade Organization, World Trade Report 2023")
    assert texts[3].endswith(", 12. inside it.")  # a citation inside a footnote is set in that note
    calls = [c for t in notes.tokens if t.type == "inline" for c in t.children if c.type == "footnote_ref"]
    assert [c.meta["id"] + 1 for c in calls] == [1, 2, 3, 4, 5]


def test_chicago_notes_as_chicago_prints_them(notes):
    texts = note_texts(notes)
    assert "Robert D. Putnam" in texts[2]  # full names, not "R. D. Putnam"
    assert texts[2].startswith("See Robert D. Putnam")  # a capital at the note's start
    assert "Shape State Coercion,” International Security 44, no. 1 (2019): 42–45" in texts[1]
    assert (
        texts[4] == "Putnam, Bowling Alone: The Collapse and Revival of American Community, 52."
    )  # short note
    assert "edition" not in " ".join(texts.values())


def test_the_call_stands_after_the_punctuation_that_followed_the_citation(notes):
    lead = [c for c in notes.tokens[1].children]
    assert [(c.type, c.content) for c in lead[:3]] == [
        ("text", "Trade is a weapon."),
        ("footnote_ref", ""),
        ("text", " Communities are fraying,"),
    ]


def test_the_bibliography_sorted_with_full_names_and_doi_links(notes):
    entries = notes.citations.entries
    assert [key for key, _ in entries] == [
        "farrell2019",
        "keohane1984",
        "nye2004b",
        "nye2004a",
        "putnam2000",
        "wto2023",
    ]
    farrell = entries[0][1]
    assert rich.plain(farrell).startswith("Farrell, Henry, and Abraham L. Newman. “Weaponized")
    assert [run.href for run in farrell if run.href] == ["https://doi.org/10.1162/isec_a_00351"]
    assert notes.citations.heading == "Bibliography" and notes.citations.hanging


def test_author_date_disambiguates_and_lists_nocite():
    brief = read("author-date")
    texts = [rich.plain(c.text) for c in brief.citations.clusters]
    assert texts == [
        "(International Energy Agency 2024)",
        "(see Farrell and Newman 2019, 42–45; also World Trade Organization 2023)",
        "(Nye 2004b, 2004a)",
        "(1984, 12)",
    ]
    assert brief.footnotes == {}  # author-date: in the text, no notes
    assert brief.citations.heading == "References"
    entries = {key: rich.plain(runs) for key, runs in brief.citations.entries}
    # putnam2000 is listed by `nocite:` alone
    assert list(entries) == [
        *("farrell2019", "iea2024", "keohane1984", "nye2004b", "nye2004a", "putnam2000", "wto2023")
    ]
    # the year's letters follow the titles' order in the list: "Power in..." before "Soft Power"
    assert entries["nye2004b"].startswith("Nye, Joseph S. 2004a. Power in the Global Information Age")
    assert entries["nye2004a"].startswith("Nye, Joseph S. 2004b. Soft Power")


def test_korean_brief_under_ko_kr():
    brief = read("ko")
    assert brief.citations.locale == "ko-KR" and brief.citations.heading == "참고문헌"
    entries = [rich.plain(runs) for _, runs in brief.citations.entries]
    assert entries[0] == "김영하. 살인자의 기억법. 문학동네, 2013."  # Korean collation: Hangul first
    assert entries[1].startswith(
        "Farrell, Henry·Abraham L. Newman."
    )  # the locale's "and" as Korean writes it
    assert rich.plain(brief.citations.clusters[0].text) == "김영하, 살인자의 기억법 (문학동네, 2013), 12."


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("@keohane1984, 49--51", [("keohane1984", "49–51", "", "", "", False)]),
        (
            "see @wto2023, 12; also @keohane1984",
            [("wto2023", "12", "", "see", "", False), ("keohane1984", "", "", "also", "", False)],
        ),
        ("-@keohane1984", [("keohane1984", "", "", "", "", True)]),
        ("@a, chap. 3, emphasis added", [("a", "3", "chapter", "", ", emphasis added", False)]),
        ("@a, {pp. iv, vi-xi}", [("a", "iv, vi-xi", "", "", "", False)]),
        ("see below", None),
        ("mail jane@example.org", None),
    ],
)
def test_citation_syntax(written, expected):
    items = parse_items(written)
    found = (
        None
        if items is None
        else [(i.key, i.locator, i.label, i.prefix, i.suffix, i.suppress_author) for i in items]
    )
    assert found == expected


def test_the_engine_reads_an_entry_again_for_each_brief():
    """citeproc-js keeps an entry's data in its registry; a second brief (or an edited file) with the
    same key must not print the first one's."""
    style = styles.load_style("apa", Project.at(ROOT), "x", 1, 1)
    printed = []
    for title in ("First Title", "Second Title"):
        item = {"id": "a", "type": "book", "title": title, "issued": {"date-parts": [[2020]]}}
        done = engine.format_citations(style, "en-US", {"a": item}, [], ["a"])
        printed.append(rich.plain(done.entries[0][1]))
    assert printed == ["First Title. (2020).", "Second Title. (2020)."]


def test_one_process_formats_brief_after_brief_each_with_its_own_entries():
    """Briefs formatted one after another in one process (a build's site pages, a build after a
    build, `serve`): each gets its own entries, and none fails on an entry of an earlier one, which
    citeproc-js's registry may still hold while it is emptied (the fourth request failed so)."""
    style = styles.load_style(styles.DEFAULT_STYLE, Project.at(ROOT), "x", 1, 1)

    def item(key: str) -> dict:
        return {
            "id": key,
            "type": "report",
            "title": f"Report {key}",
            "author": [{"family": f"Author {key}", "given": "A."}],
            "issued": {"date-parts": [[2020]]},
        }

    requests = [([], ["a"]), ([], ["b"]), ([], ["a"]), ([], ["b"]), (["a", "b"], []), (["b"], [])]
    found = []
    for cited, nocite in requests:
        clusters = [engine.Cluster(items=(engine.Item(key),), note=n + 1) for n, key in enumerate(cited)]
        done = engine.format_citations(style, "en-US", {k: item(k) for k in cited + nocite}, clusters, nocite)
        found.append([key for key, _ in done.entries])
    assert found == [["a"], ["b"], ["a"], ["b"], ["a", "b"], ["b"]]


def test_a_brief_without_citations_starts_no_engine(tmp_path):
    """No V8, no bibliography parser, no style read for a brief that cites nothing."""
    code = (
        "import sys\n"
        "from briefexport.content import reader\n"
        "from briefexport.errors import Report\n"
        "from briefexport.project import Project\n"
        "p = Project.at(sys.argv[1]); r = Report()\n"
        "path = p.root / 'content/briefs/notes.md'\n"
        "text = path.read_text().split('Trade is')[0] + 'No citations.\\n'\n"
        "reader.read_brief(path, p, reader.read_authors(p, r), r, text=text)\n"
        "names = ('py_mini_racer', 'bibtexparser', 'pylatexenc')\n"
        "print(sorted(m for m in sys.modules if m.startswith(names)))\n"
    )
    out = subprocess.run([sys.executable, "-c", code, str(ROOT)], capture_output=True, text=True, check=True)
    assert json.loads(out.stdout.replace("'", '"')) == []
