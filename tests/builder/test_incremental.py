"""Incremental builds: what is rebuilt after each kind of change (never how long it took).

One small project (three briefs, two collections) is built once per module; each test starts from
a byte-for-byte copy of that build at the same absolute path, changes one thing, rebuilds and
checks `Result.built` / `Result.skipped`.
"""

from __future__ import annotations

import gc
import importlib.util
import json
import os
import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest

from briefexport.builder import Drafts, build
from briefexport.builder.manifest import MANIFEST, Manifest
from briefexport.content import reader
from briefexport.project import DEFAULTS_DIR, Project
from briefexport.writers import FORMATS
from conftest import keep_snapshot, restore_snapshot, small_project

BRIEF_FORMATS = [name for name, fmt in FORMATS.items() if fmt.makes == "brief"]

BRIEFS = ("digital-identity-draft", "harbour-electrification", "grid-storage-auctions")
COLLECTIONS = {
    # every brief, by glob: rebuilt when any brief changes or is added
    "everything": "title: Everything\nbriefs: ['*']\n",
    # two of the three briefs
    "energy": "title: Energy\nbriefs: [grid-storage-auctions, harbour-electrification]\n",
}
MEMBERS = {"everything": set(BRIEFS), "energy": {"grid-storage-auctions", "harbour-electrification"}}
# authors cited by each brief (from the sample content)
CITES = {
    "digital-identity-draft": {"sofia-almeida"},
    "harbour-electrification": {"tomas-reiner"},
    "grid-storage-auctions": {"hana-seo", "minjae-kang"},
}
FORMAT_NAMES = [
    f
    for f in FORMATS
    if importlib.util.find_spec(FORMATS[f].module) is not None and FORMATS[f].makes != "pages"
]  # the site has its own tests (tests/writers/site)
HAVE_EPUB = "epub" in FORMAT_NAMES


@dataclass
class Site:
    project: Project
    out: Path

    @property
    def briefs(self) -> Path:
        return self.project.briefs_dir

    def build(self, **options):
        options.setdefault("jobs", 1)
        options.setdefault("drafts", Drafts.TAKE_IN)  # "everything" collects the draft brief too
        return build(self.project, formats=FORMAT_NAMES, out=self.out, **options)

    def names(self, paths) -> set[str]:
        return {Path(p).relative_to(self.out).as_posix() for p in paths}

    def manifest(self) -> dict:
        """The outputs the manifest records (keys and stamps), by name."""
        data = json.loads((self.out / MANIFEST).read_text())
        return data.get("outputs", data)

    def unchanged(self) -> bool:
        """What the no-op check says, before anything is read: have all outputs' input files kept
        their contents?"""
        manifest = Manifest(self.out, self.project)
        return not any(manifest.stale(self.out / name) for name in self.every_output())

    def every_output(self) -> set[str]:
        names = {
            f"{FORMATS[f].folder}/{slug}{FORMATS[f].suffix}"
            for slug in BRIEFS
            for f in FORMAT_NAMES
            if f in BRIEF_FORMATS
        }
        return names | (collection_outputs(*COLLECTIONS) if HAVE_EPUB else set())


def brief_outputs(*slugs: str) -> set[str]:
    return {
        f"{FORMATS[f].folder}/{slug}{FORMATS[f].suffix}"
        for slug in slugs
        for f in FORMAT_NAMES
        if f in BRIEF_FORMATS
    }


def collection_outputs(*slugs: str) -> set[str]:
    return {f"epub/{slug}.epub" for slug in slugs} if HAVE_EPUB else set()


def collections_with(*briefs: str) -> set[str]:
    return collection_outputs(*(c for c, members in MEMBERS.items() if members & set(briefs)))


def append(path: Path, text: str) -> None:
    path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")


@pytest.fixture(scope="module")
def pristine(tmp_path_factory) -> Path:
    """A built three-brief project, kept as a snapshot beside the folder the tests work in."""
    base = tmp_path_factory.mktemp("incremental")
    work = base / "work"
    project = small_project(work, BRIEFS, COLLECTIONS)
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SOURCE_DATE_EPOCH", "1790000000")
        result = build(project, formats=FORMAT_NAMES, out=work / "build", jobs=1, drafts=Drafts.TAKE_IN)
    assert result.ok, [str(d) for d in result.report.errors]
    assert len(result.built) == len(Site(project, work / "build").every_output())
    keep_snapshot(work)
    return base


