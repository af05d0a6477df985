"""The draft's zip, compressed once: python-docx's `Document.save` deflates every part, and the
reproducible rewrite (shared/reproducible_zip.py) would then inflate and deflate them all again,
the fonts included (benchmarks/README.md has the figures). Here the entries python-docx would
write, in its order and made by its own code, go to `reproducible_zip.write` as they are.

Hand-written because python-docx has no public way to save without compressing: its
PackageWriter writes through three static steps that take any object with `write(pack_uri,
blob)`, and OpcPackage.save runs them after `before_marshal` on every part, as `entries` does.
tests/writers/test_docx_saving.py checks that the entries are what `Document.save` writes.
"""

from __future__ import annotations

from docx.document import Document
from docx.opc.pkgwriter import PackageWriter


class _Entries:
    """Stands for python-docx's zip writer: keeps each member's name and bytes, in order."""

    def __init__(self):
        self.items: list[tuple[str, bytes]] = []

    def write(self, pack_uri, blob: bytes) -> None:
        self.items.append((pack_uri.membername, blob))


def entries(document: Document) -> list[tuple[str, bytes]]:
    """What `document.save()` puts in its zip, (member name, bytes) in its order, uncompressed."""
    package = document.part.package
    for part in package.parts:
        part.before_marshal()
    parts = package.parts
    written = _Entries()
    PackageWriter._write_content_types_stream(written, parts)  # noqa: SLF001  (see above)
    PackageWriter._write_pkg_rels(written, package.rels)  # noqa: SLF001
    PackageWriter._write_parts(written, parts)  # type: ignore[arg-type]  # _Entries stands for its writer  # noqa: SLF001
    return written.items
