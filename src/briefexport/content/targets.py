"""Numbers and ids, assigned once in the model for every format: figures with a caption and tables
with a caption are numbered in order, separately, per brief (a collection's EPUB keeps each
brief's own numbers); headings get their section numbers (2, 2.1); every id a brief gives
(`{#fig-use}`, `{#tbl-cost}`, `{#sec-money}`, a box's `#name`) becomes a `Target` that links and
cross-references resolve against. The tokens carry the results (meta `number`, `label`,
`caption_label`), so a writer prints them and counts nothing.

A heading keeps its positional id (`sec-3`: every heading's, counted in order) as an alias when it
has an explicit one, so that links written before it got one keep working. An explicit id that
looks positional would take another heading's alias: it is an error, as is an id given twice.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Literal

from markdown_it.token import Token

from briefexport.content.attributes import STRAY
from briefexport.content.markdown import walk
from briefexport.content.model import Target
from briefexport.errors import Diagnostic

POSITIONAL = re.compile(r"sec-\d+")
ID = re.compile(r"[A-Za-z][A-Za-z0-9_]*(?:[-:][A-Za-z0-9_]+)*")  # what `@` reads and a Word bookmark holds
_KIND_OF_PREFIX = {"fig-": "fig", "tbl-": "tbl", "sec-": "sec"}
_WHAT = {"fig": "a figure", "tbl": "a table", "sec": "a heading", "box": "a box"}


class _Numbering:
    def __init__(
        self, labels: Mapping[str, str], shown: str, lines: list[str], diagnostics: list[Diagnostic]
    ):
        self.labels = labels
        self.shown, self.lines, self.diagnostics = shown, lines, diagnostics
        self.targets: dict[str, Target] = {}
        self.counts = {"fig": 0, "tbl": 0}
        self.sections = [0] * 5  # ## to ######

    def where(self, line: int, needle: str) -> tuple[int, int]:
        """The column of `needle` on `line` (or the next lines of its block), for messages."""
        for number in range(line, min(line + 50, len(self.lines)) + 1):
            at = self.lines[number - 1].find(needle) if number >= 1 else -1
            if at >= 0:
                return number, at + 1
        return line, 1

    def add(self, name: str, target: Target, explicit: bool = True) -> bool:
        """Record a target under `name`; an error (at this, the second place) when taken."""
        if explicit:
            prefix = _KIND_OF_PREFIX.get(name[:4])
            if not ID.fullmatch(name):
                self.error(
                    target,
                    f"`#{name}` cannot be an id: ids are ASCII letters, digits, `_`, and `-` or "
                    "`:` between them, starting with a letter",
                    "e.g. `{#fig-capacity}`: `@` refers to it, and Word keeps it as a bookmark",
                )
                return False
            if POSITIONAL.fullmatch(name):
                self.error(
                    target,
                    f"`#{name}` is the positional id of the heading that is number "
                    f"{name[4:]} in order, so it cannot be given",
                    "choose a name, e.g. `{#sec-costs}`; positional ids keep working as they are",
                )
                return False
            if prefix is not None and prefix != target.kind:
                self.error(
                    target,
                    f"`#{name}` is given to {_WHAT[target.kind]}, but its prefix is that of {_WHAT[prefix]}",
                    f"ids of {_WHAT[target.kind][2:]}s start with `{_prefix(target.kind)}`"
                    if target.kind != "box"
                    else "give a box an id without `fig-`, `tbl-` or `sec-`",
                )
                return False
        first = self.targets.get(name)
        if first is not None:
            self.error(
                target,
                f"`#{name}` is already the id of {_WHAT[first.kind]} at line {first.line}",
                "ids must be unique within a brief",
            )
            return False
        self.targets[name] = target
        return True

    def error(self, target: Target, message: str, hint: str) -> None:
        self.diagnostics.append(Diagnostic(self.shown, target.line, target.col, message, hint))

    def heading(self, token: Token) -> None:
        level = max(2, int(token.tag[1]))
        self.sections[level - 2] += 1
        self.sections[level - 1 :] = [0] * (5 - level + 1)
        number = ".".join(str(n) for n in self.sections[: level - 1])
        key = "xref_section" if level == 2 else "xref_subsection"
        label = self.labels[key].format(number=number)
        token.meta.update(number=number, label=label)
        line = token.map[0] if token.map else 0
        explicit, positional = token.meta.get("id"), token.meta["positional"]
        if explicit:
            target = Target(
                "sec", explicit, number, label, *self.where(line, "#" + explicit), alias=positional
            )
            if self.add(explicit, target):
                self.add(positional, target, explicit=False)
                return
            token.attrSet("id", positional)  # the explicit id was refused (reported): keep the positional one
            token.meta.pop("alias", None)
        self.add(positional, Target("sec", positional, number, label, line), explicit=False)

    def numbered(
        self, kind: Literal["fig", "tbl"], token: Token, name: str, line: int, captioned: bool
    ) -> None:
        """A figure (its image token) or a table (its table_open token)."""
        number = label = ""
        if captioned:
            self.counts[kind] += 1
            number = str(self.counts[kind])
            label = self.labels["xref_figure" if kind == "fig" else "xref_table"].format(number=number)
            caption = self.labels["caption_figure" if kind == "fig" else "caption_table"]
            token.meta.update(number=number, label=label, caption_label=caption.format(number=number))
        if name:
            self.add(name, Target(kind, name, number, label, *self.where(line, "#" + name)))


def _prefix(kind: str) -> str:
    return {value: key for key, value in _KIND_OF_PREFIX.items()}[kind]


def number_targets(
    tokens: list[Token],
    labels: Mapping[str, str],
    shown: str,
    lines: list[str],
    diagnostics: list[Diagnostic],
) -> dict[str, Target]:
    """Number the figures, tables and headings of a brief's body and collect its targets by id
    (see the module docstring), labelled in the brief's language (`labels`: content/labels.py, the
    project's label files over the packaged). Headings already have their ids (body.number_sections)."""
    numbering = _Numbering(labels, shown, lines, diagnostics)
    for index, token in enumerate(tokens):
        line = token.map[0] if token.map else 0
        if token.type == "heading_open" and token.tag != "h1":
            numbering.heading(token)
        elif token.type == "paragraph_open" and token.meta.get("figure"):
            image = next(c for c in tokens[index + 1].children or [] if c.type == "image")
            caption = str(image.attrGet("title") or "").strip()
            numbering.numbered("fig", image, str(image.attrGet("id") or ""), line, bool(caption))
        elif token.type == "table_open":
            captioned = index + 1 < len(tokens) and tokens[index + 1].type == "caption_open"
            where = token.meta.get("caption_line") or line
            numbering.numbered("tbl", token, str(token.meta.get("id") or ""), where, captioned)
        elif token.type == "box_open" and token.meta.get("id"):
            name = token.meta["id"]
            numbering.add(name, Target("box", name, "", "", *numbering.where(line, "#" + name)))
    return numbering.targets


