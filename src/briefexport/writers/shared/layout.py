"""Layouts: the Jinja environment (user layouts over packaged ones), the brand and its fonts."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from briefexport.content import labels as label_files
from briefexport.content import locale
from briefexport.errors import ContentError, Diagnostic
from briefexport.project import DEFAULTS_DIR, Project
from briefexport.safety import css, loads
from briefexport.safety.files import Refused, check_file
from briefexport.safety.pictures import check_picture
from briefexport.writers.shared import brand_cache, brand_values, digest_cache
from briefexport.writers.shared.brand_file import BrandFile
from briefexport.writers.shared.brand_full import read_with_brand_yml, source_value
from briefexport.writers.shared.brand_plain import read_plain
from briefexport.writers.shared.digest_cache import DigestCache
from briefexport.writers.shared.paper import Paper, mm, paper_from

if TYPE_CHECKING:
    from briefexport.writers.shared.templates import LayoutEnvironment


@dataclass(frozen=True)
class FontFace:
    family: str
    path: Path
    weight: int
    style: str


@dataclass(frozen=True)
class BrandInfo:
    """What the layouts use of brand.yml, in plain values."""

    name: str
    short_name: str
    url: str
    primary: str
    secondary: str
    foreground: str
    background: str
    logo: Path | None
    base_family: str
    headings_family: str
    base_size: str
    line_height: float
    fonts: tuple[FontFace, ...]
    extra: dict = field(default_factory=dict, hash=False, compare=False)  # defaults.briefexport

    def family_for(self, language: str, role: str) -> str:
        """CSS font-family list for body (`base`) or `headings` text in a language."""
        lang_fonts = self.extra.get("fonts", {}).get(locale.base_language(language), {})
        latin = self.base_family if role == "base" else self.headings_family
        # CJK fallbacks for Han, kana and Hangul in any language's text (a Japanese city's name in
        # an English brief): Korean's faces first, as before, then Japanese and Chinese ones
        cjk = [self.extra.get("fonts", {}).get(lang, {}).get(role) for lang in ("ko", "ja", "zh")]
        families = [lang_fonts.get(role), latin, *cjk]
        unique = [f for f in dict.fromkeys(families) if f]
        return ", ".join(map(css.css_string, unique)) + (", serif" if role == "base" else ", sans-serif")


def tint(colour: str, share: float) -> str:
    """`#1b3a5c` mixed with white, keeping `share` of the colour: a box's background in the brand's
    colour, as CSS color-mix() would (WeasyPrint 70 has no color-mix)."""
    value = colour.lstrip("#")
    if len(value) == 3:
        value = "".join(c * 2 for c in value)
    try:
        channels = [int(value[i : i + 2], 16) for i in (0, 2, 4)]
    except ValueError:
        return colour
    return "#" + "".join(f"{round(255 - (255 - c) * share):02x}" for c in channels)


class Layout:
    """Everything a writer needs besides the brief: templates, brand, fonts, layout files."""

    def __init__(
        self,
        project: Project,
        cache_dir: Path | None = None,
        file_digest: Callable[[Path], str] | None = None,
        brand_file: BrandFile | None = None,
    ):
        self.project = project
        # brand.yml as the run read it (one reading per run, its nodes located); read here when
        # the layout is made alone (check, a test)
        self.brand_file = brand_file or BrandFile.read(project)
        self.cache_dir = cache_dir  # the output folder's cache: the brand read last, the digest caches
        # SHA-256 of an input file, for digest cache keys: a build passes its own hasher's, which
        # has hashed the fonts for the outputs' keys already (or trusts the last build's digests).
        self.file_digest = file_digest or digest_cache.file_digest
        self.dirs = project.layout_dirs()
        self.derived: dict[str, object] = {}  # facts made from the layout once (writers/shared/glyphs.py)
        self._caches: dict[str, DigestCache] = {}

    @cached_property
    def env(self) -> LayoutEnvironment:
        """The sandboxed Jinja environment (writers/shared/templates.py), made (and Jinja imported,
        about 25 ms) only for a writer that renders a template: the Word draft renders none."""
        from markupsafe import Markup  # with Jinja

        from briefexport.writers.shared import templates

        filters = {
            "date": self.date,
            "mm": mm,
            "tint": tint,
            "ltr": locale.left_to_right,
            "dir": lambda text, page: Markup(locale.dir_attribute(str(text), page)),
        }
        return templates.environment(self.dirs, self.project, filters)

    def labels(self, language: str) -> label_files.Labels:
        """Every label in `language` (content/labels.py: the project's label files over the packaged)."""
        return label_files.labels(self.project, language)

    def date(self, date: dt.date, language: str) -> str:
        """A date in `language`, in the brand's region and digits for it (content/locale.py)."""
        return locale.format_date(date, language, self.brand.extra)

    def number(self, value: int | str, language: str) -> str:
        """A generated number (a page, a note) in the digits the brand prints `language` in."""
        return locale.number(value, language, self.brand.extra)

    def cache(self, name: str) -> DigestCache:
        """The output folder's digest cache `name` (writers/shared/digest_cache.py), one object per
        layout, so a process counts the folder's size once, not once per book."""
        if name not in self._caches:
            self._caches[name] = DigestCache(self.cache_dir, name)
        return self._caches[name]

    def find(self, name: str) -> Path:
        """The first `name` in the user's layouts/, else the packaged one; never a file a symlink
        leads to outside the project."""
        for directory in self.dirs:
            candidate = directory / name
            if candidate.is_file():
                try:
                    check_file(candidate, self.project)
                    return candidate
                except Refused:
                    raise ContentError(
                        Diagnostic(
                            self.project.display(candidate),
                            1,
                            1,
                            "the layout file leads outside the project (a symlink?): it is not read",
                        )
                    ) from None
        raise ContentError(
            Diagnostic(f"layouts/{name}", 0, 0, "layout file not found (neither in the project nor packaged)")
        )

    def render(self, template: str, **context) -> str:
        """A template rendered in the sandbox, within its time limit; what it wrote is checked to
        load nothing from elsewhere. Every problem is a ContentError located in the template."""
        from briefexport.writers.shared import templates  # with the environment: see `env`

        text = templates.render(self.env, self.project, template, context)
        if template.endswith(".css.j2"):
            refused = css.problems(text, "relative")
        elif template.endswith((".html.j2", ".xhtml.j2")):
            refused = loads.page_problems(text)
        else:
            refused = []
        if refused:
            raise ContentError(
                Diagnostic(
                    *templates.where(self.env, template, templates.needle(refused[0])),
                    1,
                    f"template: refused {', '.join(f'`{r}`' for r in refused[:12])}"
                    + (f" and {len(refused) - 12} more" if len(refused) > 12 else ""),
                    "a layout may not run scripts or load anything from elsewhere: only files "
                    "beside it, by a relative path",
                )
            )
        return text

    @cached_property
    def brand(self) -> BrandInfo:
        path = self.find("brand.yml")
        return load_brand(path, self.project, self.cache_dir, self.brand_file)

    @cached_property
    def paper(self) -> Paper:
        """The brand's paper (`defaults: briefexport: paper:`), A4 unless it says otherwise."""
        return paper_from(self.brand.extra.get("paper"), self.brand_where("defaults", "briefexport", "paper"))

    def brand_where(self, *keys: str) -> tuple[str, int]:
        """brand.yml as users see it, and the line where the key path is written (0 when it is not),
        for located errors about the brand's settings: from the run's reading (BrandFile.where)."""
        return self.brand_file.where(*keys)


PACKAGED_BRAND = DEFAULTS_DIR / "layouts" / "brand.yml"


def load_brand(
    path: Path, project: Project, cache_dir: Path | None = None, read: BrandFile | None = None
) -> BrandInfo:
    """The brand of `path`: cached, else read; from `read`, the run's reading of that file, when
    given; with the packaged brand's fonts for the languages the brand names none for."""
    fields = _fields(path, project, cache_dir, read)
    if path.resolve() != PACKAGED_BRAND.resolve():
        fields = with_language_fonts(fields, _packaged_fields(project))
    fonts = tuple(FontFace(f["family"], Path(f["path"]), f["weight"], f["style"]) for f in fields["fonts"])
    return BrandInfo(**{**fields, "fonts": fonts, "logo": Path(fields["logo"]) if fields["logo"] else None})


def _fields(path: Path, project: Project, cache_dir: Path | None, read: BrandFile | None) -> dict:
    read = read if read is not None and read.path == path else BrandFile.read(project, path)
    fields = brand_cache.recall(cache_dir, path, project, read.text)
    if fields is None:
        fields = _read_brand(path, project, read)
        brand_cache.remember(cache_dir, path, fields, read.text)
    return fields


# The packaged brand ships with the code and never changes while a process runs: reading it once
# per process (per project, for the paths it shows) is right across runs by construction.
@lru_cache(maxsize=4)
def _packaged_fields(project: Project) -> dict:
    """The packaged brand, read once per process (the output folder's brand cache holds the
    project's own brand)."""
    return _read_brand(PACKAGED_BRAND, project)


def with_language_fonts(fields: dict, packaged: dict) -> dict:
    """The brand's own fonts for every language it names fonts for (`defaults: briefexport:
    fonts:`), and the packaged brand's for each language it names none for: a brand written for
    Latin text still sets a Japanese or Arabic brief in fonts that have its letters."""
    ours = dict(fields["extra"].get("fonts") or {})
    added = {
        lang: roles for lang, roles in (packaged["extra"].get("fonts") or {}).items() if lang not in ours
    }
    if not added:
        return fields
    wanted = {family for roles in added.values() for family in roles.values()}
    have = {face["family"] for face in fields["fonts"]}
    faces = [face for face in packaged["fonts"] if face["family"] in wanted - have]
    extra = {**fields["extra"], "fonts": {**ours, **added}}
    return {**fields, "fonts": [*fields["fonts"], *faces], "extra": extra}


def _read_brand(path: Path, project: Project, read: BrandFile | None = None) -> dict:
    """brand.yml read (plainly written brands by brand_plain, others validated by brand-yml), its
    values checked (brand_values.py), as BrandInfo's fields in plain (JSON) values, its files
    found inside the project. Every mistake is located in brand.yml."""
    shown = project.display(path)
    # the project's YAML rule first: located errors, and no anchors for brand-yml to multiply
    source = (read if read is not None and read.path == path else BrandFile.read(project, path)).source
    fields = read_plain(source.data)
    if fields is None:
        fields = read_with_brand_yml(path, source)
    fields = brand_values.validate(fields, source)
    problems: list[Diagnostic] = []

    def local(raw: str, picture: bool = False) -> str | None:
        candidates = [path.parent / raw] + (
            [] if picture else [d / Path(raw).name for d in project.font_dirs()]
        )
        why = "not found inside the project"
        for candidate in candidates:
            try:
                found = check_file(candidate, project)
                if picture:
                    check_picture(found)
                return str(found)
            except Refused as exc:
                why = str(exc) if picture and candidate.is_file() else why
        node = source_value(source, raw)
        line, col = (node.start_mark.line + 1, node.start_mark.column + 1) if node is not None else (1, 1)
        problems.append(
            Diagnostic(shown, line, col, f"brand.yml: {'logo' if picture else 'file'} `{raw}`: {why}")
        )
        return None

    fields["fonts"] = [{**font, "path": local(font["path"])} for font in fields["fonts"]]
    fields["logo"] = local(fields["logo"], picture=True) if fields["logo"] is not None else None
    if problems:
        raise ContentError(problems)
    return fields


def relative_url(target: Path, from_dir: Path) -> str:
    """A relative URL from a file in `from_dir` to `target` (POSIX separators, percent-safe)."""
    from urllib.parse import quote

    return quote(Path(os.path.relpath(target, from_dir)).as_posix())
