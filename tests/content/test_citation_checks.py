"""Every mistake in citations, bibliography files and styles is a located message, the same from
`check` and `build`; bibliography files are data (no file read through them, no hang)."""

from __future__ import annotations

import json

import pytest

from briefexport.builder import check
from briefexport.content.cite import bibtex
from content.test_reader import GOOD_FRONT, brief_text, lines_of, make_project

BODY_LINE = 10  # the body's first line in brief_text(GOOD_FRONT + ...) with one extra key
REFS = json.dumps(
    [
        {
            "id": "keohane1984",
            "type": "book",
            "title": "After Hegemony",
            "author": [{"family": "Keohane", "given": "Robert O."}],
        },
        {
            "id": "putnam2000",
            "type": "book",
            "title": "Bowling Alone",
            "author": [{"family": "Putnam", "given": "Robert D."}],
        },
    ],
    indent=1,
).encode()


def errors(tmp_path, body: str, front: str = "", files: dict[str, bytes] | None = None) -> list[str]:
    project = make_project(tmp_path, {"x": brief_text(GOOD_FRONT + front, body)}, files=files)
    return lines_of(check(project), "error")


def test_unknown_key_is_located_with_did_you_mean(tmp_path):
    found = errors(
        tmp_path, "Text [@keohane1948, 12] and [see @putnam2000].\n", files={"content/references.json": REFS}
    )
    assert found == [
        "content/briefs/x.md:9:6: error: citation `@keohane1948`: no such reference in the bibliography "
        "(did you mean `keohane1984`?)"
    ]


def test_a_citation_without_any_bibliography(tmp_path):
    found = errors(tmp_path, "Text [@keohane1984].\n")
    assert found == [
        "content/briefs/x.md:9:6: error: citation `@keohane1984`: there is no bibliography (add "
        "content/references.bib, .json or .yaml (Zotero exports all three), or name a file in "
        "`bibliography:`)"
    ]


def test_malformed_bibtex_is_located_at_its_line(tmp_path):
    bib = b"@book{ok,\n  title = {Fine},\n}\n\n@misc{broken,\n  title = {never closed\n"
    found = errors(tmp_path, "Text [@ok].\n", files={"content/references.bib": bib})
    assert found == [
        "content/references.bib:5:1: error: `@misc{broken,` is not a BibTeX entry: "
        "Unexpectedly reached end of file."
    ]


def test_malformed_json_is_located(tmp_path):
    found = errors(
        tmp_path, "Text [@a].\n", files={"content/references.json": b'[\n {"id": "a",\n  "type": }\n]\n'}
    )
    assert found == ["content/references.json:3:11: error: not valid JSON: Expecting value"]


def test_a_key_in_two_files_names_both(tmp_path):
    bib = b"@book{keohane1984,\n  title = {After Hegemony},\n}\n"
    found = errors(
        tmp_path,
        "Text [@keohane1984].\n",
        files={"content/references.bib": bib, "content/references.json": REFS},
    )
    assert found == [
        "content/references.json:3:1: error: the key `keohane1984` is also in content/references.bib:1 "
        "(keep one entry per key across the bibliography files)"
    ]


def test_a_key_twice_in_one_file(tmp_path):
    bib = b"@book{a,\n  title = {One},\n}\n@book{a,\n  title = {Two},\n}\n"
    found = errors(tmp_path, "Text [@a].\n", files={"content/references.bib": bib})
    assert found == ["content/references.bib:4:1: error: the key `a` is used twice in this file"]


def test_entry_shapes_the_engine_would_fail_on(tmp_path):
    data = b'[{"id": "a", "type": "book", "author": "Putnam, Robert"}]'
    found = errors(tmp_path, "Text [@a].\n", files={"content/references.json": data})
    assert found == [
        "content/references.json:1:1: error: `a`: `author` is a list of names, each "
        "`{family: ..., given: ...}` or `{literal: ...}`"
    ]  # and no second message for `@a`, which is missing because of it