def stray_attributes(
    tokens: list[Token],
    footnotes: dict[int, list[Token]],
    shown: str,
    lines: list[str],
    body_line: int,
    diagnostics: list[Diagnostic],
) -> None:
    """Warnings for what the reader did not attach: a `{#...}` left in the text, an id on a picture
    that is not a figure, attributes other than an id."""
    numbering = _Numbering({}, shown, lines, diagnostics)  # only its warnings: no labels printed
    block = (body_line, body_line + 1)
    for token in walk([*tokens, *(t for note in footnotes.values() for t in note)]):
        if token.map:
            block = (token.map[0], max(token.map[1], token.map[0] + 1))
        if token.type == "text":
            for match in STRAY.finditer(token.content):
                _warn(
                    numbering,
                    block[0],
                    match.group(0),
                    f"`{match.group(0)}` attaches to nothing: it prints as written",
                    "an id goes right after a picture that stands alone in its paragraph, at the "
                    "end of a heading, or at the end of a table's caption line (`: Caption {#tbl-name}`)",
                )
        elif token.type == "image" and token.attrGet("id") and not token.meta.get("figure"):
            _warn(
                numbering,
                block[0],
                "#" + str(token.attrGet("id")),
                f"`{{#{token.attrGet('id')}}}` attaches "
                "to nothing: only a picture alone in its paragraph (a figure) takes an id",
                "put the picture in a paragraph of its own",
            )
        ignored = token.meta.get("insecure_attrs") or token.meta.get("ignored_attrs")
        if ignored and token.type in ("image", "heading_open", "table_open"):
            names = ", ".join(f"`{'.' + v if k == 'class' else k}`" for k, v in ignored.items())
            _warn(
                numbering,
                token.map[0] if token.map else block[0],
                next(iter(ignored)),
                f"attribute {names} not used: only an id is read here",
                "write `{#name}`",
            )


def _warn(numbering: _Numbering, line: int, needle: str, message: str, hint: str) -> None:
    line, col = numbering.where(line, needle)
    numbering.diagnostics.append(Diagnostic(numbering.shown, line, col, message, hint, severity="warning"))
