"""Boxes in HTML (print, EPUB and web alike), rules of the body renderer (body_html.py): a key-points
box or a titled box is an `<aside>` named by its heading, at the level where it stands (the model's
`level`: one below the section it is in); a pull quote is an `<aside aria-hidden="true">`, because
it repeats a sentence of the text and assistive technology has already read it there (the PDF
makes it an artifact: writers/pdf/tags.py)."""

from __future__ import annotations

from markupsafe import Markup

_CLASSES = {"key-points": "box key-points", "box": "box"}


class BoxRules:
    """The `box_open` / `box_close` rules of the body renderer (a mixin: it counts the boxes and
    the pull quotes open, which the other rules read)."""

    boxes: int  # boxes so far (a box without an id names its title `box-N-title`)
    decorative: int  # pull quotes open
    box_kinds: list[str]  # the boxes open, innermost last

    def box_open(self, tokens, idx, options, env):
        meta = tokens[idx].meta
        self.box_kinds.append(meta["kind"])
        if meta["kind"] == "pullquote":
            self.decorative += 1
            return '<aside class="pullquote" aria-hidden="true">\n'
        self.boxes += 1
        name = meta.get("id") or ""
        html = Markup('<aside class="{}"').format(_CLASSES[meta["kind"]])
        if name:
            html += Markup(' id="{}"').format(name)
        if not meta.get("title"):
            return html + Markup(">\n")
        title_id = f"{name or f'box-{self.boxes}'}-title"
        heading = Markup(
            ' aria-labelledby="{id}">\n<h{level} class="box-title" id="{id}">{title}</h{level}>\n'
        )
        return html + heading.format(id=title_id, level=meta["level"], title=meta["title"])

    def box_close(self, tokens, idx, options, env):
        if self.box_kinds.pop() == "pullquote":
            self.decorative -= 1
        return "</aside>\n"
