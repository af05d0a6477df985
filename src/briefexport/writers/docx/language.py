"""The language Word checks spelling in: the brief's language with a region (British English for
an institute whose brand says `regions: {en: GB}`; Korean as ko-KR), set as the document default
and on every run, so no style of a designer's reference document can leave text in another one."""

from __future__ import annotations

from collections.abc import Iterable

from docx.document import Document
from docx.oxml.xmlchemy import BaseOxmlElement
from lxml import etree

from briefexport.content.locale import base_language, is_rtl
from briefexport.writers.docx.oxml import el, made_by_docx, qn

# What Word itself picks for the bare language.
DEFAULT_REGIONS = {"en": "US", "ko": "KR", "ar": "SA", "de": "DE", "es": "ES", "fr": "FR", "ja": "JP"}
DEFAULT_REGIONS |= {"ru": "RU", "zh": "CN"}
_EAST_ASIAN = ("ko", "ja", "zh")


def word_language(language: str, regions: dict | None = None) -> str:
    """BCP 47 as Word writes it, always with a region: the brief's own (`en-GB` stays), else the
    brand's for that language (`regions: {en: GB}` in brand.yml), else Word's usual one."""
    if "-" in language:
        head, _, region = language.partition("-")
        return f"{head.lower()}-{region.upper()}"
    base = base_language(language)
    region = str((regions or {}).get(base) or DEFAULT_REGIONS.get(base, ""))
    return f"{base}-{region.upper()}" if region else language


def attributes(lang: str) -> dict[str, str]:
    """w:lang's attributes for text in `lang`: w:val and w:eastAsia, and w:bidi for a
    right-to-left language (Word checks complex-script text by w:bidi)."""
    found = {"w:val": lang, "w:eastAsia": lang}
    if is_rtl(lang):
        found["w:bidi"] = lang
    return found


def set_language(document: Document, lang: str) -> None:
    """The document language for spelling (`lang` as word_language made it): docDefaults w:lang
    (w:val and w:eastAsia, so Hangul is checked as Korean in a Korean brief; w:bidi for Arabic) and
    the theme font language."""
    defaults = document.styles.element.find(qn("w:docDefaults"))
    if defaults is None:
        defaults = el("w:docDefaults")
        document.styles.element.insert(0, defaults)
    rpr_default = defaults.find(qn("w:rPrDefault"))
    if rpr_default is None:
        rpr_default = el("w:rPrDefault")
        defaults.insert(0, rpr_default)
    props = rpr_default.find(qn("w:rPr"))
    if props is None:
        props = el("w:rPr")
        rpr_default.append(props)
    node = props.find(qn("w:lang"))
    if node is None:
        node = el("w:lang")
        props.append(node)  # w:lang is the last child the writer's references use
    for name, value in attributes(lang).items():
        node.set(qn(name), value)
    settings = document.settings.element
    font_lang = settings.find(qn("w:themeFontLang"))
    if font_lang is not None:
        font_lang.set(qn("w:val"), lang)
        # East Asian theme fonts resolve through this language's script: the brief's own for a
        # Japanese or Chinese brief, else Korean (Hangul), also for a Korean title quoted in an
        # English brief; complex-script ones through w:bidi, an Arabic brief's.
        base = base_language(lang)
        font_lang.set(qn("w:eastAsia"), lang if base in _EAST_ASIAN else "ko-KR")
        if is_rtl(lang):
            font_lang.set(qn("w:bidi"), lang)


def mark_runs(parts: Iterable[etree._Element], lang: str) -> None:
    """Give every run that has no language of its own (a quoted original title has) `lang`."""
    for root in parts:
        for run in root.iter(qn("w:r")):
            props = run.find(qn("w:rPr"))
            if props is None:
                props = el("w:rPr")
                run.insert(0, props)
            if props.find(qn("w:lang")) is None:
                made_by_docx(BaseOxmlElement, props).insert_element_before(
                    el("w:lang", attributes(lang)),  # type: ignore[arg-type]  # python-docx says ElementBase; it takes any
                    "w:eastAsianLayout",
                    "w:specVanish",
                    "w:oMath",
                )
