"""The one `@` inline rule (content/xrefs.py): `@fig-`/`@tbl-`/`@sec-` are cross-references, any
other `@key` a citation (issue 22 builds on issue 21's rule), in the text and in brackets; a
bracket of cross-references keeps its brackets; one that mixes them with citation keys, or is no
citation, prints as written with a warning; a pull quote neither calls notes nor cites, so the
notes of a note style are numbered as the text calls them."""

from __future__ import annotations

import shutil

import pytest

from briefexport.content import reader
from briefexport.content.cite import rich
from briefexport.content.labels import labels
from briefexport.errors import ContentError, Report
from briefexport.project import Project
from briefexport.writers.shared.body_html import render_body
from conftest import ROOTS

FRONT = '---\ntitle: Both\nnumber: "2026-09"\ndate: 2026-03-09\nauthors: [tomas]\n{extra}---\n'
BODY = """As @fig-trade shows, @farrell2019 argue that trade is a weapon [see @fig-trade].[^own] The
brackets [see @putnam2000; and more] and [@wto2023; @fig-trade] print as written; mail a@b.org
or [@keohane1984](https://example.org/keohane) [@keohane1984, 12].

![Trade flows by sea.](../images/ferries.png "Trade flows"){#fig-trade}

::: {.pullquote}
Trade is a weapon [@farrell2019].[^own]
:::

A last one [@nye2004a].

[^own]: Our own note, citing [@wto2023, 12].
"""
BODY_LINE = 7  # the body's first line in the file


def read(tmp_path, body: str, extra: str = ""):
    root = tmp_path / "p"
    shutil.copytree(ROOTS / "citations" / "content", root / "content")
    (root / "content" / "images").mkdir()
    shutil.copy(ROOTS / "figures" / "content" / "images" / "ferries.png", root / "content" / "images")
    path = root / "content" / "briefs" / "both.md"
    path.write_text(FRONT.format(extra=extra) + body, encoding="utf-8")
    project = Project.at(root)
    report = Report()
    brief = reader.read_brief(path, project, reader.read_authors(project, report), report)
    return brief, [str(d) for d in report.diagnostics]


@pytest.fixture
def both(tmp_path):
    return read(tmp_path, BODY)


def inline_children(brief):
    return [c for t in brief.tokens if t.type == "inline" for c in t.children or []]


def test_cross_references_and_citations_come_from_one_rule(both):
    brief, _ = both
    children = inline_children(brief)
    assert [(c.content, c.meta["label"]) for c in children if c.type == "xref"] == [
        ("@fig-trade", "Figure 1"),
        ("@fig-trade", "Figure 1"),  # in brackets: "[see Figure 1]", the brackets printed
    ]
    cites = [brief.citations.clusters[c.meta["cluster"]] for c in children if "cluster" in c.meta]
    assert [(c.source, c.in_text, [i.key for i in c.items]) for c in cites] == [
        ("@farrell2019", True, ["farrell2019"]),  # the names in the sentence, the rest a note
    ]
    assert rich.plain(cites[0].authors) == "Farrell and Newman"
    texts = [c.content for c in children if c.type == "text"]
    assert any("[see " in t for t in texts) and any(t.startswith("]") for t in texts)
    assert any("mail a@b.org" in t for t in texts)  # an e-mail address stays text
    links = [c.attrGet("href") for c in children if c.type == "link_open"]
    assert links == ["https://example.org/keohane"]  # `[@key](url)` stays a link


def test_brackets_that_are_no_citation_print_as_written_with_a_warning(both):
    brief, warnings = both
    texts = "".join(c.content for c in inline_children(brief) if c.type == "text")
    assert "[see @putnam2000; and more]" in texts and "[@wto2023; @fig-trade]" in texts
    line = BODY_LINE + 1
    assert [w for w in warnings if "is not read as a citation" in w] == [
        f"content/briefs/both.md:{line}:10: warning: `[see @putnam2000; and more]` is not read as a "
        "citation and prints as written (a citation holds `@key` in each `;`-separated part: "
        "`[see @a, 12; also @b]`)",
        f"content/briefs/both.md:{line}:42: warning: `[@wto2023; @fig-trade]` is not read as a "
        "citation and prints as written (a cross-reference stands outside a citation's brackets: "
        "`[see @a], as @fig-use shows`)",
    ]


def test_a_pull_quote_takes_no_note_number_and_prints_no_citation(both):
    brief, warnings = both
    # notes in the order the text calls them: the in-text citation, the own note (its citation set
    # inside it), Keohane, Nye; the pull quote's citation and call take none
    notes = {
        n + 1: " ".join(
            rich.plain(brief.citations.clusters[c.meta["cluster"]].text) if c.type == "cite" else c.content
            for t in blocks
            if t.type == "inline"
            for c in t.children or []
        )
        for n, blocks in brief.footnotes.items()
    }
    assert list(notes) == [1, 2, 3, 4]
    assert notes[1].startswith("Henry Farrell and Abraham L. Newman, “Weaponized Interdependence")
    assert notes[2].startswith("Our own note, citing") and "World Trade Report 2023" in notes[2]
    assert notes[3].startswith("Robert O. Keohane, After Hegemony") and notes[3].endswith(", 12.")
    assert notes[4].startswith("Joseph S. Nye, Soft Power")
    assert [w for w in warnings if "pull quote" in w] == [
        f"content/briefs/both.md:{BODY_LINE + 7}:19: warning: citation `[@farrell2019]` in a pull quote "
        "is left out of it (a pull quote repeats a sentence of the text: the citation stands there)"
    ]
    html = render_body(brief, "float", lambda path: path.name, labels(None, brief.language))
    quote = html[html.index('<aside class="pullquote"') : html.index("</aside>")]
    assert "Trade is a weapon." in quote and "citation" not in quote and "footnote" not in quote
    assert [html.count(f'id="fn-{n}"') for n in (1, 2, 3, 4, 5)] == [1, 1, 1, 1, 0]
    assert "Farrell and Newman" in html.split('class="footnote-call" href="#fn-1"')[0]  # names, then the call


def test_in_text_citations_in_an_author_date_style(tmp_path):
    body = "As @farrell2019 [45] argue, and @fig-trade shows, trade is a weapon [@nye2004a].\n\n"
    body += '![Trade flows by sea.](../images/ferries.png "Trade flows"){#fig-trade}\n'
    brief, warnings = read(tmp_path, body, "csl: chicago-author-date\n")
    assert warnings == []
    html = render_body(brief, "float", lambda path: path.name, labels(None, brief.language))
    first = brief.citations.clusters[0]
    assert rich.plain(first.authors) + " " + rich.plain(first.text) == "Farrell and Newman (2019, 45)"
    assert '<a class="xref" href="#fig-trade">Figure 1</a>' in html
    assert "(Nye 2004)" in html and brief.footnotes == {}


def test_pandocs_place_for_the_bibliography_is_a_located_error_that_says_so(tmp_path):
    with pytest.raises(ContentError) as raised:
        read(tmp_path, "Text [@nye2004a].\n\n::: {#refs}\n:::\n")
    assert [str(d) for d in raised.value.diagnostics] == [
        f"content/briefs/both.md:{BODY_LINE + 2}:1: error: the bibliography's place `::: {{#refs}}` is not "
        "supported: the bibliography follows the body (delete the two fences (`::: {#refs}`, `:::`))"
    ]
