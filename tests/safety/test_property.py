"""Property: whatever text a brief holds, a build ends in valid output or our own located errors.

Hypothesis writes random Unicode (control characters, non-characters, private use, any script)
into the front matter values, the registry's bios and the body, mixed with Markdown, HTML and
template punctuation, serialized both safely (yaml.safe_dump, so escapes like "\\x01" reach the
loader) and raw (so the YAML syntax itself is fuzzed). The outcome must be:

- either every requested output is written and parses with its oracle (html.parser, pypdf,
  python-docx, the EPUB's XHTML as XML), with the title printed as text;
- or the build reports errors that are ours: located `path:line:col` in a file of the project,
  never "could not be written: SomeException" (the runner's net for unexpected exceptions).

Never another exception, and never a hang (the reader's and the runner's time limits hold).
Examples are few and small (deadline off) to keep the suite quick; most go through HTML only,
a handful through PDF, DOCX and EPUB.
"""

from __future__ import annotations

import io
import re
import shutil
import string
import zipfile
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, Phase, example, given, settings
from hypothesis import strategies as st

from briefexport.builder import build
from briefexport.content import text as textclean
from briefexport.content.typography import smarten
from briefexport.project import Project
from conftest import ROOTS  # noqa: E402

pytestmark = pytest.mark.slow  # hypothesis builds hundreds of briefs, a handful through every writer

OURS = ("content/briefs/x.md", "content/authors.yaml")

# Any code point UTF-8 can carry (so no lone surrogates): controls, non-characters, RTL, emoji...
TEXT = st.text(st.characters(codec="utf-8"), max_size=60)
PLAIN = st.text(string.ascii_letters + " ", min_size=1, max_size=20).filter(str.strip)
MARKUP = st.sampled_from(
    [
        "*",
        "**",
        "_",
        "[",
        "]",
        "(",
        ")",
        "![",
        "](",
        "`",
        "```\n",
        "# ",
        "## ",
        "### ",
        "> ",
        "- ",
        "1. ",
        "|",
        "\n---\n",
        "\n",
        "\n\n",
        "[^1]",
        "\n\n[^1]: ",
        "<b>",
        "</b>",
        "<script>",
        "</script>",
        "<img src=x onerror=alert(1)>",
        "<a href='javascript:alert(1)'>",
        "&#1;",
        "&#0;",
        "&#xFFFE;",
        "&amp;",
        "{{ 7*7 }}",
        "{%",
        "%}",
        "\\",
        "~",
        "<!--",
        "http://127.0.0.1:9/x",
        "(../images/chart.png)",
        "(../../../etc/passwd)",
        "(data:image/png;base64,AAAA)",
        "\x00",
        "\x07",
        "\x0c",
        "\x1b",
        "\x85",
        "\u2028",
        "\ufeff",
        "\ufffe",
        "\U0010ffff",
        "\u202e",
        "한국어",
        "   ",
    ]
)
BODY = st.lists(st.one_of(MARKUP, TEXT), max_size=25).map("".join)
ANY_VALUE = st.one_of(
    TEXT,
    st.integers(),
    st.none(),
    st.booleans(),
    st.lists(TEXT, max_size=3),
    st.dictionaries(PLAIN, TEXT, max_size=2),
)


