"""Rebuild only what changed, decided by content hashes kept in a small manifest.

Every output has two fingerprints, both recorded in `<out>/.briefexport-manifest.json`:

* its **key**: a hash of exactly what the output is made from: the brief's text, the registry
  entries of the authors it cites (editing another author's bio changes nothing), its pictures
  and author photos, the layouts and fonts of its format, the package (its version and its
  code) and the output folder. An output is rebuilt when its key changes. Keys need the parsed briefs.
* its **stamp**: a hash of the whole files those inputs live in (the brief file, all of
  authors.yaml, the pictures, the layouts and fonts). When the stamp of every planned output
  still matches, nothing they depend on can have changed, and `Manifest.stale` says so
  before anything is parsed: a no-op build costs a Python start-up plus hashing. When a stamp
  differs (say, one author's bio changed in authors.yaml) the sources are read and the keys
  decide, so only the briefs citing that author are rebuilt.

This module imports nothing heavy (no Jinja, pydantic or Markdown parser): the no-op path uses it.
Each file is hashed at most once per build, and a file whose size, mtime, ctime and inode are
those recorded last time is not hashed again (git's index does the same). Any write moves a
file's ctime, and a file changed in the seconds before it was hashed is never trusted this way.
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
from briefexport.errors import ContentError
from briefexport.project import Project

if TYPE_CHECKING:
    from briefexport.content.model import Brief, Collection
    from briefexport.writers.shared.layout import Layout

CODE_DIR = Path(briefexport.__file__).resolve().parent  # the whole package's own modules: part of every key
MANIFEST = ".briefexport-manifest.json"
MANIFEST_FORMAT = 2
MISSING = "missing"
SETTLED_NS = 2_000_000_000  # a file is trusted by its stat only once it has been still this long


class Hasher:
    """SHA-256 of files and of layout folders; each file read at most once per build."""

    def __init__(self, project: Project, known: dict[str, list] | None = None):
        self.project = project
        self.known = known or {}  # path -> [size, mtime_ns, ctime_ns, inode, digest] from the last build
        self.settled: dict[str, list] = {}  # what the next build may trust
        self._digests: dict[str, str] = {}
        self._layouts: dict[tuple[str, bool], str] = {}
        self._tool: str | None = None

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

    def layout(self, subdirs: str, whole_brand: bool = True) -> str:
        """What a format's outputs depend on in layouts/ and fonts/: the top-level layout files
        (brand.yml, logos), the format's own subfolders (`pdf+print`: both), and every font file.
        Without `whole_brand`, brand.yml counts without its `print:` settings, which only the
        print edition uses: a change to them leaves the other formats' keys alone."""
        if (subdirs, whole_brand) not in self._layouts:
            digest = hashlib.sha256()
            for directory in self.project.layout_dirs():
                files = [p for p in directory.iterdir() if p.is_file()]
                for subdir in subdirs.split("+"):
                    if (directory / subdir).is_dir():
                        files += [p for p in (directory / subdir).rglob("*") if p.is_file()]
                for path in sorted(files):
                    content = (
                        self.file(path)
                        if whole_brand or path.name != "brand.yml"
                        else self.brand_sans_print(path)
                    )
                    digest.update(f"{path.relative_to(directory).as_posix()}\0{content}\0".encode())
            for directory in self.project.font_dirs():
                for path in sorted(directory.iterdir()):
                    if path.is_file():
                        digest.update(f"{path.name}\0{self.file(path)}\0".encode())
            self._layouts[subdirs, whole_brand] = digest.hexdigest()
        return self._layouts[subdirs, whole_brand]

    def brand_sans_print(self, path: Path) -> str:
        """brand.yml's data without `defaults: briefexport: print:` (else the file's digest)."""
        from briefexport.content import yaml_source  # only keys need it, never the no-op check

        try:
            data = yaml_source.load(path.read_text(encoding="utf-8"), path.name, 1).data
            data["defaults"]["briefexport"].pop("print", None)
        except (OSError, UnicodeError, ContentError, KeyError, TypeError, AttributeError):
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
            return self.layout(name.removeprefix("@layout:"))
        if name == "@briefs":
            return self.brief_names()
        return self.file(self.project.root / name)

    def stamp(self, out_root: Path, inputs: Iterable[str]) -> str:
        digest = hashlib.sha256(f"{self.tool()}\0{out_root}\0".encode())
        for name in inputs:
            digest.update(f"{name}\0{self.input(name)}\0".encode())
        return digest.hexdigest()


