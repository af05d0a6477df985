"""Links whose target a draft changed. A link comes back from Word as its text and its target; when
the brief has a link with the same text to another target, the draft's target is imported (staff
may have edited the link in Word) and a warning says so, at the brief's line: a link never changes
its target on a round trip unseen (a LibreOffice save once turned `first-brief.md#sec-2` into
`#sec-2`, a link into this brief that `check` passed)."""

from __future__ import annotations

from briefexport.errors import Diagnostic
from briefexport.importer import ir

_ITEMS = (ir.Text, ir.Code, ir.Break, ir.NoteRef, ir.Picture)


def spans(block) -> list[tuple[str, str]]:
    """(text, target) of each link of a block, its consecutive items joined."""
    found: list[tuple[str, str]] = []
    text, link = "", None
    for item in [*ir.collect(block, _ITEMS), None]:
        target = getattr(item, "link", None)
        if target != link or item is None:
            if link is not None and " ".join(text.split()):
                found.append((" ".join(text.split()), link))
            text, link = "", target
        if isinstance(item, (ir.Text, ir.Code)):
            text += item.text
        elif isinstance(item, ir.Picture):
            text += item.alt
    return found


def changed_links(draft_blocks, source_blocks, shown: str, first_line: int) -> list[Diagnostic]:
    """A warning for each link of the draft whose text the brief links elsewhere, at the line of
    the brief's link (`source_blocks`: the source's Src list; `first_line`: the body's first line)."""
    written: dict[str, tuple[set[str], int]] = {}
    for src in source_blocks:
        for text, target in spans(src.block):
            targets, line = written.setdefault(text, (set(), first_line + src.start))
            targets.add(target)
    warnings = []
    for block in draft_blocks:
        for text, target in spans(block):
            if text in written and target not in written[text][0]:
                before = ", ".join(f"`{t}`" for t in sorted(written[text][0]))
                warnings.append(
                    Diagnostic(
                        shown,
                        written[text][1],
                        1,
                        f"the link “{text}” goes to `{target}` in the draft, to {before} in the brief: "
                        "the draft's target is imported",
                        "check it, or put the link back in the brief after the import",
                        severity="warning",
                    )
                )
    return warnings
