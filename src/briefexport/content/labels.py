"""The labels every format prints around a brief, per language: the one place labels come from.

They are data, one YAML file per language under the layouts (`labels/fr.yml`, packaged in
defaults/layouts/labels/). A project's `layouts/labels/<language>.yml` overrides them label by
label, as a layout file overrides the packaged one, and may add a language we do not ship; it
holds only the labels it changes. For a brief in `fr-CA` the labels are looked up in fr-CA.yml,
then fr.yml (the project's before the package's in each), then English: a label found in no file of
the language is printed in English, and the reader warns once per language and build, at the
language's file, naming the labels (`fallback_warning`).

Every label is text; `{name}` placeholders are filled in by the formats, so a file may use only
the placeholders of the English label (a translation may leave one out). A mistake in a label file
is a located error."""

from __future__ import annotations

import string
from functools import lru_cache
from pathlib import Path

from briefexport.content import yaml_source
from briefexport.content.locale import base_language
from briefexport.errors import ContentError, Diagnostic, did_you_mean
from briefexport.project import DEFAULTS_DIR, Project
from briefexport.safety.files import Refused, check_file

FOLDER = "labels"
FALLBACK = "en"


class Labels(dict):
    """The labels of one language (`labels["notes"]`; `labels.notes` in a template), English
    filled in where it has none: `missing` names those."""

    def __init__(self, texts: dict, missing: tuple[str, ...] = ()):
        super().__init__(texts)
        self.missing = missing


def _dirs(project: Project | None) -> tuple[Path, ...]:
    """The label folders, the project's before the package's."""
    packaged = DEFAULTS_DIR / "layouts" / FOLDER
    if project is None:
        return (packaged,)
    return tuple(d / FOLDER for d in project.layout_dirs())


def tags(language: str) -> list[str]:
    """The file names to look in, most specific first: fr-CA, fr (lower case, as files are named)."""
    parts = language.lower().split("-")
    return ["-".join(parts[:n]) for n in range(len(parts), 0, -1)]


def _files(project: Project | None, tags: list[str]) -> tuple[Path, ...]:
    """The label files of these tags, the project's before the package's; never a file a symlink
    leads to outside the project (a located error, as for any layout file)."""
    found: list[Path] = []
    for tag in tags:
        for folder in _dirs(project):
            for candidate in (folder / f"{tag}.yml", folder / f"{_cased(tag)}.yml"):
                if candidate.is_file() and candidate not in found:
                    if project is not None:
                        _inside(candidate, project)
                    found.append(candidate)
                    break
    return tuple(found)


def _inside(path: Path, project: Project) -> None:
    try:
        check_file(path, project)
    except Refused:
        message = "the label file leads outside the project (a symlink?): it is not read"
        raise ContentError(Diagnostic(project.display(path), 1, 1, message)) from None


def _cased(tag: str) -> str:
    """A tag as BCP 47 writes it (zh-Hant, fr-CA), the other name a label file may have."""
    parts = tag.split("-")
    return "-".join(
        [parts[0]] + [p.title() if len(p) == 4 else p.upper() if len(p) == 2 else p for p in parts[1:]]
    )


def _signature(path: Path) -> tuple:
    info = path.stat()
    return (str(path), info.st_size, info.st_mtime_ns)


def labels(project: Project | None, language: str) -> Labels:
    """Every label in `language`, from the project's label files and the packaged ones, English
    where the language has none. Raises ContentError for a broken label file."""
    own = _files(project, tags(language))
    english = _files(project, [FALLBACK])
    return _merged(language, tuple(map(_signature, own)), tuple(map(_signature, english)), _shown(project))


def printed(project: Project | None, language: str) -> Labels:
    """The labels the model is numbered with (captions, cross-references, box titles): `labels`, or
    the packaged ones while a label file is broken (`problems` reports that file)."""
    try:
        return labels(project, language)
    except ContentError:
        return labels(None, language)


def _shown(project: Project | None):
    return project.display if project is not None else str


