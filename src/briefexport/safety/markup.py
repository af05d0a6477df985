"""The one markup policy: which HTML tags, attributes and link targets content may carry, and
which characters XML can hold. The reader applies it to raw HTML in briefs; every writer that
turns markup into its own format (XHTML for EPUB, WordprocessingML for DOCX) applies it again,
as the last line of defence, from these same definitions.

What survives is harmless in every format: no script, iframe, object/embed, style attributes
(so no CSS url()), event handlers, or links other than http(s), mailto and relative ones (never
fetched: WeasyPrint does not fetch `<a href>`, and nh3 forces `rel="noopener noreferrer"`, so no
`rel="attachment"` can make WeasyPrint embed a file). Inline tags are kept only in balanced
pairs and shallow nesting, so every writer gets well-formed markup.
"""

from __future__ import annotations

import re
from typing import Literal

import nh3

# -- raw HTML in content -----------------------------------------------------------------

BLOCK_TAGS = {
    "p",
    "br",
    "sup",
    "sub",
    "em",
    "strong",
    "b",
    "i",
    "small",
    "abbr",
    "span",
    "ul",
    "ol",
    "li",
    "blockquote",
    "a",
}
BLOCK_ATTRIBUTES = {"a": {"href", "title"}, "abbr": {"title"}}
INLINE_TAGS = ("sup", "sub", "br", "em", "strong", "b", "i", "small")
VOID = frozenset({"area", "br", "col", "hr", "img", "source", "track", "wbr"})
MAX_DEPTH = 16  # raw HTML nested deeper than this is refused (renderers recurse on depth)
MAX_UNCLOSED = 1000  # checked before nh3, whose HTML parser is quadratic in nesting depth
# Dropped together with everything inside them.
DROP_WITH_CONTENT = frozenset(
    {
        "script",
        "style",
        "iframe",
        "frame",
        "frameset",
        "object",
        "embed",
        "applet",
        "template",
        "noscript",
        "svg",
        "math",
        "audio",
        "video",
        "canvas",
        "form",
        "select",
        "textarea",
        "title",
        "head",
        "noembed",
        "noframes",
        "xmp",
        "plaintext",
    }
)
# Dropped, their content kept.
DROP_TAG = frozenset(
    {"html", "body", "meta", "link", "base", "input", "button", "param", "font", "center", "marquee", "blink"}
)
URL_ATTRIBUTES = frozenset({"href", "src", "cite", "longdesc"})
UNSAFE_ATTRIBUTES = frozenset({"srcdoc", "formaction", "action", "srcset", "ping", "background", "poster"})
# Attributes that only mean something on a link: an <a> without href must not keep them.
LINK_ONLY = frozenset({"rel", "target", "hreflang", "type", "download", "referrerpolicy", "media"})
# Direct formatting an inline tag stands for (DOCX runs).
INLINE_FLAGS = {"b": "bold", "strong": "bold", "i": "italic", "em": "italic", "sup": "sup", "sub": "sub"}

_INLINE_OK = re.compile(rf"^<(/?)({'|'.join(INLINE_TAGS)})\s*/?>$", re.IGNORECASE)
_TAG = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9]*)[^>]*?(/?)>")
_HIDDEN = re.compile(r"^<(/?)(script|style)\b", re.IGNORECASE)
_ALIGN_STYLE = re.compile(r"^\s*text-align:\s*(left|right|center)\s*;?\s*$", re.IGNORECASE)
_ATTRIBUTE_NAME = re.compile(r"[a-z_][a-z0-9_.:-]*")


def _raw_link(element: str, attribute: str, value: str) -> str | None:
    """A raw HTML link keeps its href only when it goes to the web or a heading of the brief (the
    reader resolves links to other briefs in Markdown links only; any other relative path would
    become a `file:` URL of the builder's machine in a PDF)."""
    if attribute == "href" and link_kind(value) not in ("web", "fragment"):
        return None
    return value


def clean_block(html: str) -> str:
    """A raw HTML block reduced to the allowed tags and attributes (nh3)."""
    cleaned = nh3.clean(
        html,
        tags=BLOCK_TAGS,
        attributes=BLOCK_ATTRIBUTES,
        attribute_filter=_raw_link,
        url_schemes=set(WEB_SCHEMES),
        link_rel="noopener noreferrer",
    ).strip()
    return _NO_HREF.sub(r"\1", cleaned)  # an <a> whose href went is its text, not a link-coloured span


_NO_HREF = re.compile(r'<a rel="noopener noreferrer">(.*?)</a>', re.DOTALL)


def depth(html: str) -> int:
    """Deepest element nesting of (well-formed, nh3-made) HTML; for raw HTML, an upper bound."""
    level = deepest = 0
    for match in _TAG.finditer(html):
        closing, name, self_closing = match.groups()
        if closing:
            level -= 1
        elif not self_closing and name.lower() not in VOID:
            level += 1
            deepest = max(deepest, level)
    return deepest


