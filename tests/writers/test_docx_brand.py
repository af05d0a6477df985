"""What a Word draft carries of the brand beyond its styles: the proofing language (the brief's,
with the brand's region), the logo in the masthead, and the brand's fonts embedded so that the
draft shows in them where they are not installed, checked with LibreOffice and pdffonts under a
fontconfig that has none of the brand's fonts."""

from __future__ import annotations

import io
import shutil
import subprocess
import zipfile
from pathlib import Path

import docx
import pytest
from lxml import etree
from PIL import Image

from briefexport.writers.docx.fonts import obfuscate
from briefexport.writers.docx.language import word_language
from writers.test_docx import NS, docx_build  # noqa: F401  (the session's DOCX build of the sample content)

W = f"{{{NS['w']}}}"
SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
PDFFONTS = shutil.which("pdffonts")


def parts(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def test_word_language_takes_the_region_from_the_brief_else_the_brand_else_words_default():
    assert word_language("en", {"en": "GB"}) == "en-GB"
    assert word_language("en-US", {"en": "GB"}) == "en-US"  # the brief's own region wins
    assert word_language("ko", {"en": "GB"}) == "ko-KR"
    assert word_language("en") == "en-US"
    assert word_language("de", {"de": "at"}) == "de-AT"


@pytest.mark.slow
@pytest.mark.parametrize(
    "slug, lang", [("grid-storage-auctions", "en-GB"), ("grid-storage-auctions-ko", "ko-KR")]
)
def test_every_run_is_marked_with_the_briefs_proofing_language(docx_build, slug, lang):  # noqa: F811
    _, _, out = docx_build
    files = parts(out / "docx" / f"{slug}.docx")
    runs = 0
    for name in ("word/document.xml", "word/footnotes.xml", "word/header1.xml", "word/footer1.xml"):
        root = etree.fromstring(files[name])
        for run in root.iter(W + "r"):
            runs += 1
            marked = run.find(f"{W}rPr/{W}lang")
            assert marked is not None, (name, etree.tostring(run)[:200])
            if marked.get(W + "val") != lang:  # only a quoted original keeps its own language
                assert (
                    marked.get(W + "val") in ("ko-KR", "en-GB")
                    and run.getparent().find(f"{W}pPr/{W}pStyle") is not None
                ), etree.tostring(run.getparent())[:300]
    assert runs > 50
    styles = etree.fromstring(files["word/styles.xml"])
    assert styles.find(f"{W}docDefaults/{W}rPrDefault/{W}rPr/{W}lang").get(W + "val") == lang
    assert docx.Document(str(out / "docx" / f"{slug}.docx")).core_properties.language == lang


@pytest.mark.slow
def test_the_masthead_shows_the_brand_logo_as_svg_with_a_drawn_png_fallback(docx_build):  # noqa: F811
    project, _, out = docx_build
    path = out / "docx" / "grid-storage-auctions.docx"
    document = docx.Document(str(path))
    series = document.paragraphs[0]
    assert series.style.name == "Brief Series"
    drawings = series._p.findall(f".//{W}drawing")  # noqa: SLF001
    assert len(drawings) == 1
    doc_pr = drawings[0].find(f".//{{{NS['wp']}}}docPr")
    assert doc_pr.get("descr") == "Meridian Institute"
    extent = drawings[0].find(f".//{{{NS['wp']}}}extent")
    assert int(extent.get("cx")) == int(extent.get("cy")) == 324000  # 9 mm, as in the PDF
    files = parts(path)
    svgs = [name for name in files if name.endswith(".svg")]
    assert [files[name] for name in svgs] == [(project.root / "layouts" / "logo.svg").read_bytes()]
    fallback = Image.open(io.BytesIO(files["word/media/image1.png"]))
    assert fallback.size == (1024, 1024) and fallback.mode == "RGBA"
    # drawn, not a placeholder tile: white strokes on transparency, like the SVG
    colours = {colour for _, colour in fallback.getcolors(1 << 20)}
    assert (255, 255, 255, 255) in colours and any(alpha == 0 for *_, alpha in colours)


def test_obfuscation_is_ecma_376s_and_reversible():
    key = "{01234567-89AB-CDEF-0123-456789ABCDEF}"
    data = bytes(range(64))
    hidden = obfuscate(data, key)
    reversed_key = bytes.fromhex("0123456789ABCDEF0123456789ABCDEF")[::-1]
    assert hidden[:32] == bytes(b ^ reversed_key[i % 16] for i, b in enumerate(data[:32]))
    assert hidden[32:] == data[32:] and obfuscate(hidden, key) == data


@pytest.mark.slow
def test_the_brand_fonts_are_embedded_subset_and_obfuscated(docx_build):  # noqa: F811
    from fontTools.ttLib import TTFont

    _, _, out = docx_build
    for slug, families in (
        ("grid-storage-auctions", {"Noto Serif", "Noto Sans"}),
        ("grid-storage-auctions-ko", {"Noto Serif", "Noto Sans", "Nanum Myeongjo", "Nanum Gothic"}),
    ):
        files = parts(out / "docx" / f"{slug}.docx")
        table = etree.fromstring(files["word/fontTable.xml"])
        rels = etree.fromstring(files["word/_rels/fontTable.xml.rels"])
        targets = {rel.get("Id"): rel.get("Target") for rel in rels}
        embedded = {}
        for font in table.iter(W + "font"):
            for embed in font:
                if embed.tag.startswith(W + "embed"):
                    data = obfuscate(
                        files["word/" + targets[embed.get(f"{{{NS['r']}}}id")]], embed.get(W + "fontKey")
                    )
                    face = TTFont(io.BytesIO(data))
                    assert face["name"].getDebugName(1).replace(" ", "") == font.get(W + "name").replace(
                        " ", ""
                    )
                    assert len(face.getGlyphOrder()) < 1200  # a subset (the full Korean fonts have thousands)
                    embedded.setdefault(font.get(W + "name"), set()).add(embed.tag[len(W) :])
        assert set(embedded) == families, slug
        assert embedded["Noto Serif"] == {"embedRegular", "embedBold", "embedItalic", "embedBoldItalic"}
        settings = etree.fromstring(files["word/settings.xml"])
        assert (
            settings.find(W + "embedTrueTypeFonts") is not None
            and settings.find(W + "saveSubsetFonts") is not None
        )
        types = etree.fromstring(files["[Content_Types].xml"])
        assert any(d.get("Extension") == "odttf" or d.get("PartName", "").endswith(".odttf") for d in types)


@pytest.mark.slow
@pytest.mark.skipif(
    SOFFICE is None or PDFFONTS is None, reason="needs LibreOffice and pdffonts (poppler-utils)"
)
def test_libreoffice_shows_the_draft_in_its_embedded_fonts_where_they_are_not_installed(docx_build, tmp_path):  # noqa: F811
    _, _, out = docx_build
    config = tmp_path / "fonts.conf"  # the machine's fonts less anything the brand uses
    config.write_text(
        '<?xml version="1.0"?><!DOCTYPE fontconfig SYSTEM "fonts.dtd"><fontconfig>'
        "<dir>/usr/share/fonts/truetype/dejavu</dir>"
        f"<cachedir>{tmp_path / 'cache'}</cachedir></fontconfig>"
    )
    listed = subprocess.run(
        ["fc-list"],
        env={"FONTCONFIG_FILE": str(config), "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
    ).stdout
    assert "Noto" not in listed and "Nanum" not in listed

    def fonts_of(docx_path: Path, name: str) -> str:
        folder = tmp_path / name
        subprocess.run(
            [
                SOFFICE,
                f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}",
                "--headless",
                "--convert-to",
                "pdf",
                "--outdir",
                str(folder),
                str(docx_path),
            ],
            check=True,
            capture_output=True,
            timeout=180,
            env={**__import__("os").environ, "FONTCONFIG_FILE": str(config)},
        )
        return subprocess.run(
            [PDFFONTS, str(folder / f"{docx_path.stem}.pdf")], capture_output=True, text=True, check=True
        ).stdout

    english = fonts_of(out / "docx" / "grid-storage-auctions.docx", "en")
    for face in ("NotoSerif-Regular", "NotoSerif-Bold", "NotoSerif-Italic", "NotoSans-Bold"):
        assert face in english, english
    korean = fonts_of(out / "docx" / "grid-storage-auctions-ko.docx", "ko")
    assert "NanumMyeongjo" in korean and "NanumGothic" in korean, korean

    # The control: the same draft without its embedded fonts falls back to the machine's.
    stripped = tmp_path / "stripped" / "grid-storage-auctions.docx"
    stripped.parent.mkdir()
    with (
        zipfile.ZipFile(out / "docx" / "grid-storage-auctions.docx") as source,
        zipfile.ZipFile(stripped, "w") as target,
    ):
        for item in source.infolist():
            if item.filename == "word/_rels/fontTable.xml.rels":
                continue
            data = source.read(item.filename)
            if item.filename == "word/fontTable.xml":
                table = etree.fromstring(data)
                for embed in [e for e in table.iter() if str(e.tag).startswith(W + "embed")]:
                    embed.getparent().remove(embed)
                data = etree.tostring(table)
            target.writestr(item, data)
    assert "Noto" not in fonts_of(stripped, "control")
