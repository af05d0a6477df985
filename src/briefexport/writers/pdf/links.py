"""Links from one brief's PDF to another's, as PDF readers follow them.

WeasyPrint makes every relative link absolute (a `file://` URI into the build folder, which would
break as soon as the PDFs are moved, and would put the machine's paths in the file). A finisher
turns the links to sibling PDFs back into what PDF readers expect for "another PDF beside this
one": a GoToR action with the file name relative to this PDF and the heading as a named
destination (WeasyPrint names a destination after every element id).
"""

from __future__ import annotations

from urllib.parse import unquote

import pydyf


def sibling_pdf_links(folder_uri: str):
    """A `write_pdf(finisher=...)` for a PDF whose sibling PDFs are at `folder_uri` + name."""
    prefix = folder_uri.rstrip("/") + "/"

    def finish(document, pdf: pydyf.PDF) -> None:
        for obj in pdf.objects:
            if not isinstance(obj, dict) or obj.get("Subtype") != "/Link":
                continue
            action = obj.get("A")
            uri = getattr(action.get("URI"), "string", "") if isinstance(action, dict) else ""
            if not uri.startswith(prefix):
                continue
            name, _, fragment = uri[len(prefix) :].partition("#")
            if "/" in name or not name.lower().endswith(".pdf"):
                continue
            destination = pydyf.String(unquote(fragment)) if fragment else pydyf.Array([0, "/Fit"])
            obj["A"] = pydyf.Dictionary(
                {
                    "Type": "/Action",
                    "S": "/GoToR",
                    "F": pydyf.String(unquote(name)),
                    "D": destination,
                    "NewWindow": "true",
                }
            )
            if "Contents" in obj:  # the link's description for assistive technology: no machine paths
                obj["Contents"] = pydyf.String(unquote(name) + (f"#{unquote(fragment)}" if fragment else ""))

    return finish
