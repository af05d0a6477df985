"""The search index: Pagefind (MIT licence; `pagefind[extended]` on PyPI ships the binary, whose
extended build segments Korean and other CJK text) run over the web editions once the site's pages
are in place. It writes `pagefind/`: an index per language (a page's `<html lang>`), split into
small files that the browser fetches as a query needs them (search.js).

Pagefind has no incremental mode: it indexes every web edition each time it runs. So it runs only
when a web edition was written or removed since the index was made (their sizes and times, kept
in the output folder's cache), and its output is moved into place file by file: its files are
named by their content, so an edit to one brief changes a few of them, and a file already in place
is left alone (what a deploy with rsync then uploads). The entry file goes last, so a reader never
loads an entry that names a file not yet there.

Pagefind runs as a subprocess with a time limit, an empty environment (no PAGEFIND_* settings) and
an empty working folder (no pagefind.yml of the project's is read); it reads the site's folder and
writes the bundle, and it fetches nothing. A failure is an error of the build, said plainly.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from briefexport.errors import Diagnostic
from briefexport.project import Project

BUNDLE = "pagefind"
GLOB = "briefs/*/index.html"  # the web editions: the pages a search should find
TIME_LIMIT = 300  # seconds; 1,000 briefs take about two
# What search.js uses of the bundle; Pagefind's ready-made UIs (another 400 KB) are left out.
_USED_FILES = ("pagefind.js", "pagefind-worker.js", "pagefind-entry.json")
_USED_SUFFIXES = (".pf_meta", ".pf_index", ".pf_fragment", ".pf_filter", ".pagefind")


@dataclass
class Indexed:
    diagnostics: list[Diagnostic] = field(default_factory=list)
    ran: bool = False  # whether Pagefind ran (else the index was up to date)
    written: int = 0  # files of the bundle written (new or changed)
    removed: int = 0  # files of the bundle no longer used


def executable() -> Path | None:
    """Pagefind's binary as the installed wheel ships it (the extended build first)."""
    for module in ("pagefind_bin_extended", "pagefind_bin"):
        try:
            found = __import__(module).get_executable()
        except (ImportError, FileNotFoundError, AttributeError):
            continue
        return Path(found)
    return None


def version(binary: Path) -> str:
    return hashlib.sha256(
        f"{binary}\0{binary.stat().st_size}\0{binary.stat().st_mtime_ns}".encode()
    ).hexdigest()


def editions(site: Path) -> list[Path]:
    return sorted(site.glob(GLOB))


def state(site: Path, binary: Path) -> str:
    """What the index is made from: each web edition's name, size and time, and the binary."""
    digest = hashlib.sha256(version(binary).encode())
    for path in editions(site):
        stat = path.stat()
        digest.update(f"{path.relative_to(site).as_posix()}\0{stat.st_size}\0{stat.st_mtime_ns}\0".encode())
    return digest.hexdigest()


def index(site: Path, cache: Path, project: Project, time_limit: float = TIME_LIMIT) -> Indexed:
    """Bring `site/pagefind/` up to date with the site's web editions."""
    shown = project.display(site / BUNDLE)
    binary = executable()
    if binary is None:
        return Indexed(
            [
                Diagnostic(
                    shown,
                    0,
                    0,
                    "Pagefind is not installed (pip install 'pagefind[extended]'): "
                    "the library has no search index",
                    severity="warning",
                )
            ]
        )
    key = state(site, binary)
    record = cache / "search-index.json"
    bundle = site / BUNDLE
    try:
        if (
            json.loads(record.read_text(encoding="utf-8")) == key
            and (bundle / "pagefind-entry.json").is_file()
        ):
            return Indexed()
    except (OSError, ValueError):
        pass
    cache.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=cache, prefix=".search-") as work:
        empty, made = Path(work) / "cwd", Path(work) / "bundle"
        empty.mkdir()
        command = [
            str(binary),
            "--site",
            str(site),
            "--output-path",
            str(made),
            "--glob",
            GLOB,
            "--keep-index-url",  # links like the site's own: briefs/x/index.html
            "--quiet",
        ]
        try:
            run = subprocess.run(
                command,
                cwd=empty,
                env={"PATH": os.defpath, "HOME": str(empty), "LANG": "C.UTF-8"},
                stdin=subprocess.DEVNULL,
                capture_output=True,
                timeout=time_limit,
                check=False,
            )
        except subprocess.TimeoutExpired:
            return Indexed(
                [
                    Diagnostic(
                        shown, 0, 0, f"search index: Pagefind took longer than {time_limit} s and was stopped"
                    )
                ]
            )
        except OSError as exc:
            return Indexed(
                [Diagnostic(shown, 0, 0, f"search index: Pagefind could not be run: {exc.strerror or exc}")]
            )
        if run.returncode != 0 or not (made / "pagefind-entry.json").is_file():
            said = (run.stderr or run.stdout).decode("utf-8", "replace").strip().splitlines()[-3:]
            return Indexed(
                [
                    Diagnostic(
                        shown,
                        0,
                        0,
                        f"search index: Pagefind failed (exit {run.returncode}): "
                        + (" / ".join(said) or "no message"),
                    )
                ]
            )
        written, removed = _move_into_place(made, bundle)
    from briefexport.atomic import write_atomic

    write_atomic(record, json.dumps(key).encode())
    return Indexed([], True, written, removed)


def _used(name: str) -> bool:
    return name in _USED_FILES or name.endswith(_USED_SUFFIXES)


def _move_into_place(made: Path, bundle: Path) -> tuple[int, int]:
    """The new bundle's files into `bundle`: new and changed ones renamed in (the entry file last),
    unchanged ones left as they are, then the files no longer used removed."""
    names = sorted(
        (p.relative_to(made).as_posix() for p in made.rglob("*") if p.is_file() and _used(p.name)),
        key=lambda name: name == "pagefind-entry.json",
    )
    written = 0
    for name in names:
        source, dest = made / name, bundle / name
        if (
            dest.is_file()
            and dest.stat().st_size == source.stat().st_size
            and dest.read_bytes() == source.read_bytes()
        ):
            continue
        dest.parent.mkdir(parents=True, exist_ok=True)
        os.chmod(source, 0o644)
        os.replace(source, dest)
        written += 1
    keep = set(names)
    removed = 0
    if bundle.is_dir():
        for path in sorted(bundle.rglob("*"), reverse=True):
            name = path.relative_to(bundle).as_posix()
            if path.is_file() and name not in keep:
                path.unlink()
                removed += 1
            elif path.is_dir() and not any(path.iterdir()):
                path.rmdir()
    shutil.rmtree(made, ignore_errors=True)
    return written, removed
