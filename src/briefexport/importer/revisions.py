"""A draft's tracked changes and comments: comments printed as warnings with the text they mark;
tracked changes refused unless accepted (`--accept-changes`: insertions kept, deletions dropped)."""

from __future__ import annotations

from briefexport.errors import ContentError, Diagnostic, Report
from briefexport.importer.document import Draft


def check_revisions(draft: Draft, shown: str, accept: bool, report: Report) -> None:
    for comment in draft.comments.values():
        anchor = " ".join("".join(comment.anchor).split())
        report.warn(
            shown,
            0,
            0,
            f'comment by {comment.author or "someone"} on "{shorten(anchor)}": {shorten(comment.text, 200)}',
        )
    if draft.changes and not accept:
        listed = [
            Diagnostic(
                shown,
                0,
                0,
                f"paragraph {c.paragraph}: {c.kind}"
                + (f" by {c.author}" if c.author else "")
                + f': "{shorten(c.text)}"',
            )
            for c in draft.changes
        ]
        raise ContentError(
            [
                Diagnostic(
                    shown,
                    0,
                    0,
                    f"{len(draft.changes)} tracked change(s) not accepted "
                    f'(paragraph {draft.changes[0].paragraph}: "{shorten(draft.changes[0].text)}")',
                    "accept or reject them in Word, or import with --accept-changes "
                    "(insertions kept, deletions dropped)",
                ),
                *listed,
            ]
        )


def shorten(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"
