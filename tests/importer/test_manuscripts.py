"""Word manuscripts as authors send them (tests/importer/manuscripts/: Word, LibreOffice and Google
Docs files, public test files and our own, README.md there says whence): each comes in whole, or
is refused for what only its author can fix (a password, tracked changes, nothing in it)."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from lxml import etree

from briefexport.builder import build, run_check
from briefexport.cli import main
from briefexport.errors import ContentError
from briefexport.importer import import_draft
from briefexport.project import Project
from conftest import REPO

CORPUS = Path(__file__).parent / "manuscripts"
FILES = sorted(CORPUS.glob("*.docx"))
REFUSED = {
    "mammoth-empty.docx": "nothing to import",
    "poi-59378.docx": "nothing to import",
    "poi-58067.docx": "tracked change(s) not accepted",
    "poi-bug53475-password-is-pass.docx": "the document is encrypted",
}
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
# Fields whose shown text Word computes again (a table of contents, page numbers, numbers of
# captions, cross-references): their words are not the author's.
# Caption labels in the corpus's languages: dropped where the build prints its own.
LABELS = "figure|fig|table|abbildung|tabelle|그림|표"
REGENERATED = {"TOC", "PAGE", "NUMPAGES", "SEQ", "REF", "PAGEREF", "NOTEREF", "XE", "TC", "INDEX"}


@pytest.fixture
def project(tmp_path) -> Project:
    (tmp_path / "content" / "briefs").mkdir(parents=True)
    shutil.copy(REPO / "content" / "authors.yaml", tmp_path / "content" / "authors.yaml")
    return Project.at(tmp_path)


def target(project: Project, path: Path) -> Path:
    return project.briefs_dir / (re.sub(r"[^a-z0-9]+", "-", path.stem.lower()).strip("-") + ".md")


def words_in(path: Path) -> set[str]:
    """Every word of the body, the footnotes, the endnotes and the text boxes, read straight from
    the XML (independently of the importer): mc:Choice is skipped where Word wrote the same shape
    again in mc:Fallback, and the results of fields Word regenerates are left out."""
    import zipfile

    words: set[str] = set()
    with zipfile.ZipFile(path) as archive:
        for name in ("word/document.xml", "word/footnotes.xml", "word/endnotes.xml"):
            if name not in archive.namelist():
                continue
            root = etree.fromstring(
                archive.read(name).replace(
                    b"purl.oclc.org/ooxml/wordprocessingml/main",
                    b"schemas.openxmlformats.org/wordprocessingml/2006/main",
                )
            )
            fields: list[list] = []  # [instruction, in result]
            numbered: set = set()  # caption paragraphs past their first SEQ field
            paragraphs: dict = {}  # w:p -> its text, run by run
            skip_until = None
            for node in root.iter():
                if skip_until is not None:
                    if node is skip_until or skip_until in node.iterancestors():
                        continue
                    skip_until = None
                tag = node.tag if isinstance(node.tag, str) else ""
                if tag == f"{{{MC}}}Choice" and node.getparent().find(f"{{{MC}}}Fallback") is not None:
                    skip_until = node
                elif tag == f"{{{W}}}fldChar":
                    kind = node.get(f"{{{W}}}fldCharType")
                    if kind == "begin":
                        fields.append(["", False])
                    elif kind == "separate" and fields:
                        fields[-1][1] = True
                        reference_after_label(fields[-1][0], node, paragraphs)
                    elif kind == "end" and fields and fields.pop()[0].split()[:1] == ["SEQ"]:
                        numbered.add(next(node.iterancestors(f"{{{W}}}p"), None))
                elif tag == f"{{{W}}}instrText" and fields:
                    fields[-1][0] += node.text or ""
                elif tag in (f"{{{W}}}t", f"{{{W}}}tab", f"{{{W}}}br", f"{{{W}}}cr"):
                    inside = [f[0].split()[0].upper() for f in fields if f[0].split()]
                    simple = [
                        a.get(f"{{{W}}}instr", "").split() for a in node.iterancestors(f"{{{W}}}fldSimple")
                    ]
                    inside += [s[0].upper() for s in simple if s]
                    paragraph = next(node.iterancestors(f"{{{W}}}p"), None)
                    text = (node.text or "") if tag == f"{{{W}}}t" and not REGENERATED & set(inside) else " "
                    if next(node.iterancestors(f"{{{W}}}rt"), None) is not None:
                        text = f" {text} "  # a ruby's reading, a word apart from its base
                    if caption_label(paragraph, paragraphs):  # the label and number the build prints
                        text = re.sub(r"^\s*\w+\.?\s*\d+(?:[.-]\d+)*|^\s*(Figure|Table)\b", " ", text)
                    if has_sequence(paragraph) and paragraph not in numbered:
                        text = " "  # a caption's label, before its SEQ field: the build prints its own
                    if shown_label(node):
                        text = " "  # a link to a caption showing "Table 1": a cross-reference now
                    if any(words[:1] == ["SEQ"] for words in simple):
                        numbered.add(paragraph)
                    paragraphs.setdefault(paragraph, []).append(text)
        for parts in paragraphs.values():
            words |= set(re.findall(r"\w+", "".join(parts).casefold()))
    return words


def has_sequence(paragraph) -> bool:
    """Whether `paragraph` holds a SEQ field for figures or tables (then it is a caption)."""
    if paragraph is None:
        return False
    instructions = [t.text or "" for t in paragraph.iter(f"{{{W}}}instrText")]
    instructions += [s.get(f"{{{W}}}instr", "") for s in paragraph.iter(f"{{{W}}}fldSimple")]
    return any(re.match(rf"\s*SEQ\s+(?:{LABELS})\b", i, re.IGNORECASE) for i in instructions)


def reference_after_label(instruction: str, node, paragraphs: dict) -> None:
    """A caption's label typed before a REF field showing only its number ("figure {REF}"): the
    reference prints the label, so the typed one is not the author's word to keep."""
    paragraph = next(node.iterancestors(f"{{{W}}}p"), None)
    parts = paragraphs.get(paragraph)
    if instruction.split()[:1] == ["REF"] and parts:
        parts[-1] = re.sub(rf"(?:{LABELS})\.?\s*$", " ", parts[-1], flags=re.IGNORECASE)


