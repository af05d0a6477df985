"""Outputs whose source is gone. A brief deleted from content/ must not stay published through
build/: a job that uploads the folder would republish it. A build of the whole project (no named
sources, no shard: those see only part of it) removes every output the manifest recorded whose
brief or collection no longer exists, and says so, one line each. Nothing else in the output
folder is ever removed: only files the manifest recorded as outputs, and only inside the folder.
The formats that make pages (the site) remove their own pages (builder/site_pages.py).
"""

from __future__ import annotations

from pathlib import Path

from briefexport.builder.manifest import Manifest
from briefexport.project import Project
from briefexport.writers import FORMATS


def withdraw(project: Project, manifest: Manifest, out: Path) -> list[tuple[str, str]]:
    """Remove the recorded outputs whose source is gone: [(output under `out`, why)] of the files
    removed."""
    pages = {FORMATS[name].folder for name, fmt in FORMATS.items() if fmt.makes == "pages"}
    removed = []
    for name in list(manifest.entries):
        parts = Path(name).parts
        if not parts or parts[0] in pages or ".." in parts or Path(name).is_absolute():
            continue
        source = manifest.source_of(name)
        if source is None or (project.root / source).exists():
            continue
        dest = out / name
        manifest.forget(dest)
        if dest.is_file():
            remove_output(dest, out / parts[0])
            removed.append((name, f"{source} is gone"))
    return removed


def remove_output(dest: Path, folder: Path) -> None:
    """Delete an output no longer made, and the folders it leaves empty (up to `folder`)."""
    dest.unlink(missing_ok=True)
    parent = dest.parent
    while parent != folder and folder in parent.parents:
        try:
            parent.rmdir()
        except OSError:  # not empty
            break
        parent = parent.parent