@st.composite
def front_matters(draw) -> dict:
    """Three in four: every value of the right type (random text in it), so the writers get work;
    otherwise wild: wrong types, random dates and languages, unknown keys, missing keys."""
    typed = draw(st.integers(0, 3)) > 0
    text = (
        st.text(st.characters(codec="utf-8"), min_size=1, max_size=60)
        if typed
        else st.one_of(TEXT, ANY_VALUE)
    )
    inline = st.fixed_dictionaries({"name": PLAIN, "role": TEXT, "bio": TEXT})
    meta = {
        "title": draw(text),
        "number": draw(st.one_of(st.just("2026-01"), text)),
        "date": draw(
            st.one_of(st.just("2026-01-01"), st.dates().map(str)) if typed else st.one_of(TEXT, st.dates())
        ),
        "authors": draw(
            st.one_of(st.just(["ada-park"]), st.lists(inline, min_size=1, max_size=2)) if typed else ANY_VALUE
        ),
    }
    for key in ("subtitle", "series", "edition", "summary"):
        if draw(st.booleans()):
            meta[key] = draw(text)
    if draw(st.booleans()):
        meta["keywords"] = draw(st.lists(TEXT, max_size=3) if typed else ANY_VALUE)
    if draw(st.booleans()):
        meta["language"] = draw(st.sampled_from(["en", "ko", "en-GB", "ko-KR"]) if typed else TEXT)
    if draw(st.booleans()):
        meta["status"] = draw(st.sampled_from(["draft", "final"]) if typed else TEXT)
    if not typed and draw(st.booleans()):
        meta[draw(PLAIN)] = draw(ANY_VALUE)  # an unknown key
    if not typed and draw(st.booleans()):
        meta.pop(draw(st.sampled_from(sorted(meta))))  # a missing key
    return meta


def serialize(meta: dict, raw: bool) -> str:
    """The front matter as YAML: safely dumped (escapes and all), or values pasted in raw."""
    if not raw:
        return yaml.safe_dump(meta, allow_unicode=True, sort_keys=False)
    lines = []
    for key, value in meta.items():
        if isinstance(value, list) and all(isinstance(v, str) for v in value):
            lines.append(f"{key}:\n" + "".join(f"  - {v}\n" for v in value))
        else:
            lines.append(f"{key}: {value}\n")
    return "".join(lines)


@pytest.fixture(scope="module")
def fuzz_project(tmp_path_factory) -> Project:
    """One project reused by every example (so the layout is loaded once): a registry and a picture."""
    root = tmp_path_factory.mktemp("fuzz") / "project"
    shutil.copytree(ROOTS / "hostile-yaml", root)
    for path in (root / "content/briefs").glob("*.md"):
        path.unlink()
    shutil.rmtree(root / "content/collections")
    (root / "content/images").mkdir()
    shutil.copy(ROOTS / "only-content/content/images/demand.png", root / "content/images/chart.png")
    return Project.at(root)


def run(project: Project, meta: dict, raw: bool, body: str, bio: str, formats: list[str]):
    authors = {"ada-park": {"name": "Ada Park", "role": "Fellow", "bio": bio}}
    project.authors_file.write_text(yaml.safe_dump(authors, allow_unicode=True), encoding="utf-8")
    brief = project.briefs_dir / "x.md"
    brief.write_text("---\n" + serialize(meta, raw) + "---\n\n" + body, encoding="utf-8")
    out = project.root / "out"
    shutil.rmtree(out, ignore_errors=True)
    result = build(project, [brief], formats=formats, out=out, jobs=1, force=True)  # never raises
    return result, out


def assert_ours(result) -> list[str]:
    """Every diagnostic is in one of our files; errors are located and our own, never a writer crash.

    (Warnings may lack a line: WeasyPrint's "no glyph for U+98C9A" knows no source position.)"""
    for diag in result.report.diagnostics:
        assert diag.path in OURS, str(diag)
        assert diag.severity == "warning" or (diag.line >= 1 and diag.col >= 1), str(diag)
        assert "could not be written" not in diag.message, str(diag)
        assert "nested too deeply to render" not in diag.message, str(diag)
    return [str(d) for d in result.report.errors]