def shown_label(node) -> bool:
    """Whether `node` is in a link to a bookmark whose words are a label and number ("Table 1")."""
    link = next(node.iterancestors(f"{{{W}}}hyperlink"), None)
    if link is None or not link.get(f"{{{W}}}anchor"):
        return False
    return bool(re.fullmatch(rf"\s*(?:{LABELS})\.?\s*\d+\s*", "".join(link.itertext()), re.IGNORECASE))


def caption_label(paragraph, seen: dict) -> bool:
    """Whether the text of `paragraph` so far is empty and it is in a caption style."""
    if paragraph is None or "".join(seen.get(paragraph, [])).strip():
        return False
    style = paragraph.find(f"{{{W}}}pPr/{{{W}}}pStyle")
    return style is not None and style.get(f"{{{W}}}val", "").lower().startswith("caption")


def words_out(text: str) -> set[str]:
    """The words of a brief as Markdown, its emphasis markers taken out of words (`abc**de**fg`)."""
    text = re.sub(r"\*+|~~|</?(?:sup|sub|strong|em)>", "", re.sub(r"\\(?=[^\w\s])", "", text))
    return set(re.findall(r"\w+", text.casefold()))


@pytest.mark.parametrize("path", FILES, ids=[p.name for p in FILES])
def test_every_manuscript_comes_in_whole(project, path):
    if path.name in REFUSED:
        with pytest.raises(ContentError, match=re.escape(REFUSED[path.name])):
            import_draft(project, path, to=target(project, path))
        return
    result = import_draft(project, path, to=target(project, path))
    missing = words_in(path) - words_out(result.new)
    assert not missing, f"words of {path.name} not in the brief: {sorted(missing)[:40]}"
    assert result.summary is not None


def test_what_a_manuscript_holds_comes_in_as_the_brief_holds_it(project):
    result = import_draft(project, CORPUS / "writer-features.docx", to=project.briefs_dir / "harbour.md")
    new = result.new
    assert new.startswith(
        "---\ntitle: Harbour Dredging Costs Are Rising Faster Than Port Fees\n"
        "subtitle: A manuscript typed in LibreOffice Writer\ndate: 2026-03-02\n"
    )
    # typed numbers gone; a heading a link goes to has an id of its words
    assert "## Why dredging costs more {#sec-why-dredging-costs}\n" in new and "### Contract prices\n" in new
    assert "every year[^1] and the bill keeps growing[^2]." in new
    assert "[^1]: Harbour authority accounts, 2019 to 2025." in new
    assert "[^2]: Endnote text about sediment volumes." in new  # the endnote, after the footnote
    assert "The paragraph beside the frame.\n\nSidebar frame words: silt accumulates." in new
    assert "> A quotation from the harbour master about tenders." in new
    assert "| • Listed dredger<br>• Second dredger | Cell two | 2025 |" in new
    assert "[the costs section](#sec-why-dredging-costs)" in new
    assert "[page four of the report](https://example.org/report.pdf#page=4)" in new
    warnings = [str(w) for w in result.report.warnings]
    for expected in (
        "writer-features.docx: warning: paragraph 5: a text box or shape beside the paragraph",
        "writer-features.docx: warning: paragraph 9: merged table cells come in as separate cells",
        "writer-features.docx: warning: paragraph 11: a list inside a table cell",
    ):
        assert any(expected in w for w in warnings), (expected, warnings)


