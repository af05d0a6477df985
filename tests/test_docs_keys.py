"""Every key a user meets is documented (README.md and docs/*.md): a brief's and a collection's front
matter keys, every setting the code reads from brand.yml's `defaults: briefexport:` block and
its `names:`, how a translation is numbered and how a glob orders a collection."""

from __future__ import annotations

import re

from briefexport.content.model import BriefMeta, CollectionMeta
from briefexport.writers.shared import names
from conftest import REPO

PACKAGE = REPO / "src" / "briefexport"


def documentation() -> str:
    pages = [REPO / "README.md", *sorted((REPO / "docs").glob("*.md"))]
    return "\n".join(page.read_text(encoding="utf-8") for page in pages if page.is_file())


def documented(key: str, text: str) -> bool:
    """`key:` written as YAML (in an example) or as code (`key:` / `key`)."""
    return bool(re.search(rf"(^|\s|\{{|`){re.escape(key)}:\s", text, re.MULTILINE)) or f"`{key}`" in text


def test_every_front_matter_key_of_briefs_and_collections_is_documented():
    text = documentation()
    missing = [
        key
        for model in (BriefMeta, CollectionMeta)
        for key in model.model_fields
        if not documented(key, text)
    ]
    assert missing == []


def brand_settings() -> set[str]:
    """The keys of `defaults: briefexport:` the code reads."""
    source = "\n".join(path.read_text(encoding="utf-8") for path in PACKAGE.rglob("*.py"))
    return set(re.findall(r"""extra(?:\.get\(|\[)["'](\w+)["']""", source))


def test_every_brand_setting_the_code_reads_is_documented():
    settings = brand_settings()
    assert {"series", "names", "address", "copyright", "regions", "fonts", "paper", "print"} <= settings
    text = documentation()
    assert [key for key in sorted(settings | set(names.KEYS)) if not documented(key, text)] == []


def test_translations_and_glob_order_are_explained():
    text = " ".join(documentation().split())
    assert "`translation_of`" in text and "2026-12(K)" in text
    glob = "a glob (`*`, `?`, `[...]`) adds the briefs it matches in the order of their file names"
    assert glob in text.lower()
