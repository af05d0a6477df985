"""Citations into the model, once for every format: each `cite` token (syntax.py) checked against
the bibliography, formatted by the engine in the brief's style and locale, and, in a note style,
made a note numbered in order with the brief's own footnotes (pandoc's rules: the call moves after
the punctuation that follows it, and a citation inside a footnote is set inside that note).

A brief without citations (and without `nocite:`) returns at once: no bibliography read, no style,
no engine started.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from markdown_it.token import Token

from briefexport.content.cite import bibliography, rich
from briefexport.content.cite.engine import Cluster, format_citations
from briefexport.content.cite.styles import DEFAULT_STYLE, brand_style, load_style, locale_of
from briefexport.content.labels import printed as printed_labels
from briefexport.content.model import BriefMeta, Citations, Cited
from briefexport.content.yaml_source import Source
from briefexport.errors import ContentError, Diagnostic, did_you_mean, shorten
from briefexport.project import Project
from briefexport.safety.files import inside, project_roots

_MOVED = ".,;:!?"  # punctuation after a note call moves before it: "text [@a]." -> "text.¹"


class _Spots:
    """Line and column of each citation in the source, in order within its block."""

    def __init__(self, lines: list[str]):
        self.lines = lines
        self.seen: dict[tuple[tuple[int, int], str], int] = {}

    def find(self, block: tuple[int, int], needle: str) -> tuple[int, int]:
        needle = needle.split("\n", 1)[0]  # a citation may run over lines: its first one is found
        nth = self.seen[block, needle] = self.seen.get((block, needle), -1) + 1
        for number in range(block[0], min(block[1], len(self.lines)) + 1):
            at = self.lines[number - 1].find(needle)
            while at >= 0:
                if nth == 0:
                    return number, at + 1
                nth -= 1
                at = self.lines[number - 1].find(needle, at + 1)
        return block[0], 1


def _lines(token: Token, block: tuple[int, int]) -> tuple[int, int]:
    return (token.map[0], max(token.map[1], token.map[0] + 1)) if token.map else block


def _walk(tokens: list[Token], footnotes: dict[int, list[Token]], body_line: int):
    """(child, its inline token's children, block lines, the note's call or None) of every citation and
    first footnote call in reading order: a note's citations where its call stands. Token lines
    are the file's (body.parse_body shifts them). A pull quote repeats a sentence of the text, which
    calls its notes and cites its sources: what it holds is no note of its own (its citations get
    `decorative`, and every format leaves them out of it)."""
    block = (body_line, body_line + 1)
    boxes: list[str] = []  # the kinds of the boxes open around the token
    called: set[int] = set()
    for token in tokens:
        block = _lines(token, block)
        if token.type == "box_open":
            boxes.append(token.meta.get("kind", ""))
        elif token.type == "box_close" and boxes:
            boxes.pop()
        for child in list(token.children or []) if token.type == "inline" else []:
            if child.type == "cite":
                if "pullquote" in boxes:
                    child.meta["decorative"] = True
                yield child, token.children, block, None
            elif child.type == "footnote_ref" and "pullquote" not in boxes and child.meta["id"] not in called:
                called.add(child.meta["id"])
                yield child, token.children, block, None
                inner_block = block
                for note in footnotes.get(child.meta["id"], []):
                    inner_block = _lines(note, inner_block)
                    for inner in note.children or [] if note.type == "inline" else []:
                        if inner.type == "cite":
                            yield inner, note.children, inner_block, child


def _files(meta: BriefMeta, source: Source, path: Path, project: Project, errors: list) -> list[Path]:
    files = bibliography.project_files(project)
    named = [meta.bibliography] if isinstance(meta.bibliography, str) else meta.bibliography or []
    for index, name in enumerate(named):
        where = ("bibliography",) if isinstance(meta.bibliography, str) else ("bibliography", index)
        file = (path.parent / name).resolve()
        if not inside(file, project_roots(project)):  # the sandbox's folders (safety/files.py)
            errors.append(
                source.diagnostic_at(
                    where,
                    f"bibliography: `{shorten(name)}` is outside the project",
                    "bibliography files go in content/ (with the briefs) or layouts/",
                )
            )
        elif file.suffix not in bibliography.SUFFIXES:
            errors.append(
                source.diagnostic_at(where, f"bibliography: `{shorten(name)}` is not .bib, .json or .yaml")
            )
        elif not file.is_file():
            errors.append(
                source.diagnostic_at(where, f"bibliography: no file `{shorten(name)}` next to the brief")
            )
        elif file not in files:
            files.append(file)
    return files


def read_citations(
    path: Path,
    project: Project,
    meta: BriefMeta,
    source: Source,
    tokens: list[Token],
    footnotes: dict[int, list[Token]],
    lines: list[str],
    body_line: int,
    diagnostics: list[Diagnostic],
) -> tuple[dict[int, list[Token]], Citations | None]:
    """Check and format the brief's citations; in a note style, body citations become notes
    (`footnotes` renumbered). Returns the footnotes and the citations, or None without any."""
    shown = project.display(path)
    found = list(_walk(tokens, footnotes, body_line))
    spots = _Spots(lines)
    for child, owner, block, _ in found:
        if child.type == "cite" and child.meta.get("decorative"):
            at = owner.index(child)  # it prints nothing: nor does the space before it
            if at and owner[at - 1].type == "text":
                owner[at - 1].content = owner[at - 1].content.rstrip(" ")
            diagnostics.append(
                Diagnostic(
                    shown,
                    *spots.find(block, child.content),
                    f"citation `{shorten(child.content, 60)}` in a pull quote is left out of it",
                    "a pull quote repeats a sentence of the text: the citation stands there",
                    severity="warning",
                )
            )
    found = [entry for entry in found if not entry[0].meta.get("decorative")]
    if not any(child.type == "cite" for child, *_ in found) and not meta.nocite:
        return footnotes, None
    errors: list[Diagnostic] = []
    brand = brand_style(project)
    try:
        if meta.csl:
            spot = source.diagnostic_at(("csl",), "")
            style = load_style(meta.csl, project, shown, spot.line, spot.col)
        else:
            value, where, line = brand or (DEFAULT_STYLE, shown, 1)
            style = load_style(value, project, where, line, 1)
    except ContentError as exc:
        diagnostics.extend(exc.diagnostics)
        return footnotes, None
    files = _files(meta, source, path, project, errors)
    references, problems = bibliography.gather(files, project)
    errors += problems
    for child, _, block, _ in found:
        if child.type != "cite":
            continue
        child.meta["line"], child.meta["col"] = spots.find(block, child.content)
        for item in child.meta["items"]:
            # while a bibliography file has errors, a key missing from it is their consequence
            if item.key not in references and not problems:
                errors.append(
                    _unknown(item.key, references, files, shown, child.meta["line"], child.meta["col"])
                )
    nocite = list(references) if "*" in meta.nocite else []
    for index, key in enumerate(meta.nocite):
        if key != "*" and key not in references:
            errors.append(
                source.diagnostic_at(
                    ("nocite", index), f"nocite: no reference `{key}`", did_you_mean(key, references)
                )
            )
        elif key != "*":
            nocite.append(key)
    if errors:
        diagnostics.extend(errors)
        return footnotes, None
    cites = [(child, owner, note) for child, owner, _, note in found if child.type == "cite"]
    for index, (child, _, _) in enumerate(cites):
        child.meta["cluster"] = index
    if style.note:
        footnotes = _to_notes(tokens, footnotes, found)
    clusters = [_cluster(child, note, style.note) for child, _, note in cites]
    items = {
        key: references[key].data
        for key in dict.fromkeys([*(i.key for c in clusters for i in c.items), *nocite])
    }
    locale = locale_of(meta.language)
    try:
        done = format_citations(style, locale, items, clusters, list(dict.fromkeys(nocite)))
    except Exception as exc:  # the engine's own errors (JS exceptions, time, memory): said, located
        child = cites[0][0] if cites else None
        diagnostics.append(
            Diagnostic(
                shown,
                child.meta["line"] if child else 1,
                child.meta["col"] if child else 1,
                f"the citation engine could not format this brief's citations: {shorten(str(exc), 200)}",
                f"check the entries cited ({', '.join(items)[:120]}) and the style {style.title}",
            )
        )
        return footnotes, None
    cited = []
    authors = iter(done.authors)
    for (child, owner, note), cluster, text in zip(cites, clusters, done.citations, strict=True):
        starts = style.note and (note is None or _first(child, owner))
        cited.append(
            Cited(
                items=cluster.items,
                text=rich.capitalise(text) if starts else text,
                note=cluster.note,
                in_text=cluster.author_in_text,
                authors=next(authors) if cluster.author_in_text else (),
                line=child.meta["line"],
                col=child.meta["col"],
                source=child.content,
            )
        )
    return footnotes, Citations(
        style_id=style.id,
        style_title=style.title,
        note=style.note,
        locale=locale,
        items=items,
        clusters=tuple(cited),
        entries=tuple(done.entries),
        hanging=done.hanging,
        heading=printed_labels(project, meta.language)["bibliography" if style.note else "references"],
        files=(*files, style.path),
    )


def _unknown(key: str, references: dict, files: list[Path], shown: str, line: int, col: int) -> Diagnostic:
    if not files:
        return Diagnostic(
            shown,
            line,
            col,
            f"citation `@{key}`: there is no bibliography",
            "add content/references.bib, .json or .yaml (Zotero exports all three), "
            "or name a file in `bibliography:`",
        )
    hint = did_you_mean(key, references) or (
        f"the keys start {', '.join(f'`{k}`' for k in sorted(references)[:5])}"
        if references
        else "the bibliography files hold no entries yet"
    )
    return Diagnostic(shown, line, col, f"citation `@{key}`: no such reference in the bibliography", hint)


def _first(child: Token, owner: list[Token]) -> bool:
    """Whether a citation opens its note (nothing but spaces before it)."""
    for sibling in owner:
        if sibling is child:
            return True
        if sibling.type != "text" or sibling.content.strip():
            return False
    return False


def _cluster(child: Token, note: Token | None, note_style: bool) -> Cluster:
    items = child.meta["items"]
    in_text = child.meta.get("in_text", False)
    if in_text and not note_style:  # "Farrell and Newman (2019, 50)": the names once, in the sentence
        items = tuple(replace(item, suppress_author=True) for item in items)
    number = note.meta["id"] + 1 if note is not None else child.meta.get("note", 0)
    return Cluster(items=items, note=number if note_style or note is not None else 0, author_in_text=in_text)


def _to_notes(tokens: list[Token], footnotes: dict[int, list[Token]], found) -> dict[int, list[Token]]:
    """Body citations become notes, numbered with the footnotes in reading order."""
    order = [child for child, _, _, note in found if note is None]
    ids = {child.meta["id"]: n for n, child in enumerate(c for c in order if c.type == "footnote_ref")}
    renumbered: dict[int, list[Token]] = {}
    number = 0
    for child, owner, _, note in found:
        if note is not None:
            continue
        if child.type == "footnote_ref":
            renumbered[number] = footnotes.get(child.meta["id"], [])
            ids[child.meta["id"]] = number
        else:
            renumbered[number] = _note_of(child)
            child.meta["note"] = number + 1
            _call(child, owner, number)
        number += 1
    for old in sorted(set(footnotes) - set(ids)):  # called in a pull quote only: after the others
        renumbered[number], ids[old] = footnotes[old], number
        number += 1
    for token in [*tokens, *(t for blocks in renumbered.values() for t in blocks)]:
        for child in token.children or [] if token.type == "inline" else []:
            if child.type == "footnote_ref" and not child.meta.get("citation"):
                child.meta["id"] = ids.get(child.meta["id"], child.meta["id"])
    return renumbered


def _note_of(cite: Token) -> list[Token]:
    opening, closing = Token("paragraph_open", "p", 1), Token("paragraph_close", "p", -1)
    opening.block = closing.block = True
    inline = Token("inline", "", 0)
    copy = Token("cite", "", 0)
    copy.content, copy.meta = cite.content, {**cite.meta, "show": "text"}
    inline.children, inline.content = [copy], cite.content
    opening.map = closing.map = inline.map = None
    return [opening, inline, closing]


def _call(cite: Token, owner: list[Token], number: int) -> None:
    """The citation's place in the text: its note's call (after the names, for `@key says`)."""
    call = Token("footnote_ref", "", 0)
    call.meta = {"id": number, "subId": 0, "label": f"cite-{number + 1}", "citation": True}
    at = owner.index(cite)
    if cite.meta.get("in_text"):
        cite.meta["show"] = "authors"
        owner.insert(at + 1, call)
        return
    owner[at] = call
    before = owner[at - 1] if at and owner[at - 1].type == "text" else None
    after = owner[at + 1] if at + 1 < len(owner) and owner[at + 1].type == "text" else None
    if before is not None:
        before.content = before.content.rstrip(" ")
    if after is not None and after.content[:1] and after.content[0] in _MOVED:
        moved = len(after.content) - len(after.content.lstrip(_MOVED))
        if before is None:
            before = Token("text", "", 0)
            owner.insert(at, before)
        before.content += after.content[:moved]
        after.content = after.content[moved:]