@lru_cache(maxsize=64)
def _merged(language: str, own: tuple, english: tuple, shown) -> Labels:
    """The labels, read again when a file changed (its size or time): the live preview edits them."""
    reference = _read_many(english, shown, None)
    texts = _read_many(own, shown, reference)
    missing = tuple(key for key in reference if key not in texts)
    return Labels({**reference, **texts}, missing)


def _read_many(files: tuple, shown, reference: dict | None) -> dict:
    """The files' labels, the first file's before the next's (the most specific first)."""
    texts: dict = {}
    for path, *_ in reversed(files):
        texts.update(read_file(Path(path), shown(path), reference))
    return texts


def read_file(path: Path, shown: str, reference: dict | None) -> dict[str, str]:
    """One label file: a mapping of label names to text, each using only the placeholders of the
    English label (`reference`; None while English itself is read)."""
    try:
        source = yaml_source.load(path.read_text(encoding="utf-8"), shown, 1)
    except (OSError, UnicodeError) as exc:
        raise ContentError(Diagnostic(shown, 0, 0, f"labels: cannot read: {exc}")) from None
    if source.data is None:
        return {}
    if not isinstance(source.data, dict):
        raise ContentError(Diagnostic(shown, 1, 1, "labels: expected `name: text` lines"))
    problems = []
    for key, value in source.data.items():
        if reference is not None and key not in reference:
            hint = did_you_mean(key, reference) or "see the packaged labels/en.yml for every label"
            problems.append(source.diagnostic_at((key,), f"unknown label `{key}`", hint, key_of=True))
        elif not isinstance(value, str):
            problems.append(source.diagnostic_at((key,), f"label `{key}`: expected text"))
        elif reference is not None and not _placeholders(value) <= _placeholders(reference[key]):
            extra = _named(_placeholders(value) - _placeholders(reference[key]))
            allowed = _named(_placeholders(reference[key])) or "none"
            message = f"label `{key}`: unknown placeholder {extra}"
            problems.append(source.diagnostic_at((key,), message, f"it may use {allowed}"))
    if problems:
        raise ContentError(problems)
    return dict(source.data)


def _named(placeholders: set[str]) -> str:
    return ", ".join(f"{{{name}}}" for name in sorted(placeholders))


def _placeholders(text: str) -> set[str]:
    try:
        return {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}
    except ValueError:  # an unmatched brace
        return {"{"}


def fallback_warning(project: Project | None, language: str) -> Diagnostic | None:
    """The warning that labels of `language` fall back to English, naming them, at the language's
    own file (the project's when it has one); None when none does. The same for every brief of the
    language, so a build's report (which keeps each diagnostic once) says it once."""
    found = labels(project, language)
    if not found.missing:
        return None
    own = _files(project, tags(language))
    where = _shown(project)(own[0]) if own else f"layouts/{FOLDER}/{base_language(language)}.yml"
    if not own:
        message = f"no labels for language `{language}`: every label is printed in English"
        hint = f"write layouts/{FOLDER}/{base_language(language)}.yml, translating labels/en.yml"
    else:
        shown = ", ".join(found.missing)
        message = f"labels in English for language `{language}`, which has none for them: {shown}"
        hint = None
    return Diagnostic(where, 0, 0, message, hint, severity="warning")


def problems(project: Project | None, language: str) -> list[Diagnostic]:
    """What the reader reports about the labels a brief in `language` prints: a broken label file
    (errors), or labels that fall back to English (the warning)."""
    try:
        warning = fallback_warning(project, language)
    except ContentError as exc:
        return exc.diagnostics
    return [warning] if warning else []


def every_language(project: Project | None, key: str) -> set[str]:
    """Label `key` in every language there is a file for (the importer recognises a "Figure 1."
    a draft was written with in any of them)."""
    tags = {
        path.stem.lower() for folder in _dirs(project) if folder.is_dir() for path in folder.glob("*.yml")
    }
    return {labels(project, tag)[key] for tag in sorted(tags)}
