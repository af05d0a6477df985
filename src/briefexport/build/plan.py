"""What a build makes: the sources named on the command line, and one job per output."""

from __future__ import annotations

import hashlib
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
        return f"{self.format}/{self.dest.name}"

    @property
    def cost(self) -> int:
        """Rough relative cost, to schedule long jobs first."""
        briefs = getattr(self.item, "briefs", None) or [self.item]  # a Collection, or a Brief
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


def parse_shard(text: str) -> tuple[int, int]:
    """`K/N` (1 <= K <= N) -> (K, N); anything else is a usage problem."""
    k, sep, n = text.partition("/")
    if not (sep and k.strip().isdigit() and n.strip().isdigit() and 1 <= int(k) <= int(n)):
        raise UsageProblem(f"--shard {text}: give K/N, this machine's share K of N, with 1 <= K <= N (e.g. 2/4)")
    return int(k), int(n)


def in_shard(path: Path, shard: tuple[int, int]) -> bool:
    """Whether the brief or collection at `path` is shard K's of N: by a hash of its slug, so the
    partition is the same on every machine, whatever the order or number of files, and a source
    added later moves no other one. A collection goes by its own slug, its books with it."""
    k, n = shard
    return int.from_bytes(hashlib.sha256(path.stem.encode()).digest()[:8], "big") % n == k - 1


def _makes(fmt, one_brief_books: bool) -> bool:
    """Whether `fmt` makes an output of each brief."""
    return fmt.makes == "brief" or one_brief_books


def plan(content: Content, formats: list[str], out: Path, one_brief_books: bool) -> list[Job]:
    """The jobs for what was read. A book format makes a book of each collection, or of each brief
    when the build has no collection (`one_brief_books`)."""
    jobs = []
    for slug in content.selected_briefs:
        brief = content.briefs.get(slug)
        if brief is None:
            continue
        for fmt in (FORMATS[name] for name in formats):
            if _makes(fmt, one_brief_books):
                jobs.append(Job(fmt.name, brief, out / fmt.folder / f"{slug}{fmt.suffix}", out))
    for fmt in (FORMATS[name] for name in formats):
        if fmt.makes == "book":
            jobs += [Job(fmt.name, collection, out / fmt.folder / f"{collection.slug}{fmt.suffix}", out)
                     for collection in content.collections]
    return jobs


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
