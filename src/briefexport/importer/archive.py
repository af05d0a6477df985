"""A Word file opened with suspicion: the zip and its XML are checked before anything is read.

A draft comes back from outside (mail, a shared drive), so it is treated as hostile until
checked: the file's size, the zip's member count, each member's declared size and compression
ratio, and then the bytes actually inflated (a lying header stops at the limit, not at the end
of memory); XML with a document type declaration is refused outright (Word and LibreOffice never
write one: it is how entity expansion and external entities come in), and every part is parsed
by lxml with entities and network off. Parts are found through the package's relationships,
as a Word reader must (python-docx does the same, but would read every part and parse with
its own settings: this reads only what the importer uses).
"""

from __future__ import annotations

import posixpath
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from briefexport.errors import ContentError, Diagnostic

MAX_FILE_BYTES = 64 * 1024 * 1024  # the .docx itself: a brief with its pictures is a few MB
MAX_MEMBERS = 1000
MAX_XML_BYTES = 32 * 1024 * 1024  # one XML part inflated (a 512 KiB brief makes ~2 MB of XML)
MAX_MEDIA_BYTES = 10 * 1024 * 1024  # one picture (safety.files.MAX_IMAGE_BYTES)
MAX_TOTAL_BYTES = 160 * 1024 * 1024  # everything inflated
MAX_RATIO = 200  # inflated / compressed, for members over 1 MiB (XML deflates 5-20 times)

RELS_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
OFFICE_DOCUMENT = f"{R_NS}/officeDocument"
# Strict Open XML (Word's "Strict Open XML Document") names the same elements in other namespaces.
_STRICT = {
    f"http://purl.oclc.org/ooxml/{strict}".encode(): f"http://schemas.openxmlformats.org/{usual}".encode()
    for strict, usual in (
        ("wordprocessingml/main", "wordprocessingml/2006/main"),
        ("officeDocument/relationships", "officeDocument/2006/relationships"),
        ("drawingml/wordprocessingDrawing", "drawingml/2006/wordprocessingDrawing"),
        ("drawingml/main", "drawingml/2006/main"),
        ("drawingml/picture", "drawingml/2006/picture"),
        ("drawingml/chart", "drawingml/2006/chart"),
        ("drawingml/diagram", "drawingml/2006/diagram"),
        ("officeDocument/math", "officeDocument/2006/math"),
    )
}
_PARSER = etree.XMLParser(
    resolve_entities=False,
    no_network=True,
    load_dtd=False,
    dtd_validation=False,
    huge_tree=False,
    remove_comments=True,
    remove_pis=True,
)


@dataclass(frozen=True)
class Relationship:
    type: str
    target: str  # a part name, or a URL when external
    external: bool


@dataclass
class Package:
    """The parts of a checked .docx, read on demand (each read bounded)."""

    shown: str
    archive: zipfile.ZipFile
    names: set[str]
    main: str = "word/document.xml"
    _cache: dict[str, bytes] = field(default_factory=dict)
    inflated: int = 0  # bytes actually read so far (headers may lie)

    def error(self, message: str, hint: str | None = None) -> ContentError:
        return ContentError(Diagnostic(self.shown, 0, 0, message, hint))

    def read(self, name: str) -> bytes:
        if name not in self._cache:
            info = self.archive.getinfo(name)
            limit = MAX_XML_BYTES if not name.startswith("word/media/") else MAX_MEDIA_BYTES
            try:
                with self.archive.open(info) as member:
                    data = member.read(limit + 1)
            except (zipfile.BadZipFile, OSError, EOFError, ValueError, NotImplementedError) as exc:
                raise self.error(f"the part {name} is damaged ({exc})") from None
            if len(data) > limit:
                raise self.error(
                    f"the part {name} inflates to more than {limit // (1024 * 1024)} MB",
                    "this is not a Word draft made by briefexport, or it has been tampered with",
                )
            self.inflated += len(data)
            if self.inflated > MAX_TOTAL_BYTES:
                raise self.error(f"the archive inflates to more than {MAX_TOTAL_BYTES // (1024 * 1024)} MB")
            self._cache[name] = data
        return self._cache[name]

    def xml(self, name: str) -> etree._Element:
        data = self.read(name)
        if b"purl.oclc.org/ooxml/" in data[:8192]:  # Strict OOXML: read under the usual names
            for strict, transitional in _STRICT.items():
                data = data.replace(strict, transitional)
        head = data[:4096].lower()
        if b"<!doctype" in head or b"<!entity" in data.lower():
            raise self.error(
                f"the part {name} declares a document type or entities, which Word never writes",
                "refused: XML entities can read files or expand without end",
            )
        try:
            return etree.fromstring(data, _PARSER)
        except etree.XMLSyntaxError as exc:
            raise self.error(f"the part {name} is not well-formed XML ({exc})") from None

    def has(self, name: str) -> bool:
        return name in self.names

    def relationships(self, source: str) -> dict[str, Relationship]:
        """rId -> relationship of the part `source` ("" for the package itself)."""
        folder, base = posixpath.split(source)
        rels = posixpath.join(folder, "_rels", base + ".rels")
        if rels not in self.names:
            return {}
        found = {}
        for node in self.xml(rels).findall(f"{{{RELS_NS}}}Relationship"):
            target = node.get("Target", "")
            external = node.get("TargetMode") == "External"
            if not external:
                target = resolve(folder, target)
            found[node.get("Id", "")] = Relationship(node.get("Type", ""), target, external)
        return found

    def related(self, source: str, reltype: str) -> list[str]:
        """Part names `source` relates to with type `reltype` (ends with, to accept strict OOXML)."""
        suffix = reltype.rsplit("/", 1)[-1]
        return [
            rel.target
            for rel in self.relationships(source).values()
            if not rel.external and rel.type.rsplit("/", 1)[-1] == suffix and rel.target in self.names
        ]


