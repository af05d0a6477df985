"""HTML fragment -> well-formed, safe XHTML fragment (for EPUB content documents).

The shared renderer writes XHTML-style markup already, but raw HTML that the reader let through
is HTML (`<br>`, named entities, unbalanced inline tags). This re-serializes any fragment with
the standard library's HTML tokenizer: void elements closed, entities resolved to characters,
attributes quoted and escaped, stray end tags dropped, open tags closed, `lang` mirrored to
`xml:lang`. It is also the last line of defence: scripts, frames, embedded objects, event
handlers, inline CSS beyond table alignment and links other than http(s)/mailto/relative never
come out of it, whatever the reader let through.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from typing import Callable

VOID = frozenset({"area", "br", "col", "hr", "img", "source", "track", "wbr"})
# Dropped together with everything inside them.
DROP_WITH_CONTENT = frozenset({
    "script", "style", "iframe", "frame", "frameset", "object", "embed", "applet", "template",
    "noscript", "svg", "math", "audio", "video", "canvas", "form", "select", "textarea", "title",
    "head", "noembed", "noframes", "xmp", "plaintext",
})
# Dropped, their content kept.
DROP_TAG = frozenset({"html", "body", "meta", "link", "base", "input", "button", "param", "font",
                      "center", "marquee", "blink"})
URL_ATTRIBUTES = frozenset({"href", "src", "cite", "longdesc"})
SAFE_SCHEMES = ("http:", "https:", "mailto:")
_ALIGN_STYLE = re.compile(r"^\s*text-align:\s*(left|right|center)\s*;?\s*$", re.IGNORECASE)
_SCHEME = re.compile(r"^\s*([A-Za-z][A-Za-z0-9+.-]*):")
# Attributes that only mean something on a link: an <a> without href must not keep them.
LINK_ONLY = frozenset({"rel", "target", "hreflang", "type", "download", "referrerpolicy", "media"})
UNWRAPPED = "\0"  # marks an <a> that was unwrapped (its end tag then closes nothing)
_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def escape_text(text: str) -> str:
    return _XML_ILLEGAL.sub("", text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def escape_attribute(value: str) -> str:
    return escape_text(value).replace('"', "&quot;")


def safe_url(value: str) -> bool:
    """Relative references and http(s)/mailto URLs; `javascript:`, `data:`, `file:` etc. are not."""
    compact = re.sub(r"[\s\x00-\x1f]", "", value)
    match = _SCHEME.match(compact)
    return match is None or compact.lower().startswith(SAFE_SCHEMES)


def clean_attributes(tag: str, attrs: list[tuple[str, str | None]]) -> list[tuple[str, str]]:
    kept: dict[str, str] = {}
    for name, value in attrs:
        value = "" if value is None else value
        if name.startswith("on") or name in kept:
            continue
        if ":" in name and name not in ("epub:type", "xml:lang"):
            continue  # xlink:href and friends: no foreign attributes
        if name in ("srcdoc", "formaction", "action", "srcset", "ping", "background", "poster"):
            continue
        if name in URL_ATTRIBUTES and not safe_url(value):
            continue
        if name == "style" and not _ALIGN_STYLE.match(value):
            continue
        if not re.fullmatch(r"[a-z_][a-z0-9_.:-]*", name):
            continue
        kept[name] = value
    if tag == "a" and "href" not in kept:
        kept = {name: value for name, value in kept.items() if name not in LINK_ONLY}
    if "lang" in kept and "xml:lang" not in kept:
        kept["xml:lang"] = kept["lang"]
    return list(kept.items())


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
        if tag in DROP_TAG or not re.fullmatch(r"[a-z][a-z0-9]*", tag):
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
