"""Source files -> validated `Brief` / `Collection` objects, with every mistake located."""

from __future__ import annotations

import fnmatch
import hashlib
import re
from pathlib import Path
from typing import Any

from markdown_it.token import Token
from pydantic import BaseModel, ValidationError

from briefexport import sanitize, textclean, yamlsource
from briefexport.errors import ContentError, Diagnostic, Report, did_you_mean
from briefexport.markdown import MARKDOWN, inline_text
from briefexport.model import Author, Brief, BriefMeta, Collection, CollectionMeta, Image, Section
from briefexport.project import Project
from briefexport.runner import RenderTimeout, time_limit

MAX_BRIEF_BYTES = 512 * 1024
MAX_FRONT_MATTER_BYTES = 32 * 1024
MAX_REGISTRY_BYTES = 1024 * 1024  # authors.yaml
MAX_PICTURE_ERRORS = 50  # per brief: then one line says there are more
PARSE_TIME_LIMIT = 15  # seconds for one body; the worst 512 KiB inputs we know of take about 3 s
_FENCE = re.compile(r"^---[ \t]*$")
_URL_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")


def read_authors(project: Project, report: Report) -> dict[str, Author]:
    """The authors registry; an unreadable entry is reported and left out."""
    path = project.authors_file
    if not path.exists():
        return {}
    shown = project.display(path)
    text = textclean.read_text(path, shown, report, max_bytes=MAX_REGISTRY_BYTES)
    source = yamlsource.load(text, shown, first_line=1, report=report)
    if not isinstance(source.data, dict):
        raise source.error_at((), "the authors registry must map author ids to entries")
    authors: dict[str, Author] = {}
    diagnostics: list[Diagnostic] = []
    for author_id, entry in source.data.items():
        try:
            author = validate(Author, entry, source, (author_id,))
        except ContentError as exc:
            diagnostics.extend(exc.diagnostics)
            continue
        problem = picture_problem(author.photo, path.parent, project)
        if problem:
            diagnostics.append(source.diagnostic_at((author_id, "photo"), f"photo `{author.photo}`: {problem}"))
            continue
        authors[str(author_id)] = author
    if diagnostics:
        report.diagnostics.extend(diagnostics)
    return authors


def validate(model: type[BaseModel], data: Any, source: yamlsource.Source, prefix: tuple = ()):
    """Validate with pydantic and turn every failure into a located diagnostic."""
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        diagnostics = []
        for err in exc.errors():
            loc = prefix + tuple(err["loc"])
            name = ".".join(str(part) for part in loc) or "front matter"
            message = err["msg"].removeprefix("Value error, ")
            if err["type"] == "extra_forbidden":
                key = loc[-1]
                hint = did_you_mean(str(key), model_fields_at(model, loc[len(prefix):-1]))
                diagnostics.append(source.diagnostic_at(loc, f"unknown key `{key}`", hint, key_of=True))
            elif err["type"] == "missing":
                diagnostics.append(source.diagnostic_at(loc[:-1], f"{name}: required key is missing"))
            else:
                value = err.get("input")
                plain = _PLAIN.get(err["type"])  # never .format() pydantic's text: it quotes the user's
                if plain:
                    message = plain.format(what=_kind(value), expected=(err.get("ctx") or {}).get("expected", ""),
                                           value=value)
                if err["type"] == "string_type" and isinstance(value, (int, float)):
                    message += f' (put it in quotes: "{value}")'

                diagnostics.append(source.diagnostic_at(loc, f"{name}: {message}"))
        raise ContentError(diagnostics) from None


_PLAIN = {  # pydantic's wording -> plain English
    "string_type": "expected a text string, not {what}",
    "list_type": "expected a list (`[a, b]` or `- item` lines), not {what}",
    "model_type": "expected a mapping of keys and values, not {what}",
    "dict_type": "expected a mapping of keys and values, not {what}",
    "literal_error": "expected {expected}, not `{value}`",
}


def _kind(value: Any) -> str:
    names = {list: "a list", dict: "a mapping", bool: "true/false", int: "a number", float: "a number",
             bytes: "binary data", str: "text", type(None): "nothing"}
    return names.get(type(value), type(value).__name__)


def model_fields_at(model: type[BaseModel], loc: tuple) -> list[str]:
    """Field names of the (nested) model at `loc`, for "did you mean" hints."""
    for part in loc:
        if isinstance(part, int):
            continue
        field = model.model_fields.get(str(part))
        annotation = getattr(field, "annotation", None)
        candidates = [a for a in getattr(annotation, "__args__", (annotation,)) if isinstance(a, type)]
        nested = next((a for a in candidates if issubclass(a, BaseModel)), None)
        if nested is None:
            return []
        model = nested
    return list(model.model_fields)


