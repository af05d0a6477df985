"""Source files -> validated `Brief` / `Collection` objects, with every mistake located."""

from __future__ import annotations

import fnmatch
import hashlib
import re
from collections.abc import Mapping
from dataclasses import replace
from pathlib import Path
from typing import Protocol

from markdown_it.token import Token

from briefexport import limits
from briefexport.content import draft_policy, labels, xrefs, yaml_source
from briefexport.content.body import (
    body_uses,
    mark_figures_and_lead,
    number_sections,
    parse_body,
    split_footnotes,
)
from briefexport.content.boxes import check_boxes
from briefexport.content.cite.notes import read_citations
from briefexport.content.images import collect_images, cover_problem, picture_problem
from briefexport.content.model import Author, Brief, BriefMeta, Collection, CollectionMeta, Target
from briefexport.content.names import name_problems
from briefexport.content.references import check_references, project_briefs
from briefexport.content.targets import number_targets, stray_attributes
from briefexport.content.text import read_text
from briefexport.content.typography import smarten_fields, typeset_author, typeset_meta
from briefexport.content.validation import validate
from briefexport.errors import ContentError, Diagnostic, Report, did_you_mean, shorten
from briefexport.project import Project

MAX_BRIEF_BYTES = 512 * 1024
MAX_FRONT_MATTER_BYTES = 32 * 1024
MAX_REGISTRY_BYTES = 1024 * 1024  # authors.yaml
_FENCE = re.compile(r"^---[ \t]*$")


def read_authors(project: Project, report: Report) -> dict[str, Author]:
    """The authors registry; an unreadable entry is reported and left out."""
    path = project.authors_file
    if not path.exists():
        return {}
    shown = project.display(path)
    text = read_text(path, shown, report, project, max_bytes=MAX_REGISTRY_BYTES)
    source = yaml_source.load(text, shown, first_line=1, report=report)
    if not isinstance(source.data, dict):
        raise source.error_at((), "the authors registry must map author ids to entries")
    authors: dict[str, Author] = {}
    diagnostics: list[Diagnostic] = []
    for author_id, entry in source.data.items():
        try:
            author = typeset_author(validate(Author, entry, source, (author_id,)), "en")
        except ContentError as exc:
            diagnostics.extend(exc.diagnostics)
            continue
        problem = picture_problem(author.photo, path.parent, project, "authors.yaml")
        if problem:
            diagnostics.append(
                source.diagnostic_at((author_id, "photo"), f"photo `{author.photo}`: {problem}")
            )
            continue
        authors[str(author_id)] = author
    if diagnostics:
        report.diagnostics.extend(diagnostics)
    return authors


def split_front_matter(text: str, shown: str) -> tuple[str, str, int]:
    """(front matter, body, 1-based line where the body starts)."""
    lines = text.split("\n")
    if not lines or not _FENCE.match(lines[0]):
        raise ContentError(
            Diagnostic(shown, 1, 1, "a brief starts with YAML front matter between `---` lines")
        )
    for index in range(1, len(lines)):
        if _FENCE.match(lines[index]) or lines[index].rstrip() == "...":
            front = "\n".join(lines[1:index])
            if len(front.encode()) > MAX_FRONT_MATTER_BYTES:
                raise ContentError(
                    Diagnostic(
                        shown, 2, 1, f"front matter is larger than {MAX_FRONT_MATTER_BYTES // 1024} KiB"
                    )
                )
            return front, "\n".join(lines[index + 1 :]), index + 2
    raise ContentError(Diagnostic(shown, 1, 1, "front matter is not closed: add a `---` line after it"))


def source_digest(text: str) -> str:
    """The version of a brief's text (what a Word draft records it was made from)."""
    return hashlib.sha256(text.encode()).hexdigest()


