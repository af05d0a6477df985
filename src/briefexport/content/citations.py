"""Citations: `[@key]`, `[@key, 49--51]`, `[see @a; @b]`, `@key` in the text (DESIGN.md, the next
issue). THE PLACE CITATIONS WILL BE READ.

Today a citation prints as written: the `@` rule (xrefs.py), which reads every `@name` in the text,
takes the cross-references (`@fig-`, `@tbl-`, `@sec-`) and hands every other `@key` to `cite()`
here, which declines it, so it stays text; and `warn_uncited` reports each bracketed citation once
as a located warning. The citations issue replaces these two functions (`cite()` pushes citation
tokens; the warning becomes the check of keys against the bibliography), nothing else.
"""

from __future__ import annotations

import re

from markdown_it.rules_inline import StateInline

from briefexport.errors import Diagnostic, shorten

# `[@key]`, `[-@key]`, `[see @key, p. 3]`, `[@a; @b]`; an @ inside a word (an e-mail address) is not one
CITATION = re.compile(r"\[(?:[^\[\]]*?[\s;])?-?@\w[^\[\]]*\]")


def cite(state: StateInline, key: str, silent: bool) -> bool:
    """The `@` rule's hand-off for `@key` at `state.pos` (not a cross-reference). Declined: the
    text prints as written."""
    return False


def warn_uncited(text: str, block, finder, shown: str, diagnostics: list[Diagnostic]) -> None:
    """Each bracketed citation in a text token: a warning that it prints as written."""
    for match in CITATION.finditer(text):
        spot = finder.text(block, match.group(0))
        if spot is None:
            continue
        line, col = spot
        diagnostics.append(
            Diagnostic(
                shown,
                line,
                col,
                f"citation `{shorten(match.group(0), 60)}` prints as written: "
                "citation keys are not supported yet",
                "write the reference out, or put it in a footnote",
                severity="warning",
            )
        )
