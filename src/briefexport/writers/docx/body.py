"""A brief's body (the reader's markdown-it tokens) -> Word paragraphs, lists, tables, pictures, notes.

Walks the tokens as a markdown-it SyntaxTreeNode tree; nothing is parsed again. Blocks take
Word styles from the checked reference document; inline formatting that Word users apply
directly (bold, italic, strikethrough, superscript) is direct formatting, as in a hand-made
document; code uses the "Verbatim Char" character style and links the "Hyperlink" one.

Nothing here trusts the tokens more than the EPUB writer does: every picture goes through the
project sandbox and the one picture rule again, and raw HTML loses scripts, frames, embedded
objects (with their text) and unsafe links (raw_html.py).
"""

from __future__ import annotations

from dataclasses import replace

from lxml import etree
from markdown_it.token import Token
from markdown_it.tree import SyntaxTreeNode

from briefexport.content.markdown import list_start
from briefexport.content.model import Brief
from briefexport.project import Project
from briefexport.safety.markup import INLINE_FLAGS, inline_tag
from briefexport.writers.docx import styles
from briefexport.writers.docx.boxes import BoxWriter
from briefexport.writers.docx.crosslinks import draft_link
from briefexport.writers.docx.drawings import PictureWriter
from briefexport.writers.docx.footnotes import Footnotes
from briefexport.writers.docx.numbering import Numbering, num_pr
from briefexport.writers.docx.oxml import (
    bookmark_name,
    el,
    field,
    paragraph,
    qn,
    rpr,
    set_ppr,
    text_run,
)
from briefexport.writers.docx.pictures import Pictures
from briefexport.writers.docx.raw_html import RawHtmlWriter
from briefexport.writers.docx.reference import Reference
from briefexport.writers.docx.runs import Env, Runs, Story, inline_tokens
from briefexport.writers.docx.tables import TableWriter
from briefexport.writers.shared.links import link_policy

TABLE = qn("w:tbl")