def read_brief(
    path: Path, project: Project, authors: dict[str, Author], report: Report, text: str | None = None
) -> Brief:
    """Read one brief (or `text` as if it were the file at `path`). Raises ContentError with all
    of its problems; warnings go to `report`."""
    shown = project.display(path)
    if text is None:
        text = read_text(path, shown, report, project, max_bytes=MAX_BRIEF_BYTES)
    front, body, body_line = split_front_matter(text, shown)
    source = yaml_source.load(front, shown, first_line=2, report=report)
    if not isinstance(source.data, dict):
        raise source.error_at((), "front matter must be a mapping of keys such as `title:` and `date:`")

    diagnostics: list[Diagnostic] = []
    if path.parent == project.briefs_dir:
        diagnostics += name_problems(path, project_briefs(project).values(), shown, project.display, "brief")
    meta = None
    try:
        meta = typeset_meta(validate(BriefMeta, source.data, source))
    except ContentError as exc:
        diagnostics.extend(exc.diagnostics)
    language = meta.language if meta else str(source.data.get("language") or "en")
    if meta is not None:
        diagnostics.extend(labels.problems(project, language))

    brief_authors, author_ids = [], []
    refs = source.data.get("authors")
    for index, ref in enumerate(refs if isinstance(refs, list) else []):  # else: a schema error
        if isinstance(ref, str):
            if ref in authors:
                brief_authors.append(authors[ref])
                author_ids.append(ref)
            else:
                diagnostics.append(
                    source.diagnostic_at(
                        ("authors", index),
                        f"authors: no author `{ref}` in content/authors.yaml",
                        did_you_mean(ref, authors),
                    )
                )
        elif isinstance(ref, dict):
            try:
                brief_authors.append(
                    typeset_author(validate(Author, ref, source, ("authors", index)), language)
                )
            except ContentError as exc:
                diagnostics.extend(exc.diagnostics)

    tokens: list[Token] = []
    footnotes: dict[int, list[Token]] = {}
    citations = None
    sections, images, links, env = [], [], {}, {"language": language}
    targets: dict[str, Target] = {}
    uses: frozenset[str] = frozenset()
    first = body_line + len(body) - len(body.lstrip("\n"))  # the body's first non-blank line
    try:
        with limits.time_limit(limits.PARSE_TIME_LIMIT):  # pathological Markdown must not hang a build
            tokens = parse_body(body, shown, body_line, report, env)
            tokens, footnotes = split_footnotes(tokens)
            mark_figures_and_lead(tokens)
            sections = number_sections(tokens, shown, body_line, diagnostics)
            lines, texts = text.split("\n"), labels.printed(project, language)  # texts: captions, xrefs
            has_boxes = check_boxes(tokens, language, texts, shown, diagnostics)
            targets = number_targets(tokens, texts, shown, lines, diagnostics)
            images = collect_images(tokens, footnotes, path, project, shown, lines, body_line, diagnostics)
            anchors = {name: target.id for name, target in targets.items()}
            links = check_references(
                tokens, footnotes, env, path, project, shown, lines, body_line, diagnostics, anchors
            )
            has_xrefs = xrefs.resolve(tokens, footnotes, targets, shown, lines, body_line, diagnostics)
            stray_attributes(tokens, footnotes, shown, lines, body_line, diagnostics)
            uses = body_uses(tokens, targets, has_boxes, has_xrefs)
    except ContentError as exc:
        diagnostics.extend(exc.diagnostics)
    except limits.TimeLimitExceeded:
        diagnostics.append(
            Diagnostic(
                shown,
                first,
                1,
                f"the body took longer than {limits.PARSE_TIME_LIMIT} s to read and was stopped",
                "look for very long runs of brackets, asterisks, backticks or `>`",
            )
        )
    except RecursionError:
        diagnostics.append(Diagnostic(shown, first, 1, "the body is nested too deeply to read"))

    if meta is not None and tokens and not any(d.severity == "error" for d in diagnostics):
        # outside the body's time limit: bibliography files have their own, the engine its timeouts
        footnotes, citations = read_citations(
            path, project, meta, source, tokens, footnotes, text.split("\n"), body_line, diagnostics
        )
    report.diagnostics.extend(d for d in diagnostics if d.severity == "warning")
    diagnostics = [d for d in diagnostics if d.severity == "error"]
    if diagnostics or meta is None:
        raise ContentError(diagnostics)
    return Brief(
        path=path,
        slug=path.stem,
        meta=meta,
        authors=brief_authors,
        author_ids=author_ids,
        tokens=tokens,
        footnotes=footnotes,
        sections=sections,
        images=images,
        body_line=body_line,
        source_hash=source_digest(text),
        front_matter=front,
        links=links,
        targets=targets,
        uses=uses,
        citations=citations,
    )


class Drafted(Protocol):
    """What a collection reads of its briefs: a Brief, or a summary.BriefSummary."""

    @property
    def is_draft(self) -> bool: ...


