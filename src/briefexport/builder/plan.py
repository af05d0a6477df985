"""What a build makes: the sources named on the command line, and one job per output."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from briefexport.errors import Diagnostic
from briefexport.project import Project
from briefexport.writers import FORMATS, default_formats

if TYPE_CHECKING:  # the reader and model (pydantic, markdown-it) load only when something is read
    from briefexport.content.sources import Content
    from briefexport.writers.kinds import Item
    from briefexport.writers.shared.brand_file import BrandFile


class UsageProblem(Exception):
    """A mistake in how the command was called (exit 2), not in the content."""


@dataclass
class Job:
    format: str
    item: Item  # a brief, a collection, or a page of a format that makes pages
    dest: Path
    out_root: Path


def classify(project: Project, sources: Iterable[str | Path]) -> tuple[list[Path], list[Path]]:
    """SOURCES (brief files, collection files, folders) -> (brief paths, collection paths)."""
    sources = list(sources)
    if not sources:
        return project.briefs(), project.collections()
    briefs, collections = [], []
    for source in sources:
        try:
            path = Path(source).resolve()
            path.stat()
        except FileNotFoundError:
            raise UsageProblem(f"no such file or folder: {source}") from None
        except (OSError, RuntimeError) as exc:  # unreadable, a symlink loop (RuntimeError before 3.13)
            why = exc.strerror if isinstance(exc, OSError) and exc.strerror else "a symbolic link loop"
            raise UsageProblem(f"{source}: cannot be read ({why})") from None
        if path.is_dir():
            briefs += sorted(
                p for p in path.rglob("*.md") if p.parent.name == "briefs" or path.name == "briefs"
            )
            collections += sorted(p for p in path.rglob("*.yaml") if p.parent.name == "collections")
        elif path.suffix == ".md":
            briefs.append(path)
        elif path.suffix in (".yaml", ".yml") and path.parent.name == "collections":
            collections.append(path)
        else:
            raise UsageProblem(f"{source}: not a brief (.md) or a collection (collections/*.yaml)")
    return list(dict.fromkeys(briefs)), list(dict.fromkeys(collections))


def asked(brand: BrandFile, formats: Iterable[str] | None, named: bool) -> list[str]:
    """The formats a build makes: those asked for, else every default one; the site, which is the
    whole project's, only when it is built whole (`named`: sources or a shard were given)."""
    if formats:
        return list(formats)
    return [name for name in default_formats(brand) if not (named and FORMATS[name].makes == "pages")]


def without_one_brief_books(
    formats: list[str], formats_named: bool, sources: list, collection_paths: list[Path]
) -> list[str]:
    """Briefs named alone make their own EPUB only when a book format is asked for (`--format
    epub`), as the README says: the default build of a named brief is its PDF, Word draft and HTML.
    Build and check both apply this, so they agree on what a brief is refused for."""
    if sources and not formats_named and not collection_paths:
        return [name for name in formats if FORMATS[name].makes != "book"]
    return formats


def formats_by_source(
    brief_paths: list[Path], collection_paths: list[Path], formats: list[str]
) -> dict[Path, list[str]]:
    """The formats a build of these sources makes of each of them (a collection: its books)."""
    made: dict[Path, list[str]] = {}
    for dest, source in outputs(brief_paths, collection_paths, formats, Path("build")).items():
        made.setdefault(source, []).append(
            next(n for n, f in FORMATS.items() if f.folder == dest.parent.name)
        )
    return made


def with_uses(formats: list[str]) -> list[str]:
    """The formats asked for, and those whose outputs they read (the site offers the PDFs and EPUBs)."""
    wanted = list(formats)
    for name in formats:
        wanted += [used for used in FORMATS[name].uses if used in FORMATS]
    return list(dict.fromkeys(wanted))


def whole_project(formats: list[str]) -> set[str]:
    """The formats built from the whole project whatever the sources named: those that make pages
    (a site is the project's) and those whose outputs they read."""
    pages = [name for name in formats if FORMATS[name].makes == "pages"]
    return set(pages) | {used for name in pages for used in FORMATS[name].uses if used in formats}