class _Text(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.h1, self._in_h1 = [], False

    def handle_starttag(self, tag, attrs):
        self._in_h1 = self._in_h1 or tag == "h1"

    def handle_endtag(self, tag):
        self._in_h1 = self._in_h1 and tag != "h1"

    def handle_data(self, data):
        if self._in_h1:
            self.h1.append(data)


def squash(text: str) -> str:
    """Text without what may differ legitimately: removed characters and whitespace (the YAML
    dumper writes U+0085/U+2028 as line breaks, which YAML then folds into spaces)."""
    return re.sub(r"\s+", "", textclean.strip(text)[0])


def check_outputs(out: Path, formats: list[str], result, meta: dict, raw: bool) -> None:
    assert {p.suffix[1:] for p in result.built} == set(formats)
    for fmt in formats:
        data = (out / fmt / f"x.{fmt}").read_bytes()
        if fmt == "html":
            parser = _Text()
            parser.feed(data.decode("utf-8"))
            if not raw:  # a dumped title is read back, cleaned, then given smart quotes and dashes
                title = smarten(textclean.strip(meta["title"])[0], meta.get("language") or "en")
                assert squash("".join(parser.h1)) == squash(title)
        elif fmt == "pdf":
            from pypdf import PdfReader

            assert len(PdfReader(io.BytesIO(data)).pages) >= 1
        elif fmt == "docx":
            import docx

            docx.Document(io.BytesIO(data))
        elif fmt == "epub":
            from lxml import etree

            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                assert archive.namelist()[0] == "mimetype"
                for member in archive.namelist():
                    if member.endswith((".xhtml", ".opf", ".ncx", ".xml")):
                        etree.fromstring(archive.read(member))


CASES = dict(meta=front_matters(), raw=st.integers(0, 3).map(lambda n: n == 0), body=BODY, bio=TEXT)
NASTY = dict(  # one explicit example that must build: every kind of hostile text, all of it valid
    meta={
        "title": "Ti\x01tle \u202e한국어 {{ 7*7 }} <b>&amp;</b>\ufffe",
        "number": "2026-\x85",
        "date": "2026-02-28",
        "authors": [{"name": "In Line", "role": "\x0b", "bio": "{% raw %}\u2028"}],
        "keywords": ["\x00", "a"],
        # the last Hangul syllable, by the surrogates: U+D7FF and U+10FFFD, unassigned and private
        # use, are in no font, a located error (content/glyphs.py; tests/content glyph tests)
        "summary": "\ud7a3 \u3131",
        "language": "ko",
        "status": "draft",
    },
    raw=False,
    body="Lead\x00 <script>x</script> [^1] ![a](../images/chart.png)\n\n## S\x1b\n\n[^1]: n\x07\n",
    bio="Bio \x7f\x9f {{ 1 }}",
)
SETTINGS = dict(
    deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow]
)


@settings(max_examples=80, **SETTINGS)
@given(**CASES)
@example(**NASTY)
def test_any_brief_builds_html_or_fails_with_our_located_errors(fuzz_project, meta, raw, body, bio):
    result, out = run(fuzz_project, meta, raw, body, bio, ["html"])
    if not assert_ours(result):
        check_outputs(out, ["html"], result, meta, raw)


@settings(max_examples=80, **SETTINGS)
@given(body=BODY, bio=TEXT)
def test_any_body_under_good_front_matter_builds_html_or_fails_located(fuzz_project, body, bio):
    meta = {"title": "A Good Title", "number": "2026-01", "date": "2026-01-01", "authors": ["ada-park"]}
    result, out = run(fuzz_project, meta, False, body, bio, ["html"])
    if not assert_ours(result):
        check_outputs(out, ["html"], result, meta, False)


def _writer_exists(name: str) -> bool:
    import importlib.util

    return importlib.util.find_spec(f"briefexport.writers.{name}") is not None


@pytest.mark.parametrize(
    "fmt",
    [
        "pdf",
        pytest.param(
            "docx",
            marks=pytest.mark.skipif(not _writer_exists("docx"), reason="writers/docx.py does not exist yet"),
        ),
        pytest.param(
            "epub",
            marks=pytest.mark.skipif(not _writer_exists("epub"), reason="writers/epub.py does not exist yet"),
        ),
    ],
)
@settings(
    max_examples=6, phases=[Phase.explicit, Phase.reuse, Phase.generate], **SETTINGS
)  # no slow shrinking
@given(**CASES)
@example(**NASTY)
def test_a_handful_through_every_writer(fuzz_project, fmt, meta, raw, body, bio):
    result, out = run(fuzz_project, meta, raw, body, bio, [fmt])
    errors = assert_ours(result)
    if meta is NASTY["meta"]:
        assert errors == []  # hostile but valid: it must build
    if not errors:
        check_outputs(out, [fmt], result, meta, raw)