class BodyWriter(TableWriter, RawHtmlWriter, PictureWriter, BoxWriter):
    """Writes block tokens into a story. One per document: it numbers pictures, bookmarks and
    footnotes across the whole document (figures and tables are numbered by the model)."""

    def __init__(
        self,
        brief: Brief,
        styles: Reference,
        footnotes: Footnotes,
        numbering: Numbering,
        pictures: Pictures,
        labels: dict[str, str],
        *,
        project: Project,
    ):
        self.brief = brief
        self.project = project
        self.styles = styles
        self.footnotes = footnotes
        self.numbering = numbering
        self.pictures = pictures
        self.labels = labels
        self.text_width, self.text_height = styles.text_size  # EMU: the reference's page, the document's
        self.shown = project.display(brief.path)
        self.images = {image.src: image for image in brief.images}
        self.decorative = 0  # pull quotes open: their text repeats the body's, which calls their notes
        self.shape_ids = 0
        self.bookmark_ids = 0
        self.cited: set[int] = set()
        self.bookmarks: set[str] = set()
        self.picture_sources: dict[str, str] = {}  # sha256 of each embedded picture -> its src (provenance)
        self.tree = SyntaxTreeNode(brief.tokens)
        # notes cited more than once: the first citation gets a bookmark the others refer to
        self.repeated = {
            node.meta["id"]
            for node in self.tree.walk()
            if node.type == "footnote_ref" and node.meta.get("subId")
        }

    def href(self, href: str) -> str | None:
        """Where a link goes in the Word draft (the one link policy, writers/shared/links.py): a
        link to another brief to that brief's draft (crosslinks.py), one to a figure, table or box
        of this brief to its bookmark; None: its text stays alone."""
        if href.startswith("#") and href[1:] in self.brief.targets:
            return "#" + self.target_bookmark(href[1:])
        return link_policy(self.brief, lambda link: draft_link(link.slug, link.anchor))(href)

    # -- blocks ---------------------------------------------------------------------------

    def write_body(self, story: Story) -> None:
        self.blocks(self.tree.children, story, Env())

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
            self.listing(node, story, env)
        elif kind == "blockquote":
            self.blocks(node.children, story, replace(env, quote=True))
        elif kind == "table":
            if any(child.type == "caption" for child in node.children):
                self.table_caption(node, story)
            self.table(node, story)
        elif kind == "box":
            self.box(node, story, env)
        elif kind in ("fence", "code_block"):
            p = paragraph(self.styles.style("Source Code"))
            p.append(text_run(node.content.rstrip("\n")))
            story.append(p)
        elif kind == "hr":
            rule = el(
                "w:pBdr",
                None,
                el("w:bottom", {"w:val": "single", "w:sz": 4, "w:space": 1, "w:color": "auto"}),
            )
            story.append(
                el(
                    "w:p",
                    None,
                    el("w:pPr", None, el("w:pStyle", {"w:val": self.styles.style("Body Text")}), rule),
                )
            )
        elif kind == "html_block":
            self.html_block(node.content, story, env)
        else:  # anything else markdown-it may grow: keep its content rather than drop it
            self.blocks(node.children, story, env)

    def body_style(self, node: SyntaxTreeNode, story: Story, env: Env) -> str:
        if story.note:
            return "Footnote Text"
        if env.box:
            return env.box
        if env.quote:
            return "Quote"
        if node.attrs.get("class") == "lead":
            return "Brief Lead"
        return "Body Text"

    def paragraph(
        self,
        node: SyntaxTreeNode,
        story: Story,
        env: Env,
        style: str | None = None,
        numbered: tuple[int, int] | None = None,
    ) -> etree._Element | None:
        """A Word paragraph for a Markdown one (a figure makes two and returns None)."""
        tokens = inline_tokens(node)
        if node.meta.get("figure") and not story.note:
            self.figure(tokens, story)
            return None
        p = paragraph(self.styles.style(style or self.body_style(node, story, env)))
        if numbered:
            set_ppr(p, num_pr(*numbered))
        story.append(p)
        previous = p.getprevious()
        if previous is not None and (previous.tag == TABLE or (not env.box and self.in_box(previous))):
            # Word tables have no margin below; a box's space after is inside its border
            set_ppr(p, el("w:spacing", {"w:before": 200}))
        self.inline(tokens, Runs(p, story, self.styles))
        return p

    def heading(self, node: SyntaxTreeNode, story: Story) -> None:
        level = int(node.tag[1])
        p = paragraph(self.styles.style(styles.heading_style(level)))
        story.append(p)
        names = [bookmark_name(str(node.attrs.get("id") or "")), bookmark_name(node.meta.get("alias", ""))]
        opened = self.open_bookmarks(p, names)  # its own id, and its positional one when it has its own
        runs = Runs(p, story, self.styles)
        self.inline(inline_tokens(node), runs)
        runs.flush()
        self.close_bookmarks(p, opened)

    def listing(self, node: SyntaxTreeNode, story: Story, env: Env) -> None:
        depth = env.depth
        ordered = node.type == "ordered_list"
        num_id = self.numbering.ordered(depth, list_start(node)) if ordered else self.numbering.bullet_num
        suffix = " 2" if depth else ""
        style = ("List Number" if ordered else "List Bullet") + suffix
        continued = "List Continue" + suffix
        if env.box:  # a list in a box: its numbering on the box's paragraphs, so the box stays whole
            style = continued = env.box
        inner = replace(env, depth=depth + 1)
        for item in node.children:
            children = item.children
            if not children or children[0].type != "paragraph":
                p = paragraph(self.styles.style(style))
                set_ppr(p, num_pr(num_id, depth))
                story.append(p)
            for index, child in enumerate(children):
                if child.type == "paragraph" and index == 0:
                    lead = self.paragraph(child, story, inner, style=style, numbered=(num_id, depth))
                    if (
                        lead is not None
                        and len(children) > 1
                        and children[1].type in ("bullet_list", "ordered_list")
                    ):
                        set_ppr(lead, el("w:keepNext"))  # an item's lead-in stays with its sub-items
                elif child.type == "paragraph":
                    self.paragraph(child, story, inner, style=continued)
                else:
                    self.block(child, story, inner)

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
                runs.link_open(self.href(str(token.attrGet("href") or "")))
            elif kind == "link_close":
                runs.link_close()
            elif kind == "image":
                run = self.picture(token, runs.story, figure=False)
                if run is not None:
                    runs.append(run)
            elif kind == "footnote_ref":
                self.footnote_ref(token, runs)
            elif kind == "xref":
                self.xref(token, runs)
            elif kind == "html_inline":
                self.html_inline(token.content, runs)
            elif token.content:
                runs.text(token.content)
        runs.flush()

    def html_inline(self, tag: str, runs: Runs) -> None:
        """The reader keeps only bare inline tags such as <sup>, <em> or <br> (safety.markup)."""
        parsed = inline_tag(tag)
        if parsed is None:
            return
        closing, name = parsed
        if name == "br":
            runs.line_break()
        elif name in INLINE_FLAGS:
            runs.toggle(INLINE_FLAGS[name], not closing)

    def footnote_ref(self, token: Token, runs: Runs) -> None:
        note = token.meta["id"]
        word_id = note + 1  # Word reserves ids -1 and 0 for the separators
        style = self.styles.style("Footnote Reference")
        if runs.story.note or note not in self.brief.footnotes:
            runs.styled(str(word_id), "Footnote Reference")  # Word notes cannot nest: show the number
            return
        bookmark = f"_Ref_fn{word_id}"
        # a second citation of the same note, or one in a pull quote (which repeats the sentence that
        # calls the note): a cross-reference to it, showing its number
        if note in self.cited or (self.decorative and note in self.repeated):
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
