"""Pictures found in a draft: matched to the files the brief already uses (by the digests the
draft recorded, else by content among content/images/), or new ones, which must pass the one
picture rule (safety.pictures) and get a safe name of their own under content/images/."""

from __future__ import annotations

import hashlib
import io
import os
import re
from dataclasses import dataclass, replace
from pathlib import Path

from PIL import Image, ImageChops

from briefexport.errors import ContentError, Diagnostic, shorten
from briefexport.importer import ir, metafiles
from briefexport.project import Project
from briefexport.safety.files import MAX_IMAGE_BYTES, Refused, inside
from briefexport.safety.pictures import MEDIA_TYPES, check_decodes_bytes, check_picture_bytes, sniff

_SUFFIX = {
    "image/png": ".png",
    "image/jpeg": ".jpg",
    "image/gif": ".gif",
    "image/webp": ".webp",
    "image/svg+xml": ".svg",
}
MAX_SCANNED = 2000  # files of content/images/ compared by content


@dataclass
class NewPicture:
    path: Path
    data: bytes


class PictureFinder:
    def __init__(self, project: Project, target: Path, recorded: dict[str, str], shown: str, slug: str):
        self.project, self.target, self.recorded, self.shown, self.slug = (
            project,
            target,
            recorded,
            shown,
            slug,
        )
        self.new: dict[str, NewPicture] = {}  # digest -> picture to write
        self._known: dict[str, Path] | None = None
        self.problems: list[Diagnostic] = []
        self.warnings: list[str] = []  # pictures kept in a format briefs cannot use
        self.kept: list[Path] = []
        self.converted = 0  # pictures converted to SVG or PNG

    def resolve(self, blocks):
        return ir.transform(
            blocks, lambda item: self.picture(item) if isinstance(item, ir.Picture) and item.data else item
        )

    def picture(self, item: ir.Picture) -> ir.Picture:
        digest = hashlib.sha256(item.data).hexdigest()
        src = self.recorded.get(digest) or self.same_pixels(item.data)
        if src and (self.target.parent / src).is_file():
            return replace(item, src=src)
        path = self.known().get(digest) or self.add(item, digest)
        if path is None:
            return replace(item, src="")
        return replace(item, src=Path(os.path.relpath(path, self.target.parent)).as_posix())

    def same_pixels(self, data: bytes) -> str | None:
        """The recorded picture `data` shows, re-encoded: LibreOffice saves a draft's picture anew
        when it lets the DRAFT mark through its white (writers/docx/drawings.py), Word when it
        compresses pictures. The same size, and within 2 levels in every channel on white."""
        media = sniff(data[:4096])
        if media not in ("image/png", "image/jpeg", "image/gif", "image/webp"):
            return None
        try:
            check_picture_bytes(data, _SUFFIX[media])
            check_decodes_bytes(data, _SUFFIX[media])
            drawn = _on_white(io.BytesIO(data))
        except (Refused, OSError, ValueError):
            return None
        for src in dict.fromkeys(self.recorded.values()):
            path = self.target.parent / src
            if path.suffix.lower() == ".svg" or not path.is_file():
                continue
            try:
                recorded = _on_white(path)
            except (OSError, ValueError):
                continue
            if recorded.size == drawn.size and not _differ(recorded, drawn, by_more_than=2):
                return src
        return None

    def known(self) -> dict[str, Path]:
        """content/images/ by content digest (pictures the brief or its neighbours already use)."""
        if self._known is None:
            self._known = {}
            folder = self.project.content / "images"
            for index, path in enumerate(sorted(folder.rglob("*")) if folder.is_dir() else []):
                if index >= MAX_SCANNED:
                    break
                if (
                    path.is_file()
                    and path.suffix.lower() in MEDIA_TYPES
                    and path.stat().st_size <= MAX_IMAGE_BYTES
                ):
                    self._known.setdefault(hashlib.sha256(path.read_bytes()).hexdigest(), path)
        return self._known

    def add(self, item: ir.Picture, digest: str) -> Path | None:
        if digest in self.new:
            return self.new[digest].path
        data = item.data
        media = sniff(data[:4096]) if not data.lstrip().startswith(b"<") else "image/svg+xml"
        suffix = _SUFFIX.get(media or "")
        what = metafiles.kind(data) if suffix is None else None
        try:
            if len(data) > MAX_IMAGE_BYTES:
                raise Refused(f"it is over the limit of {MAX_IMAGE_BYTES // (1024 * 1024)} MiB")
            if suffix is None:
                try:
                    if what is None:
                        raise metafiles.NotConverted("it is in a format that cannot be converted")
                    data, suffix = metafiles.convert(data, what)
                    self.converted += 1
                except metafiles.NotConverted as exc:
                    return self.keep(item, digest, what, str(exc))
            check_picture_bytes(data, suffix)
            check_decodes_bytes(data, suffix)
        except Refused as exc:
            self.problems.append(Diagnostic(self.shown, 0, 0, f'picture "{shorten(item.alt, 60)}": {exc}'))
            return None
        return self.place(item, digest, data, suffix)

    def keep(self, item: ir.Picture, digest: str, what: str | None, why: str) -> Path | None:
        """A picture no converter could turn into one briefs use, kept as Word had it: the brief
        points at it, and check and the build say it must be replaced."""
        path = self.place(item, digest, item.data, "." + (what or "bin"))
        if path is not None:
            self.kept.append(path)
            self.warnings.append(
                f"picture {len(self.new)} ({(what or 'unknown format').upper()}): {why}; kept as "
                f"{self.project.display(path)}: replace it with a PNG, JPEG or SVG version"
            )
        return path

    def place(self, item: ir.Picture, digest: str, data: bytes, suffix: str) -> Path | None:
        folder = self.project.content / "images"
        path = folder / (safe_name(item.alt, self.slug) + suffix)
        number = 1
        taken = {p.path for p in self.new.values()}
        while path in taken or path.exists():
            number += 1
            path = folder / f"{safe_name(item.alt, self.slug)}-{number}{suffix}"
        if not inside(path.parent.resolve(), [self.project.content.resolve()]):
            self.problems.append(Diagnostic(self.shown, 0, 0, "content/images/ leads outside the project"))
            return None
        self.new[digest] = NewPicture(path, data)
        return path


def _differ(one: Image.Image, other: Image.Image, by_more_than: int) -> bool:
    """Whether a pixel of two RGB pictures of one size differs in a channel by more than that."""
    over = ImageChops.difference(one, other).point(lambda level: 255 if level > by_more_than else 0)
    return over.getbbox() is not None


def _on_white(source) -> Image.Image:
    """A picture as RGB, what is transparent in it shown on white (as a page shows it)."""
    with Image.open(source) as picture:
        rgba = picture.convert("RGBA")
    return Image.alpha_composite(Image.new("RGBA", rgba.size, (255, 255, 255, 255)), rgba).convert("RGB")


def safe_name(alt: str, slug: str) -> str:
    """A file name from the picture's description: ASCII letters, digits and hyphens, short."""
    words = re.findall(r"[a-z0-9]+", alt.lower())
    name = "-".join(words)[:40].rstrip("-")
    return f"{slug}-{name}" if name else f"{slug}-picture"


def refuse(problems: list[Diagnostic]) -> None:
    if problems:
        raise ContentError(problems)
