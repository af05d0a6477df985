"""An output's key: a hash of exactly what it is made from (see manifest.py for how keys and
stamps decide what is rebuilt)."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from briefexport.builder.hashing import Hasher
from briefexport.project import Project

if TYPE_CHECKING:
    from briefexport.content.model import Brief
    from briefexport.writers import Format
    from briefexport.writers.kinds import Item
    from briefexport.writers.shared.layout import Layout


def layout_token(fmt: Format) -> str:
    """How a format's layouts are named among an output's recorded inputs (`@layout:pdf+print`):
    the manifest's spelling, read back by Hasher.input."""
    return "@layout:" + "+".join(fmt.layouts)


class Key(str):
    """An output's key (the string itself: compared and stored as is), carrying the stamp of the
    files it was computed from and the list of those files, for the manifest."""

    stamp: str
    inputs: tuple[str, ...]
    source: str  # the brief or collection it is made from, as inputs name files ("" for pages)

    def __new__(cls, key: str, stamp: str = "", inputs: tuple[str, ...] = (), source: str = ""):
        self = super().__new__(cls, key)
        self.stamp, self.inputs, self.source = stamp, inputs, source
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
        # Every author's entry, registry and inline alike: author_ids lists the registry's only, so
        # pairing it with the authors (as this did) skipped the last registry authors' entries
        # whenever an inline author came first, and an edit to their bio rebuilt nothing.
        digest.update("\0".join(brief.author_ids).encode())
        for author in brief.authors:
            digest.update(author.model_dump_json().encode())
        for author in brief.authors:
            photo = self._photo(author.photo)
            if photo is not None:
                digest.update(f"photo\0{author.photo}\0{self.hasher.file(photo)}".encode())
        for image in brief.images:
            digest.update(f"{image.src}\0{self.hasher.file(image.path)}\0".encode())
        return digest.hexdigest()

    def key(self, fmt: Format, item: Item, out_root: Path) -> Key:
        digest = hashlib.sha256(f"{self.hasher.tool()}\0{fmt.name}\0{out_root}\0".encode())
        digest.update(self.hasher.layout(fmt.layouts, whole_brand=fmt.prints).encode())
        inputs = [layout_token(fmt)]
        if item.item_kind == "page":
            digest.update(f"{item.name}\0{item.facts}\0".encode())
            for brief in item.briefs:
                digest.update(self.brief_digest(brief).encode())
                inputs += self.brief_inputs(brief)
            for path in item.files:  # pictures, and the outputs of other formats it shows
                digest.update(f"{path}\0{self.hasher.file(path)}\0".encode())
                inputs.append(self._name(path))
        elif item.item_kind == "collection":
            digest.update(self.hasher.file(item.path).encode())
            inputs += [self._name(item.path), "@briefs"]
            for brief in item.briefs:
                digest.update(self.brief_digest(brief).encode())
                inputs += self.brief_inputs(brief)
            # drafts a glob left out: not what the book is made of, but it is read again when one
            # changes (made final, it joins)
            inputs += [self._name(path) for path in getattr(item, "left_out", ())]
            if item.meta.cover:
                cover = item.path.parent / item.meta.cover
                digest.update(self.hasher.file(cover).encode() if self._inside(cover) else b"outside")
                if self._inside(cover):
                    inputs.append(self._name(cover))
        else:
            digest.update(self.brief_digest(item).encode())
            inputs += self.brief_inputs(item)
        inputs = list(dict.fromkeys(inputs))
        source = "" if item.item_kind == "page" else self._name(item.path)
        return Key(digest.hexdigest(), self.hasher.stamp(out_root, inputs), tuple(inputs), source)

    def pages(self, fmt: Format, sources: list[Path], out_root: Path, made: Iterable[Path]) -> Key:
        """The key of a format that makes pages, as a whole: which pages it made. Its stamp covers
        every source of the project and the other outputs it may offer, so a later build knows,
        unread, whether any of them changed."""
        inputs = [
            layout_token(fmt),
            "@briefs",
            self._name(self.project.authors_file),
            *(self._name(path) for path in sources),
        ]
        names = "\0".join(sorted(Path(path).relative_to(out_root).as_posix() for path in made))
        digest = hashlib.sha256(f"{self.hasher.tool()}\0{fmt.name}\0{names}".encode()).hexdigest()
        return Key(digest, self.hasher.stamp(out_root, inputs), tuple(inputs))
