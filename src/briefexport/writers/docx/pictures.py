"""Pictures for Word: every format a brief may use (PNG, JPEG, GIF, WebP, SVG) made embeddable.

python-docx embeds PNG, JPEG and GIF itself. WebP is converted to PNG (Word cannot show it).
SVG is embedded as SVG the way Word 2016+ does it: an `asvg:svgBlip` extension on the picture,
beside a PNG fallback for readers that predate SVG (and LibreOffice), drawn with CairoSVG or taken
from the output folder's digest cache (svg_fallback.py). The SVG has passed the one picture rule
(nothing scripted, embedded or linked), and CairoSVG is given no way to load anything.
Callers check the picture first (safety.pictures: the one rule, decoded to its end); what
python-docx still cannot read raises `BadPicture`, never python-docx's own exceptions.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from pathlib import Path

from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.part import Part
from docx.parts.image import ImagePart
from lxml import etree

from briefexport.writers.docx.svg_fallback import fallback_png
from briefexport.writers.shared.digest_cache import DigestCache

SVG_EXTENSION = "{96DAC541-7B7A-43D3-8B79-37D633B846F1}"
ASVG = "http://schemas.microsoft.com/office/drawing/2016/SVG/main"
EMU_PER_INCH = 914400
_UNITS = {"": 1 / 96, "px": 1 / 96, "pt": 1 / 72, "pc": 1 / 6, "mm": 1 / 25.4, "cm": 1 / 2.54, "in": 1.0}
_LENGTH = re.compile(r"^\s*([0-9.]+)\s*([a-z]*)\s*$")


@dataclass
class Prepared:
    """What the picture XML needs: the raster part, its size, and an SVG part if any."""

    raster: ImagePart
    width: int  # EMU
    height: int
    svg: Part | None = None


class BadPicture(ValueError):
    """A picture python-docx cannot read (its header parsers accept less than Pillow)."""


class Pictures:
    """Image parts of one document, made once per file and shared by every story."""

    def __init__(self, package, fallbacks: DigestCache | None = None):
        self.package = package
        self.fallbacks = fallbacks  # the digest cache of SVGs drawn as PNG (svg_fallback.FALLBACKS)
        self._svg: dict[Path, tuple[Part, int, int]] = {}

    def prepare(self, path: Path, alt: str = "") -> Prepared:
        suffix = path.suffix.lower()
        if suffix == ".svg":
            return self._svg_picture(path, alt)
        source = io.BytesIO(_png_from(path)) if suffix == ".webp" else str(path)
        try:
            part = self.package.get_or_add_image_part(source)
        except Exception as exc:  # python-docx's header parsers raise anything, even a bare Exception
            raise BadPicture(f"{type(exc).__name__}: {exc}") from None
        return Prepared(part, int(part.image.width), int(part.image.height))

    def _svg_picture(self, path: Path, alt: str) -> Prepared:
        if path not in self._svg:
            data = path.read_bytes()
            width, height = svg_size(data)
            part = Part(
                self.package.next_partname("/word/media/svg%d.svg"), "image/svg+xml", data, self.package
            )
            self._svg[path] = (part, width, height)
        part, width, height = self._svg[path]
        fallback = self.package.get_or_add_image_part(
            io.BytesIO(fallback_png(part.blob, width, height, alt, self.fallbacks))
        )
        return Prepared(fallback, width, height, svg=part)


def add_svg(inline: etree._Element, owner: Part, svg: Part) -> None:
    """Point the picture's blip at the SVG too (Word shows it; older readers the fallback)."""
    blip = inline.find(".//{http://schemas.openxmlformats.org/drawingml/2006/main}blip")
    if blip is None:  # oxml.picture always makes one
        raise ValueError("a drawing without a:blip cannot show an SVG")
    rid = owner.relate_to(svg, RT.IMAGE)
    ext_list = etree.SubElement(blip, "{http://schemas.openxmlformats.org/drawingml/2006/main}extLst")
    ext = etree.SubElement(
        ext_list, "{http://schemas.openxmlformats.org/drawingml/2006/main}ext", uri=SVG_EXTENSION
    )
    svg_blip = etree.SubElement(ext, f"{{{ASVG}}}svgBlip", nsmap={"asvg": ASVG})
    svg_blip.set("{http://schemas.openxmlformats.org/officeDocument/2006/relationships}embed", rid)


def svg_size(data: bytes) -> tuple[int, int]:
    """The SVG's intrinsic size in EMU: width/height, else the viewBox in CSS pixels, else 4:3."""
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError:
        return _emu(400 / 96), _emu(300 / 96)
    box = [float(v) for v in re.split(r"[\s,]+", root.get("viewBox", "").strip()) if _number(v)]
    width, height = _inches(root.get("width")), _inches(root.get("height"))
    if len(box) == 4 and box[2] > 0 and box[3] > 0:
        ratio = box[3] / box[2]
        if width and not height:
            height = width * ratio
        elif height and not width:
            width = height / ratio
        elif not width and not height:
            width, height = box[2] / 96, box[3] / 96
    if not width or not height:
        width, height = 400 / 96, 300 / 96
    return _emu(width), _emu(height)


def _inches(value: str | None) -> float | None:
    match = _LENGTH.match(value or "")
    if not match or match.group(2) not in _UNITS or not _number(match.group(1)):
        return None  # percentages and unknown units: no intrinsic size
    inches = float(match.group(1)) * _UNITS[match.group(2)]
    return inches if inches > 0 else None


def _number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def _emu(inches: float) -> int:
    return round(inches * EMU_PER_INCH)


def _png_from(path: Path) -> bytes:
    """A WebP picture as PNG bytes (Word cannot show WebP)."""
    from PIL import Image

    with Image.open(path) as image:
        converted = image.convert("RGBA" if image.mode in ("RGBA", "LA", "P") else "RGB")
        out = io.BytesIO()
        converted.save(out, format="PNG", dpi=image.info.get("dpi", (96, 96)))
        return out.getvalue()


__all__ = ["BadPicture", "Pictures", "Prepared", "add_svg", "svg_size"]