def resolve(folder: str, target: str) -> str:
    """A relationship target as a part name (no leading slash, no `..` above the package)."""
    path = target.lstrip("/") if target.startswith("/") else posixpath.join(folder, target)
    parts: list[str] = []
    for piece in path.split("/"):
        if piece == "..":
            if parts:
                parts.pop()
        elif piece and piece != ".":
            parts.append(piece)
    return "/".join(parts)


def open_docx(path: Path, shown: str) -> Package:
    """The package of a .docx, after the zip-level checks; a ContentError saying why otherwise."""

    def refuse(message: str, hint: str | None = None) -> ContentError:
        return ContentError(Diagnostic(shown, 0, 0, message, hint))

    try:
        size = path.stat().st_size
    except OSError as exc:
        raise refuse(f"cannot read the file: {exc.strerror or exc}") from None
    if size > MAX_FILE_BYTES:
        raise refuse(
            f"the file is {size // (1024 * 1024)} MB, over the limit of {MAX_FILE_BYTES // (1024 * 1024)} MB",
            "a Word draft of a brief is a few MB; save pictures smaller or import a copy without them",
        )
    try:
        with open(path, "rb") as handle:
            head = handle.read(8)
    except OSError as exc:
        raise refuse(f"cannot read the file: {exc.strerror or exc}") from None
    if head == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":  # an OLE compound file, not a zip
        raise refuse(
            "the document is encrypted, or a Word 97-2003 .doc file",
            "remove the password in Word, or save it as .docx (Word Document), and import that",
        )
    try:
        archive = zipfile.ZipFile(path)
        infos = archive.infolist()
    except PermissionError as exc:
        raise refuse(f"cannot read the file: {exc.strerror}") from None
    except (zipfile.BadZipFile, OSError, EOFError, ValueError) as exc:
        raise refuse(
            f"not a Word document: the file is not a readable zip archive ({exc})",
            "save it from Word or LibreOffice as .docx",
        ) from None
    if len(infos) > MAX_MEMBERS:
        raise refuse(
            f"the archive holds {len(infos)} files, over the limit of {MAX_MEMBERS} for a Word document"
        )
    total = 0
    for info in infos:
        limit = MAX_MEDIA_BYTES if info.filename.startswith("word/media/") else MAX_XML_BYTES
        if info.file_size > limit:
            raise refuse(
                f"the part {info.filename} would inflate to {info.file_size // (1024 * 1024)} MB, "
                f"over the limit of {limit // (1024 * 1024)} MB"
            )
        if info.file_size > 1024 * 1024 and info.file_size > MAX_RATIO * max(info.compress_size, 1):
            raise refuse(
                f"the part {info.filename} is compressed {info.file_size // max(info.compress_size, 1)} "
                "times, a zip bomb rather than a document"
            )
        if info.flag_bits & 0x1:
            raise refuse("the document is encrypted", "remove the password in Word and save again")
        total += info.file_size
    if total > MAX_TOTAL_BYTES:
        raise refuse(
            f"the archive would inflate to {total // (1024 * 1024)} MB, over the limit of "
            f"{MAX_TOTAL_BYTES // (1024 * 1024)} MB"
        )
    names = {info.filename for info in infos}
    package = Package(shown, archive, names)
    if "[Content_Types].xml" not in names:
        raise refuse("not a Word document: the archive has no [Content_Types].xml")
    mains = package.related("", OFFICE_DOCUMENT)
    if not mains:
        raise refuse("not a Word document: the archive has no main document part")
    package.main = mains[0]
    return package
