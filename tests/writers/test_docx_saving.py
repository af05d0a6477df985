"""The draft's zip is written once (writers/docx/saving.py): its entries are exactly what
python-docx's own `Document.save` writes, names, order and bytes, so a python-docx release that
saves otherwise fails here, not in Word."""

from __future__ import annotations

import datetime as dt
import io
import zipfile

import docx

from briefexport.writers.docx.saving import entries
from briefexport.writers.shared import reproducible_zip
from conftest import REPO

REFERENCE = REPO / "src" / "briefexport" / "defaults" / "layouts" / "docx" / "reference.docx"


def test_the_entries_are_what_python_docx_saves():
    document = docx.Document(str(REFERENCE))
    document.add_heading("A heading", level=1)
    document.add_paragraph("A paragraph with a picture after it.")
    document.add_picture(str(REPO / "content" / "images" / "storage-capacity.png"))
    document.core_properties.title = "Saved"
    buffer = io.BytesIO()
    document.save(buffer)
    with zipfile.ZipFile(buffer) as saved:
        expected = [(name, saved.read(name)) for name in saved.namelist()]
    assert entries(document) == expected
    assert [name for name, _ in expected][:2] == ["[Content_Types].xml", "_rels/.rels"]


def test_writing_the_entries_once_is_normalizing_the_saved_zip():
    """The draft's bytes are what they were when python-docx's deflated zip was rewritten."""
    document = docx.Document(str(REFERENCE))
    document.add_paragraph("Once, not twice.")
    buffer = io.BytesIO()
    document.save(buffer)
    moment = dt.datetime(2026, 12, 1, 12, 0, 0)
    first = ("[Content_Types].xml", "_rels/.rels")
    assert reproducible_zip.write(entries(document), moment, first) == reproducible_zip.normalize(
        buffer.getvalue(), moment, first
    )
