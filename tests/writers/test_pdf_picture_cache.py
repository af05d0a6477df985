"""A chart is encoded once: PDFs made from the output folder's picture cache are the same byte for
byte as PDFs made without it, the cache is really what they are made from, and a changed picture
is encoded anew."""

from __future__ import annotations

import pytest
from PIL import Image
from weasyprint.images import RasterImage

from briefexport.builder.pipeline import build
from conftest import small_project

pytestmark = pytest.mark.slow  # PDFs built with and without the picture cache

SLUG = "grid-storage-auctions"  # shows content/images/storage-capacity.png, a palette PNG


@pytest.fixture
def project(tmp_path):
    return small_project(tmp_path / "project", (SLUG, "harbour-electrification"))  # and the brief it links to


def _pdfs(project, out):
    result = build(project, formats=["pdf", "print"], out=out, force=True)
    assert not result.report.errors
    return {fmt: (out / fmt / f"{SLUG}.pdf").read_bytes() for fmt in ("pdf", "print")}


def test_pdfs_from_cached_pictures_are_the_same_and_are_made_from_the_cache(project, tmp_path, monkeypatch):
    out = tmp_path / "out"
    cold = _pdfs(project, out)
    cache = out / ".cache" / "pictures"
    assert len(list(cache.iterdir())) == 2  # the loaded picture and its image stream, shared by both PDFs

    def no_encoding(*_):
        raise AssertionError("a cached picture was encoded again")

    monkeypatch.setattr(RasterImage, "_get_png_data", staticmethod(no_encoding))
    assert _pdfs(project, out) == cold

    monkeypatch.undo()
    uncached = tmp_path / "uncached"
    assert _pdfs(project, uncached) == cold  # a fresh cache makes the same bytes


def test_a_changed_picture_is_encoded_anew(project, tmp_path):
    out = tmp_path / "out"
    before = _pdfs(project, out)
    picture = project.root / "content" / "images" / "storage-capacity.png"
    with Image.open(picture) as image:
        image = image.convert("RGB")
    image.putpixel((10, 10), (255, 0, 0))
    image.save(picture)
    after = _pdfs(project, out)
    assert after["pdf"] != before["pdf"]
    assert len(list((out / ".cache" / "pictures").iterdir())) == 3  # an RGB picture is not converted on load


def test_a_damaged_cache_entry_is_made_again_not_put_in_the_pdf(project, tmp_path):
    out = tmp_path / "out"
    good = _pdfs(project, out)
    for entry in (out / ".cache" / "pictures").iterdir():
        entry.write_bytes(entry.read_bytes()[:100])  # cut short, as a full disk might leave a copy
    assert _pdfs(project, out) == good