class Key(str):
    """An output's key (the string itself: compared and stored as is), carrying the stamp of the
    files it was computed from and the list of those files, for the manifest."""

    stamp: str
    inputs: tuple[str, ...]

    def __new__(cls, key: str, stamp: str = "", inputs: tuple[str, ...] = ()):
        self = super().__new__(cls, key)
        self.stamp, self.inputs = stamp, inputs
        return self


class Keys:
    """Keys (and stamps) of outputs, from the parsed briefs and collections."""

    def __init__(self, layout: Layout | Project, hasher: Hasher | None = None):
        self.project = layout if isinstance(layout, Project) else layout.project
        self.hasher = hasher or Hasher(self.project)

    def _name(self, path: Path) -> str:
        """How a file is listed among an output's inputs: relative to the project when inside it."""
        try:
            return Path(path).relative_to(self.project.root).as_posix()
        except ValueError:
            return str(path)

    def _inside(self, path: Path) -> bool:
        try:
            path.resolve().relative_to(self.project.root)
            return True
        except (OSError, ValueError):
            return False

    def _photo(self, photo: str | None) -> Path | None:
        if not photo:
            return None
        path = self.project.authors_file.parent / photo
        return path if self._inside(path) else None

    def brief_inputs(self, brief: Brief) -> list[str]:
        inputs = [self._name(brief.path), self._name(self.project.authors_file)]
        inputs += [self._name(image.path) for image in brief.images]
        inputs += [self._name(p) for p in (self._photo(a.photo) for a in brief.authors) if p is not None]
        if brief.links:
            inputs.append("@briefs")  # a linked brief that is removed or renamed must be seen
        return inputs

    def brief_digest(self, brief: Brief) -> str:
        digest = hashlib.sha256(brief.source_hash.encode())
        for author_id, author in zip(brief.author_ids, brief.authors, strict=True):
            digest.update(author_id.encode() + author.model_dump_json().encode())
        for author in brief.authors:
            photo = self._photo(author.photo)
            if photo is not None:
                digest.update(f"photo\0{author.photo}\0{self.hasher.file(photo)}".encode())
        for image in brief.images:
            digest.update(f"{image.src}\0{self.hasher.file(image.path)}\0".encode())
        return digest.hexdigest()

    def key(self, fmt: str, layout_dir: str, item: Brief | Collection, out_root: Path) -> Key:
        digest = hashlib.sha256(f"{self.hasher.tool()}\0{fmt}\0{out_root}\0".encode())
        digest.update(self.hasher.layout(layout_dir, whole_brand="print" in layout_dir.split("+")).encode())
        inputs = [f"@layout:{layout_dir}"]
        if hasattr(item, "facts"):  # a page of a site: it lists what it is made from
            digest.update(f"{item.name}\0{item.facts}\0".encode())
            for brief in item.briefs:
                digest.update(self.brief_digest(brief).encode())
                inputs += self.brief_inputs(brief)
            for path in item.files:  # pictures, and the outputs of other formats it shows
                digest.update(f"{path}\0{self.hasher.file(path)}\0".encode())
                inputs.append(self._name(path))
        elif hasattr(item, "briefs"):  # a Collection
            digest.update(self.hasher.file(item.path).encode())
            inputs += [self._name(item.path), "@briefs"]
            for brief in item.briefs:
                digest.update(self.brief_digest(brief).encode())
                inputs += self.brief_inputs(brief)
            if item.meta.cover:
                cover = item.path.parent / item.meta.cover
                digest.update(self.hasher.file(cover).encode() if self._inside(cover) else b"outside")
                if self._inside(cover):
                    inputs.append(self._name(cover))
        else:
            digest.update(self.brief_digest(item).encode())
            inputs += self.brief_inputs(item)
        inputs = list(dict.fromkeys(inputs))
        return Key(digest.hexdigest(), self.hasher.stamp(out_root, inputs), tuple(inputs))

    def pages(
        self, fmt: str, layout_dir: str, sources: list[Path], out_root: Path, made: Iterable[Path]
    ) -> Key:
        """The key of a format that makes pages, as a whole: which pages it made. Its stamp covers
        every source of the project and the other outputs it may offer, so a later build knows,
        unread, whether any of them changed."""
        inputs = [
            f"@layout:{layout_dir}",
            "@briefs",
            self._name(self.project.authors_file),
            *(self._name(path) for path in sources),
        ]
        names = "\0".join(sorted(Path(path).relative_to(out_root).as_posix() for path in made))
        digest = hashlib.sha256(f"{self.hasher.tool()}\0{fmt}\0{names}".encode()).hexdigest()
        return Key(digest, self.hasher.stamp(out_root, inputs), tuple(inputs))


