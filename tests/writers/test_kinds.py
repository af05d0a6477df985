"""The writers' contract (writers/kinds.py): every registered format is checked by mypy against
the protocol of its kind, and the builder calls a writer only with an item of the kind it makes."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import briefexport.builder.writers_checked as checked
from briefexport.project import Project
from briefexport.writers import FORMATS

PROTOCOL = {"brief": "BriefWriter", "book": "BookWriter", "pages": "PagesWriter"}


def test_every_format_is_checked_by_mypy_against_the_protocol_of_its_kind():
    """writers_checked.py assigns each writer module to a variable typed with its kind's protocol
    (read here from its source: nothing there runs); a format missing there, or listed under
    another kind, would leave its writer unchecked."""
    tree = ast.parse(Path(checked.__file__).read_text())
    modules = {
        alias.asname: alias.name
        for node in ast.walk(tree)
        if isinstance(node, ast.Import)
        for alias in node.names
    }
    typed = {
        modules[node.value.id]: ast.unparse(node.annotation).split("[")[0]  # PagesWriter[Page]: its name
        for node in ast.walk(tree)
        if isinstance(node, ast.AnnAssign) and isinstance(node.value, ast.Name)
    }
    assert typed == {fmt.module: PROTOCOL[fmt.makes] for fmt in FORMATS.values()}


def test_a_format_given_an_item_of_another_kind_refuses_it(sample_project: Project):
    from briefexport.builder import read
    from briefexport.errors import Report
    from briefexport.writers.shared.layout import Layout

    content = read(sample_project, [], Report())
    brief, collection = next(iter(content.briefs.values())), content.collections[0]
    layout = Layout(sample_project)
    with pytest.raises(TypeError, match="docx makes one file per brief, not a file of a collection"):
        FORMATS["docx"].render(collection, layout, sample_project.root / "build")
    with pytest.raises(TypeError, match="site makes the pages it lists, not a file of a brief"):
        FORMATS["site"].render(brief, layout, sample_project.root / "build")
    with pytest.raises(TypeError, match="epub makes one file per collection or brief, and lists no pages"):
        FORMATS["epub"].pages(content, layout, sample_project.root / "build", frozenset())
