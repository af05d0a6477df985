"""What CSS may reference: read as a browser reads it, with tinycss2 (the tokenizer WeasyPrint uses),
so comments, escapes (`u\\72l(`, `@imp\\6frt`) and odd spacing hide nothing.

Two rules, one walk:

- `fragment` (an SVG picture's stylesheet): no `@import`, and every URL-taking function names an
  element of the picture itself (`url(#gradient)`); `image-set()`, `image()`, `cross-fade()`,
  `src()` and `element()` are refused outright.
- `relative` (a layout's stylesheet): `@import` and `url()` only of a relative path (a font or
  picture beside it, which the PDF's fetcher still confines to the project), never a URL with a
  scheme (`http:`, `file:`, `data:`), a protocol-relative `//host/x`, or a `\\\\server\\share` path.
  A syntax error is left to the browser there (it drops the rule); in a picture it is refused.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Literal

from briefexport.safety.markup import url_scheme

Rule = Literal["fragment", "relative"]
Form = Literal["stylesheet", "declarations", "value"]
_URL_FUNCTIONS = frozenset({"url", "src"})
_REFUSED_FUNCTIONS = frozenset({"image-set", "-webkit-image-set", "image", "cross-fade", "element"})
_EXPRESSIONS = frozenset({"expression", "-moz-binding", "behavior"})


def _values(nodes: Iterable) -> Iterator:
    """Every component value, depth first, into blocks, functions, rules and declarations."""
    for node in nodes:
        yield node
        for attribute in ("prelude", "content", "arguments", "value"):
            inner = getattr(node, attribute, None)
            if isinstance(inner, list):
                yield from _values(inner)


def _url_ok(url: str, rule: Rule) -> bool:
    url = url.strip()
    if rule == "fragment":
        return url.startswith("#")
    return not url_scheme(url) and not url.startswith(("//", "\\\\", "/\\", "\\/"))


def _argument(function) -> str | None:
    """The URL a `url("...")` function names (its first string), if it is one."""
    for token in function.arguments:
        if token.type == "string":
            return token.value
        if token.type not in ("whitespace", "comment"):
            return None
    return None


def problems(text: str, rule: Rule, form: Form = "stylesheet") -> list[str]:
    """What in `text` (a stylesheet, a `style` attribute's `declarations`, or a presentation
    attribute's `value`) reaches outside under `rule`: each as a short description
    (`url(http://x/y)`), [] when nothing does."""
    import tinycss2  # only where CSS is read: a brief's check needs none

    if form == "value":
        parsed = tinycss2.parse_component_value_list(text, skip_comments=True)
    elif form == "declarations":
        parsed = tinycss2.parse_blocks_contents(text, skip_comments=True, skip_whitespace=True)
    else:
        parsed = tinycss2.parse_stylesheet(text, skip_comments=True, skip_whitespace=True)
    found: list[str] = []
    imported: set[int] = set()  # an @import's own URL is reported once, as the @import
    for node in _values(parsed):
        kind = node.type
        if id(node) in imported:
            continue
        if kind == "at-rule" and node.lower_at_keyword == "import":
            inner = list(_values(node.prelude))
            imported.update(id(t) for t in inner)
            urls = [t.value for t in inner if t.type in ("url", "string")]
            urls += [_argument(t) or "" for t in inner if t.type == "function" and t.lower_name == "url"]
            urls = list(dict.fromkeys(urls))
            if rule == "fragment" or not urls or not all(_url_ok(u, rule) for u in urls):
                found.append(f"@import {' '.join(urls)}".strip())
        elif kind == "url" and not _url_ok(node.value, rule):
            found.append(f"url({node.value})")
        elif kind == "function":
            name = node.lower_name
            if (
                name in _REFUSED_FUNCTIONS
                and (rule == "fragment" or _has_url(node, rule))
                or name in _EXPRESSIONS
            ):
                found.append(f"{name}()")
            elif name in _URL_FUNCTIONS:
                url = _argument(node)
                if url is None or not _url_ok(url, rule):
                    found.append(f"{name}({url or ''})")
        elif kind == "ident" and node.lower_value in _EXPRESSIONS:
            found.append(node.value)
        elif (
            kind == "error" and rule == "fragment" and form != "value"
        ):  # what another parser might read otherwise
            found.append(f"a CSS syntax error ({node.message})")
    return found


def _has_url(function, rule: Rule) -> bool:
    """Whether an image-set() or similar names anything but what `rule` allows (its strings are URLs)."""
    return any(
        t.type in ("string", "url") and not _url_ok(t.value, rule) for t in _values(function.arguments)
    )


def css_string(value: object) -> str:
    """`value` as a CSS string, quotes included: every character that could end the string, a
    rule or a `<style>` element (`"`, `\\`, `<`, `>`, `&`, line breaks, controls) escaped as CSS
    does (`\\22 `); everything else, non-Latin letters included, as it is."""
    out = []
    for char in str(value):
        if char.isprintable() and char not in '"\\<>&{};':
            out.append(char)
        else:
            out.append(f"\\{ord(char):x} ")
    return '"' + "".join(out) + '"'
