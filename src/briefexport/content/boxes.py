"""Boxes, as pandoc's fenced divs: `::: {.key-points}`, `::: {.box title="How the figures were
counted"}`, `::: {.pullquote}`, each closed by a line `:::`.

The block rule is ours, not mdit_py_plugins' `container_plugin`: that plugin closes a container at
the first fence at least as long as its opening one, so two boxes nested with `:::` each (as pandoc
nests them: a fence with attributes opens, a bare fence closes the innermost) would close at the
inner fence; and it closes an unclosed container silently at the end of the document, where a
forgotten `:::` must be a located error. The rule makes `box_open` / `box_close` tokens (a stray
closing fence a `box_stray` token) that keep the fence's line; `check_boxes` then reads them the
way the reader reads everything: known classes, a title in the brief's language, and the level of
the title's heading where the box stands.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Mapping

from markdown_it import MarkdownIt
from markdown_it.rules_block import StateBlock
from markdown_it.token import Token
from mdit_py_plugins.utils import is_code_block

from briefexport.content.attributes import read_attributes
from briefexport.content.typography import smarten
from briefexport.errors import Diagnostic

BOXES = ("key-points", "box", "pullquote")  # the known classes, in the order messages list them
KNOWN = "the boxes are " + ", ".join(f"`::: {{.{name}}}`" for name in BOXES)
_OPEN = re.compile(r"^(:{3,})[ \t]*(\{[^{}]*\}|[^\s{}:][^\s{}]*)[ \t]*:*[ \t]*$")
_CLOSE = re.compile(r"^:{3,}[ \t]*$")
_FENCE = re.compile(r"^(`{3,}|~{3,})")


def _line(state: StateBlock, number: int) -> str:
    return state.src[state.bMarks[number] + state.tShift[number] : state.eMarks[number]]


def _attributes(spec: str) -> dict[str, str]:
    """`{.box title="..."}` or a bare class name (`::: pullquote`, as pandoc reads it)."""
    if not spec.startswith("{"):
        return {"class": spec}
    attrs = read_attributes(spec)
    return attrs if attrs is not None else {"unreadable": spec}


def _end(state: StateBlock, start: int, end: int) -> int | None:
    """The line of the fence that closes the box opened at `start`, or None: unclosed. A fence with
    attributes opens a box inside it; fenced code is skipped."""
    depth, code = 1, ""
    for number in range(start + 1, end):
        text = _line(state, number)
        if text and state.sCount[number] < state.blkIndent:
            return None  # the container the box is in ends here (a list item, a quote)
        if is_code_block(state, number):
            continue
        fence = _FENCE.match(text)
        if code:
            if fence and fence.group(1)[0] == code[0] and len(fence.group(1)) >= len(code):
                code = ""
            continue
        if fence:
            code = fence.group(1)
        elif _OPEN.match(text):
            depth += 1
        elif _CLOSE.match(text):
            depth -= 1
            if depth == 0:
                return number
    return None


def fenced_div(state: StateBlock, start: int, end: int, silent: bool) -> bool:
    if is_code_block(state, start):
        return False
    text = _line(state, start)
    if not text.startswith(":::"):
        return False
    opening = _OPEN.match(text)
    if opening is None and not _CLOSE.match(text):
        return False
    if silent:
        return True
    column = state.sCount[start] + 1
    if opening is None:  # a closing fence with no box open: pandoc would print it; we say so
        token = state.push("box_stray", "", 0)
        token.map = [start, start + 1]
        token.meta = {"col": column}
        state.line = start + 1
        return True
    close = _end(state, start, end)
    last = close if close is not None else end
    old_parent, old_max = state.parentType, state.lineMax
    state.parentType = "box"
    state.lineMax = last  # no lazy continuation past the closing fence
    token = state.push("box_open", "aside", 1)
    token.markup, token.info, token.block = opening.group(1), opening.group(2), True
    token.map = [start, last + 1 if close is not None else last]
    token.meta = {"attrs": _attributes(opening.group(2)), "unclosed": close is None, "col": column}
    state.md.block.tokenize(state, start + 1, last)
    token = state.push("box_close", "aside", -1)
    token.markup, token.block = ":::", True
    state.parentType, state.lineMax = old_parent, old_max
    state.line = last + 1 if close is not None else last
    return True


def box_title(attrs: dict[str, str]) -> str:
    """A box's `title="..."` as it prints (the attribute parser keeps the backslash of `\\"`)."""
    return attrs.get("title", "").replace('\\"', '"')


