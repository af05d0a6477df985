"""The writers' contract: one Protocol per kind of format (`Format.makes` in writers/__init__.py),
which each registered module must satisfy. mypy checks every module of FORMATS against the
protocol of its kind (the TYPE_CHECKING block of writers/__init__.py), so a writer whose `render`
or `pages` drifts from the contract fails `make lint`, and the builder calls each writer through
its protocol, never a bare module.

The parameters are positional-only: a writer names its own (`brief`, `item`, `page`).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Protocol, TypeAlias

if TYPE_CHECKING:  # pydantic, markdown-it: the registry is imported by a no-op build
    from briefexport.content.model import Brief, Collection
    from briefexport.content.sources import Content
    from briefexport.writers import Rendered
    from briefexport.writers.shared.layout import Layout
    from briefexport.writers.site.pages import Page

    Item: TypeAlias = Brief | Collection | Page  # what a writer is given; `item.item_kind` tells which


class BriefWriter(Protocol):
    """`makes="brief"`: one file of each brief (pdf, print, html, docx)."""

    def render(self, brief: Brief, layout: Layout, out_root: Path, /) -> Rendered: ...


class BookWriter(Protocol):
    """`makes="book"`: one file of each collection, or a one-brief book of a brief (epub)."""

    def render(self, item: Brief | Collection, layout: Layout, out_root: Path, /) -> Rendered: ...


class PagesWriter(Protocol):
    """`makes="pages"`: the files it lists from the whole project (site), each then rendered.
    `coming`: outputs of other formats this build is about to make, counted as made."""

    def pages(
        self, content: Content, layout: Layout, out_root: Path, coming: frozenset[Path] = ..., /
    ) -> list[Page]: ...

    def render(self, page: Page, layout: Layout, out_root: Path, /) -> Rendered: ...
