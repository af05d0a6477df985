"""Ace by DAISY, the EPUB accessibility checker, on every sample EPUB: no serious and no moderate
violation. Installed by `make test` into tools/ace/ (npm), driving Debian's chromium; skipped only
where it could not be installed.

And the accessibility metadata states only what is checked: each declared feature is verified in
the books themselves, and no WCAG conformance is claimed (Ace's automated rules are not a WCAG
evaluation).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import zipfile
from concurrent.futures import ThreadPoolExecutor
from itertools import pairwise
from pathlib import Path

import pytest
from lxml import etree

from briefexport.builder import build
from briefexport.project import Project
from briefexport.starter import init
from conftest import REPO, ROOTS, copy_project

pytestmark = pytest.mark.slow  # every sample EPUB built, then Ace by DAISY (chromium) on each

ACE = REPO / "tools" / "ace" / "node_modules" / ".bin" / "ace-puppeteer"
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
BLOCKING = ("critical", "serious", "moderate")
NS = {
    "opf": "http://www.idpf.org/2007/opf",
    "x": "http://www.w3.org/1999/xhtml",
    "epub": "http://www.idpf.org/2007/ops",
    "c": "urn:oasis:names:tc:opendocument:xmlns:container",
}


@pytest.fixture(scope="module")
def sample_epubs(tmp_path_factory) -> dict[str, Path]:
    """The sample collection, a one-brief book of each sample brief (final ones), the starter
    project's collection, the epub-edge root (raw HTML, notes cited twice, its own cover) and the
    citations root's briefs (notes, author-date with pop-up-free links, Korean)."""
    root = tmp_path_factory.mktemp("ace")
    project = copy_project(root / "project")
    result = build(project, formats=["epub"], out=root / "out", jobs=2)
    assert result.ok, [str(d) for d in result.report.errors]
    books = {path.stem: path for path in result.built}
    singles = [p for p in project.briefs() if "status: draft" not in p.read_text(encoding="utf-8")]
    result = build(project, singles, formats=["epub"], out=root / "singles", jobs=2)
    assert result.ok, [str(d) for d in result.report.errors]
    books.update((f"brief-{path.stem}", path) for path in result.built)
    starter = root / "starter"
    init(starter)  # what `briefexport init` starts a project with
    result = build(Project.at(starter), formats=["epub"], out=starter / "build", jobs=1)
    assert result.ok and not result.report.warnings
    books.update((f"starter-{path.stem}", path) for path in result.built)
    edge = copy_project(root / "edge", ROOTS / "epub-edge", with_layouts=False)
    result = build(
        edge, [edge.collections_dir / "edge.yaml"], formats=["epub"], out=root / "edge-out", jobs=1
    )
    books.update((f"edge-{path.stem}", path) for path in result.built)
    cites = copy_project(root / "cites", ROOTS / "citations", with_layouts=False)
    result = build(cites, cites.briefs(), formats=["epub"], out=root / "cites-out", jobs=1)
    assert result.ok, [str(d) for d in result.report.errors]
    books.update((f"cites-{path.stem}", path) for path in result.built)  # notes, author-date, Korean
    return books


@pytest.fixture(scope="module")
def ace_reports(sample_epubs, tmp_path_factory) -> dict[str, dict]:
    if not ACE.exists() or CHROMIUM is None:
        pytest.skip("Ace by DAISY is not installed (`make test` installs it with npm; chromium from Debian)")
    out = tmp_path_factory.mktemp("ace-reports")
    env = {**os.environ, "PUPPETEER_EXECUTABLE_PATH": CHROMIUM, "PUPPETEER_SKIP_DOWNLOAD": "1"}

    def ace(name: str) -> dict:
        """One Ace run per book, two at a time (each drives a chromium); a run that a busy machine
        made fail is tried once more."""
        for attempt in (1, 2):  # the second time verbose, so that a failure says why
            quiet = "--silent" if attempt == 1 else "--verbose"
            done = subprocess.run(
                [str(ACE), quiet, "-o", str(out / name), "-f", str(sample_epubs[name])],
                env=env,
                capture_output=True,
                text=True,
                timeout=600,
            )
            if done.returncode == 0 or attempt == 2:
                assert done.returncode == 0, (done.stdout + done.stderr)[-4000:]
                return json.loads((out / name / "report.json").read_text())
        raise AssertionError("unreachable")

    with ThreadPoolExecutor(max_workers=2) as pool:
        return dict(zip(sample_epubs, pool.map(ace, sample_epubs), strict=True))


def violations(report: dict) -> list[tuple[str, str, str]]:
    return [
        (test["earl:test"]["earl:impact"], test["earl:test"]["dct:title"], subject["earl:testSubject"]["url"])
        for subject in report.get("assertions", [])
        for test in subject.get("assertions", [])
    ]