def use_boxes(md: MarkdownIt) -> MarkdownIt:
    md.block.ruler.before(
        "fence", "fenced_div", fenced_div, {"alt": ["paragraph", "reference", "blockquote", "list"]}
    )
    return md


def check_boxes(
    tokens: list[Token], language: str, labels: Mapping[str, str], shown: str, diagnostics: list[Diagnostic]
) -> bool:
    """Give every box its kind, title (a key-points box's from `labels`, the brief language's) and
    title level (token meta); report unknown classes and fences that do not close or close nothing.
    Whether the body holds a box."""
    section, found = 1, False
    open_levels: list[int] = []
    for token in tokens:
        if token.type == "heading_open":
            section = int(token.tag[1])
        elif token.type == "box_stray":
            diagnostics.append(
                Diagnostic(
                    shown,
                    token.map[0] if token.map else 0,
                    token.meta.get("col", 1),
                    "this `:::` closes no box",
                    "delete it, or open a box above it: " + KNOWN,
                )
            )
        elif token.type == "box_close":
            if open_levels:
                open_levels.pop()
        elif token.type == "box_open":
            found = True
            level = min(6, (open_levels[-1] if open_levels else section) + 1)
            open_levels.append(level)
            _box(token, level, labels, language, shown, diagnostics)
    return found


def _box(
    token: Token, level: int, labels: Mapping[str, str], language: str, shown: str, diagnostics: list
) -> None:
    meta, line, col = token.meta, token.map[0] if token.map else 0, token.meta.get("col", 1)
    attrs = meta["attrs"]
    if meta["unclosed"]:
        diagnostics.append(
            Diagnostic(
                shown,
                line,
                col,
                f"the box opened here (`{token.markup} {token.info}`) is never closed",
                "close it with a line `:::`; " + KNOWN,
            )
        )
    if "unreadable" in attrs:
        diagnostics.append(
            Diagnostic(
                shown,
                line,
                col,
                f"cannot read the box's attributes `{attrs['unreadable']}`",
                'write them as pandoc does, e.g. `::: {.box title="How the figures were counted"}`',
            )
        )
        return
    classes = attrs.get("class", "").split()
    unknown = [name for name in classes if name not in BOXES]
    if not classes and attrs.get("id") == "refs":  # pandoc's place for the bibliography
        message = "the bibliography's place `::: {#refs}` is not supported: the bibliography follows the body"
        diagnostics.append(
            Diagnostic(shown, line, col, message, "delete the two fences (`::: {#refs}`, `:::`)")
        )
        return
    if unknown or not classes:
        name = unknown[0] if unknown else ""
        close = difflib.get_close_matches(name, BOXES, n=1, cutoff=0.6) if name else []
        hint = f"did you mean `.{close[0]}`?" if close else None
        diagnostics.append(
            Diagnostic(
                shown,
                line,
                col,
                f"unknown box `.{name}`" if name else "a box needs a class",
                (hint + " " + KNOWN[0].upper() + KNOWN[1:]) if hint else KNOWN,
            )
        )
        return
    kind = classes[0]
    title = box_title(attrs)
    ignored = [key for key in attrs if key not in ("class", "id", "title")]
    if kind == "pullquote" and title:
        ignored.append("title")
    if ignored:
        diagnostics.append(
            Diagnostic(
                shown,
                line,
                col,
                f"box attribute{'s' if len(ignored) > 1 else ''} {', '.join(f'`{k}`' for k in ignored)} "
                "not used: it prints as if it were not there",
                'a box reads `title="..."` (not a pull quote) and an id `#name`',
                severity="warning",
            )
        )
    if kind == "key-points" and not title:
        title = labels["key_points"]
    meta.update(
        kind=kind,
        title=smarten(title, language) if kind != "pullquote" else "",
        explicit_title=bool(attrs.get("title")),
        level=level,
        id=attrs.get("id", ""),
    )
