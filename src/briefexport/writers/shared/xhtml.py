"""HTML fragment -> well-formed, safe XHTML fragment (for EPUB content documents).

The shared renderer writes XHTML-style markup already, but raw HTML that the reader let through
is HTML (`<br>`, named entities, unbalanced inline tags). This re-serializes any fragment with
the standard library's HTML tokenizer: void elements closed, entities resolved to characters,
attributes quoted and escaped, stray end tags dropped, open tags closed, `lang` mirrored to
`xml:lang`. It is also the last line of defence: scripts, frames, embedded objects, event
handlers, inline CSS beyond table alignment and links other than http(s)/mailto/relative never
come out of it, whatever the reader let through (the policy is safety.markup's).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from html.parser import HTMLParser

from briefexport.safety.markup import DROP_TAG, DROP_WITH_CONTENT, VOID, clean_attributes, xml_text

UNWRAPPED = "\0"  # marks an <a> that was unwrapped (its end tag then closes nothing)
_TAG_NAME = re.compile(r"[a-z][a-z0-9]*")


def escape_text(text: str) -> str:
    return xml_text(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def escape_attribute(value: str) -> str:
    return escape_text(value).replace('"', "&quot;")


class _Serializer(HTMLParser):
    def __init__(self, link: Callable[[str], str | None] | None = None):
        super().__init__(convert_charrefs=True)
        self.link = link
        self.out: list[str] = []
        self.stack: list[str] = []
        self.dropping = 0  # depth inside a DROP_WITH_CONTENT element
        self.drop_stack: list[str] = []

    def _start(self, tag: str, attrs, self_closing: bool) -> None:
        if self.dropping:
            if tag in DROP_WITH_CONTENT and not self_closing:
                self.drop_stack.append(tag)
                self.dropping += 1
            return
        if tag in DROP_WITH_CONTENT:
            if not self_closing and tag not in VOID:
                self.drop_stack.append(tag)
                self.dropping += 1
            return
        if tag in DROP_TAG or not _TAG_NAME.fullmatch(tag):
            return
        cleaned = clean_attributes(tag, attrs)
        if tag == "a" and self.link is not None and any(name == "href" for name, _ in cleaned):
            href = self.link(dict(cleaned)["href"])
            if href is None:  # the caller has no target for it: keep the text, drop the link
                if not self_closing:
                    self.stack.append(UNWRAPPED + tag)
                return
            cleaned = [(name, href if name == "href" else value) for name, value in cleaned]
        attributes = "".join(f' {name}="{escape_attribute(value)}"' for name, value in cleaned)
        if tag in VOID:
            self.out.append(f"<{tag}{attributes} />")
        elif self_closing:
            self.out.append(f"<{tag}{attributes}></{tag}>")
        else:
            self.out.append(f"<{tag}{attributes}>")
            self.stack.append(tag)

    def handle_starttag(self, tag, attrs):
        self._start(tag, attrs, self_closing=False)

    def handle_startendtag(self, tag, attrs):
        self._start(tag, attrs, self_closing=True)

    def handle_endtag(self, tag):
        if self.dropping:
            if self.drop_stack and self.drop_stack[-1] == tag:
                self.drop_stack.pop()
                self.dropping -= 1
            return
        if tag not in self.stack and UNWRAPPED + tag not in self.stack:
            return  # a stray end tag: nothing to close
        while self.stack:
            open_tag = self.stack.pop()
            if not open_tag.startswith(UNWRAPPED):
                self.out.append(f"</{open_tag}>")
            if open_tag.lstrip(UNWRAPPED) == tag:
                break

    def handle_data(self, data):
        if not self.dropping:
            self.out.append(escape_text(data))

    # Comments, doctype, processing instructions and CDATA sections are dropped.
    def handle_comment(self, data):
        pass

    def handle_decl(self, decl):
        pass

    def handle_pi(self, data):
        pass

    def unknown_decl(self, data):
        pass

    def result(self) -> str:
        self.close()
        while self.stack:
            open_tag = self.stack.pop()
            if not open_tag.startswith(UNWRAPPED):
                self.out.append(f"</{open_tag}>")
        return "".join(self.out)


def to_xhtml(fragment: str, link: Callable[[str], str | None] | None = None) -> str:
    """Any HTML fragment as a well-formed XHTML fragment (see the module docstring).

    `link`, if given, sees every (safe) link target and returns the href to write, or None to
    keep the link's text without the link (e.g. a relative link that leads nowhere in a book).
    """
    serializer = _Serializer(link)
    serializer.feed(str(fragment))
    return serializer.result()