def test_word_features_text_boxes_once_controls_links_and_lists(project):
    for name in ("word-features.docx", "word-features-lo.docx"):
        result = import_draft(project, CORPUS / name, to=project.briefs_dir / f"{Path(name).stem}.md")
        body = result.new.split("---\n", 2)[2]
        assert body.count("Boxed aside: tariffs doubled since 2019.") == 1  # Choice and Fallback: one
        assert "## Background of the auctions" in body and "title: Grid Storage Auctions" in result.new
        assert "> Intense words from the regulator." in body
        assert "Abstract inside a content control." in body
        assert "Reported by the grid operator in March." in body
        assert "| North | Controlled cell 40 MW |" in body
        assert "## Background of the auctions {#sec-background-auctions}" in body
        assert "[the background](#sec-background-auctions)" in body
        assert "to the detail or" in body  # a bookmark that marks no heading: its text, no link
        assert "[the search result](https://www.example.org/book#v=onepage&q&f=true)" in body
        assert (
            "1. First of list one\n2. Second of list one\n\nBetween the lists.\n\n1. First of list two"
            in body
        )
        assert re.search(r"!\[\]\(\.\./images/[a-z-]+-picture\.svg \"Cleared prices by round\"\)", body)
        warnings = [str(w) for w in result.report.warnings]
        assert any(
            "paragraph 7: the link “the detail” goes to Word's bookmark `detail`" in w for w in warnings
        )
        assert result.summary.converted == 1 and result.summary.links_mapped == 1
        assert result.summary.links_dropped == 1


def test_the_import_says_what_it_did_and_writes_only_the_brief_and_pictures(project):
    before = {p for p in project.root.rglob("*")}
    runner = CliRunner()
    out = runner.invoke(
        main,
        [
            "import",
            str(CORPUS / "poi-VariousPictures.docx"),
            "--to",
            str(project.briefs_dir / "pictures.md"),
            "--write",
            "--project",
            str(project.root),
        ],
    )
    assert out.exit_code == 0, out.output
    assert "imported: 0 notes, 5 pictures (3 converted, 0 kept as Word had them)" in out.stderr
    added = sorted(p.relative_to(project.root).as_posix() for p in set(project.root.rglob("*")) - before)
    assert "content/briefs/pictures.md" in added
    pictures = [a for a in added if a.startswith("content/images/")]
    assert set(added) == {"content/briefs/pictures.md", "content/images", *pictures}
    assert sum(a.endswith(".svg") for a in pictures) == 3  # the EMF, the WMF and the PICT's WMF


@pytest.mark.slow
def test_every_imported_brief_passes_check_and_builds(project, tmp_path):
    imported = []
    for path in FILES:
        if path.name in REFUSED:
            continue
        import_draft(project, path, to=target(project, path), write=True)
        imported.append(target(project, path))
    checked = run_check(project, [], jobs=1)
    # A project without collections makes a one-brief EPUB of each brief, and the EPUB refuses a
    # picture without a text description (the import warned of each): nothing else is an error.
    errors = [str(e) for e in checked.report.errors if "the EPUB requires one" not in str(e)]
    assert not errors, "\n".join(errors)
    assert len(checked.report.errors) < 20
    allowed = ("has no description", "is a draft", "has no caption", "status: draft")
    unexpected = [str(w) for w in checked.report.warnings if not any(a in str(w) for a in allowed)]
    assert not unexpected, unexpected
    built = build(project, [], ["pdf", "docx"], out=tmp_path / "out", jobs=1)
    assert not built.report.errors, "\n".join(map(str, built.report.errors))
    for brief in imported:
        assert (tmp_path / "out" / "pdf" / f"{brief.stem}.pdf").stat().st_size > 1000
        assert (tmp_path / "out" / "docx" / f"{brief.stem}.docx").stat().st_size > 1000
