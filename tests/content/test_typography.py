"""Smart typography, done once in the reader (content/typography.py), and what every format makes
of it."""

from __future__ import annotations

import re
import textwrap
import zipfile
from pathlib import Path

import pypdf
import pytest

from briefexport.builder import build
from briefexport.content import reader
from briefexport.content.markdown import inline_text, walk
from briefexport.content.typography import smarten
from briefexport.errors import Report
from conftest import ROOTS, copy_project

BODY = textwrap.dedent("""\
    The lead says "it's 'fine'" -- twice---and keeps `"code"` and \\"escaped\\" quotes.

    ## The "Real" Cost of 2017--2019

    Options (a), (b) and (c) stay letters; 1.5" stays an inch mark.[^1]

    ![A "bar" chart](../images/demand.png "The harbours' demand, 2020--2025")

    ```
    "fenced" -- code
    ```

    [^1]: A note's "quotes".
    """)


def brief(language: str = "en", body: str = BODY, title: str = '"Quoted" Title -- With Dashes') -> str:
    return (
        textwrap.dedent(f"""\
        ---
        title: >-
          {title}
        summary: The authors' summary
        number: "2026-01"
        date: 2026-09-10
        language: {language}
        authors:
          - name: Ada Park
            bio: Ada's "bio", 2017--2019.
        translation_of: {{number: "2026-02", title: "원문의 '제목'", language: ko}}
        ---

        """)
        + body
    )


def read(tmp_path: Path, text: str):
    project = copy_project(tmp_path / "project", ROOTS / "only-content", with_layouts=False)
    path = project.root / "content" / "briefs" / "x.md"
    path.write_text(text, encoding="utf-8")
    report = Report()
    return project, reader.read_brief(path, project, {}, report)


def texts(brief) -> list[str]:
    return [t.content for t in walk(brief.tokens) if t.type in ("text", "code_inline", "fence")]


def test_english_quotes_apostrophes_and_dashes(tmp_path):
    _, b = read(tmp_path, brief())
    body = "".join(texts(b))
    assert "The lead says “it’s ‘fine’” – twice—and keeps " in body
    assert '"code"' in body and '"fenced" -- code' in body  # code is left as typed
    assert '"escaped"' in body  # so is a backslash-escaped quote
    assert "Options (a), (b) and (c) stay letters" in body  # no © for (c)
    assert '1.5" stays an inch mark' in body
    assert b.sections[0].title == "The “Real” Cost of 2017–2019"
    assert " ".join(inline_text(t) for t in b.footnotes[0] if t.type == "inline") == "A note’s “quotes”."


def test_front_matter_and_figures_are_treated_like_the_body(tmp_path):
    _, b = read(tmp_path, brief())
    assert b.meta.title == "“Quoted” Title – With Dashes"
    assert b.meta.summary == "The authors’ summary"
    assert b.meta.translation_of.title == "원문의 '제목'"  # in the original's language: Korean
    assert b.authors[0].bio == "Ada’s “bio”, 2017–2019."  # inline authors: the brief's language
    assert (b.images[0].alt, b.images[0].caption) == ("A “bar” chart", "The harbours’ demand, 2020–2025")


def test_korean_keeps_its_quotes_and_gets_dashes(tmp_path):
    body = "정책의 '계약 용량'에서 \"실제 용량\"으로 -- 2021--2026년.\n"
    _, b = read(tmp_path, brief("ko", body, title="'용량' 확보"))
    assert "".join(texts(b)) == "정책의 '계약 용량'에서 \"실제 용량\"으로 – 2021–2026년."
    assert b.meta.title == "'용량' 확보"


def test_registry_authors_are_english_and_their_variants_their_own(sample_project):
    authors = reader.read_authors(sample_project, Report())
    hana = authors["hana-seo"]
    assert "master’s degree" in hana.bio and "'" not in hana.bio
    assert hana.ko is not None and "'" not in hana.ko.bio


