"""PDF/X-4 for the print edition: what WeasyPrint's `pdf/x-4` variant leaves undone, with pikepdf.

WeasyPrint writes the PDF 1.6 file, the XMP `pdfxid:GTS_PDFXVersion`, `/Trapped /False`, the
TrimBox, the fonts (all embedded) and, given an `@color-profile device-cmyk`, an output intent
with that profile. Left to do here:

- BleedBox = TrimBox + the brand's bleed on every page (WeasyPrint puts it at most 10 pt out,
  whatever the bleed); the MediaBox, WeasyPrint's CSS bleed, stays larger and holds the marks.
- The output intent names the brand's printing condition (identifier, registry, description),
  not the profile's file description.
- Colour: PDF/X-4 allows DeviceRGB only with an RGB output intent, and ours is CMYK. What is not
  given in CMYK (text greys, white, table shading, pictures) is written by WeasyPrint as
  DeviceRGB: it is tagged as sRGB (a DefaultRGB colour space in every colour-space resource, and
  ICCBased sRGB on RGB pictures, shadings and transparency groups), so the print shop's colour
  managed RIP converts it to the output condition. Brand colours given in CMYK stay DeviceCMYK.
- No annotations: PDF/X keeps the printed area free of them, and paper has nothing to click.
- `/GTS_PDFXVersion` in the Info dictionary too; no `pdfx:GTS_PDFXConformance` (a PDF/X-1a and
  X-3 key) in the XMP; `xmpMM:DocumentID` stable per brief instead of WeasyPrint's random one; the
  trailer /ID from the content (qpdf's deterministic id).
"""

from __future__ import annotations

import io
from importlib.resources import files

import pikepdf
from pikepdf import Array, Dictionary, Name, String

from briefexport.writers.pdf.print_settings import PrintSettings

PDFX_VERSION = "PDF/X-4"
PT_PER_MM = 72 / 25.4
# The ICC's own sRGB profile, which may be embedded without restriction; WeasyPrint ships it.
SRGB_PROFILE = files("weasyprint.pdf") / "sRGB2014.icc"
PDFX_NS = "http://ns.adobe.com/pdfx/1.3/"
XMPMM_NS = "http://ns.adobe.com/xap/1.0/mm/"


def _srgb(pdf: pikepdf.Pdf) -> Array:
    stream = pikepdf.Stream(pdf, SRGB_PROFILE.read_bytes())
    stream.N = 3
    return Array([Name.ICCBased, pdf.make_indirect(stream)])


def _resources(pdf: pikepdf.Pdf):
    """Every resource dictionary content can be drawn with: pages, forms, patterns, Type 3 fonts."""
    seen, pending = set(), [page.obj.get("/Resources") for page in pdf.pages]
    while pending:
        resources = pending.pop()
        if not isinstance(resources, Dictionary) or (resources.objgen != (0, 0) and resources.objgen in seen):
            continue
        seen.add(resources.objgen)
        yield resources
        for group in ("/XObject", "/Pattern", "/Font"):
            for item in (resources.get(group) or {}).values():
                if isinstance(item, (Dictionary, pikepdf.Stream)) and "/Resources" in item:
                    pending.append(item.Resources)


def tag_rgb_as_srgb(pdf: pikepdf.Pdf) -> None:
    srgb = _srgb(pdf)
    for resources in _resources(pdf):
        if "/ColorSpace" not in resources:
            resources.ColorSpace = Dictionary()
        resources.ColorSpace.DefaultRGB = srgb
    for obj in pdf.objects:
        if not isinstance(obj, (Dictionary, pikepdf.Stream)):
            continue
        for holder in (obj, obj.get("/Group")):
            if not isinstance(holder, (Dictionary, pikepdf.Stream)):
                continue
            for key in ("/ColorSpace", "/CS"):
                if holder.get(key) == Name.DeviceRGB:
                    holder[key] = srgb


def set_boxes(pdf: pikepdf.Pdf, bleed_mm: float) -> None:
    bleed = bleed_mm * PT_PER_MM
    for page in pdf.pages:
        left, bottom, right, top = (float(v) for v in page.obj.TrimBox)
        box = [left - bleed, bottom - bleed, right + bleed, top + bleed]
        media = [float(v) for v in page.obj.MediaBox]
        if box[0] < media[0] or box[1] < media[1] or box[2] > media[2] or box[3] > media[3]:
            raise ValueError(f"the bleed box {box} does not fit in the media box {media}")
        page.obj.BleedBox = Array([round(v, 4) for v in box])
        if "/Annots" in page.obj:
            del page.obj["/Annots"]


def set_output_intent(pdf: pikepdf.Pdf, settings: PrintSettings) -> None:
    intents = [i for i in pdf.Root.get("/OutputIntents", []) if i.get("/S") == Name.GTS_PDFX]
    if len(intents) != 1 or "/DestOutputProfile" not in intents[0]:
        raise ValueError(
            "WeasyPrint wrote no PDF/X output intent with a profile: is @color-profile device-cmyk set?"
        )
    intent = intents[0]
    intent.OutputConditionIdentifier = String(settings.condition)
    intent.OutputCondition = String(settings.info)
    intent.Info = String(settings.info)
    intent.RegistryName = String(settings.registry)


def set_metadata(pdf: pikepdf.Pdf, document_id: str) -> None:
    pdf.docinfo["/GTS_PDFXVersion"] = String(PDFX_VERSION)
    pdf.docinfo["/Trapped"] = Name("/False")  # WeasyPrint's value, said here as this module's promise
    with pdf.open_metadata(set_pikepdf_as_editor=False, update_docinfo=False) as xmp:
        if f"{{{PDFX_NS}}}GTS_PDFXConformance" in xmp:
            del xmp[f"{{{PDFX_NS}}}GTS_PDFXConformance"]
        xmp[f"{{{XMPMM_NS}}}DocumentID"] = document_id


def finish(data: bytes, settings: PrintSettings, document_id: str) -> bytes:
    """WeasyPrint's `pdf/x-4` output made a PDF/X-4 file (see the module's docstring)."""
    with pikepdf.open(io.BytesIO(data)) as pdf:
        set_boxes(pdf, settings.bleed)
        set_output_intent(pdf, settings)
        tag_rgb_as_srgb(pdf)
        set_metadata(pdf, document_id)
        # qpdf keeps the first /ID of its input, which WeasyPrint derived from a random XMP
        # DocumentID: without it, both halves come from the finished content.
        del pdf.trailer["/ID"]
        out = io.BytesIO()
        pdf.save(out, deterministic_id=True)
    return out.getvalue()
