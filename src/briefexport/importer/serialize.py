"""The importer's blocks written as Markdown, in the style of the sample briefs (ATX headings,
`-` bullets, `1.` numbers indented by their marker, GFM pipe tables, fenced code, `[^n]` notes).

Hand-written: no Markdown writer on PyPI writes from our blocks and keeps GFM tables, footnotes
and raw <sup>/<sub> the way the reader reads them. Each paragraph is checked by parsing it back
(`check_inline`): when the plain escaping does not read back as what Word held, every ASCII
punctuation character is escaped, and emphasis that Markdown cannot open or close where Word
has it becomes the <strong>/<em> tags the reader keeps.
"""

from __future__ import annotations

import re

from briefexport.importer import ir
from briefexport.importer.source import parse_inline

_ORDER = ("strike", "bold", "italic", "sup", "sub")
_MARKERS = {
    "bold": ("**", "**"),
    "italic": ("*", "*"),
    "strike": ("~~", "~~"),
    "sup": ("<sup>", "</sup>"),
    "sub": ("<sub>", "</sub>"),
}
_TAGS = {**_MARKERS, "bold": ("<strong>", "</strong>"), "italic": ("<em>", "</em>")}
_ENTITY = re.compile(r"&(#\d+|#[xX][0-9a-fA-F]+|[A-Za-z][A-Za-z0-9]*);")
_LINE_START = re.compile(r"^(#{1,6}(?=\s|$)|[-+](?=\s|$)|>|=+\s*$|(?:`{3}|~{3}|:{3}))")
_ORDERED_START = re.compile(r"^(\d{1,9})([.)])(?=\s|$)")
_PUNCTUATION = set("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~")


def escape(text: str, table: bool = False, everything: bool = False) -> str:
    out = []
    for index, char in enumerate(text):
        before, after = text[index - 1 : index], text[index + 1 : index + 2]
        if everything and char in _PUNCTUATION or char in "\\`*[]":
            out.append("\\" + char)
        elif char == "_" and not (before.isalnum() and after.isalnum()):
            out.append("\\_")
        elif char == "<" and (after.isalpha() or after in "/!?"):
            out.append("\\<")
        elif char == "&" and _ENTITY.match(text, index):
            out.append("\\&")
        elif char == "~" and "~" in (before, after):
            out.append("\\~")
        elif char == "|" and table:
            out.append("\\|")
        else:
            out.append(char)
    return "".join(out)


def escape_line_start(line: str) -> str:
    """A line that would start a heading, list, quote or fence, made plain text."""
    ordered = _ORDERED_START.match(line)
    if ordered:
        return f"{ordered.group(1)}\\{ordered.group(2)}{line[ordered.end() :]}"
    if _LINE_START.match(line):
        return "\\" + line
    return line


def destination(href: str) -> str:
    if re.search(r"[\s<>]", href) or href.count("(") != href.count(")"):
        return "<" + href.replace("<", "%3C").replace(">", "%3E") + ">"
    return href


def code_span(text: str) -> str:
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    fence = "`" * (longest + 1)
    pad = (
        " "
        if text.startswith("`")
        or text.endswith("`")
        or (text.startswith(" ") and text.endswith(" ") and text.strip())
        else ""
    )
    return f"{fence}{pad}{text}{pad}{fence}"


def picture(item: ir.Picture, everything: bool = False) -> str:
    alt = escape(item.alt, everything=everything).replace("\n", " ")
    title = ' "' + item.title.replace("\\", "\\\\").replace('"', '\\"') + '"' if item.title else ""
    return f"![{alt}]({destination(item.src)}{title})"


def inline(items, table: bool = False, careful: int = 0) -> str:
    """Inline items as Markdown. `careful`: 0 plain escaping, 1 every punctuation character
    escaped, 2 that and emphasis as HTML tags."""
    groups: list[tuple[str | None, list]] = []
    for item in items:
        if groups and groups[-1][0] == item.link:
            groups[-1][1].append(item)
        else:
            groups.append((item.link, [item]))
    out = []
    for link, members in groups:
        text = _emphasis(members, table, careful)
        if link is None:
            out.append(text)
        elif (
            len(members) == 1
            and isinstance(members[0], ir.Text)
            and not members[0].flags
            and members[0].text == link
            and re.match(r"^(https?://|mailto:)[^\s<>]*$", link)
        ):
            out.append(f"<{link}>")
        else:
            out.append(f"[{text}]({destination(link)})")
    lines = "".join(out).split("\n")
    return "\n".join(escape_line_start(line) for line in lines)


