"""pyphen's dictionary is parsed once per output folder: patterns read back from the digest cache
are pyphen's own (the same words break at the same places), a PDF laid out from them is the same
byte for byte and is really made from them, and an entry that is not what we wrote, or a
dictionary that is not plain numbers, goes the uncached way."""

from __future__ import annotations

import pyphen
import pytest

from briefexport.builder.pipeline import build
from briefexport.writers.pdf.weasyprint_patches import hyphenation_patterns
from briefexport.writers.pdf.weasyprint_patches.hyphenation_patterns import _loading, cached_patterns
from briefexport.writers.shared.digest_cache import DigestCache
from conftest import small_project

ENGLISH = pyphen.LANGUAGES["en_US"]
WORDS = ("infrastructure", "interconnector", "procurement", "electrification", "demographic", "Hyphenation")
SLUG = "harbour-electrification"


def _no_parsing(path):
    raise AssertionError(f"{path} was parsed again instead of read from the cache")


@pytest.mark.slow
def test_patterns_from_the_cache_are_pyphens_own(tmp_path, monkeypatch):
    cache = DigestCache(tmp_path, "hyphenation")
    parsed = _loading(cache)(ENGLISH)
    assert len(list(cache.folder.iterdir())) == 1
    monkeypatch.setattr(hyphenation_patterns, "_parse", _no_parsing)
    cached = _loading(DigestCache(tmp_path, "hyphenation"))(ENGLISH)
    reference = pyphen.HyphDict(ENGLISH)
    assert cached.patterns == parsed.patterns == reference.patterns
    assert cached.maxlen == reference.maxlen
    for word in WORDS:
        assert cached.positions(word) == reference.positions(word)
        assert reference.positions(word)  # the words are ones English breaks


@pytest.mark.slow
def test_an_entry_that_is_not_what_was_written_is_parsed_again(tmp_path):
    cache = DigestCache(tmp_path, "hyphenation")
    _loading(cache)(ENGLISH)
    (entry,) = cache.folder.iterdir()
    for stored in (b"not json", b"[1, 2]", b"{}", b'{"ab": [1, "x"]}'):
        cache.put(entry.name, stored)  # a valid checksum over bytes we never write
        assert _loading(cache)(ENGLISH).patterns == pyphen.HyphDict(ENGLISH).patterns


@pytest.mark.slow
def test_a_dictionary_with_nonstandard_hyphenation_is_not_cached(tmp_path):
    cache = DigestCache(tmp_path, "hyphenation")
    hungarian = pyphen.LANGUAGES["hu_HU"]
    assert _loading(cache)(hungarian).patterns == pyphen.HyphDict(hungarian).patterns
    assert not cache.folder.exists() or not list(cache.folder.iterdir())


def test_pyphen_is_given_back_its_own_class(tmp_path):
    with cached_patterns(DigestCache(tmp_path, "hyphenation")):
        assert pyphen.HyphDict is not hyphenation_patterns._HyphDict
    assert pyphen.HyphDict is hyphenation_patterns._HyphDict


@pytest.fixture
def project(tmp_path):
    return small_project(tmp_path / "project", (SLUG,))


def _pdf(project, out, monkeypatch) -> bytes:
    monkeypatch.setattr(pyphen, "hdcache", {})  # as in a new process: nothing loaded yet
    result = build(project, formats=["pdf"], out=out, force=True)
    assert not result.report.errors
    return (out / "pdf" / f"{SLUG}.pdf").read_bytes()


@pytest.mark.slow
def test_a_pdf_from_cached_patterns_is_the_same_and_made_from_them(project, tmp_path, monkeypatch):
    out = tmp_path / "out"
    cold = _pdf(project, out, monkeypatch)
    assert len(list((out / ".cache" / "hyphenation").iterdir())) == 1
    with monkeypatch.context() as patched:
        patched.setattr(hyphenation_patterns, "_parse", _no_parsing)
        assert _pdf(project, out, patched) == cold
    assert _pdf(project, tmp_path / "fresh", monkeypatch) == cold