def parse_shard(text: str) -> tuple[int, int]:
    """`K/N` (1 <= K <= N) -> (K, N); anything else is a usage problem."""
    k, sep, n = text.partition("/")
    if not (sep and k.strip().isdigit() and n.strip().isdigit() and 1 <= int(k) <= int(n)):
        raise UsageProblem(
            f"--shard {text}: give K/N, this machine's share K of N, with 1 <= K <= N (e.g. 2/4)"
        )
    return int(k), int(n)


def in_shard(path: Path, shard: tuple[int, int]) -> bool:
    """Whether the brief or collection at `path` is shard K's of N: by a hash of its slug, so the
    partition is the same on every machine, whatever the order or number of files, and a source
    added later moves no other one. A collection goes by its own slug, its books with it."""
    k, n = shard
    return int.from_bytes(hashlib.sha256(path.stem.encode()).digest()[:8], "big") % n == k - 1


def _makes(fmt, one_brief_books: bool) -> bool:
    """Whether `fmt` makes an output of each brief."""
    return fmt.makes == "brief" or (fmt.makes == "book" and one_brief_books)


def pages(
    content: Content, layout, fmt_name: str, out: Path, coming: frozenset[Path] = frozenset()
) -> list[Job]:
    """The jobs of a format that makes pages: one per file its package lists (`coming`: outputs
    of other formats planned as if they were built, to count the pages before they are)."""
    fmt = FORMATS[fmt_name]
    return [
        Job(fmt.name, page, out / fmt.folder / page.name, out)
        for page in fmt.pages(content, layout, out, coming)
    ]


def shown(fmt_name: str, brief_paths: list[Path], collection_paths: list[Path], out: Path) -> list[Path]:
    """The outputs of other formats a format that makes pages may offer (whether built or not)."""
    names = [name for name in FORMATS[fmt_name].shows if name in FORMATS]
    return list(outputs(brief_paths, collection_paths, names, out))


def outputs(
    brief_paths: list[Path], collection_paths: list[Path], formats: list[str], out: Path
) -> dict[Path, Path]:
    """The outputs a build would write, each with the source it is made from, from file names
    alone (nothing parsed): for the no-op check and for reading only what changed."""
    dests = {}
    for path in brief_paths:
        for fmt in (FORMATS[name] for name in formats):
            if _makes(fmt, one_brief_books=not collection_paths):
                dests[out / fmt.folder / f"{path.stem}{fmt.suffix}"] = path
    for fmt in (FORMATS[name] for name in formats):
        if fmt.makes == "book":
            dests.update((out / fmt.folder / f"{path.stem}{fmt.suffix}", path) for path in collection_paths)
    return dests


def unbuildable(
    project: Project,
    sources,
    brief_paths: list[Path],
    collection_paths: list[Path],
    formats: list[str],
    out: Path,
) -> list[Diagnostic]:
    """A warning for each named source that none of the asked formats makes anything of; a usage
    problem when nothing at all can be built."""
    made = set(outputs(brief_paths, collection_paths, formats, out).values())
    if any(FORMATS[name].makes == "pages" for name in formats) and (
        project.briefs() or project.collections()
    ):
        made.update(brief_paths + collection_paths)  # the site is made of every brief and collection
    named = {Path(source).resolve() for source in sources}  # a folder's contents are not asked for one by one
    books = [name for name, fmt in FORMATS.items() if fmt.makes == "book"]
    per_brief = [name for name, fmt in FORMATS.items() if fmt.makes == "brief"]
    notes = [
        Diagnostic(
            project.display(path),
            0,
            0,
            f"collections make {'/'.join(b.upper() for b in books)} only; "
            f"use --format {','.join(books)}, or name the briefs",
            severity="warning",
        )
        for path in collection_paths
        if path not in made
    ]
    notes += [
        Diagnostic(
            project.display(path),
            0,
            0,
            f"--format {','.join(formats)} makes books of the collections "
            f"named with this brief, nothing of the brief itself; name it alone for a book of its own, "
            f"or add --format {','.join(per_brief)}",
            severity="warning",
        )
        for path in brief_paths
        if path not in made
    ]
    if not made:
        if not brief_paths and not collection_paths:
            raise UsageProblem(
                "nothing to build: "
                + (
                    "the named folders hold no briefs or collections"
                    if sources
                    else "content/ has no briefs or collections"
                )
            )
        raise UsageProblem("nothing to build" + "".join(f"; {n.path}: {n.message}" for n in notes))
    return [note for note in notes if (project.root / note.path).resolve() in named]
