"""Brief body -> HTML, shared by the PDF (print HTML) and EPUB (XHTML chapters) writers.

Rendering walks the tokens the reader produced; nothing is parsed again.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import quote
from typing import Callable, Literal

from markupsafe import Markup, escape
from markdown_it.renderer import RendererHTML
from markdown_it.token import Token
from markdown_it.utils import OptionsDict

from briefexport import i18n
from briefexport.content.markdown import MARKDOWN, inline_text
from briefexport.content.model import Brief, BriefLink

FootnoteMode = Literal["float", "aside"]


class _BriefRenderer(RendererHTML):
    """markdown-it's own HTML renderer, with rules for figures, footnotes and image URLs.

    Methods named after token types are rules (that is how RendererHTML dispatches).
    """

    def __init__(self, brief: Brief, footnotes: FootnoteMode, image_url: Callable[[Path], str],
                 brief_url: Callable[[BriefLink], str] | None = None):
        super().__init__(MARKDOWN)
        self.brief = brief
        self.brief_url = brief_url
        self.mode = footnotes
        self.image_url = image_url
        self.images = {image.src: image for image in brief.images}
        self.options = OptionsDict({**dict(MARKDOWN.options.items()), "xhtmlOut": True})
        self.labels = i18n.labels(brief.language)
        self.figures = 0

    def render_tokens(self, tokens: list[Token]) -> str:
        return self.render(tokens, self.options, {})

    def paragraph_open(self, tokens, idx, options, env):
        if tokens[idx].meta.get("figure"):
            return '<figure class="figure">\n'
        return self.renderToken(tokens, idx, options, env)

    def paragraph_close(self, tokens, idx, options, env):
        opener = next(t for t in reversed(tokens[:idx]) if t.type == "paragraph_open")
        if opener.meta.get("figure"):
            return "</figure>\n"
        return self.renderToken(tokens, idx, options, env)

    def link_open(self, tokens, idx, options, env):
        """A link to another brief (resolved by the reader) goes to that brief's output in this format."""
        token = tokens[idx]
        link = self.brief.links.get(str(token.attrGet("href") or ""))
        if link is not None and self.brief_url is not None:
            token = token.copy(attrs={**token.attrs, "href": self.brief_url(link)})  # the model stays as it is
        return self.renderToken([token], 0, options, env)

    def image(self, tokens, idx, options, env):
        """The description goes to `alt` only; a figure's caption is the picture's title, numbered
        here (not by a CSS counter) so that every format and text extraction read the same words.
        A figure without a title has no caption (the reader warns)."""
        token = tokens[idx]
        src = str(token.attrGet("src") or "")
        image = self.images.get(src)
        url = self.image_url(image.path) if image else ""
        html = f'<img src="{escape(url)}" alt="{escape(inline_text(token))}" />'
        caption = str(token.attrGet("title") or "").strip()
        if token.meta.get("figure") and caption:
            self.figures += 1
            label = f"{self.labels['figure']} {self.figures}."
            html += (f'\n<figcaption><span class="figure-label">{escape(label)}</span> '
                     f"{escape(caption)}</figcaption>")
        return html

    def footnote_ref(self, tokens, idx, options, env):
        note_id = tokens[idx].meta["id"]
        number = note_id + 1
        first = tokens[idx].meta.get("subId", 0) == 0
        if self.mode == "float":  # the call is a link to the note (tagged PDFs link them); numbers are ours
            title = self.labels["footnote"].format(number=number)
            call = f'<a class="footnote-call" href="#fn-{number}" title="{escape(title)}">{number}</a>'
            if not first:
                return call
            return (f'{call}<span class="footnote" id="fn-{number}"><span class="footnote-number">{number}.</span> '
                    f'{self.footnote_inline(note_id)}</span>')
        ref_id = f"fnref-{number}" if first else f"fnref-{number}-{tokens[idx].meta['subId']}"
        return (f'<a class="noteref" epub:type="noteref" role="doc-noteref" id="{ref_id}" '
                f'href="#fn-{number}">{number}</a>')

    def footnote_inline(self, note_id: int) -> str:
        """A footnote's paragraphs as inline HTML, for `float: footnote` (one span per note)."""
        blocks = self.brief.footnotes.get(note_id, [])
        parts = [self.renderInline(t.children or [], self.options, {}) for t in blocks if t.type == "inline"]
        return " ".join(parts)


def render_body(brief: Brief, footnotes: FootnoteMode, image_url: Callable[[Path], str],
                brief_url: Callable[[BriefLink], str] | None = None) -> Markup:
    """The body as HTML; `brief_url` says where a link to another brief goes in this format."""
    return Markup(_BriefRenderer(brief, footnotes, image_url, brief_url).render_tokens(brief.tokens))


def sibling_url(suffix: str) -> Callable[[BriefLink], str]:
    """Links to other briefs as their outputs beside this one: `other.pdf#sec-2`, `other.html`."""
    def url(link: BriefLink) -> str:
        return quote(link.slug + suffix) + (f"#{quote(link.anchor)}" if link.anchor else "")
    return url


def render_notes(brief: Brief, image_url: Callable[[Path], str], back_label: str) -> Markup:
    """EPUB 3 footnotes: one `aside epub:type="footnote"` per note, each with a back link."""
    renderer = _BriefRenderer(brief, "aside", image_url)
    asides = []
    for note_id in sorted(brief.footnotes):
        number = note_id + 1
        content = renderer.render_tokens(brief.footnotes[note_id])
        backlink = (f'<a class="backlink" href="#fnref-{number}" role="doc-backlink" '
                    f'title="{escape(back_label)}">{number}.</a> ')
        content = content.replace("<p>", "<p>" + backlink, 1) if content.startswith("<p>") else backlink + content
        asides.append(f'<aside class="footnote" epub:type="footnote" role="doc-footnote" id="fn-{number}">'
                      f"{content}</aside>")
    return Markup("\n".join(asides))

