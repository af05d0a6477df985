"""Pictures in a Word draft: figures with their Insert-Caption captions, inline pictures and the
brand's logo, each through the project sandbox and the one picture rule again. A mixin of
BodyWriter (body.py), which holds the document-wide counters and picture cache."""

from __future__ import annotations

import hashlib
from pathlib import Path

from lxml import etree
from markdown_it.token import Token

from briefexport.content.markdown import figure_caption, inline_text
from briefexport.content.model import Brief, Image
from briefexport.errors import ContentError, Diagnostic
from briefexport.project import Project
from briefexport.safety.files import Refused, check_file
from briefexport.safety.pictures import check_picture
from briefexport.writers.docx.captions import CaptionWriter, caption_bookmark
from briefexport.writers.docx.oxml import el, paragraph, picture, text_run
from briefexport.writers.docx.pictures import BadPicture, Pictures, Prepared, add_svg
from briefexport.writers.docx.reference import Reference
from briefexport.writers.docx.runs import Story

A_NS = "http://schemas.openxmlformats.org/drawingml/2006/main"


class PictureWriter(CaptionWriter):
    """Figures and pictures of BodyWriter (a mixin: the writer holds what they share)."""

    brief: Brief
    project: Project
    styles: Reference
    pictures: Pictures
    labels: dict[str, str]
    images: dict[str, Image]  # the brief's pictures by their src
    text_width: int  # EMU
    text_height: int
    shown: str  # the brief, as messages name it
    shape_ids: int
    picture_sources: dict[str, str]  # sha256 of each embedded picture -> its src (provenance)

    def figure(self, tokens: list[Token], story: Story) -> None:
        """The picture (its description in the drawing's `descr`), then its caption, the picture's
        title, as Word's Insert Caption makes it (captions.py); no caption when the picture has no
        title, but a bookmark on the picture when it has an id (a link can go there)."""
        image = next(t for t in tokens if t.type == "image")
        title = figure_caption(image)
        name = image.attrGet("id")
        p = paragraph(self.styles.style("Figure"))
        story.append(p)
        opened = self.open_bookmarks(p, [caption_bookmark(str(name))] if name and not title else [])
        run = self.picture(image, story, figure=True)
        if run is not None:
            p.append(run)
        self.close_bookmarks(p, opened)
        if not title:
            return
        caption = self.caption("fig", image, story)  # "Figure 1. " as Word's Insert Caption makes it
        caption.append(text_run(title))
        story.append(caption)

    def picture(self, token: Token, story: Story, figure: bool) -> etree._Element | None:
        src = str(token.attrGet("src") or "")
        image = self.images.get(src)
        if image is None:
            return None  # the reader has already reported it
        prepared = self.prepare(image)
        cx, cy = prepared.width, prepared.height
        if cx <= 0 or cy <= 0:
            return None
        width = self.text_width if figure else min(cx, self.text_width)
        height = round(cy * width / cx)
        limit = round(self.text_height * 0.6)
        if height > limit:
            width, height = round(width * limit / height), limit
        for part in (prepared.raster, prepared.svg):  # which file each picture is, for the importer
            if part is not None:
                self.picture_sources.setdefault(hashlib.sha256(part.blob).hexdigest(), src)
        run = self.drawing(prepared, inline_text(token) or image.alt, width, height, story)
        if self.brief.is_draft:
            white_lets_through(run)
        return run

    def drawing(self, prepared: Prepared, alt: str, width: int, height: int, story: Story) -> etree._Element:
        self.shape_ids += 1
        drawing = picture(story.part, prepared.raster, self.shape_ids, alt, width, height)
        if prepared.svg is not None:
            add_svg(drawing, story.part, prepared.svg)
        return el("w:r", None, drawing)

    def logo(self, path: Path, alt: str, height: int, story: Story) -> etree._Element | None:
        """The brand's logo, `height` EMU high, as a run; None when it is not a picture the one
        picture rule accepts (the PDF and EPUB leave it out too)."""
        try:
            path = check_file(path, self.project)
            check_picture(path)
            prepared = self.pictures.prepare(path, alt)
        except (Refused, BadPicture, OSError):
            return None
        if prepared.width <= 0 or prepared.height <= 0:
            return None
        return self.drawing(prepared, alt, round(prepared.width * height / prepared.height), height, story)

    def prepare(self, image: Image) -> Prepared:
        """The picture's parts, once its path is inside the project and its file a whole picture."""
        try:
            path = check_file(image.path, self.project)
            check_picture(path)
            return self.pictures.prepare(path, image.alt)
        except Refused as exc:
            reason = str(exc)
        except (BadPicture, OSError) as exc:
            reason = f"cannot be embedded in Word ({exc})"
        raise ContentError(Diagnostic(self.shown, image.line, 1, f"image `{image.src}`: {reason}"))


def white_lets_through(run: etree._Element) -> None:
    """A draft's picture shows the DRAFT watermark through its white (Word's Picture Format > Color >
    Set Transparent Color, `a:clrChange`): Word and LibreOffice draw the header's watermark behind
    the text, where a chart's white background would hide it. Body pictures only: the logo is
    white on the masthead band."""
    blip = run.find(f".//{{{A_NS}}}blip")
    if blip is None:
        return
    change = el_a("clrChange")
    change.append(el_a("clrFrom", el_a("srgbClr", val="FFFFFF")))
    change.append(el_a("clrTo", el_a("srgbClr", el_a("alpha", val="0"), val="FFFFFF")))
    blip.insert(0, change)  # before the SVG extension list: the schema's order


def el_a(tag: str, *children: etree._Element, **attributes: str) -> etree._Element:
    element = etree.Element(f"{{{A_NS}}}{tag}", attributes)
    element.extend(children)
    return element
