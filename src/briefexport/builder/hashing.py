"""What a build knows of its input files: SHA-256 digests, each file read at most once per build.

A file whose size, mtime, ctime and inode are those recorded last time is not hashed again (git's
index does the same). Any write moves a file's ctime, and a file changed in the seconds before it
was hashed is never trusted this way. This module imports nothing heavy (no Jinja, pydantic or
Markdown parser): the no-op build uses it.
"""

from __future__ import annotations

import hashlib
import json
import os
import stat
import time
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

import briefexport
from briefexport import __version__
from briefexport.project import Project
from briefexport.safety.files import inside, project_roots

if TYPE_CHECKING:
    from briefexport.writers.shared.brand_file import BrandFile

CODE_DIR = Path(briefexport.__file__).resolve().parent  # the whole package's own modules: part of every key
MISSING = "missing"
SETTLED_NS = 2_000_000_000  # a file is trusted by its stat only once it has been still this long


class Hasher:
    """SHA-256 of files and of layout folders; each file read at most once per build."""

    def __init__(self, project: Project, known: dict[str, list] | None = None):
        self.project = project
        self.known = known or {}  # path -> [size, mtime_ns, ctime_ns, inode, digest] from the last build
        self.settled: dict[str, list] = {}  # what the next build may trust
        self._digests: dict[str, str] = {}
        self._layouts: dict[tuple[tuple[str, ...], bool], str] = {}
        self._tool: str | None = None
        self.brand_file: BrandFile | None = None  # the run's reading of brand.yml (builder/context.py)

    def file(self, path: Path | str) -> str:
        """Hex digest of a regular file inside the project or the package, else "missing"."""
        name = str(path)
        if name not in self._digests:
            self._digests[name] = self._hash(Path(path))
        return self._digests[name]

    def _hash(self, path: Path) -> str:
        try:
            info = os.stat(path)
        except OSError:
            return MISSING
        if not stat.S_ISREG(info.st_mode):
            return MISSING  # a folder, a device, a pipe: never read
        signature = [info.st_size, info.st_mtime_ns, info.st_ctime_ns, info.st_ino]
        known = self.known.get(str(path))
        if known is not None and known[:4] == signature:
            digest = known[4]
        else:
            try:
                with open(path, "rb") as handle:
                    digest = hashlib.file_digest(handle, "sha256").hexdigest()
            except OSError:
                return MISSING
        if time.time_ns() - max(info.st_mtime_ns, info.st_ctime_ns) > SETTLED_NS:
            self.settled[str(path)] = signature + [digest]
        return digest

    def forget(self, paths: Iterable[Path]) -> None:
        """Files just written: hash them afresh when next asked."""
        for path in paths:
            self._digests.pop(str(path), None)

    def tool(self) -> str:
        """The package version and a digest of the package's own code, so that an editable install
        updated in place (a `git pull`, same version number) rebuilds what its code now makes
        differently. Unchanged modules are trusted by their stat signature, like any input."""
        if self._tool is None:
            digest = hashlib.sha256(__version__.encode())
            for path in sorted(CODE_DIR.rglob("*.py")):
                digest.update(f"{path.relative_to(CODE_DIR).as_posix()}\0{self.file(path)}\0".encode())
            self._tool = digest.hexdigest()
        return self._tool

    def layout(self, subdirs: tuple[str, ...], whole_brand: bool = True) -> str:
        """What a format's outputs depend on in layouts/ and fonts/: the top-level layout files
        (brand.yml, logos), the format's own subfolders (Format.layouts), and every font file.
        Without `whole_brand`, brand.yml counts without its `print:` settings, which only the
        print edition uses: a change to them leaves the other formats' keys alone."""
        if (subdirs, whole_brand) not in self._layouts:
            digest = hashlib.sha256()
            roots = project_roots(self.project)
            for directory in self.project.layout_dirs():
                files = [p for p in directory.iterdir() if p.is_file()]
                for subdir in subdirs:
                    if (directory / subdir).is_dir() and inside((directory / subdir).resolve(), roots):
                        files += [p for p in (directory / subdir).rglob("*") if p.is_file()]
                # a file a symlink leads outside is never read (the build refuses it): not hashed
                for path in sorted(p for p in files if inside(p.resolve(), roots)):
                    content = (
                        self.file(path)
                        if whole_brand or path.name != "brand.yml"
                        else self.brand_sans_print(path)
                    )
                    digest.update(f"{path.relative_to(directory).as_posix()}\0{content}\0".encode())
            for directory in self.project.font_dirs():
                if not inside(directory.resolve(), roots):
                    continue  # `fonts -> /`: nothing there is used
                for path in sorted(directory.iterdir()):
                    if path.is_file() and inside(path.resolve(), roots):
                        digest.update(f"{path.name}\0{self.file(path)}\0".encode())
            self._layouts[subdirs, whole_brand] = digest.hexdigest()
        return self._layouts[subdirs, whole_brand]

    def brand_sans_print(self, path: Path) -> str:
        """brand.yml's data without `defaults: briefexport: print:` (else the file's digest), from
        the run's reading of it (`brand_file`: the build sets it; read here only when unset)."""
        from briefexport.writers.shared.brand_file import BrandFile  # only keys need it, never a no-op

        brand = self.brand_file if self.brand_file is not None and self.brand_file.path == path else None
        data = (brand or BrandFile.read(self.project, path)).data()
        try:
            settings = {k: v for k, v in data["defaults"]["briefexport"].items() if k != "print"}
            data = {**data, "defaults": {**data["defaults"], "briefexport": settings}}
        except (KeyError, TypeError, AttributeError):
            return self.file(path)
        return hashlib.sha256(json.dumps(data, sort_keys=True, default=str).encode()).hexdigest()

    def cache(self) -> dict[str, list]:
        """What the next build may trust: this build's settled files, and last build's entries
        for files this build did not look at."""
        kept = {name: entry for name, entry in self.known.items() if name not in self._digests}
        return {**kept, **self.settled}

    def brief_names(self) -> str:
        """The set of briefs in the project: a collection's globs may pick up a new one."""
        return hashlib.sha256("\0".join(p.name for p in self.project.briefs()).encode()).hexdigest()

    def input(self, name: str) -> str:
        """The digest of one recorded input: a file (project-relative or absolute) or a token."""
        if name.startswith("@layout:"):
            # the manifest's spelling of Format.layouts (keys.layout_token): `@layout:pdf+print`
            return self.layout(tuple(name.removeprefix("@layout:").split("+")))
        if name == "@briefs":
            return self.brief_names()
        return self.file(self.project.root / name)

    def stamp(self, out_root: Path, inputs: Iterable[str]) -> str:
        digest = hashlib.sha256(f"{self.tool()}\0{out_root}\0".encode())
        for name in inputs:
            digest.update(f"{name}\0{self.input(name)}\0".encode())
        return digest.hexdigest()
