"""Raw HTML blocks of a brief (sanitized by the reader) as Word paragraphs, lists and quotes.

The reader keeps only harmless markup; this walks it again under the same policy
(safety.markup): what is dropped with its content stays dropped, links other than
http(s)/mailto/relative keep their text only.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from lxml import etree
from lxml import html as lxml_html

from briefexport.safety.markup import DROP_WITH_CONTENT, INLINE_FLAGS
from briefexport.writers.docx.numbering import Numbering, num_pr
from briefexport.writers.docx.oxml import paragraph, set_ppr
from briefexport.writers.docx.reference import Reference
from briefexport.writers.docx.runs import Env, Runs, Story, squash

HTML_BLOCKS = {"p", "div", "blockquote", "ul", "ol", "li"}


class RawHtmlWriter:
    """The raw-HTML part of BodyWriter (a mixin: it shares the writer's styles and numbering)."""

    styles: Reference
    numbering: Numbering

    def html_block(self, content: str, story: Story, env: Env) -> None:
        content = content.strip()
        if not content:
            return
        root = lxml_html.fragment_fromstring(content, create_parent="div")
        self._html_flow(
            root,
            story,
            env,
            lambda: paragraph(
                self.styles.style("Footnote Text" if story.note else "Quote" if env.quote else "Body Text")
            ),
        )

    def _html_flow(
        self, element, story: Story, env: Env, new_paragraph: Callable[[], etree._Element]
    ) -> None:
        runs: Runs | None = None

        def current() -> Runs:
            nonlocal runs
            if runs is None:
                p = new_paragraph()
                story.append(p)
                runs = Runs(p, story, self.styles)
            return runs

        if element.text and element.text.strip():
            current().text(squash(element.text))
        for child in element:
            tag = kept_tag(child)
            if tag in HTML_BLOCKS:
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
                        if kept_tag(li):
                            self._html_flow(li, story, env, item)
                else:
                    self._html_flow(child, story, env, new_paragraph)
            elif tag:
                self._html_inline(child, current())
            if child.tail and child.tail.strip():
                current().text(squash(child.tail))
        if runs is not None:
            runs.flush()

    def _html_inline(self, element, runs: Runs) -> None:
        tag = element.tag.lower()
        if tag == "br":
            runs.line_break()
            return
        flag = INLINE_FLAGS.get(tag)
        if flag:
            runs.toggle(flag, True)
        if tag == "a":
            runs.link_open(str(element.get("href") or ""))
        if element.text:
            runs.text(squash(element.text))
        for child in element:
            if kept_tag(child):
                self._html_inline(child, runs)
            if child.tail:
                runs.text(squash(child.tail))
        if tag == "a":
            runs.link_close()
        if flag:
            runs.toggle(flag, False)


def kept_tag(element) -> str:
    """The element's tag name; "" for comments and for what is dropped with its content (scripts...)."""
    tag = element.tag.lower() if isinstance(element.tag, str) else ""
    return "" if tag in DROP_WITH_CONTENT else tag