@pytest.fixture
def site(pristine) -> Site:
    """The pristine build, restored at the same absolute path (output keys depend on it)."""
    work = restore_snapshot(pristine / "work")
    return Site(Project.at(work), work / "build")


@pytest.mark.slow
def test_second_build_rebuilds_nothing(site):
    assert site.unchanged()
    result = site.build()
    assert result.ok
    assert result.built == []
    assert site.names(result.skipped) == site.every_output()


@pytest.mark.slow
def test_touching_files_without_changing_them_rebuilds_nothing(site):
    later = os.stat(site.project.authors_file).st_mtime + 3600
    for path in [
        site.project.authors_file,
        *site.project.briefs(),
        site.project.root / "layouts" / "brand.yml",
    ]:
        os.utime(path, (later, later))
    assert site.unchanged()  # content hashes, not times
    assert site.build().built == []


@pytest.mark.slow
def test_a_no_op_build_reads_no_source(site, monkeypatch):
    def read_brief(*args, **kwargs):
        raise AssertionError("a brief was read for a no-op build")

    monkeypatch.setattr(reader, "read_brief", read_brief)
    result = site.build()
    assert result.ok
    assert result.built == []
    assert site.names(result.skipped) == site.every_output()


@pytest.mark.slow
def test_changing_one_brief_rebuilds_its_outputs_and_its_collections(site):
    append(site.briefs / "digital-identity-draft.md", "\nA sentence added after review.\n")
    result = site.build()
    assert result.ok
    assert site.names(result.built) == brief_outputs("digital-identity-draft") | collections_with(
        "digital-identity-draft"
    )
    assert site.names(result.built) | site.names(result.skipped) == site.every_output()


@pytest.mark.slow
def test_changing_a_brief_in_one_collection_leaves_the_other_collection(site):
    append(site.briefs / "harbour-electrification.md", "\nA sentence added after review.\n")
    result = site.build()
    assert site.names(result.built) == brief_outputs("harbour-electrification") | collection_outputs(
        "everything", "energy"
    )
    append(site.briefs / "digital-identity-draft.md", "\nAnother sentence.\n")
    result = site.build()
    assert site.names(result.built) == brief_outputs("digital-identity-draft") | collection_outputs(
        "everything"
    )


@pytest.mark.slow
def test_changing_the_brand_rebuilds_everything(site):
    brand = site.project.root / "layouts" / "brand.yml"
    brand.write_text(brand.read_text().replace('navy: "#17375E"', 'navy: "#12305A"'))
    result = site.build()
    assert result.ok
    assert result.skipped == []
    assert site.names(result.built) == site.every_output()
    # ...with the new brand, though this process already rendered with the old one
    assert "#12305a" in (site.out / "html" / f"{BRIEFS[0]}.html").read_text().lower()


@pytest.mark.slow
def test_changing_a_print_layout_rebuilds_only_pdf_and_html(site):
    packaged = DEFAULTS_DIR / "layouts" / "pdf"
    override = site.project.root / "layouts" / "pdf"
    override.mkdir()
    css = (packaged / "brief.css.j2").read_text()
    (override / "brief.css.j2").write_text(css + "\n/* a user override */\n")
    result = site.build()
    assert result.ok
    print_formats = {f for f in FORMAT_NAMES if "pdf" in FORMATS[f].layouts}
    assert print_formats == {"pdf", "html", "print"}
    assert site.names(result.built) == {
        f"{FORMATS[f].folder}/{slug}{FORMATS[f].suffix}" for f in print_formats for slug in BRIEFS
    }


@pytest.mark.slow
def test_changing_the_brands_print_settings_rebuilds_only_the_print_edition(site):
    brand = site.project.root / "layouts" / "brand.yml"
    assert "      bleed: 3mm\n" in brand.read_text()
    brand.write_text(brand.read_text().replace("      bleed: 3mm\n", "      bleed: 5mm\n"))
    assert not site.unchanged()
    result = site.build()
    assert result.ok
    assert site.names(result.built) == {f"print/{slug}.pdf" for slug in BRIEFS}
    # the other outputs are recorded with the brand as it is now: the next build reads nothing
    assert site.unchanged()
    assert site.build().built == []


@pytest.mark.slow
def test_changing_the_print_stylesheet_rebuilds_only_the_print_edition(site):
    override = site.project.root / "layouts" / "print"
    override.mkdir()
    css = (DEFAULTS_DIR / "layouts" / "print" / "print.css.j2").read_text()
    (override / "print.css.j2").write_text(css + "\n/* a user override */\n")
    result = site.build()
    assert result.ok
    assert site.names(result.built) == {f"print/{slug}.pdf" for slug in BRIEFS}


