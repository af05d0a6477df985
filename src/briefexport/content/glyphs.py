"""Characters no font of a brief's language has: a located error at `check` and in every format,
never an empty box in a PDF (WeasyPrint only logs a warning per missing glyph, with no line).

The text checked is what the formats print from the model: the body and notes as parsed (pictures'
descriptions and captions included), the front matter's printed fields, the authors' names, roles
and bios in the brief's language, and the labels of that language. The original's title (the
edition note quotes it) is checked against the fonts of the original's language. Each character
missing is reported once, where it first appears: in the brief, else in content/authors.yaml, else
in the label file. What counts as covered comes from the caller (the brand's fonts: writers/shared/
glyphs.py), so this module reads no font.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Container, Iterable
from pathlib import Path

from briefexport.content import labels as label_files
from briefexport.content.markdown import walk
from briefexport.content.model import Brief
from briefexport.errors import Diagnostic
from briefexport.project import Project

Covered = Callable[[str], Container[int]]  # a language -> the code points its fonts draw

# Drawn by no font, or by the shaper itself: controls, format characters (joiners, bidi marks, the
# soft hyphen), line and paragraph separators, variation selectors; and what no output holds (lone
# surrogates, the non-characters U+FDD0..U+FDEF and U+xFFFE/U+xFFFF: the reader removes them with a
# warning, content/text.py, and the writers clean a model that has them), so no font needs them.
_INVISIBLE = {"Cc", "Cf", "Cs", "Zl", "Zp"}
_TEXT_TOKENS = ("text", "code_inline", "fence", "code_block", "html_inline", "html_block")


def drawn(char: str) -> bool:
    code = ord(char)
    if char in " \t\n" or 0xFE00 <= code <= 0xFE0F or 0xE0100 <= code <= 0xE01EF:
        return False
    if 0xFDD0 <= code <= 0xFDEF or code & 0xFFFE == 0xFFFE:  # the non-characters
        return False
    return unicodedata.category(char) not in _INVISIBLE


def printed_text(brief: Brief) -> str:
    """Everything the formats print of the brief in its own language."""
    parts: list[str] = []
    blocks = [brief.tokens, *brief.footnotes.values()]
    for tokens in blocks:
        for token in walk(tokens):
            if token.type in _TEXT_TOKENS:
                parts.append(token.content)
            elif token.type == "image":
                parts.append(str(token.attrGet("title") or ""))
    meta = brief.meta
    parts += [meta.title, meta.subtitle or "", meta.series or "", meta.edition or "", meta.number or ""]
    parts += [meta.summary or "", *meta.keywords]
    for author in brief.authors:
        text = author.localized(brief.language)
        parts += [text.name, text.role, text.bio]
    return "\n".join(parts)


def unprintable(brief: Brief, project: Project, covered: Covered) -> list[Diagnostic]:
    """An error for each character of the brief that no font of its language draws."""
    missing = _missing(printed_text(brief), covered(brief.language))
    labels = label_files.labels(project, brief.language)
    in_labels = _missing(" ".join(labels.values()), covered(brief.language))
    language = {c: brief.language for c in missing | in_labels}
    original = brief.meta.translation_of
    if original is not None:
        language |= {c: original.language for c in _missing(original.title, covered(original.language))}
    if not language:
        return []
    sources = [brief.path, project.authors_file, *_label_paths(project, brief.language)]
    found = _locate([p for p in sources if p.is_file()], set(language), project)
    unplaced = sorted(set(language) - set(found))
    places = sorted(found.items(), key=lambda item: item[1])
    runs: list[tuple[tuple[str, int, int], str]] = []  # characters found side by side: one run
    for char, where in places:
        if runs and runs[-1][0][:2] == where[:2] and runs[-1][0][2] + len(runs[-1][1]) == where[2]:
            runs[-1] = (runs[-1][0], runs[-1][1] + char)
        else:
            runs.append((where, char))
    # written in a way not searched for (a character made by markup): the brief's first line
    runs += [((project.display(brief.path), 1, 1), char) for char in unplaced]
    return [_diagnostic(where, text, language[text[0]]) for where, text in runs]


def _diagnostic(where: tuple[str, int, int], text: str, language: str) -> Diagnostic:
    if len(text) == 1:
        name = unicodedata.name(text, "").lower()
        shown = f"`{text}` (U+{ord(text):04X}{', ' + name if name else ''})"
    else:
        shown = f"`{text}` ({', '.join(f'U+{ord(c):04X}' for c in dict.fromkeys(text))})"
    return Diagnostic(
        *where,
        f"{shown} is in no font for language `{language}`: it would print as empty boxes",
        "give layouts/brand.yml a font that has it, under `defaults: briefexport: fonts:`",
    )


def _missing(text: str, covered: Container[int]) -> set[str]:
    return {char for char in set(text) if drawn(char) and ord(char) not in covered}


def _label_paths(project: Project, language: str) -> Iterable[Path]:
    for folder in (d / label_files.FOLDER for d in project.layout_dirs()):
        for tag in label_files.tags(language):
            yield folder / f"{tag}.yml"


def _written_forms(char: str) -> list[str]:
    """How a character may be written in a source without the character itself: YAML and JSON
    escapes, HTML character references (lower case: lines are searched lower-cased)."""
    code = ord(char)
    forms = [f"\\u{code:08x}", f"&#x{code:x};", f"&#{code};"]
    if code <= 0xFFFF:
        forms.append(f"\\u{code:04x}")
    if code <= 0xFF:
        forms.append(f"\\x{code:02x}")
    return forms


def _locate(paths: list[Path], chars: set[str], project: Project) -> dict[str, tuple[str, int, int]]:
    """Where each character first appears, file by file in the order given: the character itself,
    else one of its escapes (`"\\U00010000"` in YAML, `&#x10000;` in HTML)."""
    found: dict[str, tuple[str, int, int]] = {}
    for path in paths:
        try:
            lines = path.read_text(encoding="utf-8").split("\n")
        except (OSError, UnicodeError):
            continue
        for number, line in enumerate(lines, 1):
            for column, char in enumerate(line, 1):
                if char in chars and char not in found:
                    found[char] = (project.display(path), number, column)
        for char in chars - set(found):
            for number, line in enumerate(lines, 1):
                lowered = line.lower()
                columns = [lowered.find(form) for form in _written_forms(char)]
                if any(c >= 0 for c in columns):
                    found[char] = (project.display(path), number, min(c for c in columns if c >= 0) + 1)
                    break
        if len(found) == len(chars):
            break
    return found