def test_ace_finds_no_serious_or_moderate_violation_in_any_sample_epub(ace_reports):
    assert len(ace_reports) >= 8
    found = {
        name: [v for v in violations(report) if v[0] in BLOCKING] for name, report in ace_reports.items()
    }
    assert found == {name: [] for name in ace_reports}


def test_ace_reads_the_package_language_and_the_accessibility_metadata(ace_reports):
    for name, report in ace_reports.items():
        metadata = report["earl:testSubject"]["metadata"]
        assert metadata["dc:language"], name
        present = set(report["a11y-metadata"]["present"])
        assert {
            "schema:accessMode",
            "schema:accessibilityFeature",
            "schema:accessibilityHazard",
            "schema:accessibilitySummary",
            "schema:accessModeSufficient",
        } <= present, name
        assert "dcterms:conformsTo" not in present, name  # nothing the tests show would back it


# --- the metadata says only what the books show (no Ace needed) -------------------------------


class Book:
    def __init__(self, path: Path):
        self.zip = zipfile.ZipFile(path)
        container = etree.fromstring(self.zip.read("META-INF/container.xml"))
        self.opf_path = container.find(".//c:rootfile", NS).get("full-path")
        self.opf = etree.fromstring(self.zip.read(self.opf_path))
        self.base = self.opf_path.rsplit("/", 1)[0] + "/"

    def meta(self, prop: str) -> list[str]:
        return [m.text for m in self.opf.iterfind(f"opf:metadata/opf:meta[@property='{prop}']", NS)]

    def spine(self) -> list[tuple[str, etree._Element]]:
        items = {i.get("id"): i for i in self.opf.iterfind("opf:manifest/opf:item", NS)}
        return [
            (
                items[ref.get("idref")].get("href"),
                etree.fromstring(self.zip.read(self.base + items[ref.get("idref")].get("href"))),
            )
            for ref in self.opf.iterfind("opf:spine/opf:itemref", NS)
        ]

    def stylesheet(self) -> str:
        return "".join(self.zip.read(name).decode() for name in self.zip.namelist() if name.endswith(".css"))


def test_every_declared_accessibility_feature_is_in_the_book(sample_epubs):
    for name, path in sample_epubs.items():
        book = Book(path)
        assert book.opf.get("{http://www.w3.org/XML/1998/namespace}lang"), name
        assert book.meta("dcterms:conformsTo") == [], name
        features = set(book.meta("schema:accessibilityFeature"))
        spine = book.spine()
        documents = [doc for _, doc in spine]
        assert features <= {
            "tableOfContents",
            "structuralNavigation",
            "readingOrder",
            "alternativeText",
            "displayTransformability",
        }, name
        if "tableOfContents" in features:  # the nav lists every chapter of the spine that has a title
            nav = next(doc for doc in documents if doc.find(".//x:nav[@epub:type='toc']", NS) is not None)
            listed = {
                a.get("href").split("#")[0] for a in nav.find(".//x:nav[@epub:type='toc']", NS).iter("{*}a")
            }
            chapters = {
                href.rsplit("/", 1)[-1]
                for href, doc in spine
                if doc.find(".//x:section[@epub:type='chapter']", NS) is not None
            }
            assert chapters and chapters <= {h.rsplit("/", 1)[-1] for h in listed}, name
        if "structuralNavigation" in features:  # headings never skip a level
            for doc in documents:
                levels = [
                    int(h.tag[-1])
                    for h in doc.iter()
                    if isinstance(h.tag, str) and h.tag[-2:-1] == "h" and h.tag[-1].isdigit()
                ]
                assert all(b <= a + 1 for a, b in pairwise(levels)), (name, levels)
        if "alternativeText" in features:
            images = [img for doc in documents for img in doc.iter("{*}img")]
            assert images and all(img.get("alt") is not None for img in images), name
            pictures = [
                img
                for doc in documents
                for chapter in doc.iterfind(".//x:section[@epub:type='chapter']", NS)
                for img in chapter.iter("{*}img")
            ]  # the brand's logo beside its name is decorative
            assert pictures and all(img.get("alt").strip() for img in pictures), name
        if "displayTransformability" in features:  # text sizes are relative: a reader can resize them
            css = book.stylesheet()
            sizes = [v.strip() for v in css.split("font-size:")[1:]]
            assert sizes and all(not v.split(";")[0].strip().endswith(("px", "pt")) for v in sizes), name
        assert book.meta("schema:accessibilityHazard") == ["none"]
        assert not any(
            doc.find(f".//x:{tag}", NS) is not None for doc in documents for tag in ("video", "audio")
        ), name
