"""Brief body -> HTML, shared by the PDF (print HTML), EPUB (XHTML chapters) and site (web edition)
writers.

Rendering walks the tokens the reader produced; nothing is parsed again. The footnote mode says
how notes appear: `float` inline for WeasyPrint's footnote area, `aside` as EPUB noterefs, `web`
as links to the notes section plus a pop-up (`popover`, no script) where the browser has it.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from pathlib import Path
from typing import Literal
from urllib.parse import quote

from markdown_it.renderer import RendererHTML
from markdown_it.token import Token
from markupsafe import Markup, escape

from briefexport.content.labels import Labels
from briefexport.content.markdown import MARKDOWN, inline_text
from briefexport.content.model import Brief
from briefexport.writers.shared.boxes_html import BoxRules
from briefexport.writers.shared.citations_html import cite_html
from briefexport.writers.shared.links import LinkPolicy, link_policy

FootnoteMode = Literal["float", "aside", "web"]
Numbers = Callable[[int | str], str]  # a generated number as printed: in the brief's digits (Layout.number)


class _BriefRenderer(BoxRules, RendererHTML):
    """markdown-it's own HTML renderer, with rules for figures, tables' captions, boxes,
    cross-references, footnotes and image URLs. Numbers and labels come from the model (the
    reader's targets.py); nothing is counted here but the web's scrolling regions.

    Methods named after token types are rules (that is how RendererHTML dispatches).
    """

    def __init__(
        self,
        brief: Brief,
        footnotes: FootnoteMode,
        image_url: Callable[[Path], str],
        labels: Labels,
        link: LinkPolicy | None = None,
        number: Numbers = str,
    ):
        super().__init__(MARKDOWN)
        self.brief = brief
        self.mode = footnotes
        self.image_url = image_url
        self.link = link
        self.links_kept: list[bool] = []  # per open link: whether its <a> was written
        self.tables = 0
        self.images = {image.src: image for image in brief.images}
        self.options = copy.deepcopy(MARKDOWN.options)  # the parser's, written as XHTML
        self.options["xhtmlOut"] = True
        self.labels = labels
        self.number = (
            number  # the model's numbers ("Figure 1.") in the digits the brand prints the language in
        )
        self.decorative = 0  # pull quotes open around the token: no links, no notes (a repeat of the text)
        self.boxes = 0
        self.box_kinds: list[str] = []
        self.called: set[int] = set()  # notes whose first call is printed

    def render_tokens(self, tokens: list[Token]) -> str:
        return self.render(tokens, self.options, {})

    def paragraph_open(self, tokens, idx, options, env):
        if tokens[idx].meta.get("figure"):
            image = next(c for c in tokens[idx + 1].children or [] if c.type == "image")
            name = image.attrGet("id")
            return f'<figure class="figure" id="{escape(name)}">\n' if name else '<figure class="figure">\n'
        return self.renderToken(tokens, idx, options, env)

    def paragraph_close(self, tokens, idx, options, env):
        opener = next(t for t in reversed(tokens[:idx]) if t.type == "paragraph_open")
        if opener.meta.get("figure"):
            return "</figure>\n"
        return self.renderToken(tokens, idx, options, env)

    def softbreak(self, tokens, idx, options, env):
        """A soft line break (a paragraph or note continued on the next source line) is a space, as
        in the DOCX: markdown-it writes a newline, which WeasyPrint keeps as a line break inside a
        footnote (`float: footnote`), so a note written over two lines printed on two lines."""
        return " "

    def image(self, tokens, idx, options, env):
        """The description goes to `alt` only; a figure's caption is the picture's title, after the
        label the model numbered ("Figure 1.", not a CSS counter), so that every format and text
        extraction read the same words. A figure without a title has no caption (the reader warns)."""
        token = tokens[idx]
        src = str(token.attrGet("src") or "")
        image = self.images.get(src)
        url = self.image_url(image.path) if image else ""
        html = f'<img src="{escape(url)}" alt="{escape(inline_text(token))}" />'
        caption = str(token.attrGet("title") or "").strip()
        if token.meta.get("figure") and caption:
            label = self.caption_label(token, "figure-label")
            html += f"\n<figcaption>{label} {escape(caption)}</figcaption>"
        return html

    def caption_label(self, token, css_class: str) -> Markup:
        """ "Figure 1." / "Table 1." as the model numbered it; on the web a link to its own id."""
        label = Markup('<span class="{}">{}</span>').format(
            css_class, self.number(token.meta["caption_label"])
        )
        name = token.attrGet("id") or token.meta.get("id")
        if self.mode == "web" and name:
            return Markup('<a class="anchor" href="#{}">{}</a>').format(name, label)
        return label

    def link_open(self, tokens, idx, options, env):
        """Where the link goes in this format (`self.link`: another brief's output, or no link). A
        pull quote repeats the text: its links stay with the text it repeats."""
        if self.decorative:
            self.links_kept.append(False)
            return ""
        if self.link is None:
            self.links_kept.append(True)
            return self.renderToken(tokens, idx, options, env)
        token = tokens[idx]
        href = self.link(str(token.attrGet("href") or ""))
        self.links_kept.append(href is not None)
        if href is None:
            return ""
        title = token.attrGet("title")
        return f'<a href="{escape(href)}"' + (f' title="{escape(title)}"' if title else "") + ">"

    def link_close(self, tokens, idx, options, env):
        return "</a>" if self.links_kept.pop() else ""

    def heading_open(self, tokens, idx, options, env):
        """On the web, a heading's text links to the heading itself (a link to share). A heading
        with its own id keeps its positional one on an empty span, so older links still land."""
        html = self.renderToken(tokens, idx, options, env)
        alias = tokens[idx].meta.get("alias")
        if alias:
            html += f'<span id="{escape(alias)}"></span>'
        anchor = tokens[idx].attrGet("id")
        return (
            html + f'<a class="anchor" href="#{escape(anchor)}">' if self.mode == "web" and anchor else html
        )

    def heading_close(self, tokens, idx, options, env):
        opener = next(t for t in reversed(tokens[:idx]) if t.type == "heading_open")
        html = self.renderToken(tokens, idx, options, env)
        return "</a>" + html if self.mode == "web" and opener.attrGet("id") else html

    def table_open(self, tokens, idx, options, env):
        """On the web, a table scrolls sideways in its own focusable region on a narrow screen,
        named by its number (the model's for a table with a caption)."""
        token = tokens[idx]
        name = token.meta.get("id")
        html = f'<table id="{escape(name)}">\n' if name else self.renderToken(tokens, idx, options, env)
        if self.mode != "web":
            return html
        self.tables += 1
        label = escape(self.number(token.meta.get("label") or f"{self.labels['table']} {self.tables}"))
        return f'<div class="table-scroll" role="region" tabindex="0" aria-label="{label}">\n' + html

    def caption_open(self, tokens, idx, options, env):
        """A table's caption, after the label the model numbered ("Table 1.")."""
        opener = next(t for t in reversed(tokens[:idx]) if t.type == "table_open")
        return Markup("<caption>") + self.caption_label(opener, "table-label") + " "

    def caption_close(self, tokens, idx, options, env):
        return "</caption>\n"

    def xref(self, tokens, idx, options, env):
        """`@fig-use`: the model's label ("Figure 1"), a link to its target; text only inside a link
        or a pull quote (no link in a link, nothing to follow in a decoration)."""
        token = tokens[idx]
        label, target = token.meta.get("label") or token.content, token.meta.get("target")
        if token.meta.get("label"):
            label = self.number(label)
        if not target or self.decorative or any(self.links_kept):
            return escape(label)
        return Markup('<a class="xref" href="#{}">{}</a>').format(target, label)

    def table_close(self, tokens, idx, options, env):
        html = self.renderToken(tokens, idx, options, env)
        return html + "</div>\n" if self.mode == "web" else html

    def cite(self, tokens, idx, options, env):
        """A citation, as the model formatted it (writers/shared/citations_html.py); none in a pull
        quote (the sentence it repeats cites)."""
        if self.decorative:
            return ""
        return cite_html(self.brief, {**tokens[idx].meta, "source": tokens[idx].content}, self.mode == "web")

    def footnote_ref(self, tokens, idx, options, env):
        if self.decorative:
            return ""  # the note is called where the pull quote's sentence stands in the text
        note_id = tokens[idx].meta["id"]
        number = note_id + 1
        # the first call printed (one in a pull quote is not) holds the note and the plain id
        first = note_id not in self.called
        self.called.add(note_id)
        sub = 0 if first else tokens[idx].meta.get("subId", 0)
        if self.mode == "web":
            return self.web_noteref(number, note_id, sub)
        if self.mode == "float":  # the call is a link to the note (tagged PDFs link them); numbers are ours
            shown = self.number(number)
            title = self.labels["footnote"].format(number=shown)
            call = f'<a class="footnote-call" href="#fn-{number}" title="{escape(title)}">{shown}</a>'
            if not first:
                return call
            return (
                f'{call}<span class="footnote" id="fn-{number}"><span '
                f'class="footnote-number">{shown}.</span> '
                f"{self.footnote_inline(note_id)}</span>"
            )
        ref_id = f"fnref-{number}" if first else f"fnref-{number}-{sub}"
        return (
            f'<a class="noteref" epub:type="noteref" role="doc-noteref" id="{ref_id}" '
            f'href="#fn-{number}">{self.number(number)}</a>'
        )

    def web_noteref(self, number: int, note_id: int, sub: int) -> str:
        """A link to the note in the notes section; where the browser has `popover`, a button that
        shows the note in place instead (the stylesheet shows one or the other)."""
        suffix = f"-{sub}" if sub else ""
        shown = self.number(number)
        label = escape(self.labels["note"].format(number=shown))
        return (
            f'<sup class="noteref" id="fnref-{number}{suffix}">'
            f'<a class="noteref-link" href="#fn-{number}" role="doc-noteref" '
            f'aria-label="{label}">{shown}</a>'
            f'<button class="noteref-pop" type="button" popovertarget="pop-{number}{suffix}" '
            f'aria-label="{label}">{shown}</button>'
            f'<span class="note-pop" popover id="pop-{number}{suffix}" role="note">'
            f'<span class="note-pop-number">{shown}</span> {self.footnote_inline(note_id)}</span></sup>'
        )

    def footnote_inline(self, note_id: int) -> str:
        """A footnote's paragraphs as inline HTML, for `float: footnote` (one span per note)."""
        blocks = self.brief.footnotes.get(note_id, [])
        parts = [self.renderInline(t.children or [], self.options, {}) for t in blocks if t.type == "inline"]
        return " ".join(parts)


def render_body(
    brief: Brief,
    footnotes: FootnoteMode,
    image_url: Callable[[Path], str],
    labels: Labels,
    link: LinkPolicy | None = None,
    number: Numbers = str,
) -> Markup:
    """The body as HTML; `link` says where each link goes in this format (`sibling_links`),
    `number` how a generated number prints (note calls, figure labels: in the brief's digits)."""
    return Markup(
        _BriefRenderer(brief, footnotes, image_url, labels, link, number).render_tokens(brief.tokens)
    )


def sibling_links(brief: Brief, suffix: str) -> LinkPolicy:
    """Links to other briefs (resolved by the reader) as their outputs beside this one:
    `other.pdf#sec-2`, `other.html`; web links and headings as written; any other link dropped
    (the one link policy, writers/shared/links.py: never a `file:` URL of the build folder)."""
    return link_policy(
        brief,
        lambda target: quote(target.slug + suffix) + (f"#{quote(target.anchor)}" if target.anchor else ""),
    )


def _notes(renderer: _BriefRenderer):
    """(number, HTML) of each footnote of the renderer's brief, in order."""
    for note_id in sorted(renderer.brief.footnotes):
        yield note_id + 1, renderer.render_tokens(renderer.brief.footnotes[note_id])


def render_notes(
    brief: Brief, image_url: Callable[[Path], str], labels: Labels, number: Numbers = str
) -> Markup:
    """EPUB 3 footnotes: one `aside epub:type="footnote"` per note, each with a back link."""
    asides = []
    for n, content in _notes(_BriefRenderer(brief, "aside", image_url, labels, number=number)):
        backlink = (
            f'<a class="backlink" href="#fnref-{n}" role="doc-backlink" '
            f'title="{escape(labels["back_to_text"])}">{number(n)}.</a> '
        )
        content = (
            content.replace("<p>", "<p>" + backlink, 1) if content.startswith("<p>") else backlink + content
        )
        asides.append(
            f'<aside class="footnote" epub:type="footnote" role="doc-footnote" id="fn-{n}">{content}</aside>'
        )
    return Markup("\n".join(asides))


def render_web_notes(
    brief: Brief,
    image_url: Callable[[Path], str],
    labels: Labels,
    link: LinkPolicy | None,
    number: Numbers = str,
) -> Markup:
    """The notes section of a web page: an ordered list, each note with a link back to the text
    (the list counts in the brief's digits: the stylesheet's list style for its language)."""
    items = []
    for n, content in _notes(_BriefRenderer(brief, "web", image_url, labels, link, number)):
        back = (
            f' <a class="backlink" href="#fnref-{n}" role="doc-backlink" '
            f'aria-label="{escape(labels["back_to_text"])} ({number(n)})">\u21a9</a>'
        )
        if content.endswith("</p>\n"):  # the back link ends the note's last paragraph
            content = content[: -len("</p>\n")] + back + "</p>\n"
        else:
            content += back
        items.append(f'<li id="fn-{n}">{content}</li>')
    return Markup('<ol class="notes-list">\n' + "\n".join(items) + "\n</ol>") if items else Markup("")
