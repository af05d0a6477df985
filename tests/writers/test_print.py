"""The print edition (PDF/X-4), checked by real tools: pypdf and pikepdf read the boxes, output
intent and metadata back, Pillow parses the ICC profile, qpdf checks the file, pdftoppm renders
the sheet to look at the bleed and the marks.

There is no free PDF/X validator to run here (veraPDF checks PDF/A and PDF/UA only), so the
clauses of ISO 15930-7 this file is written to meet are each asserted below; that list, not a
preflight certificate, is what `GTS_PDFXVersion` in the file rests on.
"""

from __future__ import annotations

import io
import re
import shutil
import subprocess
from pathlib import Path

import pikepdf
import pypdf
import pytest
from PIL import Image, ImageCms
from test_pdf import embedded_fonts

from briefexport.builder import build
from briefexport.project import DEFAULTS_DIR, Project
from briefexport.writers import default_formats
from briefexport.writers.shared.brand_file import BrandFile
from conftest import REPO, ROOTS, copy_project

SLUGS = sorted(p.stem for p in (REPO / "content" / "briefs").glob("*.md"))
EPOCH = "1790000000"
MM = 72 / 25.4  # points per millimetre
BLEED = 3.0  # mm, this repository's brand.yml
SHEET = 10.0  # mm from trim to sheet edge: twice (bleed + 2 mm gap), room for the marks
A4 = (210.0, 297.0)
LETTER = (215.9, 279.4)
HAVE_PDFTOPPM = shutil.which("pdftoppm") is not None


def set_brand(project: Project, old: str, new: str) -> None:
    brand = project.root / "layouts" / "brand.yml"
    text = brand.read_text(encoding="utf-8")
    assert old in text
    brand.write_text(text.replace(old, new), encoding="utf-8")


@pytest.fixture(scope="session")
def print_build(tmp_path_factory):
    """The sample content's print editions (A4) and, on Letter, one brief's print and screen PDFs."""
    root = tmp_path_factory.mktemp("print")
    project = copy_project(root / "a4")
    letter = copy_project(root / "letter")
    set_brand(letter, "paper: a4", "paper: letter")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("SOURCE_DATE_EPOCH", EPOCH)
        result = build(project, formats=["print"], out=root / "a4" / "build")
        letter_result = build(
            letter,
            [letter.briefs_dir / "grid-storage-auctions.md"],
            formats=["print", "pdf"],
            out=root / "letter" / "build",
        )
    return project, result, letter_result, root


def print_pdf(print_build, slug: str, paper: str = "a4") -> Path:
    return print_build[3] / paper / "build" / "print" / f"{slug}.pdf"


def mm_box(box) -> tuple[float, ...]:
    return tuple(round(float(v) / MM, 1) for v in box)


@pytest.mark.slow
def test_print_editions_built_without_errors_or_warnings(print_build):
    project, result, letter_result, root = print_build
    assert [str(d) for d in result.report.diagnostics] == []
    assert sorted(p.name for p in result.built) == sorted(f"{slug}.pdf" for slug in SLUGS)
    assert all(p.parent.name == "print" for p in result.built)
    assert [str(d) for d in letter_result.report.diagnostics] == []


