"""What a page a layout wrote may load or run: nothing from elsewhere, no script.

Layouts are a project's own templates, so a project you did not write chooses every tag of its
site pages, EPUB chapters and print HTML. Whatever its templates write is checked here before it
becomes an output: no script (but a JSON-LD data block), frame, object, `<base>` or refresh; no
event handler or `javascript:`; every resource (`src`, `srcset`, `poster`, `data`, a stylesheet's
or icon's `href`, SVG references, CSS `url()`) a relative path inside the output, never a URL with
a scheme or a `//host`. Links (`<a href>`) may go to the web (http, https, mailto), as in briefs.
"""

from __future__ import annotations

from briefexport.safety import css
from briefexport.safety.markup import url_scheme

_REFUSED_TAGS = frozenset(
    {"iframe", "frame", "frameset", "object", "embed", "applet", "base", "portal", "fencedframe", "form"}
)
_RESOURCE_ATTRIBUTES = frozenset({"src", "poster", "data", "background", "action", "formaction", "ping"})
_LINK_TAGS = frozenset({"a", "area"})
# rel values of <link> that load nothing: their href may be a web address (a canonical URL, a feed)
_NON_LOADING_RELS = frozenset(
    {"alternate", "canonical", "author", "license", "help", "next", "prev", "bookmark", "me", "search"}
)
_JSON_LD = "application/ld+json"


def _local(url: str) -> bool:
    """A relative path or a fragment: inside the output, nothing fetched from elsewhere."""
    url = url.strip()
    return not url_scheme(url) and not url.startswith(("//", "\\\\", "/\\", "\\/"))


def _web_link(url: str) -> bool:
    return _local(url) or url_scheme(url) in ("http", "https", "mailto")


def _srcset(value: str) -> list[str]:
    return [candidate.strip().split(" ")[0] for candidate in value.split(",") if candidate.strip()]


def page_problems(page: str) -> list[str]:
    """What in an HTML or XHTML page loads from elsewhere or runs: short descriptions, [] if nothing."""
    import lxml.html

    try:
        root = lxml.html.document_fromstring(page.encode("utf-8"))
    except (ValueError, lxml.etree.ParserError) as exc:
        return [f"the page does not parse ({exc})"]
    found: list[str] = []
    for node in root.iter():
        if not isinstance(node.tag, str):
            continue
        tag = node.tag.rsplit(":", 1)[-1].lower()
        if tag in _REFUSED_TAGS:
            found.append(f"<{tag}>")
        elif tag == "script" and (
            (node.get("type") or "").strip().lower() != _JSON_LD or node.get("src") is not None
        ):
            found.append("<script>")
        elif tag == "meta" and (node.get("http-equiv") or "").strip().lower() in ("refresh", "set-cookie"):
            found.append(f'<meta http-equiv="{node.get("http-equiv")}">')
        elif tag == "style":
            found += css.problems(node.text_content(), "relative")
        for name, value in node.attrib.items():
            found += _attribute_problems(tag, name.rsplit(":", 1)[-1].lower(), value, node)
    return list(dict.fromkeys(found))


def _attribute_problems(tag: str, name: str, value: str, node) -> list[str]:
    if name.startswith("on"):
        return [f"the event handler `{name}`"]
    scheme = url_scheme(value)
    if scheme in ("javascript", "vbscript"):
        return [f"`{value[:60]}`"]
    if name == "style":
        return css.problems(value, "relative", "declarations")
    if name == "srcset" or name == "imagesrcset":
        return [f"{name}={url}" for url in _srcset(value) if not _local(url)]
    if name in _RESOURCE_ATTRIBUTES and not _local(value):
        return [f'{name}="{value[:80]}"']
    if name == "href":
        rels = set((node.get("rel") or "").lower().split())
        if tag in _LINK_TAGS or (tag == "link" and rels and rels <= _NON_LOADING_RELS):
            return [] if _web_link(value) else [f'href="{value[:80]}"']
        return [] if _local(value) else [f'href="{value[:80]}"']
    return []
