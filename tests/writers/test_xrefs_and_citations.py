"""Cross-references, boxes and citations in one brief, read back from each format: the Word draft's
real footnotes (citation notes numbered with the brief's own, Zotero fields in them, the pull
quote's call a NOTEREF to the note it repeats, REF fields to the figure's caption), the EPUB
(EPUBCheck 0/0: xref and biblioref links, the pull quote without a note or citation) and the
import of the untouched draft (no diff: `@fig-` and `[@key]` come back as written)."""

from __future__ import annotations

import re
import shutil
import zipfile

import pytest

from briefexport.builder import build
from briefexport.importer import import_draft
from conftest import ROOTS
from importer.drafts import project_copy
from writers.test_epub import assert_epubcheck_clean

pytestmark = pytest.mark.slow  # a brief built as DOCX and EPUB, EPUBCheck, the draft imported

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
BRIEF = """---
title: Trade as a Weapon
number: "2026-09"
date: 2026-03-09
authors: [tomas]
---
As @fig-trade shows, @farrell2019 argue that trade is a weapon.[^own]

::: {.key-points}
- Networks concentrate power [@farrell2019, 42--45].
:::

![Trade flows by sea.](../images/ferries.png "Trade flows"){#fig-trade}

## Interdependence {#sec-power}

::: {.pullquote}
Trade is a weapon.[^own]
:::

Communities are fraying [see @putnam2000, 49--51; also @keohane1984], as @Sec-power says.

[^own]: Our own note, which cites [@wto2023, 12].
"""


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    root = tmp_path_factory.mktemp("xrefs-citations")
    project = project_copy(ROOTS / "citations", root / "project")
    (project.content / "images").mkdir()
    shutil.copy(ROOTS / "figures" / "content" / "images" / "ferries.png", project.content / "images")
    for other in project.briefs():
        other.unlink()
    (project.briefs_dir / "mixed.md").write_text(BRIEF, encoding="utf-8")
    author_date = BRIEF.replace("authors: [tomas]\n", "authors: [tomas]\ncsl: chicago-author-date\n")
    author_date = author_date.replace("@farrell2019 argue", "@farrell2019 [45] argue")
    (project.briefs_dir / "mixed-ad.md").write_text(author_date, encoding="utf-8")
    result = build(project, formats=["docx", "epub"], out=root / "out", jobs=1)
    assert result.ok, [str(d) for d in result.report.diagnostics]
    assert result.report.warnings == []
    return project, root / "out"


def test_word_notes_are_numbered_with_the_citations_and_the_pull_quote_refers_to_its_note(built):
    _, out = built
    with zipfile.ZipFile(out / "docx" / "mixed.docx") as docx:
        document = docx.read("word/document.xml").decode()
        footnotes = docx.read("word/footnotes.xml").decode()
    notes = re.findall(r'<w:footnote w:id="(\d+)">(.*?)</w:footnote>', footnotes, re.S)
    # Word's ids -1 and 0 are its separators; note n has id n
    texts = {int(n): "".join(re.findall(r"<w:t[^>]*>([^<]*)</w:t>", b)) for n, b in notes if int(n) > 0}
    assert list(texts) == [1, 2, 3, 4]
    texts = {n: text.strip() for n, text in texts.items()}
    assert texts[1].startswith("Henry Farrell and Abraham L. Newman, “Weaponized")  # `@farrell2019 argue`
    assert texts[2].startswith("Our own note, which cites World Trade Organization")
    assert texts[3].startswith("Farrell and Newman, “Weaponized Interdependence")  # the box's, short
    assert texts[3].endswith(",” 42–45.")
    assert texts[4].startswith("See Robert D. Putnam, Bowling Alone")
    assert footnotes.count("ADDIN ZOTERO_ITEM CSL_CITATION") == 4
    assert document.count("ADDIN ZOTERO_ITEM CSL_CITATION") == 0  # every citation is a note
    quote = document[document.index('w:val="PullQuote"') :]
    quote = quote[: quote.index("</w:p>")]
    assert "NOTEREF" in quote and "footnoteReference" not in quote  # the call repeated, not a note
    assert len(re.findall(r"REF _Ref_fig_trade", document)) == 1  # `@fig-trade`, a REF to its caption
    assert "Farrell and Newman" in document.split("footnoteReference", 1)[0]  # the names, then the call


def test_the_epub_is_clean_and_the_pull_quote_calls_nothing(built):
    _, out = built
    book = out / "epub" / "mixed.epub"
    assert_epubcheck_clean(book)
    with zipfile.ZipFile(book) as epub:
        chapter = next(epub.read(n).decode() for n in epub.namelist() if n.endswith("mixed.xhtml"))
    quote = chapter[chapter.index('<aside class="pullquote"') :]
    quote = quote[: quote.index("</aside>")]
    assert "Trade is a weapon." in quote and "noteref" not in quote and "citation" not in quote
    assert '<a class="xref" href="#fig-trade">Figure 1</a>' in chapter
    assert '<a class="xref" href="#sec-power">Section 1</a>' in chapter  # `@Sec-power`
    assert chapter.count('role="doc-biblioref"') >= 4


@pytest.mark.parametrize("slug", ["mixed", "mixed-ad"])
def test_the_untouched_draft_comes_back_as_written(built, slug):
    """Notes and author-date: `@farrell2019 argue` printed "Farrell and Newman¹ argue" or "Farrell
    and Newman (2019, 45) argue" comes back as written, as do the box's citation note and the
    cross-references."""
    project, out = built
    result = import_draft(project, out / "docx" / f"{slug}.docx")
    assert result.diff == ""
    assert result.references == {} and result.report.warnings == []


def test_word_shows_the_names_then_the_citation_in_author_date(built):
    _, out = built
    with zipfile.ZipFile(out / "docx" / "mixed-ad.docx") as docx:
        document = docx.read("word/document.xml").decode()
    text = "".join(re.findall(r"<w:t[^>]*>([^<]*)</w:t>", document))
    assert "As Figure 1 shows, Farrell and Newman (2019, 45) argue that trade is a weapon." in text
    assert '"authorsInText":"Farrell and Newman"' in document.replace("&quot;", '"').replace(": ", ":")
