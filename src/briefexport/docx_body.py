"""A brief's body (the reader's markdown-it tokens) -> Word paragraphs, lists, tables, pictures, notes.

Walks the tokens as a markdown-it SyntaxTreeNode tree; nothing is parsed again. Blocks take
Word styles from the checked reference document; inline formatting that Word users apply
directly (bold, italic, strikethrough, superscript) is direct formatting, as in a hand-made
document; code uses the "Verbatim Char" character style and links the "Hyperlink" one.

Nothing here trusts the tokens more than the EPUB writer does: every picture goes through the
project sandbox again, and raw HTML loses scripts, frames, embedded objects (with their text)
and links other than http(s)/mailto/relative, as in xhtml.py.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import Callable

from docx.opc.part import Part
from lxml import etree
from markdown_it.token import Token
from markdown_it.tree import SyntaxTreeNode

from briefexport.docx_footnotes import Footnotes
from briefexport.docx_numbering import Numbering, num_pr
from briefexport.docx_pictures import BadPicture, Pictures, Prepared, add_svg
from briefexport.docx_oxml import (bookmark_name, el, field, hyperlink, paragraph, picture, qn, rpr, set_ppr,
                                   text_run)
from briefexport.docx_reference import Reference
from briefexport.errors import ContentError, Diagnostic
from briefexport.markdown import inline_text
from briefexport.model import Brief, Image
from briefexport.project import Project
from briefexport.resources import Refused, check_file, check_image
from briefexport.xhtml import DROP_WITH_CONTENT, safe_url

EMU_PER_TWIP = 635
TABLE = qn("w:tbl")
_ALIGN = re.compile(r"text-align\s*:\s*(left|right|center)")
_HTML_BLOCKS = {"p", "div", "blockquote", "ul", "ol", "li"}
_HTML_FLAGS = {"b": "bold", "strong": "bold", "i": "italic", "em": "italic", "sup": "sup", "sub": "sub"}


@dataclass(frozen=True)
class Story:
    """Where blocks go (the body, a footnote) and the part that holds their links and pictures."""

    part: Part
    append: Callable[[etree._Element], None]
    note: bool = False


@dataclass(frozen=True)
class Env:
    """Block context: open lists (for nesting depth) and whether we are inside a block quote."""

    depth: int = 0
    quote: bool = False


class Runs:
    """The inline content of one paragraph. Adjacent text with the same formatting becomes one
    run, as in a document typed by hand."""

    def __init__(self, paragraph_element: etree._Element, story: Story, styles: Reference):
        self.p = paragraph_element
        self.target = paragraph_element
        self.story = story
        self.styles = styles
        self.flags = {"bold": 0, "italic": 0, "strike": 0, "sup": 0, "sub": 0}
        self.buffer: list[str] = []
        self.in_link = False

    def props(self, char_style: str | None = None):
        if char_style is None and self.in_link:
            char_style = "Hyperlink"
        vert = "superscript" if self.flags["sup"] else "subscript" if self.flags["sub"] else None
        return rpr(self.styles.style(char_style) if char_style else None, bold=self.flags["bold"] > 0,
                   italic=self.flags["italic"] > 0, strike=self.flags["strike"] > 0, vert=vert)

    def text(self, value: str) -> None:
        self.buffer.append(value)

    def flush(self) -> None:
        if self.buffer:
            text = "".join(self.buffer)
            self.buffer = []
            if text:
                self.target.append(text_run(text, self.props()))

    def toggle(self, flag: str, on: bool) -> None:
        self.flush()
        self.flags[flag] = max(0, self.flags[flag] + (1 if on else -1))

    def styled(self, value: str, char_style: str) -> None:
        self.flush()
        self.target.append(text_run(value, self.props(char_style)))

    def append(self, element: etree._Element) -> None:
        self.flush()
        self.target.append(element)

    def line_break(self) -> None:
        self.append(el("w:r", None, el("w:br")))

    def link_open(self, href: str) -> None:
        self.flush()
        if not href or not safe_url(href):
            return  # the text stays, without the link
        link = hyperlink(self.story.part, href)
        self.p.append(link)
        self.target = link
        self.in_link = True

    def link_close(self) -> None:
        self.flush()
        self.target = self.p
        self.in_link = False


class BodyWriter:
    """Writes block tokens into a story. One per document: it numbers figures, pictures,
    bookmarks and footnotes across the whole document."""

    def __init__(self, brief: Brief, styles: Reference, footnotes: Footnotes, numbering: Numbering,
                 pictures: Pictures, labels: dict[str, str], text_width: int, text_height: int, shown: str,
                 *, project: Project):
        self.brief = brief
        self.project = project
        self.styles = styles
        self.footnotes = footnotes
        self.numbering = numbering
        self.pictures = pictures
        self.labels = labels
        self.text_width = text_width  # EMU
        self.text_height = text_height
        self.shown = shown
        self.images = {image.src: image for image in brief.images}
        self.figures = 0
        self.shape_ids = 0
        self.bookmark_ids = 0
        self.cited: set[int] = set()
        self.bookmarks: set[str] = set()
        self.repeated = {t.meta["id"] for t in _walk(brief.tokens) if t.type == "footnote_ref" and t.meta.get("subId")}

    # -- blocks ---------------------------------------------------------------------------

    def write(self, tokens: list[Token], story: Story) -> None:
        self.blocks(SyntaxTreeNode(tokens).children, story, Env())

    def blocks(self, nodes, story: Story, env: Env) -> None:
        for node in nodes:
            self.block(node, story, env)

    def block(self, node: SyntaxTreeNode, story: Story, env: Env) -> None:
        kind = node.type
        if kind == "paragraph":
            self.paragraph(node, story, env)
        elif kind == "heading":
            self.heading(node, story)
        elif kind in ("bullet_list", "ordered_list"):
            self.list(node, story, env)
        elif kind == "blockquote":
            self.blocks(node.children, story, replace(env, quote=True))
        elif kind == "table":
            self.table(node, story)
        elif kind in ("fence", "code_block"):
            p = paragraph(self.styles.style("Source Code"))
            p.append(text_run(node.content.rstrip("\n")))
            story.append(p)
        elif kind == "hr":
            p = paragraph(self.styles.style("Body Text"))
            set_ppr(p, el("w:pBdr", None, el("w:bottom", {"w:val": "single", "w:sz": 4, "w:space": 1,
                                                           "w:color": "auto"})))
            story.append(p)
        elif kind == "html_block":
            self.html_block(node.content, story, env)
        else:  # anything else markdown-it may grow: keep its content rather than drop it
            self.blocks(node.children, story, env)

    def body_style(self, node: SyntaxTreeNode, story: Story, env: Env) -> str:
        if story.note:
            return "Footnote Text"
        if env.quote:
            return "Quote"
        if node.attrs.get("class") == "lead":
            return "Brief Lead"
        return "Body Text"

    def paragraph(self, node: SyntaxTreeNode, story: Story, env: Env, style: str | None = None,
                  numbered: tuple[int, int] | None = None) -> etree._Element | None:
        """A Word paragraph for a Markdown one (a figure makes two and returns None)."""
        tokens = _inline_tokens(node)
        if node.meta.get("figure") and not story.note:
            self.figure(tokens, story)
            return None
        p = paragraph(self.styles.style(style or self.body_style(node, story, env)))
        if numbered:
            set_ppr(p, num_pr(*numbered))
        story.append(p)
        previous = p.getprevious()
        if previous is not None and previous.tag == TABLE:
            set_ppr(p, el("w:spacing", {"w:before": 200}))  # Word tables have no margin below
        self.inline(tokens, Runs(p, story, self.styles))
        return p

    def heading(self, node: SyntaxTreeNode, story: Story) -> None:
        level = int(node.tag[1])
        style = {1: "Heading 1", 2: "Heading 1", 3: "Heading 2"}.get(level, "Heading 3")
        p = paragraph(self.styles.style(style))
        story.append(p)
        anchor = bookmark_name(str(node.attrs.get("id") or ""))
        if anchor in self.bookmarks:
            anchor = ""  # Word keeps only the first of two bookmarks with one name
        if anchor:
            self.bookmarks.add(anchor)
            self.bookmark_ids += 1
            p.append(el("w:bookmarkStart", {"w:id": self.bookmark_ids, "w:name": anchor}))
        runs = Runs(p, story, self.styles)
        self.inline(_inline_tokens(node), runs)
        runs.flush()
        if anchor:
            p.append(el("w:bookmarkEnd", {"w:id": self.bookmark_ids}))

    def list(self, node: SyntaxTreeNode, story: Story, env: Env) -> None:
        depth = env.depth
        ordered = node.type == "ordered_list"
        if ordered:
            num_id = self.numbering.ordered(depth, _int(node.attrs.get("start"), 1))
        else:
            num_id = self.numbering.bullet_num
        suffix = " 2" if depth else ""
        style = ("List Number" if ordered else "List Bullet") + suffix
        continued = "List Continue" + suffix
        inner = replace(env, depth=depth + 1)
        for item in node.children:
            children = item.children
            if not children or children[0].type != "paragraph":
                p = paragraph(self.styles.style(style))
                set_ppr(p, num_pr(num_id, depth))
                story.append(p)
            for index, child in enumerate(children):
                if child.type == "paragraph" and index == 0:
                    p = self.paragraph(child, story, inner, style=style, numbered=(num_id, depth))
                    if p is not None and len(children) > 1 and children[1].type in ("bullet_list", "ordered_list"):
                        set_ppr(p, el("w:keepNext"))  # an item's lead-in stays with its sub-items
                elif child.type == "paragraph":
                    self.paragraph(child, story, inner, style=continued)
                else:
                    self.block(child, story, inner)

    def figure(self, tokens: list[Token], story: Story) -> None:
        image = next(t for t in tokens if t.type == "image")
        p = paragraph(self.styles.style("Figure"))
        story.append(p)
        run = self.picture(image, story, figure=True)
        if run is not None:
            p.append(run)
        self.figures += 1
        caption = paragraph(self.styles.style("Caption"))  # "Figure 1. " as Word's Insert Caption makes it
        caption.append(text_run(f"{self.labels['figure']} ", rpr(bold=True)))
        caption.append(field("SEQ Figure \\* ARABIC", str(self.figures), rpr(bold=True)))
        caption.append(text_run(". ", rpr(bold=True)))
        caption.append(text_run(inline_text(image)))
        story.append(caption)

    def table(self, node: SyntaxTreeNode, story: Story) -> None:
        rows: list[tuple[bool, list[SyntaxTreeNode]]] = []
        for section in node.children:
            for row in section.children:
                rows.append((section.type == "thead", list(row.children)))
        columns = max((len(cells) for _, cells in rows), default=0)
        if not columns:
            return
        widths = _column_widths(rows, columns, self.text_width // EMU_PER_TWIP)
        tbl = el("w:tbl", None, el(
            "w:tblPr", None,
            el("w:tblStyle", {"w:val": self.styles.style("Brief Table")}),
            el("w:tblW", {"w:w": 5000, "w:type": "pct"}),
            el("w:tblLook", {"w:val": "04A0", "w:firstRow": 1, "w:lastRow": 0, "w:firstColumn": 0,
                             "w:lastColumn": 0, "w:noHBand": 0, "w:noVBand": 1}),
        ), el("w:tblGrid", None, *[el("w:gridCol", {"w:w": w}) for w in widths]))
        for header, cells in rows:
            tr = el("w:tr")
            if header:  # a header row Word repeats on every page the table spans
                tr.append(el("w:trPr", None, el("w:cantSplit"), el("w:tblHeader")))
            for index in range(columns):
                cell = cells[index] if index < len(cells) else None
                tc = el("w:tc", None, el("w:tcPr", None, el("w:tcW", {"w:w": widths[index], "w:type": "dxa"})))
                p = paragraph(self.styles.style("Brief Table Text"))
                align = _ALIGN.search(str(cell.attrs.get("style", ""))) if cell is not None else None
                if align:
                    set_ppr(p, el("w:jc", {"w:val": {"left": "left", "right": "right", "center": "center"}[align.group(1)]}))
                tc.append(p)
                if cell is not None:
                    self.inline(_inline_tokens(cell), Runs(p, story, self.styles))
                tr.append(tc)
            tbl.append(tr)
        story.append(tbl)

    # -- inline ---------------------------------------------------------------------------

    def inline(self, tokens: list[Token], runs: Runs) -> None:
        for token in tokens:
            kind = token.type
            if kind == "text":
                runs.text(token.content)
            elif kind == "softbreak":
                runs.text(" ")
            elif kind == "hardbreak":
                runs.line_break()
            elif kind in ("strong_open", "strong_close"):
                runs.toggle("bold", kind.endswith("open"))
            elif kind in ("em_open", "em_close"):
                runs.toggle("italic", kind.endswith("open"))
            elif kind in ("s_open", "s_close"):
                runs.toggle("strike", kind.endswith("open"))
            elif kind == "code_inline":
                runs.styled(token.content, "Verbatim Char")
            elif kind == "link_open":
                runs.link_open(str(token.attrGet("href") or ""))
            elif kind == "link_close":
                runs.link_close()
            elif kind == "image":
                run = self.picture(token, runs.story, figure=False)
                if run is not None:
                    runs.append(run)
            elif kind == "footnote_ref":
                self.footnote_ref(token, runs)
            elif kind == "html_inline":
                self.html_inline(token.content, runs)
            elif token.content:
                runs.text(token.content)
        runs.flush()

    def html_inline(self, tag: str, runs: Runs) -> None:
        """The reader keeps only bare <sup>, <sub>, <em>, <strong>, <i>, <b>, <small>, <br> tags."""
        match = re.fullmatch(r"<(/?)([a-z]+)\s*/?>", tag.strip().lower())
        if not match:
            return
        closing, name = match.group(1) == "/", match.group(2)
        if name == "br":
            runs.line_break()
        elif name in _HTML_FLAGS:
            runs.toggle(_HTML_FLAGS[name], not closing)

    def footnote_ref(self, token: Token, runs: Runs) -> None:
        note = token.meta["id"]
        word_id = note + 1  # Word reserves ids -1 and 0 for the separators
        style = self.styles.style("Footnote Reference")
        if runs.story.note or note not in self.brief.footnotes:
            runs.styled(str(word_id), "Footnote Reference")  # Word notes cannot nest: show the number
            return
        bookmark = f"_Ref_fn{word_id}"
        if note in self.cited:  # a second citation of the same note: a cross-reference to it
            runs.append(field(f"NOTEREF {bookmark} \\f \\h", str(word_id), rpr(style)))
            return
        self.cited.add(note)
        if note in self.repeated:
            self.bookmark_ids += 1
            runs.append(el("w:bookmarkStart", {"w:id": self.bookmark_ids, "w:name": bookmark}))
            runs.append(self.footnotes.reference(word_id))
            runs.append(el("w:bookmarkEnd", {"w:id": self.bookmark_ids}))
        else:
            runs.append(self.footnotes.reference(word_id))
        element = self.footnotes.add(word_id)
        self.write(self.brief.footnotes[note], Story(self.footnotes.part, element.append, note=True))
        self.footnotes.finish(element)

    # -- pictures -------------------------------------------------------------------------

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
        self.shape_ids += 1
        alt = inline_text(token) or image.alt
        drawing = picture(story.part, prepared.raster, self.shape_ids, alt, width, height)
        if prepared.svg is not None:
            add_svg(drawing, story.part, prepared.svg)
        return el("w:r", None, drawing)

    def prepare(self, image: Image) -> Prepared:
        """The picture's parts, once its path is inside the project and its file a whole picture."""
        try:
            path = check_file(image.path, self.project)
            check_image(path)
            return self.pictures.prepare(path, image.alt)
        except Refused as exc:
            reason = str(exc)
        except (BadPicture, OSError) as exc:
            reason = f"cannot be embedded in Word ({exc})"
        raise ContentError(Diagnostic(self.shown, image.line, 1, f"image `{image.src}`: {reason}"))

    # -- raw HTML blocks (sanitized by the reader, and again here) ----------------------

    def html_block(self, content: str, story: Story, env: Env) -> None:
        from lxml import html as lxml_html

        content = content.strip()
        if not content:
            return
        root = lxml_html.fragment_fromstring(content, create_parent="div")
        self._html_flow(root, story, env, lambda: paragraph(self.styles.style(
            "Footnote Text" if story.note else "Quote" if env.quote else "Body Text")))

    def _html_flow(self, element, story: Story, env: Env, new_paragraph: Callable[[], etree._Element]) -> None:
        runs: Runs | None = None

        def current() -> Runs:
            nonlocal runs
            if runs is None:
                p = new_paragraph()
                story.append(p)
                runs = Runs(p, story, self.styles)
            return runs

        if element.text and element.text.strip():
            current().text(_squash(element.text))
        for child in element:
            tag = _kept_tag(child)
            if tag in _HTML_BLOCKS:
                if runs is not None:
                    runs.flush()
                    runs = None
                if tag == "blockquote":
                    inner = replace(env, quote=True)
                    self._html_flow(child, story, inner, lambda: paragraph(self.styles.style("Quote")))
                elif tag in ("ul", "ol"):
                    num_id = self.numbering.ordered(0) if tag == "ol" else self.numbering.bullet_num
                    style = self.styles.style("List Number" if tag == "ol" else "List Bullet")

                    def item(style=style, num_id=num_id):
                        p = paragraph(style)
                        set_ppr(p, num_pr(num_id, 0))
                        return p
                    for li in child:
                        if _kept_tag(li):
                            self._html_flow(li, story, env, item)
                else:
                    self._html_flow(child, story, env, new_paragraph)
            elif tag:
                self._html_inline(child, current())
            if child.tail and child.tail.strip():
                current().text(_squash(child.tail))
        if runs is not None:
            runs.flush()

    def _html_inline(self, element, runs: Runs) -> None:
        tag = element.tag.lower()
        if tag == "br":
            runs.line_break()
            return
        flag = _HTML_FLAGS.get(tag)
        if flag:
            runs.toggle(flag, True)
        if tag == "a":
            runs.link_open(str(element.get("href") or ""))
        if element.text:
            runs.text(_squash(element.text))
        for child in element:
            if _kept_tag(child):
                self._html_inline(child, runs)
            if child.tail:
                runs.text(_squash(child.tail))
        if tag == "a":
            runs.link_close()
        if flag:
            runs.toggle(flag, False)


def _kept_tag(element) -> str:
    """The element's tag name; "" for comments and for what is dropped with its content (scripts...)."""
    tag = element.tag.lower() if isinstance(element.tag, str) else ""
    return "" if tag in DROP_WITH_CONTENT else tag


def _inline_tokens(node: SyntaxTreeNode) -> list[Token]:
    for child in node.children:
        if child.type == "inline":
            return list(child.token.children or [])
    return []


def _walk(tokens):
    for token in tokens:
        yield token
        if token.children:
            yield from _walk(token.children)


def _int(value, default: int) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return default


def _squash(text: str) -> str:
    return re.sub(r"\s+", " ", text)


def _column_widths(rows, columns: int, total: int) -> list[int]:
    """Column widths (twips) in proportion to their longest text, within sensible bounds."""
    weights = []
    for index in range(columns):
        longest = 4
        for header, cells in rows:
            if index < len(cells):
                text = "".join(t.content for t in _inline_tokens(cells[index]) if t.type == "text")
                longest = max(longest, (len(text) + 1) // (2 if header else 1))
        weights.append(min(longest, 40))
    scale = total / sum(weights)
    widths = [int(w * scale) for w in weights]
    widths[-1] += total - sum(widths)
    return widths