def _emphasis(items, table: bool, careful: int) -> str:
    markers = _TAGS if careful >= 2 else _MARKERS
    out: list[str] = []
    stack: list[str] = []
    pending = ""  # white space held back until the markers around it are placed

    def transition(wanted: frozenset) -> None:
        nonlocal pending
        cut = next((i for i, flag in enumerate(stack) if flag not in wanted), len(stack))
        closed = stack[cut:]
        for flag in reversed(closed):
            out.append(markers[flag][1])
        del stack[cut:]
        out.append(pending)
        pending = ""
        for flag in _ORDER:
            if flag in wanted and flag not in stack:
                out.append(markers[flag][0])
                stack.append(flag)

    for item in items:
        if isinstance(item, ir.Text):
            lead = item.text[: len(item.text) - len(item.text.lstrip())]
            core = item.text.strip()
            trail = item.text[len(lead) + len(core) :] if core else ""
            if not core:
                pending += item.text
                continue
            pending += lead
            transition(item.flags)
            out.append(escape(core, table, careful >= 1))
            pending = trail
        elif isinstance(item, ir.Code):
            transition(item.flags)
            out.append(code_span(item.text))
        elif isinstance(item, ir.Break):
            transition(frozenset(stack))
            out.append("<br>" if table else "\\\n")
        elif isinstance(item, ir.NoteRef):
            transition(frozenset(stack))
            out.append(f"[^{item.key}]")
        elif isinstance(item, ir.Picture):
            transition(frozenset(stack))
            out.append(picture(item, careful >= 1))
        elif isinstance(item, ir.XRef):
            transition(frozenset(stack))
            out.append(xref(item))
    transition(frozenset())
    return "".join(out)


def xref(item: ir.XRef) -> str:
    """`@fig-use`, or `@Fig-use` where Word capitalises the label (`\\* FirstCap`)."""
    return "@" + (item.id[:1].upper() + item.id[1:] if item.capital else item.id)


def with_id(text: str, name: str, space: str = " ") -> str:
    """`text {#name}` (a heading, a caption line), or `![...](...){#name}` with no space (a figure)."""
    return f"{text}{space}{{#{name}}}" if name else text


_STRAIGHT = re.compile(r"(?<!\\)(['\"])")


def checked_inline(items, table: bool = False) -> str:
    """The plainest Markdown for `items` that reads back as them. Word's quotes stay the characters
    they are: curly ones as typed, a straight one escaped (the reader would print it curly)."""
    items = ir.normalize(items)
    text = ""
    for careful in (0, 1, 2):
        text = inline(items, table, careful)
        for candidate in dict.fromkeys((text, _STRAIGHT.sub(r"\\\1", text))):
            if parse_inline(candidate, table) == items:
                return candidate
    return text


# -- blocks ------------------------------------------------------------------------------------


def block_lines(block, bullet: str = "-", delimiter: str = ".") -> list[str]:
    """A block as lines without any container prefix."""
    if isinstance(block, ir.Paragraph):
        return checked_inline(block.inlines).split("\n") if block.inlines else [""]
    if isinstance(block, ir.Heading):
        text = checked_inline(tuple(ir.Text(" ") if isinstance(i, ir.Break) else i for i in block.inlines))
        text = text.replace("\\\n", " ").replace("\n", " ")
        text = re.sub(r"(#+)$", lambda m: "\\" + m.group(1), text)
        return [with_id(("#" * block.level + " " + text).rstrip(), block.id)]
    if isinstance(block, ir.Figure):
        title = block.caption if block.caption and block.caption != block.picture.alt else ""
        return [with_id(picture(ir.Picture(block.picture.src, block.picture.alt, title)), block.id, "")]
    if isinstance(block, ir.CodeBlock):
        longest = max((len(run) for run in re.findall(r"^`{3,}", block.text, re.M)), default=2)
        fence = "`" * (longest + 1)
        return [fence, *block.text.split("\n"), fence]
    if isinstance(block, ir.Rule):
        return ["---"]
    if isinstance(block, ir.Quote):
        lines = blocks_lines(block.blocks)
        return [("> " + line).rstrip() for line in lines]
    if isinstance(block, ir.ListBlock):
        return list_lines(block, bullet, delimiter)
    if isinstance(block, ir.Table):
        return table_lines(block)
    if isinstance(block, ir.NoteDef):
        return note_lines(block)
    if isinstance(block, ir.Box):
        return box_lines(block)
    return []