def split_front_matter(text: str, shown: str) -> tuple[str, str, int]:
    """(front matter, body, 1-based line where the body starts)."""
    lines = text.split("\n")
    if not lines or not _FENCE.match(lines[0]):
        raise ContentError(Diagnostic(shown, 1, 1, "a brief starts with YAML front matter between `---` lines"))
    for index in range(1, len(lines)):
        if _FENCE.match(lines[index]) or lines[index].rstrip() == "...":
            front = "\n".join(lines[1:index])
            if len(front.encode()) > MAX_FRONT_MATTER_BYTES:
                raise ContentError(Diagnostic(shown, 2, 1, f"front matter is larger than {MAX_FRONT_MATTER_BYTES // 1024} KiB"))
            return front, "\n".join(lines[index + 1:]), index + 2
    raise ContentError(Diagnostic(shown, 1, 1, "front matter is not closed: add a `---` line after it"))


def read_brief(path: Path, project: Project, authors: dict[str, Author], report: Report) -> Brief:
    """Read one brief. Raises ContentError with all of its problems; warnings go to `report`."""
    shown = project.display(path)
    text = textclean.read_text(path, shown, report, max_bytes=MAX_BRIEF_BYTES)
    front, body, body_line = split_front_matter(text, shown)
    source = yamlsource.load(front, shown, first_line=2, report=report)
    if not isinstance(source.data, dict):
        raise source.error_at((), "front matter must be a mapping of keys such as `title:` and `date:`")

    diagnostics: list[Diagnostic] = []
    meta = None
    try:
        meta = validate(BriefMeta, source.data, source)
    except ContentError as exc:
        diagnostics.extend(exc.diagnostics)

    brief_authors, author_ids = [], []
    refs = source.data.get("authors")
    for index, ref in enumerate(refs if isinstance(refs, list) else []):  # else: a schema error
        if isinstance(ref, str):
            if ref in authors:
                brief_authors.append(authors[ref])
                author_ids.append(ref)
            else:
                diagnostics.append(source.diagnostic_at(
                    ("authors", index), f"authors: no author `{ref}` in content/authors.yaml",
                    did_you_mean(ref, authors)))
        elif isinstance(ref, dict):
            try:
                brief_authors.append(validate(Author, ref, source, ("authors", index)))
            except ContentError as exc:
                diagnostics.extend(exc.diagnostics)

    tokens, footnotes, sections, images = [], {}, [], []
    first = body_line + len(body) - len(body.lstrip("\n"))  # the body's first non-blank line
    try:
        with time_limit(PARSE_TIME_LIMIT):  # pathological Markdown must not hang a build
            tokens = parse_body(body, shown, body_line, report)
            tokens, footnotes = split_footnotes(tokens)
            mark_figures_and_lead(tokens)
            sections = number_sections(tokens, shown, body_line, diagnostics)
            images = collect_images(tokens, footnotes, path, project, shown, text.split("\n"), body_line, diagnostics)
    except ContentError as exc:
        diagnostics.extend(exc.diagnostics)
    except RenderTimeout:
        diagnostics.append(Diagnostic(
            shown, first, 1, f"the body took longer than {PARSE_TIME_LIMIT} s to read and was stopped",
            "look for very long runs of brackets, asterisks, backticks or `>`"))
    except RecursionError:
        diagnostics.append(Diagnostic(shown, first, 1, "the body is nested too deeply to read"))

    report.diagnostics.extend(d for d in diagnostics if d.severity == "warning")
    diagnostics = [d for d in diagnostics if d.severity == "error"]
    if diagnostics or meta is None:
        raise ContentError(diagnostics)
    return Brief(
        path=path, slug=path.stem, meta=meta, authors=brief_authors, author_ids=author_ids,
        tokens=tokens, footnotes=footnotes, sections=sections, images=images, body_line=body_line,
        source_hash=hashlib.sha256(text.encode()).hexdigest(),
    )


def parse_body(body: str, shown: str, body_line: int, report: Report) -> list[Token]:
    """Parse and sanitize; nesting that markdown-it would silently cut is a located error."""
    tokens = MARKDOWN.parse(body)
    for token in walk(tokens):
        if token.map:
            token.map = [token.map[0] + body_line, token.map[1] + body_line]  # now 1-based file lines
    errors = sanitize.raw_html(tokens, shown, report) + too_deep(tokens, shown)
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
            return [Diagnostic(shown, line, 1, f"block quotes and lists are nested more than {limit} levels deep here; "
                                               "the text inside would be lost", "flatten the nesting")]
    return []


def walk(tokens: list[Token]):
    for token in tokens:
        yield token
        if token.children:
            yield from walk(token.children)


