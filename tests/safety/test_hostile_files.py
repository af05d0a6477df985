"""Files a project you did not write may hold: symlinks leading outside, decompression bombs as
pictures and logos, SVG pictures with the gaps the picture rule once had, file names that would
overwrite each other's outputs or that no file system holds, and front matter longer than Word's
document properties. Each is a located error at `check` (or a handled case, said as a warning),
and nothing of it reaches any output."""

from __future__ import annotations

import struct
import zipfile
import zlib

import pytest

from briefexport.builder import build, check
from briefexport.safety.files import Refused, project_roots, resolve_local
from briefexport.safety.pictures import MAX_PIXELS, check_svg
from safety.hostile import (  # noqa: F401  fixtures: server, outside
    CANARY,
    assert_located,
    assert_no_canary,
    canary_png,
    diagnostics_of,
    load_root,
    outside,
    server,
)

EVERY = ["pdf", "html", "docx", "epub", "site"]


def _project(root):
    return load_root("hostile-build", root, PORT="1")


def _outputs(out) -> list[str]:
    return sorted(
        str(p.relative_to(out)) for p in out.rglob("*") if p.is_file() and not p.name.startswith(".")
    )


# --- symlinks ------------------------------------------------------------------------------------


def _canary_brief(outside) -> None:
    (outside / "brief.md").write_text(
        f'---\ntitle: {CANARY}\nnumber: "1"\ndate: 2026-01-01\nauthors: [mal-lory]\n---\n\n{CANARY}\n',
        encoding="utf-8",
    )


def test_a_brief_symlinked_outside_is_not_read_or_published(tmp_path, outside):
    project = _project(tmp_path / "project")
    _canary_brief(outside)
    (project.briefs_dir / "leak.md").symlink_to(outside / "brief.md")
    errors = [e for e in diagnostics_of(check(project)) if not e.startswith("content/collections/")]
    assert errors == [
        "content/briefs/leak.md:1:1: error: the file leads outside the project (a symlink?): it is not read"
    ]
    result = build(project, formats=EVERY, out=tmp_path / "out", jobs=1)
    assert errors[0] in diagnostics_of(result.report)
    assert_no_canary(tmp_path / "out")


def test_a_fonts_folder_linked_to_the_root_does_not_make_the_disk_inside(tmp_path, outside):
    project = _project(tmp_path / "project")
    (project.root / "fonts").symlink_to("/", target_is_directory=True)
    roots = project_roots(project)
    assert project.root / "fonts" in roots and not any(
        root == project.root.anchor for root in map(str, roots)
    )
    with pytest.raises(Refused, match="outside the project"):  # a picture reached through fonts/
        resolve_local(f"../../fonts{outside}/canary.png", project.briefs_dir, project)
    brief = project.briefs_dir / "other.md"
    brief.write_text(
        brief.read_text(encoding="utf-8") + f"\n![x](../../fonts{outside}/canary.png)\n", encoding="utf-8"
    )
    errors = [e for e in diagnostics_of(check(project)) if not e.startswith("content/collections/")]
    assert len(errors) == 1 and "the path leads outside the project" in errors[0]
    assert_located(errors)
    build(project, formats=EVERY, out=tmp_path / "out", jobs=1)
    assert_no_canary(tmp_path / "out")


@pytest.mark.parametrize("target", ["brand.yml", "logo.svg"])
def test_brand_files_symlinked_outside_are_located_errors(tmp_path, outside, target):
    project = _project(tmp_path / "project")
    layouts = project.root / "layouts"
    (outside / target).write_text((layouts / target).read_text(encoding="utf-8") + f"\n# {CANARY}\n")
    (layouts / target).unlink()
    (layouts / target).symlink_to(outside / target)
    errors = diagnostics_of(check(project))
    assert len(errors) == 1, errors
    assert errors[0].startswith("layouts/brand.yml:"), errors
    assert "outside the project" in errors[0] or "not found inside the project" in errors[0]
    assert_located(errors)
    build(project, formats=EVERY, out=tmp_path / "out", jobs=1)
    assert_no_canary(tmp_path / "out")


# --- decompression bombs -------------------------------------------------------------------------


