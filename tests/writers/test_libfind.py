"""The quick library lookup used while WeasyPrint loads must answer exactly as ctypes does."""

import ctypes.util
import sys

import pytest

from briefexport.writers.pdf.weasyprint_patches import libfind

NAMES = [
    "gobject-2.0",
    "pango-1.0",
    "pangoft2-1.0",
    "harfbuzz",
    "fontconfig",
    "c",
    "z",
    # misses WeasyPrint tries on Linux: other platforms' spellings, libraries Debian lacks
    "libgobject-2.0-0",
    "libpango-1.0.so.0",
    "harfbuzz-vector",
    "libharfbuzz-0.dll",
    "no-such-lib",
]


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the quick lookup is Linux-only")
@pytest.mark.parametrize("name", NAMES)
def test_same_answer_as_ctypes(name):
    assert libfind.find_library(name) == ctypes.util.find_library(name)


def test_found_libraries_are_found():
    assert libfind.find_library("pango-1.0") is not None  # else WeasyPrint could not load at all


def test_lookup_is_restored_after_the_block():
    standard = ctypes.util.find_library
    with libfind.quick_library_lookup():
        if sys.platform.startswith("linux"):
            assert ctypes.util.find_library is libfind.find_library
    assert ctypes.util.find_library is standard


def test_without_a_linker_cache_the_standard_lookup_answers(monkeypatch):
    monkeypatch.setattr(libfind, "_linker_cache", lambda: "")
    asked = []
    assert libfind.find_library("pango-1.0", standard=lambda n: asked.append(n) or "libx.so") == "libx.so"
    assert asked == ["pango-1.0"]
