"""A brief's body: parsed once by markdown-it, then marked up for every writer (lines, raw HTML
sanitized, footnotes split out, figures, the lead paragraph, numbered sections)."""

from __future__ import annotations

from markdown_it.token import Token

from briefexport.content import raw_html
from briefexport.content.markdown import MARKDOWN, inline_text, walk
from briefexport.content.model import Section
from briefexport.errors import ContentError, Diagnostic, Report


def parse_body(body: str, shown: str, body_line: int, report: Report, env: dict | None = None) -> list[Token]:
    """Parse and sanitize; nesting that markdown-it would silently cut is a located error. `env`
    gives the brief's language (quotes in its marks) and receives what the parser noted
    (footnote labels and their calls)."""
    tokens = MARKDOWN.parse(body, env if env is not None else {})
    for token in walk(tokens):
        if token.map:
            token.map = [token.map[0] + body_line, token.map[1] + body_line]  # now 1-based file lines
    errors = raw_html.sanitize(tokens, shown, report) + too_deep(tokens, shown)
    if errors:
        raise ContentError(errors)
    return tokens


_CONTAINERS = {"blockquote_open", "bullet_list_open", "ordered_list_open", "list_item_open", "footnote_open"}


def too_deep(tokens: list[Token], shown: str) -> list[Diagnostic]:
    """markdown-it silently drops whatever lies deeper than `maxNesting`: that must be an error."""
    limit = MARKDOWN.options["maxNesting"] - 1
    for token in tokens:
        if token.type in _CONTAINERS and token.level >= limit:
            line = token.map[0] if token.map else 0
            return [
                Diagnostic(
                    shown,
                    line,
                    1,
                    f"block quotes and lists are nested more than {limit} levels deep here; "
                    "the text inside would be lost",
                    "flatten the nesting",
                )
            ]
    return []


def split_footnotes(tokens: list[Token]) -> tuple[list[Token], dict[int, list[Token]]]:
    """Move footnote definitions out of the body into {id: block tokens}."""
    body: list[Token] = []
    footnotes: dict[int, list[Token]] = {}
    current = None
    inside_block = False
    for token in tokens:
        if token.type == "footnote_block_open":
            inside_block = True
        elif token.type == "footnote_block_close":
            inside_block = False
        elif token.type == "footnote_open":
            current = footnotes.setdefault(token.meta["id"], [])
        elif token.type == "footnote_close":
            current = None
        elif token.type == "footnote_anchor":
            continue
        elif current is not None:
            current.append(token)
        elif not inside_block:
            body.append(token)
    return body, footnotes


def mark_figures_and_lead(tokens: list[Token]) -> None:
    """A paragraph holding only an image is a figure (at the top level, or in a box); the first other
    top-level paragraph before any heading is the lead."""
    lead_done = False
    boxes = 0  # boxes open around the token
    for index, token in enumerate(tokens):
        if token.type == "heading_open":
            lead_done = True
        boxes += {"box_open": 1, "box_close": -1}.get(token.type, 0)
        if token.type != "paragraph_open" or token.level != boxes:
            continue
        children = [
            c for c in tokens[index + 1].children or [] if not (c.type == "text" and not c.content.strip())
        ]
        if len(children) == 1 and children[0].type == "image":
            token.meta["figure"] = True
            children[0].meta["figure"] = True
        elif not lead_done and not boxes:
            token.attrSet("class", "lead")
            lead_done = True


def number_sections(
    tokens: list[Token], shown: str, body_line: int, diagnostics: list[Diagnostic]
) -> list[Section]:
    sections, headings = [], 0
    for index, token in enumerate(tokens):
        if token.type != "heading_open":
            continue
        line = token.map[0] if token.map else body_line
        if token.tag == "h1":
            diagnostics.append(
                Diagnostic(
                    shown,
                    line,
                    1,
                    "a `#` heading in the body: the title comes from the front matter",
                    "use `##` for a section and `###` for a subsection",
                )
            )
            continue
        headings += 1  # every heading gets its own id; only ## and ### are sections (nav, bookmarks)
        positional = f"sec-{headings}"  # kept as an alias when the heading has its own id (targets.py)
        section_id = token.meta.get("id") or positional
        token.meta["positional"] = positional
        if section_id != positional:
            token.meta["alias"] = positional
        token.attrSet("id", section_id)
        if token.tag in ("h2", "h3"):
            sections.append(Section(int(token.tag[1]), inline_text(tokens[index + 1]), section_id, line))
    return sections


def body_uses(tokens: list[Token], targets: dict, boxes: bool, xrefs: bool) -> frozenset[str]:
    """What the body holds of what only some briefs use, so that a format adds what it needs for
    them (a stylesheet's rules, a Word style) and the outputs of the others stay as they were:
    `ids` (a heading, figure or box with its own id), `captions` (a table with a caption), `boxes`,
    `pullquotes`, `xrefs`."""
    uses = set()
    if any(target.kind != "sec" or target.alias for target in targets.values()):
        uses.add("ids")
    if any(token.type == "caption_open" for token in tokens):
        uses.add("captions")
    if boxes:
        uses.add("boxes")
    if any(token.type == "box_open" and token.meta.get("kind") == "pullquote" for token in tokens):
        uses.add("pullquotes")
    if xrefs:
        uses.add("xrefs")
    return frozenset(uses)
