"""Cross-references: `@fig-use`, `@tbl-cost`, `@sec-money` print "Figure 1", "Table 1", "Section 2"
in the brief's language, linked to their target; `@Fig-use` capitalises the label at the start of
a sentence (for languages whose label is lower case in running text).

One inline rule reads every `@name` in the text (pandoc's and Quarto's syntax): `@` after a letter
or digit is part of a word (an e-mail address) and stays text; `@` followed by `fig-`, `tbl-` or
`sec-` is a cross-reference (an `xref` token); any other `@key` is a citation, handed to
citations.py, the place the next issue fills in. `resolve` then gives each cross-reference its
label and target from the brief's numbered targets (targets.py): the model says "Figure 1" once,
for every format.
"""

from __future__ import annotations

import re

from markdown_it import MarkdownIt
from markdown_it.rules_inline import StateInline
from markdown_it.token import Token

from briefexport.content.citations import cite
from briefexport.content.model import Target
from briefexport.errors import Diagnostic, did_you_mean

PREFIXES = ("fig", "tbl", "sec")
# ids are ASCII (targets.ID), so a Korean particle after a reference is not part of it: `@tbl-cost에서`
_REF = re.compile(r"@([Ff]ig|[Tt]bl|[Ss]ec)-([A-Za-z0-9_]+(?:[-:][A-Za-z0-9_]+)*)")
# a pandoc citation key: a letter, digit or _, then those and internal punctuation
_KEY = re.compile(r"@(\w(?:[\w:.#$%&+?<>~/-]*\w)?)")
_WHAT = {"fig": "figure", "tbl": "table", "sec": "heading", "box": "box"}


def at_rule(state: StateInline, silent: bool) -> bool:
    pos = state.pos
    if state.src[pos] != "@" or (pos and (state.src[pos - 1].isalnum() or state.src[pos - 1] == "_")):
        return False
    match = _REF.match(state.src, pos, state.posMax)
    if match is None:
        key = _KEY.match(state.src, pos, state.posMax)
        return cite(state, key.group(1), silent) if key else False
    if not silent:
        token = state.push("xref", "", 0)
        token.content = match.group(0)
        prefix = match.group(1)
        token.meta = {"id": f"{prefix.lower()}-{match.group(2)}", "capital": prefix[0].isupper()}
    state.pos = match.end()
    return True


def use_xrefs(md: MarkdownIt) -> MarkdownIt:
    md.inline.ruler.after("text", "at", at_rule)
    return md


def label_of(target: Target, capital: bool) -> str:
    """The words a cross-reference prints: the target's label, its first letter capital when asked."""
    return target.label[:1].upper() + target.label[1:] if capital else target.label


class _Spots:
    """Line and column of each cross-reference in the source, in order within its block."""

    def __init__(self, lines: list[str]):
        self.lines = lines
        self.seen: dict[tuple, int] = {}

    def find(self, block: tuple[int, int], needle: str) -> tuple[int, int]:
        nth = self.seen[block, needle] = self.seen.get((block, needle), -1) + 1
        for number in range(block[0], min(block[1], len(self.lines)) + 1):
            line = self.lines[number - 1]
            at = line.find(needle)
            while at >= 0:
                if at == 0 or line[at - 1] != "\\":
                    if nth == 0:
                        return number, at + 1
                    nth -= 1
                at = line.find(needle, at + 1)
        return block[0], 1


def resolve(
    tokens: list[Token],
    footnotes: dict[int, list[Token]],
    targets: dict[str, Target],
    shown: str,
    lines: list[str],
    body_line: int,
    diagnostics: list[Diagnostic],
) -> bool:
    """Give every cross-reference its label and target (meta `label`, `target`), in the body and
    the notes; an unknown target or one without a number is a located error. Whether there is any."""
    spots = _Spots(lines)
    numbered = [name for name, t in targets.items() if t.label and name.startswith(PREFIXES)]
    block, found = (body_line, body_line + 1), False
    for token in [*tokens, *(t for note in footnotes.values() for t in note)]:
        if token.map:
            block = (token.map[0], max(token.map[1], token.map[0] + 1))
        for child in (token.children or []) if token.type == "inline" else []:
            if child.type != "xref":
                continue
            found = True
            name = child.meta["id"]
            target = targets.get(name)
            if target is None or not target.label:
                line, col = spots.find(block, child.content)
                diagnostics.append(_problem(name, target, numbered, shown, line, col))
                child.meta.update(label=child.content, target="")
                continue
            if target.id != name:
                line, col = spots.find(block, child.content)
                diagnostics.append(
                    Diagnostic(
                        shown,
                        line,
                        col,
                        f"`@{name}` refers to a heading by its position, which changes when a section "
                        f"is added before it",
                        f"refer to it by its own id: `@{target.id}`",
                        severity="warning",
                    )
                )
            child.meta.update(label=label_of(target, child.meta["capital"]), target=target.id)
    return found


def _problem(name: str, target: Target | None, numbered: list[str], shown: str, line: int, col: int):
    if target is None:
        hint = did_you_mean(name, numbered)
        if hint is None:
            hint = (
                f"the numbered ids of this brief are {', '.join(f'`{n}`' for n in numbered[:8])}"
                + (" ..." if len(numbered) > 8 else "")
                if numbered
                else "give a figure, table or heading an id: `{#fig-name}`, `{#tbl-name}`, `{#sec-name}`"
            )
        return Diagnostic(shown, line, col, f"`@{name}` refers to nothing in this brief", hint)
    what = _WHAT[target.kind]
    return Diagnostic(
        shown,
        line,
        col,
        f"`@{name}` refers to a {what} without a caption, which has no number",
        'give it a caption: ![description](path "Caption"){#fig-name}'
        if target.kind == "fig"
        else "give it a caption: a paragraph `: Caption {#tbl-name}` right after the table"
        if target.kind == "tbl"
        else "cross-references point at figures, tables and headings",
    )
