"""Raw HTML in a brief's body, cut down to the markup policy (safety.markup) once, in the reader:
every writer then gets only harmless, well-formed markup."""

from __future__ import annotations

from markdown_it.token import Token

from briefexport.errors import Diagnostic, Report
from briefexport.safety import markup


def sanitize(tokens: list[Token], shown: str, report: Report) -> list[Diagnostic]:
    """Sanitize html_block tokens in place; keep only harmless inline tags, drop the rest.

    Removals are warnings in `report`; returns the errors (HTML nested too deeply to render).
    """
    errors = []
    for token in tokens:
        line = token.map[0] if token.map else 0
        if token.type == "html_block":
            if markup.depth(token.content) > markup.MAX_UNCLOSED:
                errors.append(
                    Diagnostic(
                        shown,
                        line,
                        1,
                        f"raw HTML opens more than {markup.MAX_UNCLOSED} tags without closing them",
                        "simplify the markup, or write it in Markdown",
                    )
                )
                token.content = ""
                continue
            cleaned = markup.clean_block(token.content)
            if cleaned != token.content.strip():
                report.warn(shown, line, 1, "raw HTML: removed markup that is not allowed in a brief")
            if markup.depth(cleaned) > markup.MAX_DEPTH:
                errors.append(
                    Diagnostic(
                        shown,
                        line,
                        1,
                        f"raw HTML is nested more than {markup.MAX_DEPTH} levels deep",
                        "simplify the markup, or write it in Markdown",
                    )
                )
                cleaned = ""
            token.content = cleaned + "\n" if cleaned else ""
        if token.children:
            _inline(token.children, shown, line, report)
    return errors


def _inline(children: list[Token], shown: str, line: int, report: Report) -> None:
    """Inline raw HTML: allowed tags only, in balanced pairs, at most MAX_DEPTH deep."""
    stack: list[tuple[str, Token]] = []
    hiding = None  # inside an inline <script> or <style>: its text goes too
    for child in children:
        if hiding and child.type == "text":
            child.content = ""
            continue
        if child.type != "html_inline":
            continue
        tag = markup.inline_tag(child.content)
        if tag is None:
            if not child.content.startswith("<!--"):
                report.warn(shown, line, 1, f"raw HTML: removed `{child.content[:40]}`")
            hidden = markup.hiding_tag(child.content)
            if hidden:
                hiding = None if hidden[0] else hidden[1]
            child.content = ""
            continue
        closing, name = tag
        if name in markup.VOID:
            child.content = "<br />"
        elif not closing and len(stack) < markup.MAX_DEPTH:
            child.content = f"<{name}>"
            stack.append((name, child))
        elif closing and stack and stack[-1][0] == name:
            child.content = f"</{name}>"
            stack.pop()
        else:  # a stray end tag, or nested too deeply: dropped
            child.content = ""
    for _, opener in stack:  # never closed: dropped, so the output stays well-formed
        opener.content = ""