@pytest.mark.parametrize(
    ("front", "message"),
    [
        (
            "csl: chicago-note-bibliography\n",
            "content/briefs/x.md:7:6: error: csl: no citation style `chicago-note-bibliography` "
            "(did you mean `chicago-notes-bibliography`?)",
        ),
        (
            "nocite: [putnam2001]\n",
            "content/briefs/x.md:7:10: error: nocite: no reference `putnam2001` (did you mean `putnam2000`?)",
        ),
        (
            "bibliography: ../../../elsewhere.bib\n",
            "content/briefs/x.md:7:15: error: bibliography: `../../../elsewhere.bib` is outside the project "
            "(bibliography files go in content/ (with the briefs) or layouts/)",
        ),
        (
            "bibliography: refs.txt\n",
            "content/briefs/x.md:7:15: error: bibliography: `refs.txt` is not .bib, .json or .yaml",
        ),
        (
            "bibliography: [more.yaml]\n",
            "content/briefs/x.md:7:16: error: bibliography: no file `more.yaml` next to the brief",
        ),
    ],
)
def test_front_matter_mistakes(tmp_path, front, message):
    found = errors(tmp_path, "Text [@keohane1984].\n", front, files={"content/references.json": REFS})
    assert found == [message]


def test_a_dependent_style_names_its_parent(tmp_path):
    style = (
        b'<?xml version="1.0" encoding="utf-8"?><style xmlns="http://purl.org/net/xbiblio/csl" version="1.0">'
        b"<info><title>Nature</title><id>http://www.zotero.org/styles/nature</id>"
        b'<link href="http://www.zotero.org/styles/springer-basic" rel="independent-parent"/></info></style>'
    )
    found = errors(
        tmp_path,
        "Text [@keohane1984].\n",
        "csl: nature\n",
        files={"content/references.json": REFS, "layouts/nature.csl": style},
    )
    assert found == [
        "content/briefs/x.md:7:6: error: csl: layouts/nature.csl is a dependent style (it only names "
        "its parent, http://www.zotero.org/styles/springer-basic) (put the parent style, "
        "springer-basic.csl, in layouts/ and name it instead)"
    ]


def test_bibtex_fields_zotero_writes():
    entries, problems = bibtex.read(
        "@string{wto = {World Trade Organization}}\n"
        "@report{w,\n  author = {{World Trade Organization}},\n  title = {Trade {\\&} Security},\n"
        "  institution = wto # { Secretariat},\n  date = {2023-09},\n"
        "  url = {https://example.org/a%20b_c},\n  urldate = {2025-09-01},\n}\n"
        '@article{g,\n  author = {G{\\"o}del, Kurt and de la Fontaine, Jean},\n  journal = {Monatshefte},\n'
        "  pages = {173--198},\n  number = {1},\n  year = {1931},\n  month = jan,\n}\n"
    )
    assert problems == []
    (report, _), (article, line) = entries
    assert report == {
        "id": "w",
        "type": "report",
        "author": [{"literal": "World Trade Organization"}],
        "title": "Trade & Security",
        "URL": "https://example.org/a%20b_c",
        "publisher": "World Trade Organization Secretariat",
        "issued": {"date-parts": [[2023, 9]]},
        "accessed": {"date-parts": [[2025, 9, 1]]},
    }
    assert line == 10
    assert article["author"] == [
        {"family": "Gödel", "given": "Kurt"},
        {"family": "Fontaine", "given": "Jean", "non-dropping-particle": "de la"},
    ]
    assert (article["type"], article["page"], article["issue"], article["issued"]) == (
        "article-journal", "173–198", "1", {"date-parts": [[1931, 1]]},
    )  # fmt: skip


@pytest.mark.parametrize(
    "text",
    [
        "@misc{a, title = {" + "{" * 20000 + "x" + "}" * 20000 + "}}\n",  # deeply nested braces
        "@misc{a, title = {" + "x " * 40000 + "}}\n",  # a field far longer than a reference's
        "@misc{a, title = {\\input{/etc/passwd}\\include{/etc/hostname}}}\n",  # LaTeX reads no file
        "@string{a = b}\n@string{b = a}\n@misc{x, title = a # b}\n",  # strings naming each other
    ],
)
def test_hostile_bibtex_is_data(text):
    entries, problems = bibtex.read(text)
    titles = [item.get("title", "") for item, _ in entries]
    assert not any("root:" in title or "/etc/" in title for title in titles)
    assert entries == [] and len(problems) == 1 or all(len(t) < 100 for t in titles)