@pytest.mark.slow
@pytest.mark.parametrize("slug", SLUGS)
def test_qpdf_check_is_clean(print_build, slug):
    proc = subprocess.run(
        ["qpdf", "--check", str(print_pdf(print_build, slug))], capture_output=True, text=True, timeout=120
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "No syntax or stream encoding errors found" in proc.stdout
    assert "WARNING" not in proc.stdout + proc.stderr


# --- page boxes ---------------------------------------------------------------------------------


def check_boxes(path: Path, trim_size: tuple[float, float]) -> None:
    pdf = pypdf.PdfReader(path, strict=True)
    assert len(pdf.pages) >= 2
    for page in pdf.pages:
        trim, bleed, media = mm_box(page.trimbox), mm_box(page.bleedbox), mm_box(page.mediabox)
        width, height = trim_size
        assert trim == (0.0, 0.0, round(width, 1), round(height, 1))
        assert bleed == (-BLEED, -BLEED, round(width + BLEED, 1), round(height + BLEED, 1))
        assert media == (-SHEET, -SHEET, round(width + SHEET, 1), round(height + SHEET, 1))
        assert "/CropBox" not in page or mm_box(page.cropbox) == media


@pytest.mark.slow
def test_page_boxes_a4(print_build):
    check_boxes(print_pdf(print_build, "grid-storage-auctions"), A4)
    check_boxes(print_pdf(print_build, "ageing-workforce-automation"), A4)


@pytest.mark.slow
def test_page_boxes_letter_and_the_screen_pdf_on_letter(print_build):
    check_boxes(print_pdf(print_build, "grid-storage-auctions", "letter"), LETTER)
    screen = pypdf.PdfReader(print_build[3] / "letter" / "build" / "pdf" / "grid-storage-auctions.pdf")
    for page in screen.pages:
        assert mm_box(page.mediabox) == (0.0, 0.0, 215.9, 279.4)
        assert mm_box(page.trimbox) == mm_box(page.mediabox)


# --- PDF/X-4: output intent, metadata, colour, fonts ------------------------------------------------


@pytest.fixture(scope="module")
def opened(print_build):
    with pikepdf.open(print_pdf(print_build, "grid-storage-auctions")) as pdf:
        yield pdf


@pytest.mark.slow
def test_output_intent_with_an_embedded_cmyk_output_profile(opened):
    intents = opened.Root.OutputIntents
    assert len(intents) == 1
    intent = intents[0]
    assert intent.Type == "/OutputIntent" and intent.S == "/GTS_PDFX"
    assert str(intent.OutputConditionIdentifier) == "FOGRA39"
    assert str(intent.RegistryName) == "http://www.color.org"
    assert "FOGRA39" in str(intent.Info)
    stream = intent.DestOutputProfile
    assert int(stream.N) == 4
    profile = ImageCms.ImageCmsProfile(io.BytesIO(stream.read_bytes())).profile
    assert (profile.device_class, profile.xcolor_space.strip(), profile.connection_space.strip()) == (
        "prtr",
        "CMYK",
        "Lab",
    )
    packaged = ImageCms.getOpenProfile(
        str(DEFAULTS_DIR / "layouts" / "print" / "FOGRA39L_coated.icc")
    ).profile
    assert profile.profile_description == packaged.profile_description
    # the profile converts: the brand's CMYK navy comes out a dark blue in sRGB
    to_srgb = ImageCms.buildTransform(
        ImageCms.ImageCmsProfile(io.BytesIO(stream.read_bytes())),
        ImageCms.createProfile("sRGB"),
        "CMYK",
        "RGB",
    )
    r, g, b = ImageCms.applyTransform(Image.new("CMYK", (1, 1), (255, 194, 71, 77)), to_srgb).getpixel((0, 0))
    assert b > r + 40 and b > g and r < 80


@pytest.mark.slow
def test_info_and_xmp_say_pdf_x4_trapped_and_agree(opened, print_build):
    assert opened.pdf_version == "1.6"
    info = opened.docinfo
    assert str(info.GTS_PDFXVersion) == "PDF/X-4"
    assert info.Trapped == "/False"
    assert str(info.Title) and str(info.CreationDate) and str(info.ModDate)
    assert len(opened.trailer.ID) == 2
    metadata = opened.Root.Metadata
    assert "/Filter" not in metadata  # readable by any preflight without decoding
    xmp = metadata.read_bytes().decode("utf-8")
    assert re.search(r"<pdfxid:GTS_PDFXVersion>PDF/X-4</pdfxid:GTS_PDFXVersion>", xmp)
    assert "GTS_PDFXConformance" not in xmp  # a PDF/X-1a and X-3 key
    assert "<pdf:Trapped>False</pdf:Trapped>" in xmp
    assert "<xmpMM:RenditionClass>proof:pdf</xmpMM:RenditionClass>" in xmp
    assert "<xmpMM:VersionID>1</xmpMM:VersionID>" in xmp
    document_id = re.search(r"<xmpMM:DocumentID>([^<]+)</xmpMM:DocumentID>", xmp).group(1)
    assert re.fullmatch(r"uuid:[0-9a-f-]{36}", document_id)
    # every brief has its own document id
    with pikepdf.open(print_pdf(print_build, "harbour-electrification")) as other:
        assert document_id not in other.Root.Metadata.read_bytes().decode("utf-8")
    # the dates in XMP are those of the Info dictionary
    created = re.search(r"<xmp:CreateDate>([^<]+)</xmp:CreateDate>", xmp).group(1)
    assert str(info.CreationDate).startswith("D:" + re.sub(r"\D", "", created[:19]))


@pytest.mark.slow
def test_every_rgb_colour_is_tagged_srgb_and_brand_colours_are_cmyk(opened):
    images = 0
    for page in opened.pages:
        default_rgb = page.Resources.ColorSpace.DefaultRGB
        assert default_rgb[0] == "/ICCBased" and int(default_rgb[1].N) == 3
        assert (
            "sRGB"
            in ImageCms.ImageCmsProfile(io.BytesIO(default_rgb[1].read_bytes())).profile.profile_description
        )
        assert "/Annots" not in page.obj  # nothing on the printed area but the page
    for obj in opened.objects:
        if isinstance(obj, (pikepdf.Dictionary, pikepdf.Stream)):
            assert obj.get("/ColorSpace") != "/DeviceRGB" and obj.get("/CS") != "/DeviceRGB"
            images += obj.get("/Subtype") == "/Image"
    assert images >= 1
    operators = {
        (str(op), tuple(str(o) for o in operands))
        for operands, op in pikepdf.parse_content_stream(opened.pages[0])
    }
    assert ("cs", ("/DeviceCMYK",)) in operators
    assert ("scn", ("1", "0.76", "0.28", "0.3")) in operators  # brand.yml's CMYK navy, as given


@pytest.mark.slow
@pytest.mark.parametrize("slug", SLUGS)
def test_every_font_is_embedded(print_build, slug):
    fonts = embedded_fonts(pypdf.PdfReader(print_pdf(print_build, slug)))
    assert fonts
    assert [name for name, keys in fonts.items() if not keys] == []


@pytest.mark.slow
def test_two_builds_are_byte_identical(print_build, tmp_path, monkeypatch):
    project = print_build[0]
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    slugs = ["grid-storage-auctions", "grid-storage-auctions-ko"]
    again = build(
        project,
        [project.briefs_dir / f"{s}.md" for s in slugs],
        formats=["print"],
        out=tmp_path,
        force=True,
        jobs=1,
    )
    assert again.report.errors == []
    for slug in slugs:
        assert (tmp_path / "print" / f"{slug}.pdf").read_bytes() == print_pdf(
            print_build, slug
        ).read_bytes(), slug


# --- what the sheet looks like: bleed and marks, rendered ------------------------------------------


def render_first_page(path: Path, dpi: int, tmp_path: Path) -> Image.Image:
    subprocess.run(
        [
            "pdftoppm",
            "-r",
            str(dpi),
            "-png",
            "-f",
            "1",
            "-l",
            "1",
            "-singlefile",
            str(path),
            str(tmp_path / "page"),
        ],
        check=True,
        timeout=120,
    )
    return Image.open(tmp_path / "page.png").convert("RGB")


@pytest.mark.slow
@pytest.mark.skipif(
    not HAVE_PDFTOPPM, reason="pdftoppm (poppler-utils) is installed by tools/check-system.sh --test"
)
@pytest.mark.parametrize("paper", ["a4", "letter"])
def test_masthead_colour_runs_into_the_bleed_and_marks_lie_outside_it(print_build, paper, tmp_path):
    dpi = 150
    sheet = render_first_page(print_pdf(print_build, "grid-storage-auctions", paper), dpi, tmp_path)
    width_mm = (A4 if paper == "a4" else LETTER)[0]

    def at(x_mm: float, y_mm: float) -> tuple[int, int, int]:
        """The pixel at a point given in mm from the trim box's top-left corner."""
        return sheet.getpixel((round((SHEET + x_mm) * dpi / 25.4), round((SHEET + y_mm) * dpi / 25.4)))

    def darkest(x_mm: float, y_mm: float) -> int:
        """The darkest pixel within 2 pixels of a point (marks are hairlines)."""
        x, y = round((SHEET + x_mm) * dpi / 25.4), round((SHEET + y_mm) * dpi / 25.4)
        return min(sum(sheet.getpixel((x + dx, y + dy))) for dx in range(-2, 3) for dy in range(-2, 3))

    def close(a, b) -> bool:
        return all(abs(x - y) <= 6 for x, y in zip(a, b, strict=True))

    band = at(30, 6)
    assert band[2] > band[0] + 30 and sum(band) < 300, f"no navy masthead at the page's top: {band}"
    assert close(at(-1.5, 6), band), "the band stops at the trim edge, not the bleed (left)"
    assert close(at(width_mm + 1.5, 6), band), "the band stops at the trim edge, not the bleed (right)"
    assert close(at(30, -1.5), band), "the band stops at the trim edge, not the bleed (top)"
    assert close(at(-4.5, 6), (255, 255, 255)), "the band runs past the bleed"
    # crop marks: the trim lines carried outward, 5 mm and more beyond the trim
    for x_mm, y_mm in [(-7, 0), (0, -7), (width_mm + 7, 0), (width_mm, -7)]:
        assert darkest(x_mm, y_mm) < 200, f"no crop mark at {x_mm}, {y_mm} mm"
    # inside the bleed, nothing but the band: no mark
    assert close(at(-1, 30), (255, 255, 255))
    # registration target centred on the top edge, outside the bleed
    assert darkest(width_mm / 2, -7.5) < 200, "no registration mark above the page"


# --- picture resolution ----------------------------------------------------------------------------


def chart_project(tmp_path: Path, pixels: tuple[int, int]) -> Project:
    root = tmp_path / "project"
    shutil.copytree(ROOTS / "only-content", root)
    Image.new("RGB", pixels, (42, 157, 143)).save(root / "content" / "images" / "demand.png")
    return Project.at(root)


def picture_position(project: Project) -> tuple[int, int]:
    lines = (project.briefs_dir / "ferry-charging.md").read_text(encoding="utf-8").splitlines()
    line = next(n for n, text in enumerate(lines, 1) if "demand.png" in text)
    return line, lines[line - 1].index("![") + 1


@pytest.mark.slow
def test_a_picture_below_150_ppi_is_a_located_warning(tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    project = chart_project(tmp_path, (800, 400))  # across the 168 mm column: 121 ppi
    result = build(project, formats=["print", "pdf"], out=tmp_path / "out", jobs=1)
    line, col = picture_position(project)
    assert [str(d) for d in result.report.diagnostics] == [
        f"content/briefs/ferry-charging.md:{line}:{col}: warning: images/demand.png prints at 121 ppi; "
        "300 ppi is usual for print"
    ]
    assert (tmp_path / "out" / "print" / "ferry-charging.pdf").is_file()


@pytest.mark.slow
def test_a_picture_below_72_ppi_is_an_error_in_the_print_edition(tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    project = chart_project(tmp_path, (240, 120))  # 36 ppi
    result = build(project, formats=["print", "pdf"], out=tmp_path / "out", jobs=1)
    line, col = picture_position(project)
    assert [str(d) for d in result.report.errors] == [
        f"content/briefs/ferry-charging.md:{line}:{col}: error: images/demand.png prints at 36 ppi; "
        "300 ppi is usual for print and below 72 ppi the print edition is not made"
    ]
    assert not (tmp_path / "out" / "print" / "ferry-charging.pdf").exists()
    assert (tmp_path / "out" / "pdf" / "ferry-charging.pdf").is_file()  # the screen PDF is not for print


# --- the brand's print settings ------------------------------------------------------------------


def test_print_is_a_default_format_only_when_the_brand_turns_it_on(tmp_path):
    project = copy_project(tmp_path / "on")
    assert "print" in default_formats(BrandFile.read(project))
    off = Project.at(shutil.copytree(ROOTS / "only-content", tmp_path / "off"))  # the packaged brand
    assert "print" not in default_formats(BrandFile.read(off))
    assert default_formats(BrandFile.read(off)) == [
        f for f in default_formats(BrandFile.read(project)) if f != "print"
    ]
    set_brand(project, "    print:\n", "    print: false\n    unused:\n")
    assert "print" not in default_formats(BrandFile.read(project))


def test_mistakes_in_the_print_settings_are_located_in_brand_yml(tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    project = copy_project(tmp_path / "project")
    set_brand(project, "      bleed: 3mm\n", "      bleed: lots\n      colour: red\n")
    set_brand(project, "        secondary: [78, 12, 50, 0]\n", "        secondary: [78, 12, 50]\n")
    lines = (project.root / "layouts" / "brand.yml").read_text().splitlines()

    def line_of(text: str) -> int:
        """The line in the print block (the brand's colours have a `secondary:` of their own above it)."""
        start = lines.index("    print:")
        return next(n for n, t in enumerate(lines, 1) if n > start and t.strip().startswith(text))

    result = build(
        project,
        [project.briefs_dir / "harbour-electrification.md"],
        formats=["print"],
        out=tmp_path / "out",
        jobs=1,
    )
    assert sorted(str(d) for d in result.report.errors) == sorted(
        [
            f"layouts/brand.yml:{line_of('bleed:')}:1: error: print: bleed `lots` should be a length such "
            "as 3mm "
            "or 0.125in (at most 25mm)",
            f"layouts/brand.yml:{line_of('colour:')}:1: error: print: unknown key `colour` (did you mean "
            "`colors`?)",
            f"layouts/brand.yml:{line_of('secondary:')}:1: error: print: colors: secondary `[78, 12, 50]` "
            "should be "
            "four percentages, C M Y K, e.g. [100, 72, 18, 32]",
        ]
    )


@pytest.mark.slow
def test_a_brand_names_its_printers_profile(tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    project = copy_project(tmp_path / "project")
    (project.root / "layouts" / "print").mkdir()
    shutil.copy(
        DEFAULTS_DIR / "layouts" / "print" / "FOGRA39L_coated.icc",
        project.root / "layouts" / "print" / "press.icc",
    )
    set_brand(
        project,
        "      marks: crop cross\n",
        "      marks: crop cross\n      profile: print/press.icc\n      condition: FOGRA39\n"
        "      info: Our printer's sheet-fed press\n",
    )
    brief = [project.briefs_dir / "harbour-electrification.md"]
    result = build(project, brief, formats=["print"], out=tmp_path / "out", jobs=1)
    assert [str(d) for d in result.report.diagnostics] == []
    with pikepdf.open(tmp_path / "out" / "print" / "harbour-electrification.pdf") as pdf:
        assert str(pdf.Root.OutputIntents[0].Info) == "Our printer's sheet-fed press"
    # an RGB (display) profile cannot be a PDF/X-4 CMYK output intent
    import weasyprint.pdf

    shutil.copy(
        Path(weasyprint.pdf.__file__).parent / "sRGB2014.icc",
        project.root / "layouts" / "print" / "press.icc",
    )
    result = build(project, brief, formats=["print"], out=tmp_path / "out", jobs=1)
    assert [d.message for d in result.report.errors] == [
        "print: profile `print/press.icc` is a RGB profile of class `mntr`; PDF/X-4 here needs the printer's "
        "CMYK output (prtr) profile"
    ]


def test_a_paper_that_is_not_a_size_is_a_located_error(tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    project = copy_project(tmp_path / "project")
    set_brand(project, "    paper: a4\n", "    paper: tabloid-ish\n")
    line = (project.root / "layouts" / "brand.yml").read_text().splitlines().index(
        "    paper: tabloid-ish"
    ) + 1
    result = build(
        project,
        [project.briefs_dir / "harbour-electrification.md"],
        formats=["pdf"],
        out=tmp_path / "out",
        jobs=1,
    )
    assert [str(d) for d in result.report.errors] == [
        f"layouts/brand.yml:{line}:12: error: brand.yml: paper `tabloid-ish`: use a4, letter or a width and "
        "height such as `6in 9in` or `170mm 240mm`"
    ]