@pytest.mark.slow
@pytest.mark.parametrize("author", ["tomas-reiner", "sofia-almeida"])
def test_changing_an_author_bio_rebuilds_exactly_the_briefs_citing_them(site, author):
    authors = site.project.authors_file
    text = authors.read_text(encoding="utf-8")
    start = text.index(f"\n{author}:\n")
    bio = text.index("  bio: >-\n", start) + len("  bio: >-\n")
    authors.write_text(text[:bio] + "    Newly appointed head of programme.\n" + text[bio:], encoding="utf-8")
    citing = [slug for slug, cited in CITES.items() if author in cited]
    assert citing
    result = site.build()
    assert result.ok
    assert site.names(result.built) == brief_outputs(*citing) | collections_with(*citing)


@pytest.mark.slow
def test_an_author_nobody_cites_or_a_comment_rebuilds_nothing(site):
    append(
        site.project.authors_file,
        "\n# a comment\nnew-fellow:\n  name: New Fellow\n  bio: Joined this year.\n",
    )
    assert not site.unchanged()  # the file changed, so the sources are read, and the keys decide:
    result = site.build()
    assert result.ok
    assert result.built == []


@pytest.mark.slow
def test_changing_a_picture_rebuilds_the_briefs_showing_it(site):
    picture = site.project.content / "images" / "storage-capacity.png"
    shutil.copyfile(site.project.content / "images" / "dependency-ratio.png", picture)
    result = site.build()
    assert result.ok
    assert site.names(result.built) == brief_outputs("grid-storage-auctions") | collections_with(
        "grid-storage-auctions"
    )


@pytest.mark.slow
def test_adding_a_brief_builds_it_and_the_collections_that_glob_it(site):
    shutil.copyfile(site.briefs / "digital-identity-draft.md", site.briefs / "digital-identity-copy.md")
    result = site.build()
    assert result.ok
    assert site.names(result.built) == brief_outputs("digital-identity-copy") | collection_outputs(
        "everything"
    )


@pytest.mark.slow
def test_deleting_an_output_rebuilds_just_it(site):
    (site.out / "pdf" / "harbour-electrification.pdf").unlink()
    result = site.build()
    assert result.ok
    assert site.names(result.built) == {"pdf/harbour-electrification.pdf"}
    assert sorted(result.skipped) == sorted(set(result.skipped))
    assert site.names(result.built) | site.names(result.skipped) == site.every_output()


def reading_recorded(monkeypatch) -> list[str]:
    """The slugs of the briefs the reader parses from now on, in order."""
    read, real = [], reader.read_brief

    def read_brief(path, *args, **kwargs):
        read.append(Path(path).stem)
        return real(path, *args, **kwargs)

    monkeypatch.setattr(reader, "read_brief", read_brief)
    return read


@pytest.mark.slow
def test_an_edit_reads_only_the_brief_it_touched(site, monkeypatch):
    """Outputs whose input files are unchanged are skipped without parsing their briefs."""
    append(site.briefs / "harbour-electrification.md", "\nA sentence added after review.\n")
    read = reading_recorded(monkeypatch)
    per_brief = [f for f in FORMAT_NAMES if f in BRIEF_FORMATS]  # no collection: none contains it
    result = build(site.project, formats=per_brief, out=site.out, jobs=1)
    assert result.ok
    assert read == ["harbour-electrification"]
    assert site.names(result.built) == brief_outputs("harbour-electrification")
    assert site.names(result.skipped) == brief_outputs("digital-identity-draft", "grid-storage-auctions")


@pytest.mark.slow
def test_a_broken_brief_is_reported_by_every_build_until_it_is_fixed(site):
    """Its outputs stay stale (the old ones are kept), so each build reads it and says why again."""
    brief = site.briefs / "harbour-electrification.md"
    pdf_before = (site.out / "pdf" / "harbour-electrification.pdf").read_bytes()
    brief.write_text(
        brief.read_text(encoding="utf-8").replace("date: 2026-02-17", "date: 2026-13-17"), encoding="utf-8"
    )
    for _ in range(2):
        result = site.build()
        errors = [str(d) for d in result.report.errors]
        assert (
            errors[0] == "content/briefs/harbour-electrification.md:5:7: error: date: month must be in 1..12"
        )
        # and each collection holding it says it cannot be made
        assert {e.split(":")[0] for e in errors[1:]} == {
            f"content/collections/{c}.yaml"
            for c in COLLECTIONS
            if HAVE_EPUB and "harbour-electrification" in MEMBERS[c]
        }
        assert "harbour-electrification" not in " ".join(site.names(result.built))
    assert (site.out / "pdf" / "harbour-electrification.pdf").read_bytes() == pdf_before