def split_footnotes(tokens: list[Token]) -> tuple[list[Token], dict[int, list[Token]]]:
    """Move footnote definitions out of the body into {id: block tokens}."""
    body, footnotes, current = [], {}, None
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
    """A paragraph holding only an image is a figure; the first other paragraph before any heading is the lead."""
    lead_done = False
    for index, token in enumerate(tokens):
        if token.type == "heading_open":
            lead_done = True
        if token.type != "paragraph_open" or token.level != 0:
            continue
        children = [c for c in tokens[index + 1].children or [] if not (c.type == "text" and not c.content.strip())]
        if len(children) == 1 and children[0].type == "image":
            token.meta["figure"] = True
            children[0].meta["figure"] = True
        elif not lead_done:
            token.attrSet("class", "lead")
            lead_done = True


def number_sections(tokens: list[Token], shown: str, body_line: int, diagnostics: list[Diagnostic]) -> list[Section]:
    sections, headings = [], 0
    for index, token in enumerate(tokens):
        if token.type != "heading_open":
            continue
        line = token.map[0] if token.map else body_line
        if token.tag == "h1":
            diagnostics.append(Diagnostic(
                shown, line, 1, "a `#` heading in the body: the title comes from the front matter",
                "use `##` for a section and `###` for a subsection"))
            continue
        headings += 1  # every heading gets its own id; only ## and ### are sections (nav, bookmarks)
        section_id = f"sec-{headings}"
        token.attrSet("id", section_id)
        if token.tag in ("h2", "h3"):
            sections.append(Section(int(token.tag[1]), inline_text(tokens[index + 1]), section_id, line))
    return sections


def picture_problem(reference: str | None, base_dir: Path, project: Project) -> str | None:
    """Why a picture reference cannot be used (outside the project, a URL, not a picture...), or None."""
    from briefexport.resources import Refused, check_image, resolve_local

    if reference is None:
        return None
    try:
        check_image(resolve_local(reference, base_dir, project))
    except Refused as exc:
        return str(exc)
    return None


def collect_images(tokens, footnotes, brief_path: Path, project: Project, shown: str, lines: list[str],
                   body_line: int, diagnostics: list[Diagnostic]) -> list[Image]:
    from briefexport.resources import Refused, check_image, resolve_local

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
                    diagnostics.append(Diagnostic(  # a warning: read_brief moves it to the report
                        shown, line, col, f"link `{shorten(src)}` was left as text: only http(s), mailto and "
                        "relative links are made links", severity="warning"))
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
                check_image(checked[src])
            resolved = checked[src]
        except Refused as exc:
            diagnostics.append(Diagnostic(shown, line, col, f"image `{shorten(src)}`: {exc}"))
            refused += 1
            continue
        images.append(Image(src=src, path=resolved, alt=inline_text(token), line=line))
    if refused >= MAX_PICTURE_ERRORS:
        diagnostics.append(Diagnostic(shown, diagnostics[-1].line, 1, f"more than {MAX_PICTURE_ERRORS} pictures or "
                                      "links cannot be used; the rest were not checked"))
    return images


def shorten(text: str, limit: int = 100) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


_REFUSED_ADDRESS = re.compile(r"(!?)\[[^\[\]\n]*\]\(\s*<?((?:javascript|vbscript|file|data):(?:[^()\s>]|\([^()\s]*\))*)", re.IGNORECASE)


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


def read_collection(path: Path, project: Project, briefs: dict[str, Brief], known_slugs: list[str],
                    report: Report) -> Collection:
    shown = project.display(path)
    text = textclean.read_text(path, shown, report, max_bytes=MAX_FRONT_MATTER_BYTES)
    source = yamlsource.load(text, shown, first_line=1, report=report)
    if not isinstance(source.data, dict):
        raise source.error_at((), "a collection is a mapping with `title:` and `briefs:`")
    diagnostics = []
    cover = source.data.get("cover")
    problem = picture_problem(cover, path.parent, project) if isinstance(cover, str) else None
    if problem:
        diagnostics.append(source.diagnostic_at(("cover",), f"cover `{shorten(cover)}`: {problem}"))
    try:
        meta = validate(CollectionMeta, source.data, source)
    except ContentError as exc:
        raise ContentError(exc.diagnostics + diagnostics) from None
    chosen: list[str] = []
    for index, pattern in enumerate(meta.briefs):
        matches = fnmatch.filter(known_slugs, pattern) if any(c in pattern for c in "*?[") else (
            [pattern] if pattern in known_slugs else [])
        if not matches:
            diagnostics.append(source.diagnostic_at(
                ("briefs", index), f"briefs: no brief matches `{pattern}` in content/briefs/",
                did_you_mean(pattern, known_slugs)))
        chosen.extend(slug for slug in matches if slug not in chosen)
    if diagnostics:
        raise ContentError(diagnostics)
    broken = [slug for slug in chosen if slug not in briefs]
    if broken:
        raise ContentError(source.diagnostic_at(
            ("briefs",), f"briefs: cannot include {', '.join(broken)}: see the errors reported for them"))
    return Collection(path=path, slug=path.stem, meta=meta, briefs=[briefs[s] for s in chosen])
