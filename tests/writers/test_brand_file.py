"""brand.yml read once a run (writers/shared/brand_file.py): the line of a setting comes from the
YAML node that holds it, however the mapping is written, and the run keeps the text it read."""

from __future__ import annotations

import textwrap

from briefexport.project import Project
from briefexport.writers import default_formats
from briefexport.writers.shared.brand_file import BrandFile
from conftest import copy_project


def brand(project: Project, text: str) -> BrandFile:
    (project.root / "layouts" / "brand.yml").write_text(textwrap.dedent(text))
    return BrandFile.read(project)


def test_a_settings_line_is_where_its_key_is_written_in_block_and_flow_mappings(tmp_path):
    project = copy_project(tmp_path / "p")
    block = brand(
        project,
        """\
        meta:
          name: X
        defaults:
          briefexport:
            # a comment mentioning paper: here
            print:
              bleed: 3mm
            paper: a4
        """,
    )
    assert block.where("defaults", "briefexport", "paper") == ("layouts/brand.yml", 8)
    assert block.where("defaults", "briefexport", "print", "bleed") == ("layouts/brand.yml", 7)
    assert block.where("defaults", "briefexport", "print", "marks") == ("layouts/brand.yml", 0)
    flow = brand(project, "meta: {name: X}\ndefaults: {briefexport: {print: {bleed: 3mm},\n  paper: a4}}\n")
    assert flow.where("defaults", "briefexport", "paper") == ("layouts/brand.yml", 3)
    assert flow.settings() == {"print": {"bleed": "3mm"}, "paper": "a4"}
    assert "print" in default_formats(flow)


def test_a_brand_that_does_not_parse_locates_nothing_and_turns_no_print_edition_on(tmp_path):
    project = copy_project(tmp_path / "p")
    broken = brand(project, "defaults: {briefexport: {print: true}\n")
    assert broken.where("defaults", "briefexport", "print") == ("layouts/brand.yml", 0)
    assert broken.settings() == {} and "print" not in default_formats(broken)


def test_the_run_keeps_the_text_it_read(tmp_path):
    project = copy_project(tmp_path / "p")
    read = brand(project, "defaults:\n  briefexport:\n    print: true\n")
    (project.root / "layouts" / "brand.yml").write_text("defaults: {}\n")
    assert read.settings() == {"print": True}  # one reading a run: planning and keys agree
