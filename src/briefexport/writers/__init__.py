"""One module per format, each with `render(item, layout, out_root) -> bytes`.

Modules are imported on first use, so `--help` and `check` never import WeasyPrint,
EbookLib or python-docx.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass


@dataclass(frozen=True)
class Format:
    name: str
    module: str
    folder: str
    suffix: str
    layout_dir: str  # the layouts/ subfolder its inputs come from

    def writer(self):
        return importlib.import_module(self.module)


FORMATS: dict[str, Format] = {
    "pdf": Format("pdf", "briefexport.writers.pdf", "pdf", ".pdf", "pdf"),
    "html": Format("html", "briefexport.writers.html", "html", ".html", "pdf"),
    "epub": Format("epub", "briefexport.writers.epub", "epub", ".epub", "epub"),
    "docx": Format("docx", "briefexport.writers.docx", "docx", ".docx", "docx"),
}
BRIEF_FORMATS = ("pdf", "docx", "html")