def shard_manifest(k: int | str, n: int | str) -> str:
    return MANIFEST.replace(".json", f".shard-{k}-of-{n}.json")


def _modified(path: Path) -> int:
    try:
        return path.stat().st_mtime_ns
    except OSError:
        return 0


def _manifest_data(path: Path) -> dict:
    """A manifest's data; nothing for a missing, unreadable or foreign one (then rebuilt once)."""
    try:
        data = json.loads(path.read_text())
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) and data.get("format") == MANIFEST_FORMAT else {}


class Manifest:
    """The keys, stamps and input lists of the outputs last built into one output folder."""

    def __init__(self, out_root: Path, project: Project | None = None, shard: tuple[int, int] | None = None):
        # A shard keeps a manifest of its own, so the output folders of N shards merge without
        # overwriting each other's records.
        self.path = out_root / (MANIFEST if shard is None else shard_manifest(*shard))
        # A build of a folder the shards were merged into counts every shard's records too (the
        # newest record of an output wins), so it rebuilds nothing the shards built.
        paths = [self.path]
        if shard is None:
            paths += out_root.glob(shard_manifest("*", "*"))
        self.entries: dict[str, dict] = {}
        files: dict[str, list] = {}
        for data in map(_manifest_data, sorted(paths, key=_modified)):
            self.entries.update(data.get("outputs", {}))
            files.update(data.get("files", {}))
        self.hasher = Hasher(project, files) if project is not None else None

    def fresh(self, dest: Path, key: str) -> bool:
        entry = self.entries.get(self._name(dest))
        return entry is not None and entry.get("key") == key and dest.is_file()

    def stale(self, dest: Path) -> bool:
        """True unless `dest` exists and every file it was built from is as it was then: such an
        output needs no look at its sources at all."""
        entry = self.entries.get(self._name(dest))
        if self.hasher is None or not entry or "stamp" not in entry or not dest.exists():
            return True
        return self.hasher.stamp(self.path.parent, entry["inputs"]) != entry["stamp"]

    def has_drafts(self, dest: Path) -> bool:
        """Whether `dest` is a book built with --allow-drafts that holds draft briefs."""
        return bool(self.entries.get(self._name(dest), {}).get("drafts"))

    def record(self, dest: Path, key: str, drafts: bool = False) -> None:
        entry = {"key": str(key)}
        if drafts:
            entry["drafts"] = True
        if isinstance(key, Key) and key.stamp:
            entry.update(stamp=key.stamp, inputs=list(key.inputs))
        self.entries[self._name(dest)] = entry

    def recorded(self, folder: Path) -> list[Path]:
        """The outputs recorded inside `folder` (the pages of a site)."""
        prefix = self._name(folder) + "/"
        return [self.path.parent / name for name in self.entries if name.startswith(prefix)]

    def restamp(self, dest: Path, key: str) -> bool:
        """Record a fresh output's new stamp when its files changed; True when it did."""
        entry = self.entries.get(self._name(dest))
        if not isinstance(key, Key) or not key.stamp or entry is None or entry.get("stamp") == key.stamp:
            return False
        self.record(dest, key)
        return True

    def forget(self, dest: Path) -> None:
        self.entries.pop(self._name(dest), None)

    def _name(self, dest: Path) -> str:
        return dest.relative_to(self.path.parent).as_posix()

    def data(self, *hashers: Hasher) -> bytes:
        files = {}
        for hasher in (self.hasher, *hashers):
            if hasher is not None:
                files.update(hasher.cache())
        return json.dumps(
            {"format": MANIFEST_FORMAT, "outputs": self.entries, "files": files}, indent=1, sort_keys=True
        ).encode()
