"""The one test a new WeasyPrint release fails: the patches in writers/pdf/weasyprint_patches/ were
written against one WeasyPrint and the internals pins.py lists; when either differs from what is
installed, the failure names each patch concerned, what to re-check and which tests to run."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import briefexport.writers.pdf  # noqa: F401  WeasyPrint imported as the build imports it
from briefexport.writers.pdf.weasyprint_patches import pins

FOLDER = Path(pins.__file__).parent
REPO = FOLDER.parents[4]


def test_the_installed_weasyprint_is_the_one_the_patches_were_written_against():
    message = pins.drift()
    if message:
        pytest.fail(message, pytrace=False)


def test_every_patch_is_pinned_listed_in_the_table_and_tested():
    patches = {path.name for path in FOLDER.glob("*.py")} - {"__init__.py", "pins.py"}
    pinned = {Path(pin.patch).name for pin in pins.PINS if pin.patch.startswith("weasyprint_patches/")}
    assert patches == pinned
    table = (FOLDER / "README.md").read_text(encoding="utf-8")
    assert {name for name in patches if f"| `{name}` |" not in table} == set()
    for pin in pins.PINS:
        assert set(pin.internals) <= set(pins.SOURCES), pin.patch
        assert pin.tests and all((REPO / test).is_file() for test in pin.tests), pin.patch
    assert {name for pin in pins.PINS for name in pin.internals} == set(pins.SOURCES)


def test_every_pinned_internal_is_found_and_read():
    """A pin that named nothing (a typo, a module not imported) could never fail."""
    for name in pins.SOURCES:
        assert len(pins.source(name)) > 40, name
    imports = pins.source("weasyprint: its imports of fontTools")
    assert "pdf/fonts.py: from fontTools import subset" in imports.splitlines()


def test_a_changed_internal_or_release_names_the_patch_and_what_to_recheck(monkeypatch):
    """The guard is not a rubber stamp: what a new release would change is reported patch by patch."""
    changed = {**pins.SOURCES, "weasyprint.images.RasterImage.get_x_object": "0" * 16}
    message = pins.drift(sources=changed)
    assert "* weasyprint_patches/picture_cache.py: weasyprint.images.RasterImage.get_x_object." in message
    assert "Re-check: the conversion a palette or transparent PNG gets" in message
    assert "Then run: tests/writers/test_pdf_picture_cache.py" in message
    assert "unchanged: weasyprint_patches/libfind.py" in message
    assert re.search(r'"weasyprint.images.RasterImage.get_x_object": "[0-9a-f]{16}",', message)
    assert "tags.py: " not in message

    monkeypatch.setattr(pins, "installed_weasyprint", lambda: "71.0")
    message = pins.drift()
    assert message.startswith("WeasyPrint 71.0 is installed;")
    assert "were written against WeasyPrint 70.0" in message
    assert 'WEASYPRINT = "71.0"' in message

    removed = {**pins.SOURCES, "weasyprint.pdf.tags.no_such_function": "1" * 16}
    gone = pins.drift(
        pins=(*pins.PINS, pins.Pin("x.py", ("weasyprint.pdf.tags.no_such_function",), "r", ("t",))),
        sources=removed,
    )
    assert "* x.py: weasyprint.pdf.tags.no_such_function." in gone
    assert "missing (AttributeError" in gone
