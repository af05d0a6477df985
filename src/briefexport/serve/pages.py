"""What the preview adds to the pages it sends, and the few pages it makes itself.

The built site holds no script: the server adds the few lines that listen for reloads to every
HTML page it sends, its own pages (not found, waiting) included, so each recovers by itself once
the build it waits for has written it. While the last build had content errors, or the build
itself failed or waits for another, a banner at the top says so, located as in the terminal."""

from __future__ import annotations

import html

from briefexport.serve.state import Preview

EVENTS = "/__briefexport/events"

_ERRORS_STYLE = (
    "position:sticky;top:0;z-index:1000;margin:0;padding:1rem 1.25rem;background:#7a0c0c;"
    "color:#fff;font:14px/1.5 monospace;white-space:pre-wrap"
)
_WAITING_STYLE = _ERRORS_STYLE.replace("#7a0c0c", "#5c4400")
_OWN_PAGE = (
    '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
    '<meta name="viewport" content="width=device-width, initial-scale=1">'
    "<title>{title} - briefexport serve</title></head>"
    '<body style="font:16px/1.5 system-ui,sans-serif;margin:2rem auto;max-width:40rem;padding:0 1rem">'
    "<h1>{title}</h1><p>{text}</p></body></html>"
)


def reload_script(generation: int) -> str:
    """Listen for reloads; `generation` lets the server tell a page that missed one."""
    return (
        "<script>/* added by briefexport serve, not part of the site */"
        f'new EventSource("{EVENTS}?since={generation}")'
        '.addEventListener("reload",()=>location.reload());</script>'
    )


def banner(preview: Preview) -> str:
    """What the page shows above the site: the build waited for, the failure, the content errors."""
    shown = ""
    if preview.waiting:
        shown += f'<div id="briefexport-status" role="status" style="{_WAITING_STYLE}">'
        shown += f"{html.escape(preview.waiting)}</div>"
    problems = ([preview.failure] if preview.failure else []) + preview.errors
    if problems:
        listed = html.escape("\n".join(problems))
        shown += f'<div id="briefexport-errors" role="alert" style="{_ERRORS_STYLE}">{listed}</div>'
    return shown


def decorate(page: bytes, preview: Preview) -> bytes:
    """An HTML page as the preview sends it: the reload listener, and the banner if any."""
    addition = reload_script(preview.generation) + banner(preview)
    text = page.decode("utf-8", errors="replace")
    head, tag, rest = text.partition("<body>")
    if not tag:
        head, tag, rest = text.partition("<body ")
        if tag:  # a <body class=...>: after its closing bracket
            attributes, bracket, rest = rest.partition(">")
            tag += attributes + bracket
    if not tag:
        return page + addition.encode()
    return (head + tag + addition + rest).encode("utf-8")


def own_page(title: str, text: str, preview: Preview) -> bytes:
    """A page of the preview's own (not found, waiting), with the reload listener and the banner."""
    page = _OWN_PAGE.format(title=html.escape(title), text=text).encode()
    return decorate(page, preview)


def not_found(url_path: str, preview: Preview) -> bytes:
    return own_page(
        "Not found",
        f"Nothing in {html.escape(preview.project.display(preview.site))}/ is at "
        f"<code>{html.escape(url_path)}</code> yet. This page reloads by itself when a build makes it; "
        'the library starts at <a href="/">its index</a>.',
        preview,
    )


def waiting(preview: Preview) -> bytes:
    return own_page(
        "Waiting for another build",
        "The library is shown once the build that holds the output folder has finished and the "
        "preview has built it again. This page reloads by itself then.",
        preview,
    )
