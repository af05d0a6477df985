"""The brand as last read is kept in the output folder's cache: a build of an unchanged brand does
not read brand.yml through brand-yml again, and a changed or broken brand.yml is read (and its
mistakes reported) as if there were no cache."""

from __future__ import annotations

import json

from briefexport.builder import build
from briefexport.writers.shared import layout
from conftest import copy_project


def test_an_unchanged_brand_comes_from_the_cache_and_a_changed_one_is_read_again(tmp_path, monkeypatch):
    project = copy_project(tmp_path / "p")
    out = project.root / "build"
    first = build(project, formats=["html"], out=out, jobs=1)
    assert first.ok
    cached = json.loads((out / ".cache" / "brand.json").read_text())
    assert cached["brand"]["primary"] == "#17375E"
    html = {p.name: p.read_bytes() for p in (out / "html").iterdir()}

    read, real = [], layout._read_brand

    def counted(*args):
        read.append(args[0])
        return real(*args)

    monkeypatch.setattr(layout, "_read_brand", counted)
    again = build(project, formats=["html"], out=out, jobs=1, force=True)
    assert again.ok and read == []  # from the cache
    assert {p.name: p.read_bytes() for p in (out / "html").iterdir()} == html  # the same outputs

    brand_yml = project.root / "layouts" / "brand.yml"
    brand_yml.write_text(brand_yml.read_text().replace('navy: "#17375E"', 'navy: "#203040"'))
    changed = build(project, formats=["html"], out=out, jobs=1)
    assert changed.ok and len(read) == 1
    assert b"#203040" in next((out / "html").iterdir()).read_bytes()

    brand_yml.write_text(brand_yml.read_text().replace("typography:", "typography: [broken\n"))
    broken = build(project, formats=["html"], out=out, jobs=1)
    assert not broken.ok
    assert all(str(d).startswith("layouts/brand.yml") for d in broken.report.errors), broken.report.errors


def test_a_cache_that_names_a_missing_font_is_not_used(tmp_path):
    project = copy_project(tmp_path / "p")
    out = project.root / "build"
    assert build(project, formats=["html"], out=out, jobs=1).ok
    entry = out / ".cache" / "brand.json"
    data = json.loads(entry.read_text())
    data["brand"]["fonts"][0]["path"] = str(tmp_path / "gone.ttf")
    entry.write_text(json.dumps(data))
    assert layout.brand_cache.recall(out / ".cache", project.root / "layouts" / "brand.yml", project) is None
