"""The writers' contract: one Protocol per kind of format (`Format.makes` in writers/__init__.py),
which each registered module must satisfy. mypy checks every module of FORMATS against the
protocol of its kind (the TYPE_CHECKING block of writers/__init__.py), so a writer whose `render`
or `pages` drifts from the contract fails `make lint`, and the builder calls each writer through
its protocol, never a bare module.

The parameters are positional-only: a writer names its own (`brief`, `item`, `page`).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, ClassVar, Literal, Protocol, TypeAlias, TypeVar

if TYPE_CHECKING:  # pydantic, markdown-it: the registry is imported by a no-op build
    from briefexport.content.model import Brief, Collection
    from briefexport.content.sources import Content
    from briefexport.writers import Rendered
    from briefexport.writers.shared.layout import Layout


class PageItem(Protocol):
    """What the builder reads of a page a PagesWriter lists (the site's is writers/site/pages.py's
    `Page`; named here by what it has, since no module of writers/ may import a format): its kind,
    its file under the format's folder, the source named in messages, and what it is made from
    (the briefs whose text it shows, other files it reads, other facts), for its key."""

    item_kind: ClassVar[Literal["page"]]
    name: str
    path: Path
    briefs: tuple[Brief, ...]
    files: tuple[Path, ...]
    facts: str


if TYPE_CHECKING:
    Item: TypeAlias = Brief | Collection | PageItem  # what a writer is given; `item.item_kind` says which

P = TypeVar("P", bound=PageItem)


class BriefWriter(Protocol):
    """`makes="brief"`: one file of each brief (pdf, print, html, docx)."""

    def render(self, brief: Brief, layout: Layout, out_root: Path, /) -> Rendered: ...


class BookWriter(Protocol):
    """`makes="book"`: one file of each collection, or a one-brief book of a brief (epub)."""

    def render(self, item: Brief | Collection, layout: Layout, out_root: Path, /) -> Rendered: ...


class PagesWriter(Protocol[P]):
    """`makes="pages"`: the files it lists from the whole project (site), each then rendered.
    `coming`: outputs of other formats this build is about to make, counted as made. `P` is its
    own kind of page."""

    def pages(
        self, content: Content, layout: Layout, out_root: Path, coming: frozenset[Path] = ..., /
    ) -> list[P]: ...

    def render(self, page: P, layout: Layout, out_root: Path, /) -> Rendered: ...
