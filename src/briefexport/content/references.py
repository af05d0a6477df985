"""What a reader would find broken in a brief's text, checked where the brief is read (so `check`
and `build` say the same): footnote calls and definitions, links to headings of this brief or
of another one, and citation keys.

Links to another brief by its source file (`[x](other.md)`, `other.md#sec-2`) are resolved here,
once: the model records each as a `BriefLink` (the other brief's slug and the heading id), and each
writer only maps a slug to its own output (other.pdf, other.html, a chapter of the same book).
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Protocol
from urllib.parse import unquote

from markdown_it.token import Token

from briefexport.content.citations import warn_uncited
from briefexport.content.images import ImageLocator
from briefexport.content.model import Brief, BriefLink
from briefexport.content.targets import POSITIONAL
from briefexport.errors import Diagnostic, Severity, did_you_mean, shorten
from briefexport.project import Project
from briefexport.safety.markup import link_kind, url_scheme

_NOTE_CALL = re.compile(r"\[\^([^\]\s]+)\]")


# The project's briefs by slug, listed once while content/briefs/ is unchanged, by the folder's
# signature (mtime, ctime, inode): adding, removing or renaming a brief changes it. Correct across
# runs by construction, as builder/hashing.py trusts a file's signature: a folder changed in the
# last SETTLED_NS is listed again every time (its clock may not have ticked between two changes),
# so no run is given another run's listing and nothing needs resetting between runs.
_listed: dict[Path, tuple[tuple[int, int, int], dict[str, Path]]] = {}
SETTLED_NS = 2_000_000_000


def project_briefs(project: Project) -> dict[str, Path]:
    """The project's briefs by slug (links and file names are checked against them)."""
    folder = project.briefs_dir
    try:
        info = folder.stat()
    except OSError:
        return {}
    signature = (info.st_mtime_ns, info.st_ctime_ns, info.st_ino)
    listed = _listed.get(folder)
    if listed is not None and listed[0] == signature:
        return listed[1]
    known = {p.stem: p for p in project.briefs()}
    if time.time_ns() - max(info.st_mtime_ns, info.st_ctime_ns) > SETTLED_NS:
        _listed[folder] = (signature, known)
    return known


LISTED_HEADINGS = 5  # a hint names every heading up to this many; beyond, the first and the last


def _anchor_hint(ids: Mapping[str, str], anchor: str | None = None) -> str:
    """What the ids of a brief are, for a link that points at none of them (Brief.anchors: its
    headings' positional ids, `sec-1`... in order, and the ids it gives)."""
    positional = [name for name in ids if POSITIONAL.fullmatch(name)]
    named = [name for name in ids if not POSITIONAL.fullmatch(name)]
    close = did_you_mean(anchor, named) if anchor and named else None
    if close:
        return close
    if not positional:
        return "it has no headings to link to"
    listed = [f"`#{i}`" for i in positional]
    if len(listed) == 1:
        hint = f"its only heading is {listed[0]}"
    elif len(listed) <= LISTED_HEADINGS:
        hint = f"its headings are {', '.join(listed[:-1])} and {listed[-1]}"
    else:
        hint = f"its {len(listed)} headings are {listed[0]} to {listed[-1]}, in order"
    if named:
        hint += "; its own ids are " + ", ".join(f"`#{name}`" for name in named[:6])
        hint += " ..." if len(named) > 6 else ""
    return hint


def _by_position(href: str, anchor: str, ids: Mapping[str, str], where: tuple[str, int, int]) -> Diagnostic:
    """A link to a heading's positional id when the heading has an id of its own (a warning: it
    works, until a section is added before that heading)."""
    return Diagnostic(
        *where,
        f"link `{shorten(href)}` points at a heading by its position, which changes when a section is "
        "added before it",
        f"link to its own id: `#{ids[anchor]}`",
        severity="warning",
    )


class _Finder:
    """Line and column of text in the brief's source, within the lines of the block it sits in."""

    def __init__(self, lines: list[str]):
        self.lines = lines
        self.links = ImageLocator(lines)

    def text(self, block: tuple[int, int], needle: str) -> tuple[int, int] | None:
        """The first `needle` in the block not escaped with a backslash, else None."""
        for number in range(block[0], min(block[1], len(self.lines)) + 1):
            line = self.lines[number - 1]
            at = line.find(needle)
            while at >= 0:
                if at == 0 or line[at - 1] != "\\":
                    return number, at + 1
                at = line.find(needle, at + 1)
        return None

    def definition(self, label: str, first_line: int) -> tuple[int, int]:
        pattern = re.compile(r"^ {0,3}\[\^" + re.escape(label) + r"\]:")
        for number in range(first_line, len(self.lines) + 1):
            if pattern.match(self.lines[number - 1]):
                return number, self.lines[number - 1].index("[") + 1
        return first_line, 1


def check_references(
    tokens: list[Token],
    footnotes: dict[int, list[Token]],
    env: dict,
    path: Path,
    project: Project,
    shown: str,
    lines: list[str],
    body_line: int,
    diagnostics: list[Diagnostic],
    own: Mapping[str, str],
) -> dict[str, BriefLink]:
    """Report footnote, link and citation problems into `diagnostics` (errors and warnings);
    return the links to other briefs, by the address as written. `own`: the brief's anchors."""
    finder = _Finder(lines)
    links: dict[str, BriefLink] = {}
    block = (body_line, body_line + 1)
    seen_calls: set[tuple[str, int]] = set()
    for token in _blocks(tokens, footnotes):
        if token.map:
            block = (token.map[0], max(token.map[1], token.map[0] + 1))
        if token.type != "inline":
            continue
        for child in token.children or []:
            if child.type == "text":
                _literal_calls(child.content, block, finder, shown, diagnostics, seen_calls)
                warn_uncited(child.content, block, finder, shown, diagnostics)
            elif child.type == "link_open":
                href = str(child.attrGet("href") or "")
                found = _link(href, path, project, own, shown, block, finder, diagnostics)
                if found is not None:
                    links[href] = found
    for label, index in (env.get("footnotes", {}).get("refs") or {}).items():
        if index == -1:  # defined, never called (markdown-it leaves it out of the document)
            line, col = finder.definition(label[1:], body_line)
            diagnostics.append(
                Diagnostic(
                    shown,
                    line,
                    col,
                    f"footnote `[^{label[1:]}]` is never called: it is left out of every format",
                    f"call it with `[^{label[1:]}]` in the text, or delete it",
                    severity="warning",
                )
            )
    return links


