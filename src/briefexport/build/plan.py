"""What a build makes: the sources named on the command line, and one job per output."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Iterable

from briefexport.project import Project
from briefexport.writers import FORMATS

if TYPE_CHECKING:  # the reader and model (pydantic, markdown-it) load only when something is read
    from briefexport.content.model import Brief, Collection
    from briefexport.content.reader import Content


class UsageProblem(Exception):
    """A mistake in how the command was called (exit 2), not in the content."""


@dataclass
class Job:
    format: str
    item: Brief | Collection
    dest: Path
    out_root: Path
    key: str = ""

    @property
    def label(self) -> str:
        try:
            return self.dest.relative_to(self.out_root).as_posix()
        except ValueError:
            return f"{self.format}/{self.dest.name}"

    @property
    def cost(self) -> int:
        """Rough relative cost, to schedule long jobs first."""
        briefs = self.item.briefs if hasattr(self.item, "briefs") else [self.item]  # a Collection or page, or a Brief
        size = sum(len(b.tokens) for b in briefs)
        return FORMATS[self.format].weight * (size + 50)


def classify(project: Project, sources: Iterable[str | Path]) -> tuple[list[Path], list[Path]]:
    """SOURCES (brief files, collection files, folders) -> (brief paths, collection paths)."""
    sources = list(sources)
    if not sources:
        return project.briefs(), project.collections()
    briefs, collections = [], []
    for source in sources:
        path = Path(source).resolve()
        if not path.exists():
            raise UsageProblem(f"no such file or folder: {source}")
        if path.is_dir():
            briefs += sorted(p for p in path.rglob("*.md") if p.parent.name == "briefs" or path.name == "briefs")
            collections += sorted(p for p in path.rglob("*.yaml") if p.parent.name == "collections")
        elif path.suffix == ".md":
            briefs.append(path)
        elif path.suffix in (".yaml", ".yml") and path.parent.name == "collections":
            collections.append(path)
        else:
            raise UsageProblem(f"{source}: not a brief (.md) or a collection (collections/*.yaml)")
    return list(dict.fromkeys(briefs)), list(dict.fromkeys(collections))


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


def _makes(fmt, one_brief_books: bool) -> bool:
    """Whether `fmt` makes an output of each brief."""
    return fmt.makes == "brief" or (fmt.makes == "book" and one_brief_books)


def plan(content: Content, formats: list[str], out: Path, one_brief_books: bool,
         briefs: Iterable[Path] | None = None, collections: Iterable[Path] | None = None) -> list[Job]:
    """The jobs for what was read (of it, only `briefs` and `collections` when given). A book format
    makes a book of each collection, or of each brief when the build has no collection
    (`one_brief_books`). Formats that make pages are planned apart (`pages`), once the outputs
    they read are built."""
    only_briefs = None if briefs is None else {p.stem for p in briefs}
    only_collections = None if collections is None else {p.stem for p in collections}
    jobs = []
    for slug in content.selected_briefs:
        brief = content.briefs.get(slug)
        if brief is None or (only_briefs is not None and slug not in only_briefs):
            continue
        for fmt in (FORMATS[name] for name in formats):
            if _makes(fmt, one_brief_books):
                jobs.append(Job(fmt.name, brief, out / fmt.folder / f"{slug}{fmt.suffix}", out))
    for fmt in (FORMATS[name] for name in formats):
        if fmt.makes == "book":
            jobs += [Job(fmt.name, collection, out / fmt.folder / f"{collection.slug}{fmt.suffix}", out)
                     for collection in content.collections
                     if only_collections is None or collection.slug in only_collections]
    return jobs


def pages(content: Content, layout, fmt_name: str, out: Path, complete: bool) -> list[Job]:
    """The jobs of a format that makes pages: one per file its package lists."""
    fmt = FORMATS[fmt_name]
    return [Job(fmt.name, page, out / fmt.folder / page.name, out)
            for page in fmt.writer().pages(content, layout, out, complete)]


def shown(fmt_name: str, brief_paths: list[Path], collection_paths: list[Path], out: Path) -> list[Path]:
    """The outputs of other formats a format that makes pages may offer (whether built or not)."""
    names = [name for name in FORMATS[fmt_name].shows if name in FORMATS]
    return list(outputs(brief_paths, collection_paths, names, out))


def outputs(brief_paths: list[Path], collection_paths: list[Path], formats: list[str], out: Path) -> dict[Path, Path]:
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
