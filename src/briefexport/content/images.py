"""Pictures and links in a brief's body: each picture resolved inside the project and checked, each
address the parser refused reported at its line and column."""

from __future__ import annotations

import os
import re
from pathlib import Path

from markdown_it.token import Token

from briefexport.content.markdown import inline_text, walk
from briefexport.content.model import Image
from briefexport.errors import Diagnostic, shorten
from briefexport.project import Project
from briefexport.safety.files import Refused, resolve_local
from briefexport.safety.pictures import check_picture

MAX_PICTURE_ERRORS = 50  # per brief: then one line says there are more


def picture_problem(
    reference: str | None, base_dir: Path, project: Project, whose: str = "the brief"
) -> str | None:
    """Why a picture reference cannot be used (outside the project, a URL, not a picture...), or None."""
    if reference is None:
        return None
    try:
        check_picture(resolve_local(reference, base_dir, project))
    except Refused as exc:
        return explain(exc, reference, base_dir, project, whose)
    return None


def explain(
    refused: Refused, reference: str, base_dir: Path, project: Project, whose: str = "the brief"
) -> str:
    """What is wrong with a picture's path, with the path that works when it is a missing file the
    project has elsewhere (`images/x.png` in a brief, for `../images/x.png`)."""
    message = str(refused)
    if message != "no such file":
        return message
    folder = project.display(base_dir).rstrip("/") + "/"
    found = nearby(reference, base_dir, project)
    suggestion = f"; did you mean `{found}`?" if found else ""
    return f"no such file (paths are relative to {whose}, in {folder}{suggestion})"


MAX_SEARCHED = 2000  # files of content/ looked at for a missing picture's name


def nearby(reference: str, base_dir: Path, project: Project) -> str | None:
    """The path from `base_dir` to the file `reference` means: the same path from content/ or
    from the project's root, else the one file of that name under content/ (any case)."""
    name = Path(reference).name
    if not name:
        return None
    candidates = [project.content / reference, project.root / reference]
    candidates = [path for path in candidates if path.is_file()]
    if not candidates:
        same_name = []
        for index, path in enumerate(sorted(project.content.rglob("*"))):
            if index >= MAX_SEARCHED:
                break
            if path.name.lower() == name.lower() and path.is_file():
                same_name.append(path)
        candidates = same_name if len(same_name) == 1 else []
    for path in candidates:
        try:
            resolve_local(os.path.relpath(path, base_dir), base_dir, project)
        except Refused:
            continue
        return Path(os.path.relpath(path, base_dir)).as_posix()
    return None


COVER_TYPES = ("image/png", "image/jpeg")  # what readers show in their library views


def cover_problem(reference: str | None, base_dir: Path, project: Project) -> str | None:
    """Why a collection's `cover:` cannot be its EPUB's cover, or None: the one picture rule, and a
    raster picture (the EPUB is the format that shows it)."""
    if reference is None:
        return None
    try:
        media_type = check_picture(resolve_local(reference, base_dir, project))
    except Refused as exc:
        return explain(exc, reference, base_dir, project, "the collection")
    if media_type not in COVER_TYPES:
        return "not a PNG or JPEG image (the EPUB needs one: e-readers show only those in their libraries)"
    return None


