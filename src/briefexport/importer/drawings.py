"""What a Word run draws: pictures (DrawingML and VML, any format Word holds: importer/pictures.py
converts what briefs cannot use), charts and SmartArt (their words as a visible placeholder, since
the brief has no chart object), and the text boxes and shapes whose text is part of the document
(`w:txbxContent`, handed back for document.py to read as paragraphs of their own).

Word writes most shapes twice, DrawingML in `mc:Choice` and VML in `mc:Fallback`: the caller reads
one of them (runs.py takes the Fallback), and here nothing inside a text box is collected twice:
the walk stops at every `w:txbxContent`, whose own drawings are read when the box is."""

from __future__ import annotations

from dataclasses import dataclass, field

from briefexport.importer import ir
from briefexport.importer.archive import Package, Relationship
from briefexport.importer.wordml import A_NS, ASVG_NS, R_NS, V_NS, WP_NS, w

C_NS = "http://schemas.openxmlformats.org/drawingml/2006/chart"
DGM_NS = "http://schemas.openxmlformats.org/drawingml/2006/diagram"
_HOLDERS = {f"{{{WP_NS}}}inline", f"{{{WP_NS}}}anchor", f"{{{V_NS}}}imagedata"}
MAX_PLACEHOLDER_WORDS = 400  # of a diagram's text: more is cut, with the warning saying so


@dataclass
class Drawn:
    items: list = field(default_factory=list)  # inline items: pictures, placeholders
    boxes: list = field(default_factory=list)  # w:txbxContent elements, outermost only
    notices: list[str] = field(default_factory=list)  # what the import must warn about


def walk(node):
    """The holders of pictures and the text boxes under `node`, in document order, without going
    into a text box (iteratively: a hostile file may nest shapes as deep as the parser allows)."""
    stack = [iter([node])]
    while stack:
        child = next(stack[-1], None)
        if child is None:
            stack.pop()
            continue
        if not isinstance(child.tag, str):
            continue
        if child.tag == w("txbxContent") or child.tag in _HOLDERS:
            yield child
            if child.tag != f"{{{WP_NS}}}anchor" and child.tag != f"{{{WP_NS}}}inline":
                continue
        stack.append(iter(child))


class DrawingReader:
    def __init__(self, package: Package, rels: dict[str, Relationship]):
        self.package, self.rels = package, rels

    def read(self, node, link: str | None) -> Drawn:
        drawn = Drawn()
        for holder in walk(node):
            if holder.tag == w("txbxContent"):
                drawn.boxes.append(holder)
            elif holder.tag == f"{{{V_NS}}}imagedata":
                data = self.image(holder.get(f"{{{R_NS}}}id"))
                alt = holder.get(f"{{{V_NS}}}title") or holder.get("title") or ""
                if data is not None:
                    drawn.items.append(ir.Picture("", alt, link=link, data=data))
            else:
                self.holder(holder, link, drawn)
        return drawn

    def holder(self, holder, link: str | None, drawn: Drawn) -> None:
        """A DrawingML picture, chart or diagram (wp:inline or wp:anchor)."""
        doc_pr = holder.find(f"{{{WP_NS}}}docPr")
        alt = (doc_pr.get("descr") or "") if doc_pr is not None else ""
        name = (doc_pr.get("name") or "") if doc_pr is not None else ""
        graphic = holder.find(f".//{{{A_NS}}}graphicData")
        uri = graphic.get("uri", "") if graphic is not None else ""
        blip = holder.find(f".//{{{A_NS}}}blip")
        if blip is not None:
            svg = blip.find(f".//{{{ASVG_NS}}}svgBlip")
            data = self.image((svg if svg is not None else blip).get(f"{{{R_NS}}}embed"))
            if data is not None:
                drawn.items.append(ir.Picture("", alt, link=link, data=data))
                return
        if uri.endswith("/chart") or "chartex" in uri.lower():
            title = self.chart_title(holder) or alt or name
            drawn.items.append(ir.Text(f"[Chart: {title}]" if title else "[Chart]", ir.NO_FLAGS, link))
            drawn.notices.append(
                f"a chart{' (' + title + ')' if title else ''} has no picture in the Word file: "
                "a placeholder stands in its place; paste the chart as a picture, or add it to the brief"
            )
        elif uri.endswith("/diagram"):
            words = self.diagram_text(holder)
            text = "; ".join(words)
            cut = len(text.split()) > MAX_PLACEHOLDER_WORDS
            if cut:
                text = " ".join(text.split()[:MAX_PLACEHOLDER_WORDS]) + " …"
            drawn.items.append(ir.Text(f"[Diagram: {text}]" if text else "[Diagram]", ir.NO_FLAGS, link))
            drawn.notices.append(
                "a SmartArt diagram has no picture in the Word file: its text stands in its place"
                + (f" (cut at {MAX_PLACEHOLDER_WORDS} words)" if cut else "")
                + "; add a picture of it to the brief"
            )

    def part(self, node, attribute: str):
        rel = self.rels.get(node.get(f"{{{R_NS}}}{attribute}") or "") if node is not None else None
        if rel is None or rel.external or not self.package.has(rel.target):
            return None
        return self.package.xml(rel.target)

    def chart_title(self, holder) -> str:
        chart = holder.find(f".//{{{C_NS}}}chart")
        root = self.part(chart, "id")
        title = root.find(f".//{{{C_NS}}}title") if root is not None else None
        if title is None:
            return ""
        return " ".join("".join(t.text or "" for t in title.iter(f"{{{A_NS}}}t")).split())

    def diagram_text(self, holder) -> list[str]:
        """The text of a SmartArt diagram's points, in the order its data part lists them."""
        ids = holder.find(f".//{{{DGM_NS}}}relIds")
        root = self.part(ids, "dm")
        if root is None:
            return []
        words = []
        for point in root.iter(f"{{{DGM_NS}}}pt"):
            text = " ".join("".join(t.text or "" for t in point.iter(f"{{{A_NS}}}t")).split())
            if text and point.get("type", "node") in ("node", ""):
                words.append(text)
        return words

    def image(self, rid: str | None) -> bytes | None:
        rel = self.rels.get(rid or "")
        if rel is None or rel.external or not self.package.has(rel.target):
            return None
        return self.package.read(rel.target)
