"""The topics registry, `content/topics.yaml`: how the readers' library names the topics readers
browse by, which are made from the briefs' `keywords:`.

    energy-storage:                 # the topic's id: its page is topics/energy-storage/
      name: Energy storage          # how the library names it (required)
      description: >-               # shown on its page (optional)
        Batteries, pumped hydro and the markets that pay for them.
      keywords:                     # the briefs' keywords it gathers besides its name and id
        - battery storage
        - 에너지 저장
      ko:                           # its name and description on Korean pages (optional; as
                                    # for each language labels ship for: fr, ar, ja...)
        name: 에너지 저장

A keyword matches a topic whatever its case, spacing and hyphens (`Energy-Storage` is `energy
storage`). Every keyword no topic claims is a topic of its own, named as the newest brief spells
it. The registry is optional: without it every keyword is a topic.
"""

from __future__ import annotations

import re
import unicodedata

from pydantic import Field, field_validator

from briefexport.content import yaml_source
from briefexport.content.model import Strict
from briefexport.content.text import read_text
from briefexport.content.validation import validate
from briefexport.errors import ContentError, Diagnostic, Report
from briefexport.project import Project

MAX_TOPICS_BYTES = 1024 * 1024
LANGUAGES = ("en", "ko", "fr", "de", "es", "ru", "ar", "ja", "zh")  # a topic may be named in each
_ID = re.compile(r"^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$")


class TopicText(Strict):
    """A topic's name and description in another language than the registry's."""

    name: str = Field(min_length=1)
    description: str = ""


class Topic(Strict):
    name: str = Field(min_length=1)
    description: str = ""
    keywords: list[str] = []
    # its name and description in each language briefexport ships labels for (labels/<language>.yml)
    en: TopicText | None = None
    ko: TopicText | None = None
    fr: TopicText | None = None
    de: TopicText | None = None
    es: TopicText | None = None
    ru: TopicText | None = None
    ar: TopicText | None = None
    ja: TopicText | None = None
    zh: TopicText | None = None

    @field_validator("keywords")
    @classmethod
    def _keywords(cls, value: list[str]) -> list[str]:
        for keyword in value:
            if not normal(keyword):
                raise ValueError("a keyword must have a letter or digit")
        return value

    def localized(self, language: str) -> TopicText:
        """The name and description in `language`, falling back to the main entry."""
        base = language.split("-")[0].lower()
        text = getattr(self, base, None) if base in LANGUAGES else None
        return text or TopicText(name=self.name, description=self.description)


def normal(keyword: str) -> str:
    """A keyword as topics match it: NFKC, case-folded, hyphens and runs of spaces as one space."""
    text = unicodedata.normalize("NFKC", keyword).casefold()
    return " ".join(re.sub(r"[-_\u2010-\u2015]+", " ", text).split())


def read_topics(project: Project, report: Report) -> dict[str, Topic]:
    """The topics registry (empty when there is none); a bad entry is reported and left out, and
    a keyword two topics claim stays with the first."""
    path = project.topics_file
    if not path.exists():
        return {}
    shown = project.display(path)
    text = read_text(path, shown, report, project, max_bytes=MAX_TOPICS_BYTES)
    source = yaml_source.load(text, shown, first_line=1, report=report)
    if source.data is None:
        return {}
    if not isinstance(source.data, dict):
        raise source.error_at(
            (), "the topics registry must map topic ids to entries (`energy: {name: Energy}`)"
        )
    topics: dict[str, Topic] = {}
    claimed: dict[str, str] = {}  # normal keyword -> topic id
    diagnostics: list[Diagnostic] = []
    for topic_id, entry in source.data.items():
        key = str(topic_id)
        if not _ID.match(key):
            diagnostics.append(
                source.diagnostic_at(
                    (topic_id,),
                    f"topic id `{key}`: use lowercase letters, digits and hyphens (it names the "
                    "topic's folder in the library)",
                    key_of=True,
                )
            )
            continue
        try:
            topic = validate(Topic, entry, source, (topic_id,))
        except ContentError as exc:
            diagnostics.extend(exc.diagnostics)
            continue
        words = [(None, key), (None, topic.name), *((i, k) for i, k in enumerate(topic.keywords))]
        for index, word in words:
            other = claimed.setdefault(normal(word), key)
            if other != key:
                where = (topic_id, "keywords", index) if index is not None else (topic_id,)
                diagnostics.append(
                    source.diagnostic_at(
                        where,
                        f"keyword `{word}` is already topic `{other}`'s: a keyword belongs to one topic",
                    )
                )
        topics[key] = topic
    report.diagnostics.extend(diagnostics)
    return topics


def topics_of(project: Project, report: Report) -> dict[str, Topic]:
    """The registry, its mistakes reported; empty when it does not read."""
    try:
        return read_topics(project, report)
    except ContentError as exc:
        report.extend(exc)
        return {}