def _blocks(tokens: list[Token], footnotes: dict[int, list[Token]]):
    yield from tokens
    for note in footnotes.values():
        yield from note


def _literal_calls(
    text: str, block, finder: _Finder, shown: str, diagnostics: list[Diagnostic], seen: set
) -> None:
    """A `[^label]` left as text: a call with no definition (a defined one became a footnote)."""
    for match in _NOTE_CALL.finditer(text):
        spot = finder.text(block, match.group(0))
        if spot is None or (match.group(0), spot[0]) in seen:
            continue  # escaped (`\\[^x]`): meant as text
        seen.add((match.group(0), spot[0]))
        diagnostics.append(
            Diagnostic(
                shown,
                *spot,
                f"footnote `{match.group(0)}` has no definition: it would print as written",
                f"add a line `{match.group(0)}: text of the note` at the end of the brief",
            )
        )


def _link(
    href: str,
    path: Path,
    project: Project,
    own: Mapping[str, str],
    shown: str,
    block,
    finder: _Finder,
    diagnostics: list[Diagnostic],
) -> BriefLink | None:
    target, _, fragment = href.partition("#")
    target = target.split("?", 1)[0]
    anchor = unquote(fragment) or None

    def error(message: str, hint: str | None, severity: Severity = "error") -> None:
        line, col = finder.links.find(block, href, 10**9)
        diagnostics.append(Diagnostic(shown, line, col, message, hint, severity))

    kind = link_kind(href)
    if kind == "web":
        return None
    if kind == "fragment":
        if anchor is not None and anchor not in own:
            error(f"link `{shorten(href)}` points at no heading of this brief", _anchor_hint(own, anchor))
        elif anchor is not None and own[anchor] != anchor:
            diagnostics.append(
                _by_position(href, anchor, own, (shown, *finder.links.find(block, href, 10**9)))
            )
        return None
    if kind == "refused":
        scheme = url_scheme(href)
        error(
            f"link `{shorten(href)}` was left as text in every format: "
            + (
                f"`{scheme}:` links are not made links"
                if scheme
                else "a `//server/...` or absolute path names no web address and no brief"
            ),
            "only http(s), mailto and relative links to briefs, such as `other.md`, are made links",
            "warning",
        )
        return None
    if not unquote(target).lower().endswith(".md"):
        error(
            f"link `{shorten(href)}` was left as text in every format: it leads to a file that is "
            "not a brief, and files beside the briefs are not published",
            "link to the file's web address, or to a brief by its file name, such as `other.md`",
            "warning",
        )
        return None
    resolved = (path.parent / unquote(target)).resolve()
    slug = resolved.stem
    known = project_briefs(project)
    if resolved.parent != project.briefs_dir.resolve() or slug not in known:
        error(
            f"link `{shorten(href)}` leads to no brief of this project",
            did_you_mean(slug, known)
            or "link to a brief by its file name in content/briefs/, e.g. `other.md`",
        )
        return None
    return BriefLink(slug, anchor, *finder.links.find(block, href, 10**9))


def check_links_between(briefs: dict[str, Brief], project: Project) -> dict[str, list[Diagnostic]]:
    """Links to a heading of another brief that has no such heading (errors), or to its positional
    id when it has its own (warnings), for the briefs read: {slug: diagnostics}. (A build reads only
    what changed; `check` reads every brief, so it sees every such link.)"""
    problems: dict[str, list[Diagnostic]] = {}
    for slug, brief in briefs.items():
        found = broken_links(brief, lambda other: briefs[other].anchors if other in briefs else None, project)
        if found:
            problems[slug] = found
    return problems


class Linking(Protocol):
    """What broken_links reads of a brief: a Brief, or a summary.BriefSummary."""

    @property
    def path(self) -> Path: ...

    @property
    def links(self) -> Mapping[str, BriefLink]: ...


def broken_links(
    brief: Linking, anchors_of: Callable[[str], Mapping[str, str] | None], project: Project
) -> list[Diagnostic]:
    """Links of `brief` (a Brief, or a summary.BriefSummary: only its `path` and `links` are used)
    to a heading another brief does not have (errors) or has by another id (warnings);
    `anchors_of(slug)` gives that brief's anchors (Brief.anchors), None when it was not read (or did
    not read)."""
    found = []
    for href, link in brief.links.items():
        ids = anchors_of(link.slug) if link.anchor is not None else None
        if ids is None or link.anchor is None:
            continue
        where = (project.display(brief.path), link.line, link.col)
        if link.anchor not in ids:
            found.append(
                Diagnostic(
                    *where,
                    f"link `{shorten(href)}` points at no heading of `{link.slug}`",
                    _anchor_hint(ids, link.anchor),
                )
            )
        elif ids[link.anchor] != link.anchor:
            found.append(_by_position(href, link.anchor, ids, where))
    return found