def inline_tag(html: str) -> tuple[bool, str] | None:
    """(closing?, name) of an allowed bare inline tag such as `<sup>` or `</em>`, else None."""
    match = _INLINE_OK.match(html.strip())
    return (bool(match.group(1)), match.group(2).lower()) if match else None


def hiding_tag(html: str) -> tuple[bool, str] | None:
    """(closing?, name) when `html` opens or closes a <script> or <style>, whose text goes too."""
    match = _HIDDEN.match(html)
    return (bool(match.group(1)), match.group(2).lower()) if match else None


def clean_attributes(tag: str, attrs: list[tuple[str, str | None]]) -> list[tuple[str, str]]:
    """The attributes of an element that may stay: no handlers, foreign or unsafe attributes, no
    unsafe URLs, no CSS beyond table alignment; `lang` mirrored to `xml:lang`."""
    kept: dict[str, str] = {}
    for name, value in attrs:
        value = "" if value is None else value
        if name.startswith("on") or name in kept:
            continue
        if ":" in name and name not in ("epub:type", "xml:lang"):
            continue  # xlink:href and friends: no foreign attributes
        if name in UNSAFE_ATTRIBUTES:
            continue
        if name in URL_ATTRIBUTES and not safe_url(value):
            continue
        if name == "style" and not _ALIGN_STYLE.match(value):
            continue
        if not _ATTRIBUTE_NAME.fullmatch(name):
            continue
        kept[name] = value
    if tag == "a" and "href" not in kept:
        kept = {name: value for name, value in kept.items() if name not in LINK_ONLY}
    if "lang" in kept and "xml:lang" not in kept:
        kept["xml:lang"] = kept["lang"]
    return list(kept.items())


# -- link targets ------------------------------------------------------------------------

WEB_SCHEMES = ("http", "https", "mailto")
_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*):")
_C0_AND_SPACE = "".join(map(chr, range(0x21)))


def url_scheme(value: str) -> str | None:
    """The scheme of a URL, lower case (`javascript`, `https`...), or None for a relative reference.
    Read as browsers read it (WHATWG URL): tabs and newlines anywhere are ignored (`java\\tscript:`),
    and so are controls and spaces around it."""
    match = _SCHEME.match(re.sub(r"[\t\n\r]", "", value).strip(_C0_AND_SPACE))
    return match.group(1).lower() if match else None


def is_web_link(value: str) -> bool:
    """An http(s) or mailto URL: a link that leaves the document for the web or mail."""
    return url_scheme(value) in WEB_SCHEMES


def network_path(value: str) -> bool:
    """`//host/x` or `\\\\host\\share`: a server named without a scheme (a browser goes to the web
    server, a PDF reader or Word to a file server, with the reader's Windows credentials)."""
    return re.sub(r"[\t\n\r]", "", value).strip(_C0_AND_SPACE).startswith(("//", "\\\\", "/\\", "\\/"))


def safe_url(value: str) -> bool:
    """Relative references and http(s)/mailto URLs; `javascript:`, `data:`, `file:`, `ftp:`,
    `tel:` etc. are not, nor a `//host` or `\\\\host` network path."""
    scheme = url_scheme(value)
    return (scheme is None and not network_path(value)) or scheme in WEB_SCHEMES


LinkKind = Literal["web", "fragment", "relative", "refused"]


def link_kind(href: str) -> LinkKind:
    """The one link policy every format applies (writers/shared/links.py), and the reader warns
    by: `web` (http, https, mailto) and `fragment` (`#sec-2`) links are kept; a `relative` one is
    kept only as a link to another brief (`other.md#sec-2`, resolved by the reader); anything else
    (`ftp:`, `tel:`, `file:`, `//host/share`, `/absolute/path`) is `refused`: its text stays."""
    scheme = url_scheme(href)
    if scheme is not None:
        return "web" if scheme in WEB_SCHEMES else "refused"
    stripped = href.strip(_C0_AND_SPACE)
    if network_path(href) or stripped.startswith(("/", "\\")):
        return "refused"
    return "fragment" if stripped.startswith("#") or not stripped else "relative"


# -- characters --------------------------------------------------------------------------

# Everything outside XML 1.0's Char production: C0 controls but tab, LF and CR, lone surrogates,
# U+FFFE and U+FFFF. lxml refuses them and XHTML readers choke on them.
XML_ILLEGAL = "\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff"
_XML_ILLEGAL = re.compile(f"[{XML_ILLEGAL}]")


def xml_text(text: object) -> str:
    """`text` as a string XML can hold (the characters it cannot hold removed)."""
    return _XML_ILLEGAL.sub("", str(text))
