"""The validated, parsed objects every writer receives. Writers never re-parse Markdown."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import ClassVar, Literal

from markdown_it.token import Token
from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

_LANG = re.compile(r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$")


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


class AuthorText(Strict):
    """The parts of an author entry that change with the language of the brief."""

    name: str = Field(min_length=1)
    role: str = ""
    bio: str = ""


# The languages an author entry may give its name, role and bio in (`fr: {name: ..., bio: ...}`):
# those briefexport ships labels for.
AUTHOR_LANGUAGES = ("en", "ko", "ar", "de", "es", "fr", "ja", "ru", "zh")


class Author(Strict):
    name: str = Field(min_length=1)
    role: str = ""
    bio: str = ""
    affiliation: str = ""
    photo: str | None = None
    ko: AuthorText | None = None
    en: AuthorText | None = None
    ar: AuthorText | None = None
    de: AuthorText | None = None
    es: AuthorText | None = None
    fr: AuthorText | None = None
    ja: AuthorText | None = None
    ru: AuthorText | None = None
    zh: AuthorText | None = None

    def localized(self, language: str) -> AuthorText:
        """Name, role and bio in the brief's language, falling back to the main entry."""
        base = language.split("-")[0].lower()
        text = getattr(self, base, None) if base in AUTHOR_LANGUAGES else None
        return text or AuthorText(name=self.name, role=self.role, bio=self.bio)

    def languages(self) -> list[str]:
        """The languages the entry gives its own text in, English and Korean first."""
        return [code for code in AUTHOR_LANGUAGES if getattr(self, code) is not None]


class TranslationOf(Strict):
    number: str = Field(min_length=1)
    title: str = Field(min_length=1)
    language: str = "en"

    @field_validator("language")
    @classmethod
    def _lang(cls, value: str) -> str:
        return check_language(value)


def check_language(value: str) -> str:
    if not _LANG.match(value):
        raise ValueError(f"`{value}` is not a BCP 47 language tag such as `en`, `en-GB` or `ko`")
    return value


def parse_iso_date(value: object) -> dt.date:
    """Dates stay strings in YAML (no implicit timestamps) and are parsed here, strictly ISO."""
    if isinstance(value, dt.date):
        return value
    if not isinstance(value, str) or not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        raise ValueError("expected an ISO date such as 2026-09-10")
    return dt.date.fromisoformat(value)  # its ValueError says e.g. "month must be in 1..12"


class BriefMeta(Strict):
    title: str = Field(min_length=1)
    subtitle: str | None = None
    series: str | None = None
    edition: str | None = None
    number: str | None = None
    date: dt.date
    language: str = "en"
    authors: list[str | Author] = Field(min_length=1)
    summary: str | None = None
    keywords: list[str] = []
    translation_of: TranslationOf | None = None
    status: Literal["draft", "final"] = "final"
    bibliography: str | list[str] | None = None  # files besides content/references.{bib,json,yaml}
    csl: str | None = None  # the citation style (the brand's, else Chicago notes-bibliography)
    nocite: list[str] = []  # keys listed in the bibliography without a citation; "*" for all

    @field_validator("date", mode="before")
    @classmethod
    def _date(cls, value: object) -> dt.date:
        return parse_iso_date(value)

    @field_validator("language")
    @classmethod
    def _lang(cls, value: str) -> str:
        return check_language(value)

    @model_validator(mode="after")
    def _number_when_final(self) -> BriefMeta:
        if self.status == "final" and not self.number:
            raise ValueError("`number` is required when status is final (set `status: draft` for a draft)")
        return self


class CollectionMeta(Strict):
    title: str = Field(min_length=1)
    subtitle: str | None = None
    description: str | None = None
    language: str = "en"
    cover: str | None = None
    identifier: str | None = None
    briefs: list[str] = Field(min_length=1)

    @field_validator("language")
    @classmethod
    def _lang(cls, value: str) -> str:
        return check_language(value)


@dataclass(frozen=True)
class Section:
    level: int  # 2 for a section (##), 3 for a subsection (###)
    title: str
    id: str
    line: int


@dataclass(frozen=True)
class Image:
    src: str  # as written in the brief
    path: Path  # resolved, inside the project
    alt: str  # the text description: what the picture shows, for readers who cannot see it
    line: int
    col: int = 1
    caption: str = ""  # the picture's title, `![alt](src "Caption")`: printed under a figure