@pytest.mark.parametrize(
    "language, text, expected",
    [
        ("en", "it's \"a\" 'b' -- c---d", "it’s “a” ‘b’ – c—d"),
        ("de", "\"a\" 'b'", "„a“ ‚b‘"),
        ("es", "dijo \"hola 'amigo'\"", "dijo «hola “amigo”»"),
        ("ru", "он сказал \"привет 'друг'\"", "он сказал «привет „друг“»"),
        ("ar", 'قال "مرحبا" ثم', "قال «مرحبا» ثم"),
        ("zh", "他说\"你好\"，然后'走了'。It's", "他说“你好”，然后‘走了’。It’s"),
        ("zh-Hant", '他說"你好"。', "他說「你好」。"),
        ("ja", "彼は\"こんにちは\"と'言った'。", "彼は「こんにちは」と『言った』。"),
        ("ko", "'a' -- b", "'a' – b"),
        ("xx", '"a"', '"a"'),  # a language we have no marks for keeps its quotes
    ],
)
def test_smarten_plain_strings(language, text, expected):
    assert smarten(text, language) == expected


NNBSP = "\u202f"


@pytest.mark.parametrize(
    "text, expected",
    [
        ('Il a dit "bonjour" : vraiment ?', f"Il a dit «{NNBSP}bonjour{NNBSP}»{NNBSP}: vraiment{NNBSP}?"),
        ("«texte» et « mot »;", f"«{NNBSP}texte{NNBSP}» et «{NNBSP}mot{NNBSP}»{NNBSP};"),
        ("Vraiment?! Oui!", f"Vraiment{NNBSP}?! Oui{NNBSP}!"),  # one space before the pair
        (f"déjà{NNBSP}: oui\u00a0; non", f"déjà{NNBSP}: oui{NNBSP}; non"),  # typed spaces made narrow
        ("à 10:30, https://example.org et 1:2", "à 10:30, https://example.org et 1:2"),
        ("(?) et [!]", "(?) et [!]"),  # nothing after an opening bracket
    ],
)
def test_french_spacing(text, expected):
    assert smarten(text, "fr") == expected


def test_french_spacing_in_the_body_leaves_code_and_addresses_alone(tmp_path):
    body = 'Le *mot*: "oui" ? Voir <https://example.org/a:b> et `x = a ? b : c`.\n'
    _, b = read(tmp_path, brief("fr", body, title="Titre : sous-titre"))
    assert "".join(texts(b)) == (
        f"Le mot{NNBSP}: «{NNBSP}oui{NNBSP}»{NNBSP}? Voir https://example.org/a:b et x = a ? b : c."
    )
    assert b.meta.title == f"Titre{NNBSP}: sous-titre"


def test_every_format_prints_the_same_curly_text(tmp_path):
    project, _ = read(tmp_path, brief())
    out = tmp_path / "out"
    result = build(
        project,
        [project.root / "content" / "briefs" / "x.md"],
        formats=["pdf", "docx", "epub", "html"],
        out=out,
    )
    assert not result.report.errors, result.report.sorted()
    pdf = "".join(page.extract_text() for page in pypdf.PdfReader(out / "pdf" / "x.pdf").pages)
    with zipfile.ZipFile(out / "docx" / "x.docx") as docx:
        word = re.sub(r"<[^>]+>", "", docx.read("word/document.xml").decode())
    with zipfile.ZipFile(out / "epub" / "x.epub") as epub:
        xhtml = next(epub.read(n).decode() for n in epub.namelist() if n.endswith("x.xhtml"))
    for shown in (pdf, word, xhtml, (out / "html" / "x.html").read_text(encoding="utf-8")):
        flat = " ".join(shown.split())
        assert "“it’s ‘fine’” – twice—and" in flat
        assert '"code"' in flat.replace("&quot;", '"').replace("&#34;", '"')
        assert "The harbours’ demand, 2020–2025" in flat
