"""The Word draft's SVG fallbacks in the output folder's digest cache (writers/docx/svg_fallback.py):
a draft made from a cold, a warm or a damaged cache is the same bytes, a warm one draws nothing,
a changed logo is drawn anew; and a draft that has nothing to draw never imports CairoSVG."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from briefexport.builder import build
from briefexport.writers.docx import svg_fallback
from briefexport.writers.shared import raster
from briefexport.writers.shared.digest_cache import DigestCache
from conftest import REPO, small_project

SLUG = "harbour-electrification"  # no pictures of its own: the logo is the only SVG
EPOCH = "1790000000"


@pytest.fixture
def project(tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    return small_project(tmp_path / "project", (SLUG,))


def draft(project, out: Path) -> bytes:
    result = build(project, formats=["docx"], out=out, force=True, jobs=1)
    assert result.ok, [str(d) for d in result.report.errors]
    return (out / "docx" / f"{SLUG}.docx").read_bytes()


def entries(out: Path) -> dict[str, bytes | None]:
    folder = out / ".cache" / svg_fallback.FALLBACKS
    cache = DigestCache(out / ".cache", svg_fallback.FALLBACKS)
    return {entry.name: cache.get(entry.name) for entry in folder.iterdir()} if folder.is_dir() else {}


def refuse(*args, **kwargs):
    raise AssertionError("drawn again although the cache has it")


def test_a_draft_from_a_cold_a_warm_or_a_damaged_cache_is_the_same(project, tmp_path, monkeypatch):
    out = tmp_path / "out"
    cold = draft(project, out)
    kept = entries(out)
    assert len(kept) == 1  # the logo, drawn once
    (png,) = kept.values()
    assert png.startswith(b"\x89PNG") and png in cold  # stored in the draft as it is (PNG is not deflated)
    assert draft(project, tmp_path / "elsewhere") == cold  # another empty cache: the same bytes

    with monkeypatch.context() as patched:
        patched.setattr(svg_fallback, "_raster_png", refuse)
        assert draft(project, out) == cold  # warm: made from the cache, nothing drawn

    (entry,) = (out / ".cache" / svg_fallback.FALLBACKS).iterdir()
    entry.write_bytes(entry.read_bytes()[:-100])  # cut short
    assert draft(project, out) == cold  # damaged: drawn again, never put in the draft
    assert entries(out) == kept

    entry.write_bytes(b"\0" * 64)
    assert draft(project, out) == cold
    assert entries(out) == kept


def test_a_changed_logo_is_drawn_anew_the_same_as_without_a_cache(project, tmp_path):
    out = tmp_path / "out"
    before = draft(project, out)
    logo = project.root / "layouts" / "logo.svg"
    logo.write_text(logo.read_text(encoding="utf-8").replace("#FFFFFF", "#FFD700"), encoding="utf-8")
    changed = draft(project, out)
    assert changed != before
    assert len(entries(out)) == 2
    assert changed == draft(project, tmp_path / "fresh")


def test_without_a_library_version_nothing_is_cached_and_the_draft_is_the_same(
    project, tmp_path, monkeypatch
):
    cold = draft(project, tmp_path / "out")
    monkeypatch.setattr(raster, "_NATIVE", (("cairo", ("libnothing-here.so.9",), "cairo_version_string"),))
    svg_fallback._drawing.cache_clear()
    raster.drawing_libraries.cache_clear()
    try:
        assert draft(project, tmp_path / "unversioned") == cold
        assert entries(tmp_path / "unversioned") == {}
    finally:
        svg_fallback._drawing.cache_clear()
        raster.drawing_libraries.cache_clear()


IMPORTED = """
import sys
from pathlib import Path
from briefexport.builder import build
from briefexport.project import Project
result = build(Project.at(Path(sys.argv[1])), formats=["docx"], out=Path(sys.argv[2]), force=True, jobs=1)
assert result.ok and len(result.built) == 1, [str(d) for d in result.report.errors]
print(sorted(m for m in sys.modules if m.split(".")[0] in ("cairosvg", "cairocffi")))
from briefexport.writers.docx import svg_fallback
print(svg_fallback._drawing.cache_info().misses)  # the libraries' versions read: 1, else 0
"""


def cairo_modules(project, out: Path) -> tuple[str, str]:
    """What a draft build in a fresh process imported of CairoSVG, and whether it read the
    libraries' versions (loading Cairo with ctypes)."""
    modules, versions = subprocess.run(
        [sys.executable, "-c", IMPORTED, str(project.root), str(out)],
        capture_output=True,
        text=True,
        check=True,
        cwd=REPO,
    ).stdout.split("\n")[-3:-1]
    return modules, versions


def test_a_draft_imports_cairosvg_only_when_a_png_has_to_be_drawn(project, tmp_path):
    out = tmp_path / "out"
    modules, _ = cairo_modules(project, out)
    assert "cairosvg.surface" in modules and "cairocffi" in modules  # cold: the logo is drawn
    assert cairo_modules(project, out) == ("[]", "1")  # warm: read back


def test_a_brand_without_a_logo_pays_nothing_for_one(project, tmp_path):
    brand = project.root / "layouts" / "brand.yml"
    text = brand.read_text(encoding="utf-8")
    start = text.index("logo:\n")
    end = text.index("color:\n")
    brand.write_text(text[:start] + text[end:], encoding="utf-8")
    assert cairo_modules(project, tmp_path / "out") == ("[]", "0")
    assert entries(tmp_path / "out") == {}