@pytest.mark.slow
@pytest.mark.skipif(not HAVE_EPUB, reason="no EPUB writer")
def test_an_edit_to_a_collected_brief_reads_what_the_collection_needs(site, monkeypatch):
    append(site.briefs / "harbour-electrification.md", "\nA sentence added after review.\n")
    read = reading_recorded(monkeypatch)
    result = site.build()
    assert result.ok
    # the collection "everything" holds all three; a brief is read by each task that needs it (its
    # own outputs, each book holding it), in whichever worker runs that task
    assert sorted(set(read)) == sorted(BRIEFS)
    assert site.names(result.built) == (
        brief_outputs("harbour-electrification") | collections_with("harbour-electrification")
    )


@pytest.mark.slow
def test_changing_the_tools_own_code_rebuilds_everything(site, monkeypatch, tmp_path):
    """An editable install updated in place keeps its version number: its code is in the keys."""
    from briefexport.builder import hashing

    code = tmp_path / "briefexport"
    module = code / "writers" / "pdf" / "render.py"  # a module deep in a subpackage counts too
    module.parent.mkdir(parents=True)
    module.write_text("STYLE = 1\n")
    monkeypatch.setattr(hashing, "CODE_DIR", code)

    def html_build():
        return build(site.project, formats=["html"], out=site.out, jobs=1)

    html = brief_outputs(*BRIEFS) & {n for n in site.every_output() if n.startswith("html/")}
    assert site.names(html_build().built) == html  # other code than the pristine build's
    assert html_build().built == []
    module.write_text("STYLE = 2\n")
    assert site.names(html_build().built) == html


def test_the_code_digest_covers_the_whole_package():
    from briefexport.builder import hashing

    modules = {p.relative_to(hashing.CODE_DIR).as_posix() for p in hashing.CODE_DIR.rglob("*.py")}
    assert {
        "cli.py",
        "content/reader.py",
        "safety/markup.py",
        "writers/pdf/render.py",
        "writers/docx/body.py",
        "builder/hashing.py",
    } <= modules


@pytest.mark.slow
def test_force_rebuilds_everything(site):
    result = site.build(force=True)
    assert result.ok
    assert result.skipped == []
    assert site.names(result.built) == site.every_output()


@pytest.mark.slow
def test_a_failed_output_is_not_recorded_and_is_retried(site, monkeypatch):
    slug = "harbour-electrification"
    writer = FORMATS["html"].writer()
    real_render = writer.render

    def render(item, layout, out_root):
        if getattr(item, "slug", "") == slug:
            raise RuntimeError("disk on fire")
        return real_render(item, layout, out_root)

    append(site.briefs / f"{slug}.md", "\nA sentence added after review.\n")
    with monkeypatch.context() as patch:
        patch.setattr(writer, "render", render)
        failed = site.build()
    assert not failed.ok
    assert any("disk on fire" in d.message for d in failed.report.errors)
    assert f"html/{slug}.html" not in site.names(failed.built)
    assert f"html/{slug}.html" not in site.manifest()
    assert site.names(failed.built) == (brief_outputs(slug) - {f"html/{slug}.html"}) | collections_with(slug)

    retried = site.build()
    assert retried.ok
    assert site.names(retried.built) == {f"html/{slug}.html"}
    assert f"html/{slug}.html" in site.manifest()


@pytest.mark.slow
def test_parallel_pdfs_are_byte_identical_to_serial_ones(site):
    serial = {slug: (site.out / "pdf" / f"{slug}.pdf").read_bytes() for slug in BRIEFS}  # built with jobs=1
    result = build(site.project, formats=["pdf"], out=site.out, jobs=2, force=True)
    assert result.ok
    assert site.names(result.built) == {f"pdf/{slug}.pdf" for slug in BRIEFS}
    for slug in BRIEFS:
        assert (site.out / "pdf" / f"{slug}.pdf").read_bytes() == serial[slug], slug
    assert gc.get_freeze_count() == 0  # frozen for the workers' sake only: this process collects it again