def bomb_png(side: int = 30000) -> bytes:
    """A real, decodable 1-bit PNG of side x side pixels: about 100 KB that decode to 112 MB
    (at 24-bit RGB, as renderers hold it, 2.7 GB)."""
    row = b"\x00" + bytes(-(-side // 8))
    packer = zlib.compressobj(9)
    data = b"".join(packer.compress(row) for _ in range(side)) + packer.flush()

    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))

    header = struct.pack(">IIBBBBB", side, side, 1, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", data) + chunk(b"IEND", b"")


def test_a_bomb_as_a_figure_is_a_located_error_and_nothing_of_it_is_written(tmp_path):
    project = _project(tmp_path / "project")
    (project.content / "images/bomb.png").write_bytes(bomb_png())
    brief = project.briefs_dir / "other.md"
    brief.write_text(brief.read_text(encoding="utf-8") + '\n![Bomb](../images/bomb.png "B")\n')
    errors = [e for e in diagnostics_of(check(project)) if not e.startswith("content/collections/")]
    assert errors == [
        "content/briefs/other.md:14:1: error: image `../images/bomb.png`: the picture has 900 million "
        f"pixels, over the limit of {MAX_PIXELS // 1_000_000} million pixels; scale it down (a figure "
        "needs no more than about 3000 pixels a side)"
    ]
    result = build(project, formats=EVERY, out=tmp_path / "out", jobs=1)
    assert errors[0] in diagnostics_of(result.report)
    made = _outputs(tmp_path / "out")
    assert not [name for name in made if "other" in name.split("/")[-1] or name.endswith("bomb.png")]
    for path in (tmp_path / "out").rglob("*.png"):
        assert path.stat().st_size < 50_000 or path.read_bytes() != bomb_png()


def test_a_bomb_as_the_logo_is_a_located_error_and_nothing_is_built_with_it(tmp_path):
    project = _project(tmp_path / "project")
    layouts = project.root / "layouts"
    (layouts / "logo.png").write_bytes(bomb_png())
    brand = layouts / "brand.yml"
    brand.write_text(brand.read_text(encoding="utf-8").replace("mark: logo.svg", "mark: logo.png"))
    errors = diagnostics_of(check(project))
    assert len(errors) == 1 and errors[0].startswith(
        "layouts/brand.yml:15:11: error: brand.yml: logo `logo.png`"
    )
    assert "the picture has 900 million pixels" in errors[0]
    result = build(project, formats=EVERY, out=tmp_path / "out", jobs=1)
    assert errors[0] in diagnostics_of(result.report)
    assert not [
        p for p in _outputs(tmp_path / "out") if p.endswith((".pdf", ".epub", ".docx", ".html", "logo.png"))
    ]


# --- SVG pictures ----------------------------------------------------------------------------------

SVG = '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink">{}</svg>'
REFUSED_SVG = {
    "set a link": '<a><set attributeName="href" to="javascript:alert(1)"/><text>x</text></a>',
    "set xlink:href": '<a><set attributeName="xlink:href" to="http://h/"/><text>x</text></a>',
    "animate a link": '<a><animate attributeName="href" values="#a;http://h/" dur="1s"/><text>x</text></a>',
    "animate a fill URL": '<rect><animate attributeName="fill" to="url(http://h/#x)"/></rect>',
    "import after a comment": "<style>rect{}<!--x-->@import url(http://h/)</style>",
    "import in CDATA": '<style><![CDATA[@import "http://h/";]]></style>',
    "escaped url": "<style>rect { fill: u\\72l(http://h/) }</style>",
    "escaped import": '<style>@imp\\6frt "http://h/";</style>',
    "css comment in url": "<style>rect { fill: url(/**/http://h/) }</style>",
    "image-set": "<style>rect { background: image-set('http://h/' 1x) }</style>",
    "webkit image-set": "<style>rect { background: -webkit-image-set(url(http://h/) 1x) }</style>",
    "image-set of a fragment": "<style>rect { background: image-set('#a' 1x) }</style>",
    "escaped url in an attribute": '<rect fill="u\\72l(http://h/)"/>',
    "escaped url in a style attribute": '<rect style="fill: u\\72l(http://h/)"/>',
    "font-face src": "<style>@font-face { font-family: x; src: url(http://h/f.woff) }</style>",
    "xlink href": '<image xlink:href="http://h/x.png"/>',
}


@pytest.mark.parametrize("case", list(REFUSED_SVG))
def test_the_svg_rule_closes_its_gaps(case):
    with pytest.raises(Refused, match="scripts, event handlers or references"):
        check_svg(SVG.format(REFUSED_SVG[case]).encode())


def test_the_svg_rule_still_accepts_a_picture_that_references_only_itself():
    check_svg(
        SVG.format(
            '<defs><linearGradient id="g"/></defs><style>/* c */ rect { fill: url(#g) }</style>'
            '<rect fill="url(#g)" style="stroke: url(#g)"/><use href="#g"/><text>it\'s url(#g)</text>'
        ).encode()
    )


# --- file names ------------------------------------------------------------------------------------

COLLIDING = {
    "case": ("Report", "report", "names that differ only in case are one file on Windows and macOS"),
    "hangul and han": ("한국", "日本", "both become the site's folder `brief/` (it keeps A-Z, 0-9, - and _)"),
    "emoji": ("emoji", "emoji😀", "both become the site's folder `emoji/` (it keeps A-Z, 0-9, - and _)"),
    "space and hyphen": ("a b", "a-b", "both become the site's folder `a-b/` (it keeps A-Z, 0-9, - and _)"),
}


@pytest.mark.parametrize("case", list(COLLIDING))
def test_briefs_whose_outputs_would_overwrite_each_other_are_located_errors_naming_both(tmp_path, case):
    first, second, why = COLLIDING[case]
    project = _project(tmp_path / "project")
    for name in (first, second):
        text = (project.briefs_dir / "other.md").read_text(encoding="utf-8")
        (project.briefs_dir / f"{name}.md").write_text(
            text.replace("The Other Brief", name), encoding="utf-8"
        )
    errors = [e for e in diagnostics_of(check(project)) if "overwrite" in e]
    assert sorted(errors) == sorted(
        f"content/briefs/{a}.md:1:1: error: `{a}.md` and `content/briefs/{b}.md` would overwrite each "
        f"other's outputs: {why} (rename one of them)"
        for a, b in ((first, second), (second, first))
    )
    result = build(project, formats=EVERY, out=tmp_path / "out", jobs=1)
    assert set(errors) <= set(diagnostics_of(result.report))
    made = _outputs(tmp_path / "out")
    assert not [m for m in made if first.lower() in m.lower() or second.lower() in m.lower()]
    assert not (tmp_path / "out/site/briefs/brief").exists()


def test_a_file_name_no_file_system_holds_as_an_output_name_is_a_located_error(tmp_path):
    project = _project(tmp_path / "project")
    name = "a" * 250
    (project.briefs_dir / f"{name}.md").write_text((project.briefs_dir / "other.md").read_text())
    errors = [e for e in diagnostics_of(check(project)) if e.startswith(f"content/briefs/{name}")]
    assert errors == [
        f"content/briefs/{name}.md:1:1: error: the file name is 250 bytes long, over the limit of 150: "
        "every output is named after it (rename the file: 150 bytes are as many Latin letters, a third as "
        "many Korean)"
    ]
    result = build(project, formats=EVERY, out=tmp_path / "out", jobs=1)
    assert errors[0] in diagnostics_of(result.report)
    assert not [m for m in _outputs(tmp_path / "out") if name in m]


# --- Word's document properties --------------------------------------------------------------------


def test_long_titles_and_many_keywords_fit_words_document_properties_with_a_warning(tmp_path):
    from docx import Document

    project = _project(tmp_path / "project")
    brief = project.briefs_dir / "other.md"
    title = " ".join(["Why"] + ["ordinary"] * 40 + ["matters"])
    keywords = ", ".join(f"ordinary keyword {n}" for n in range(15))
    brief.write_text(
        brief.read_text().replace("title: The Other Brief", f"title: {title}\nkeywords: [{keywords}]")
    )
    result = build(project, [brief], formats=["docx"], out=tmp_path / "out", jobs=1)
    assert diagnostics_of(result.report) == []
    warnings = [w for w in diagnostics_of(result.report, "warning") if "document properties" in w]
    assert [w.split(": warning: ")[0] for w in warnings] == [
        "content/briefs/other.md:2:1",
        "content/briefs/other.md:3:1",
    ]
    core = Document(str(tmp_path / "out/docx/other.docx")).core_properties
    assert len(core.title) <= 255 and core.title.endswith("ordinary…") and title.startswith(core.title[:-1])
    assert core.keywords == ", ".join(
        f"ordinary keyword {n}" for n in range(12)
    )  # 244 characters: a 13th would pass 255
    with zipfile.ZipFile(tmp_path / "out/docx/other.docx") as docx:
        assert title.encode() in docx.read("word/document.xml")  # the text itself is whole


def test_the_canary_png_is_a_picture_the_rule_accepts(tmp_path):
    """The oracle of the symlink tests: the canary would pass as a picture if it were inside."""
    from briefexport.safety.pictures import check_picture_bytes

    assert check_picture_bytes(canary_png(), ".png") == "image/png"