@dataclass(frozen=True)
class Target:
    """What a cross-reference (`@fig-use`) or a link (`#fig-use`) can point at in a brief: a figure,
    a table or a heading, numbered once here for every format (as Sphinx numbers figures once for
    every builder). Writers print `label`; none of them counts."""

    kind: Literal["fig", "tbl", "sec", "box"]  # a box can be linked to, not numbered
    id: str  # the explicit id (`{#fig-use}`), or a heading's positional one (`sec-3`)
    number: str  # "1", "2.1" for a subsection; "" for a figure or table without a caption
    label: str  # "Figure 1", "Table 2", "Section 2" in the brief's language; "" when unnumbered
    line: int
    col: int = 1
    alias: str = ""  # a heading with an explicit id: its positional id, kept so older links still work


@dataclass(frozen=True)
class Cited:
    """One citation as the model sets it (content/cite/notes.py): its items, the text the style gives
    it and where it stands. A `cite` token's meta `cluster` is its index in Citations.clusters."""

    items: tuple  # content.cite.engine.Item, in the order written
    text: tuple  # content.cite.rich.Run: the citation as printed (a note's text in note styles)
    note: int  # the note it is set in (note styles; its number as printed), else 0
    in_text: bool = False  # `@key says`: `authors` in the sentence, `text` cited after them
    authors: tuple = ()  # rich.Run
    line: int = 0
    col: int = 0
    source: str = ""  # as written: `[see @a, 12]`


@dataclass(frozen=True)
class Citations:
    """A brief's citations and bibliography, formatted once for every format."""

    style_id: str  # the CSL style's id (Zotero's address of it)
    style_title: str
    note: bool  # a note style: citations are notes; else in the text, linked to their entries
    locale: str  # the CSL locale: en-US, en-GB, ko-KR...
    items: dict  # key -> CSL-JSON of every reference cited or listed (the Word fields carry them)
    clusters: tuple[Cited, ...]
    entries: tuple  # (key, rich runs) of the bibliography, in the style's order
    hanging: bool  # entries with a hanging indent
    heading: str  # "Bibliography", "References", 참고문헌
    files: tuple[Path, ...] = ()  # the bibliography files and the style read (for incremental builds)


@dataclass(frozen=True)
class BriefLink:
    """A link to another brief by its source file (`other.md#sec-2`), resolved by the reader: each
    format maps `slug` to its own output of that brief (other.pdf, other.html, a chapter...)."""

    slug: str
    anchor: str | None  # a heading id of that brief, or None for its start
    line: int
    col: int


@dataclass
class Brief:
    # what kind of item a writer is given (writers/kinds.py): a tag mypy narrows a union by
    item_kind: ClassVar[Literal["brief"]] = "brief"
    path: Path  # the source file
    slug: str
    meta: BriefMeta
    authors: list[Author]  # resolved from the registry or inline
    author_ids: list[str]  # registry ids used (for incremental builds)
    tokens: list[Token]  # markdown-it-py block tokens of the body, footnote block removed
    footnotes: dict[int, list[Token]]  # footnote id -> its block tokens
    sections: list[Section]
    images: list[Image]
    body_line: int  # line of the file where the body starts (1-based)
    source_hash: str = ""  # reader.source_digest of the file's text: the version a draft records
    front_matter: str = ""  # the YAML between the fences, as written (recorded in Word drafts)
    links: dict[str, BriefLink] = field(default_factory=dict)  # links to other briefs, by address as written
    targets: dict[str, Target] = field(default_factory=dict)  # by id: figures, tables, headings, aliases too
    uses: frozenset[str] = frozenset()  # what the body holds of ids, captions, boxes, cross-references
    citations: Citations | None = None  # None: the brief cites nothing (and no engine ran)

    @property
    def anchors(self) -> dict[str, str]:
        """Every id a link may point at, in document order: headings (by position and by their own
        id), figures, tables and boxes; each mapped to the id to use instead when it is a heading's
        positional alias of an explicit id, else to itself."""
        return {name: target.id for name, target in self.targets.items()}

    @property
    def language(self) -> str:
        return self.meta.language

    @property
    def is_draft(self) -> bool:
        return self.meta.status == "draft"


@dataclass
class Collection:
    item_kind: ClassVar[Literal["collection"]] = "collection"
    path: Path
    slug: str
    meta: CollectionMeta
    briefs: list[Brief]
    left_out: list[Path] = field(default_factory=list)  # drafts a glob matched: each joins once final
