"""The EPUB's digest caches (font subsets, generated covers, in the output folder's cache): a book
built from a warm cache is the same bytes as one built from none, and a changed input is made
again, never taken from the cache."""

from __future__ import annotations

import io
import shutil
import zipfile
from pathlib import Path

import pytest

from briefexport.builder import build
from briefexport.writers.epub import cover as epub_cover
from briefexport.writers.shared import subset
from briefexport.writers.shared.digest_cache import DigestCache
from conftest import REPO, copy_project

KOREAN = "grid-storage-auctions-ko"


def one_book(project, out: Path, force: bool = False) -> bytes:
    result = build(
        project, [project.briefs_dir / f"{KOREAN}.md"], formats=["epub"], out=out, jobs=1, force=force
    )
    assert result.ok, [str(d) for d in result.report.errors]
    return (out / "epub" / f"{KOREAN}.epub").read_bytes()


def members(data: bytes, prefix: str) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {name: archive.read(name) for name in archive.namelist() if name.startswith(prefix)}


def cached(out: Path, name: str) -> dict[str, bytes]:
    folder, cache = out / ".cache" / name, DigestCache(out / ".cache", name)
    return {entry.name: cache.get(entry.name) for entry in folder.iterdir()} if folder.is_dir() else {}


def test_a_warm_cache_gives_the_same_bytes_and_neither_cuts_a_font_nor_draws_a_cover(tmp_path, monkeypatch):
    project = copy_project(tmp_path / "project")
    cold = one_book(project, tmp_path / "out")
    fonts, covers = cached(tmp_path / "out", subset.SUBSETS), cached(tmp_path / "out", epub_cover.COVERS)
    # Korean text in body and headings, Latin in both: the four Nanum and some Noto fonts, one cover.
    assert len(fonts) == len(members(cold, "EPUB/fonts/")) >= 4 and len(covers) == 1
    assert sorted(fonts.values()) == sorted(members(cold, "EPUB/fonts/").values())
    assert list(covers.values()) == list(members(cold, "EPUB/images/cover.png").values())
    assert one_book(project, tmp_path / "elsewhere") == cold  # another empty cache: the same bytes

    def refuse(*args, **kwargs):
        raise AssertionError("made again although the cache has it")

    monkeypatch.setattr(subset, "subset_font", refuse)
    monkeypatch.setattr(epub_cover, "render_cover", refuse)
    assert one_book(project, tmp_path / "out", force=True) == cold


def test_a_changed_title_draws_a_new_cover_the_same_as_without_a_cache(tmp_path):
    project = copy_project(tmp_path / "project")
    before = one_book(project, tmp_path / "out")
    brief = project.briefs_dir / f"{KOREAN}.md"
    brief.write_text(
        brief.read_text(encoding="utf-8").replace('title: "', 'title: "새 ', 1), encoding="utf-8"
    )
    warm = one_book(project, tmp_path / "out")
    assert len(cached(tmp_path / "out", epub_cover.COVERS)) == 2
    assert members(warm, "EPUB/images/cover.png") != members(before, "EPUB/images/cover.png")
    assert warm == one_book(project, tmp_path / "fresh")


@pytest.mark.parametrize("change", ["characters", "font file"])
def test_a_subset_is_cut_again_when_its_characters_or_its_font_change(tmp_path, change):
    font = tmp_path / "font.ttf"
    shutil.copyfile(REPO / "fonts" / "NotoSans-Regular.ttf", font)
    cache = DigestCache(tmp_path / "cache", subset.SUBSETS)
    chars = set("Grid storage auctions")
    first = subset.cached_subset(font, chars, cache)
    assert first == subset.subset_font(font, chars) and subset.cached_subset(font, chars, cache) == first
    if change == "characters":
        chars |= {"!"}
    else:
        shutil.copyfile(REPO / "fonts" / "NotoSans-Bold.ttf", font)
    again = subset.cached_subset(font, chars, cache)
    assert again != first and again == subset.subset_font(font, chars)
    assert len(list((tmp_path / "cache" / subset.SUBSETS).iterdir())) == 2
