"""Atomic writes: a temp file beside the output, renamed into place; the temp files of dead builds
are swept once per folder per run (not on every write, which made a build of N outputs list its
folders N times)."""

from __future__ import annotations

import os
from collections import Counter
from pathlib import Path

from briefexport import atomic
from briefexport.builder import build
from conftest import copy_project


def test_each_output_folder_is_swept_once_per_run_and_dead_builds_temp_files_go(tmp_path, monkeypatch):
    project = copy_project(tmp_path / "project")
    out = tmp_path / "out"
    (out / "html").mkdir(parents=True)
    dead = out / "html" / ".old.html.999999999.abc123.tmp"  # no such pid
    dead.write_text("half a file")
    alive = out / "html" / f".other.html.{os.getpid()}.xyz789.tmp"  # a running build's
    alive.write_text("being written")
    mine = out / "html" / "notes.tmp"  # not a temp file of ours
    mine.write_text("a user's file")
    listed = Counter()
    real_listdir = os.listdir

    def counting(path="."):
        listed[Path(path)] += 1
        return real_listdir(path)

    monkeypatch.setattr(os, "listdir", counting)
    result = build(project, formats=["html", "docx"], out=out, jobs=1)
    assert result.ok and len(result.built) == 2 * len(project.briefs())
    swept = {path: count for path, count in listed.items() if path == out or out in path.parents}
    # the manifest's folder too, and the cache's (the brand read this run is kept there), and the
    # Word drafts' digest cache (the logo drawn as PNG, once for every draft)
    assert swept == {
        out / "html": 1,
        out / "docx": 1,
        out: 1,
        out / ".cache": 1,
        out / ".cache" / "svg-fallbacks": 1,
    }
    assert not dead.exists() and alive.exists() and mine.exists()
    assert [p.name for p in out.rglob("*.tmp")] and all(p in (alive, mine) for p in out.rglob("*.tmp"))


def test_a_temp_file_is_only_put_in_place_by_commit(tmp_path):
    dest = tmp_path / "x.pdf"
    dest.write_bytes(b"old")
    temp = atomic.write_temp(dest, b"new")
    assert dest.read_bytes() == b"old" and temp.read_bytes() == b"new"
    assert temp.name.startswith(f".x.pdf.{os.getpid()}.") and temp.stat().st_mode & 0o777 == 0o644
    atomic.commit(temp, dest)
    assert dest.read_bytes() == b"new" and not temp.exists()


def test_a_file_offered_twice_is_hard_linked_and_copied_where_it_cannot_be(tmp_path, monkeypatch):
    """atomic.link_temp: a hard link under a temp name (one copy on disk), a copy where the file
    system refuses links; either way only `commit` puts it in place, and replacing the source
    later (by rename, as every output is written) leaves the committed file as it was."""
    source, dest = tmp_path / "pdf" / "a.pdf", tmp_path / "site" / "a.pdf"
    source.parent.mkdir()
    source.write_bytes(b"%PDF-1 old")
    temp = atomic.link_temp(dest, source)
    assert not dest.exists() and temp.stat().st_ino == source.stat().st_ino
    atomic.commit(temp, dest)
    atomic.write_atomic(source, b"%PDF-1 new")  # the PDF rebuilt: a new file, renamed over the old
    assert dest.read_bytes() == b"%PDF-1 old" and dest.stat().st_ino != source.stat().st_ino

    def refuse(*args):
        raise OSError(18, "Invalid cross-device link")

    monkeypatch.setattr(atomic.os, "link", refuse)
    copied = atomic.link_temp(dest, source)
    assert copied.read_bytes() == b"%PDF-1 new" and copied.stat().st_ino != source.stat().st_ino
    assert oct(copied.stat().st_mode & 0o777) == "0o644"
    atomic.commit(copied, dest)
    assert dest.read_bytes() == b"%PDF-1 new" and not list(dest.parent.glob(".*.tmp"))
