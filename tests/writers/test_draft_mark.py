"""A draft's DRAFT mark shows over its pictures: the PDF draws the mark above the content, the Word
draft's pictures let the watermark behind them through their white (rendered by LibreOffice).
Measured by rendering page 1 of the brief as a draft and as final with pdfium and comparing the
pixels inside the picture: only the mark tells them apart. (The EPUB marks a draft in its masthead
only: no mark lies under a picture there.)"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pypdfium2
import pypdfium2.raw as pdfium_c
import pytest

from briefexport.builder import build
from conftest import ROOTS, copy_project

pytestmark = pytest.mark.slow  # PDFs rendered by pdfium, Word drafts by LibreOffice

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")


def built(tmp_path: Path, status: str, formats: list[str]) -> Path:
    project = copy_project(tmp_path / status / "project", ROOTS / "only-content", with_layouts=False)
    brief = project.briefs_dir / "ferry-charging.md"
    text = brief.read_text(encoding="utf-8")
    brief.write_text(
        text.replace('number: "2026-90"\n', f'number: "2026-90"\nstatus: {status}\n'), encoding="utf-8"
    )
    out = tmp_path / status / "out"
    result = build(project, formats=formats, out=out)
    assert result.ok, [str(d) for d in result.report.errors]
    return out


def picture_pixels(pdf: Path) -> tuple[int, int]:
    """Page 1's largest picture rendered at 60 dpi: (its pixels, how many are not white)."""
    document = pypdfium2.PdfDocument(str(pdf))
    page = document[0]
    scale = 60 / 72
    height = page.get_height()
    boxes = [obj.get_bounds() for obj in page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_IMAGE])]
    left, bottom, right, top = max(boxes, key=lambda b: (b[2] - b[0]) * (b[3] - b[1]))
    image = page.render(scale=scale).to_pil().convert("L")
    crop = image.crop(
        (
            round(left * scale) + 2,
            round((height - top) * scale) + 2,
            round(right * scale) - 2,
            round((height - bottom) * scale) - 2,
        )
    )
    document.close()
    pixels = crop.tobytes()  # one byte a pixel (mode L)
    return len(pixels), sum(1 for p in pixels if p < 250)


def marked(draft: Path, final: Path) -> float:
    """The share of the picture the mark covers: its pixels that are not white in the draft but
    white in the final brief (pictures on a white background)."""
    size, draft_ink = picture_pixels(draft)
    _, final_ink = picture_pixels(final)
    assert final_ink < size * 2 / 3  # a picture with a white background
    return (draft_ink - final_ink) / size


def test_the_pdf_draws_the_draft_mark_over_a_picture(tmp_path):
    draft = built(tmp_path, "draft", ["pdf"]) / "pdf" / "ferry-charging.pdf"
    final = built(tmp_path, "final", ["pdf"]) / "pdf" / "ferry-charging.pdf"
    assert marked(draft, final) > 0.02  # the mark's letters cross the picture


@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice is not installed: tools/check-system.sh --test")
def test_the_word_drafts_pictures_let_the_watermark_through(tmp_path):
    pdfs = {}
    for status in ("draft", "final"):
        docx = built(tmp_path, status, ["docx"]) / "docx" / "ferry-charging.docx"
        subprocess.run(
            [
                SOFFICE,
                f"-env:UserInstallation=file://{tmp_path / 'profile'}",
                "--headless",
                "--convert-to",
                "pdf",
                "--outdir",
                str(tmp_path / status),
                str(docx),
            ],
            check=True,
            capture_output=True,
            timeout=240,
        )
        pdfs[status] = tmp_path / status / "ferry-charging.pdf"
    assert marked(pdfs["draft"], pdfs["final"]) > 0.02
    final_docx = (tmp_path / "final" / "out" / "docx" / "ferry-charging.docx").read_bytes()
    assert not re.search(rb"clrChange", final_docx)  # a final draft's pictures are as they are