def box_lines(box: ir.Box) -> list[str]:
    """A box as pandoc's fenced div: `::: {.box title="..."}`, its blocks, `:::`."""
    title = ' title="' + box.title.replace('"', '\\"') + '"' if box.title else ""
    return [f"::: {{.{box.kind}{title}}}", *blocks_lines(box.blocks), ":::"]


def caption_line(table: ir.Table, prefix: str = ": ") -> str:
    """A table's caption as the paragraph after it: `: Caption {#tbl-cost}`."""
    return with_id(prefix + checked_inline(table.caption), table.id)


def blocks_lines(blocks, gap: list[str] | None = None) -> list[str]:
    lines: list[str] = []
    previous = None
    for block in blocks:
        bullet, delimiter = "-", "."
        if (
            isinstance(block, ir.ListBlock)
            and isinstance(previous, ir.ListBlock)
            and previous.ordered == block.ordered
        ):
            bullet, delimiter = "*", ")"  # two lists in a row would otherwise read as one
        if lines:
            lines.extend([""] if gap is None else gap)
        lines.extend(block_lines(block, bullet, delimiter))
        previous = block
    return lines


def list_lines(block: ir.ListBlock, bullet: str = "-", delimiter: str = ".") -> list[str]:
    loose = not block.tight or any(
        sum(not isinstance(b, ir.ListBlock) for b in item) > 1 for item in block.items
    )
    lines: list[str] = []
    for index, item in enumerate(block.items):
        marker = f"{block.start + index}{delimiter}" if block.ordered else bullet
        lines.extend(
            item_lines(item, marker, loose)
            if index == 0 or not loose
            else ["", *item_lines(item, marker, loose)]
        )
    return lines


def item_lines(item: tuple, marker: str, loose: bool) -> list[str]:
    inner = blocks_lines(item, None if loose else [])
    if not inner:
        return [marker]
    indent = " " * (len(marker) + 1)
    return [f"{marker} {inner[0]}".rstrip()] + [
        (indent + line).rstrip() if line else "" for line in inner[1:]
    ]


def table_lines(table: ir.Table) -> list[str]:
    def row(cells) -> str:
        return "| " + " | ".join(checked_inline(cell, table=True) for cell in cells) + " |"

    lines = [row(table.header), delimiter_line(table.aligns), *(row(cells) for cells in table.rows)]
    return lines + ["", caption_line(table)] if table.caption else lines


def delimiter_line(aligns) -> str:
    rule = {"": "---", "left": ":---", "right": "---:", "center": ":---:"}
    return "|" + "|".join(rule[a] for a in aligns) + "|"


def note_lines(note: ir.NoteDef) -> list[str]:
    inner = blocks_lines(note.blocks)
    if not inner:
        return [f"[^{note.label}]:"]
    return [f"[^{note.label}]: {inner[0]}"] + [("    " + line).rstrip() if line else "" for line in inner[1:]]


# What a line must not begin with when a paragraph is wrapped: it would start a heading, quote,
# list, thematic break or setext underline, fence, HTML block, table row or reference.
_BLOCK_START = re.compile(r"(#|>|[-+*=_]|\d{1,9}[.)]|`{3}|~{3}|<|\[|\|)")


def wrap(lines: list[str], width: int) -> list[str]:
    """A paragraph's Markdown lines broken at single spaces into lines of at most `width`
    characters where it can be, the way the briefs are written. Never where the next line would
    begin a block, nor after a space or a backslash (a line ending in two spaces or `\\` is a
    hard break); a word longer than the line stays whole."""
    out = []
    for line in lines:
        words = line.split(" ")
        current = words[0]
        for word in words[1:]:
            fits = len(current) + 1 + len(word) <= width
            if (
                fits
                or not word
                or not current.strip()
                or current.endswith((" ", "\\"))
                or _BLOCK_START.match(word)
            ):
                current += " " + word
            else:
                out.append(current)
                current = word
        out.append(current)
    return out