def read_collection(
    path: Path,
    project: Project,
    briefs: Mapping[str, Brief],
    known_slugs: list[str],
    report: Report,
    policy: draft_policy.Drafts = draft_policy.Drafts.LEAVE_OUT,
    text: str | None = None,
) -> Collection:
    """A collection and its briefs (or `text` as if it were the file at `path`).

    `briefs:` names briefs by slug or by glob (`*`, `energy-*`); an entry `!slug` (or `!glob`)
    leaves briefs out whatever else names them. A draft would reach readers marked DRAFT: a glob
    leaves drafts out (with a note), a draft named by its slug is an error, unless drafts are
    allowed (`policy` TAKE_IN, --allow-drafts: every draft is in)."""
    meta, chosen, drafts = check_collection(path, project, briefs, known_slugs, report, policy, text)
    return Collection(
        path=path,
        slug=path.stem,
        meta=meta,
        briefs=[briefs[s] for s in chosen],
        left_out=[briefs[s].path for s in drafts],
    )


def check_collection(
    path: Path,
    project: Project,
    briefs: Mapping[str, Drafted],
    known_slugs: list[str],
    report: Report,
    policy: draft_policy.Drafts = draft_policy.Drafts.LEAVE_OUT,
    text: str | None = None,
) -> tuple[CollectionMeta, list[str], list[str]]:
    """A collection's front matter, the slugs of the briefs it holds, in its order, and those of the
    drafts a glob left out (see read_collection); `check` gives it the briefs' summaries."""
    shown = project.display(path)
    if text is None:
        text = read_text(path, shown, report, project, max_bytes=MAX_FRONT_MATTER_BYTES)
    source = yaml_source.load(text, shown, first_line=1, report=report)
    if not isinstance(source.data, dict):
        raise source.error_at((), "a collection is a mapping with `title:` and `briefs:`")
    diagnostics = name_problems(path, project.collections(), shown, project.display, "collection")
    cover = source.data.get("cover")
    if isinstance(cover, str) and (problem := cover_problem(cover, path.parent, project)):
        diagnostics.append(source.diagnostic_at(("cover",), f"cover `{shorten(cover)}`: {problem}"))
    try:
        meta = validate(CollectionMeta, source.data, source)
    except ContentError as exc:
        raise ContentError(exc.diagnostics + diagnostics) from None
    meta = smarten_fields(meta, meta.language, ("title", "subtitle", "description"))
    chosen: list[str] = []
    entry: dict[str, int] = {}  # slug -> the `briefs:` entry that first chose it
    by_name: set[str] = set()  # slugs some entry names as they are, not by a glob
    left_out: set[str] = set()
    for index, written in enumerate(meta.briefs):
        pattern = written.removeprefix("!")
        glob = any(c in pattern for c in "*?[")
        matches = (
            fnmatch.filter(known_slugs, pattern) if glob else ([pattern] if pattern in known_slugs else [])
        )
        if not matches:
            diagnostics.append(
                source.diagnostic_at(
                    ("briefs", index),
                    f"briefs: no brief matches `{pattern}` in content/briefs/",
                    did_you_mean(pattern, known_slugs),
                )
            )
        if written.startswith("!"):
            left_out.update(matches)
            continue
        if not glob:
            by_name.update(matches)
        for slug in matches:
            if slug not in chosen:
                chosen.append(slug)
                entry[slug] = index
    if diagnostics:
        raise ContentError(diagnostics)
    chosen = [slug for slug in chosen if slug not in left_out]
    broken = [slug for slug in chosen if slug not in briefs]
    if broken:
        raise ContentError(
            source.diagnostic_at(
                ("briefs",), f"briefs: cannot include {', '.join(broken)}: see the errors reported for them"
            )
        )
    drafts = [slug for slug in chosen if briefs[slug].is_draft and policy is draft_policy.Drafts.LEAVE_OUT]
    named = [slug for slug in drafts if slug in by_name]
    if named:
        raise ContentError(
            source.diagnostic_at(
                ("briefs", meta.briefs.index(slug)),
                f"briefs: `{slug}` is a draft: readers of the book would get a DRAFT",
                "drop it from the collection, set `status: final` in the brief, or build with --allow-drafts",
            )
            for slug in named
        )
    report.diagnostics.extend(
        replace(
            source.diagnostic_at(
                ("briefs", entry[slug]),
                f"briefs: `{slug}` is a draft, left out of the book",
                "it joins when its `status:` is `final`; --allow-drafts takes drafts in",
            ),
            severity="note",
        )
        for slug in drafts
    )
    return meta, [slug for slug in chosen if slug not in drafts], drafts