def collect_images(
    tokens,
    footnotes,
    brief_path: Path,
    project: Project,
    shown: str,
    lines: list[str],
    body_line: int,
    diagnostics: list[Diagnostic],
) -> list[Image]:
    images, refused = [], 0
    all_tokens = list(tokens) + [t for block in footnotes.values() for t in block]
    block = (body_line, body_line + 1)
    seen: dict[tuple, int] = {}
    checked: dict[str, Path] = {}  # src -> resolved and checked (a picture used many times is read once)
    locator = ImageLocator(lines)
    for token in walk(all_tokens):
        if refused >= MAX_PICTURE_ERRORS:
            break
        if token.map:
            block = (token.map[0], max(token.map[1], token.map[0] + 1))
        if token.type == "inline":
            for bang, src in parser_refused(token):
                line, col = locator.find(block, src, 0)
                if not bang:
                    diagnostics.append(
                        Diagnostic(  # a warning: read_brief moves it to the report
                            shown,
                            line,
                            col,
                            f"link `{shorten(src)}` was left as text: only http(s), mailto and "
                            "relative links are made links",
                            severity="warning",
                        )
                    )
                    refused += 1
                    continue
                try:
                    resolve_local(src, brief_path.parent, project)
                    why = "markdown does not accept this address"
                except Refused as exc:
                    why = str(exc)
                diagnostics.append(Diagnostic(shown, line, col, f"image `{shorten(src)}`: {why}"))
                refused += 1
        if token.type != "image":
            continue
        src = str(token.attrGet("src") or "")
        nth = seen[block] = seen.get(block, -1) + 1
        same = seen[block, src] = seen.get((block, src), -1) + 1
        line, col = locator.find(block, src, nth, same)
        try:
            if src not in checked:
                checked[src] = resolve_local(src, brief_path.parent, project)
                check_picture(checked[src])
            resolved = checked[src]
        except Refused as exc:
            problem = explain(exc, src, brief_path.parent, project)
            diagnostics.append(Diagnostic(shown, line, col, f"image `{shorten(src)}`: {problem}"))
            refused += 1
            continue
        caption = str(token.attrGet("title") or "").strip()
        if token.meta.get("figure") and not caption:
            diagnostics.append(
                Diagnostic(  # a warning: read_brief moves it to the report
                    shown,
                    line,
                    col,
                    f"figure `{shorten(src)}` has no caption, so none is printed",
                    'give the picture a title: ![description](path "Caption")',
                    severity="warning",
                )
            )
        alt = inline_text(token)
        if not alt.strip():
            diagnostics.append(
                Diagnostic(  # a warning: only the author can say what the picture shows
                    shown,
                    line,
                    col,
                    f"picture `{shorten(src)}` has no description, so readers who cannot see it get nothing",
                    "write what it shows: ![description](path)",
                    severity="warning",
                )
            )
        images.append(Image(src=src, path=resolved, alt=alt, line=line, col=col, caption=caption))
    if refused >= MAX_PICTURE_ERRORS:
        diagnostics.append(
            Diagnostic(
                shown,
                diagnostics[-1].line,
                1,
                f"more than {MAX_PICTURE_ERRORS} pictures or links cannot be used; the rest were not checked",
            )
        )
    return images


_REFUSED_ADDRESS = re.compile(
    r"(!?)\[[^\[\]\n]*\]\(\s*<?((?:javascript|vbscript|file|data):(?:[^()\s>]|\([^()\s]*\))*)", re.IGNORECASE
)


_REFUSED_HINT = re.compile(r"\]\(\s*<?(?:javascript|vbscript|file|data):", re.IGNORECASE)


def parser_refused(inline: Token) -> list[tuple[str, str]]:
    """markdown-it leaves `![x](file:...)`, `javascript:` and non-picture `data:` images and links
    as plain text (its validateLink): [(`!` or "", address)], to report rather than print silently."""
    text, found = "", []
    for child in (inline.children or []) + [None]:
        if child is not None and child.type == "text":
            text += child.content
            continue
        if _REFUSED_HINT.search(text):  # linear; the full pattern only where it can match
            found += _REFUSED_ADDRESS.findall(text)
        text = ""
    return found


class ImageLocator:
    """Where images are written in the source (markdown-it keeps lines per block, not columns).

    Positions are listed once per block and path (linear), then looked up: the `same`-th image
    with this path in the block, else the block's `nth` `![`.
    """

    def __init__(self, lines: list[str]):
        self.lines = lines
        self.spots: dict[tuple, list[tuple[int, int]]] = {}

    def _spots(self, block: tuple[int, int], needle: str | None) -> list[tuple[int, int]]:
        if (block, needle) not in self.spots:
            if needle is None:
                pattern = re.compile(r"!\[")
            else:  # `](path` or `[ref]: path`
                pattern = re.compile(r"\]\(\s*<?" + re.escape(needle) + r"|\]:\s*<?" + re.escape(needle))
            found = []
            for number in range(block[0], min(block[1], len(self.lines) + 1)):
                text = self.lines[number - 1]
                for match in pattern.finditer(text):
                    at = match.start()
                    if needle is not None:  # back to the `[` (or `![`) that opens it
                        opener = text.rfind("[", 0, at)
                        at = opener - (opener > 0 and text[opener - 1] == "!") if opener >= 0 else at
                    found.append((number, at + 1))
            self.spots[block, needle] = found
        return self.spots[block, needle]

    def find(self, block: tuple[int, int], src: str, nth: int, same: int = 0) -> tuple[int, int]:
        from urllib.parse import unquote

        for needle in dict.fromkeys((src, unquote(src))):
            spots = self._spots(block, needle) if needle else []
            if same < len(spots):
                return spots[same]
        spots = self._spots(block, None)
        return spots[nth] if nth < len(spots) else (block[0], 1)
