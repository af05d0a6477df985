"""Source file names, which every output is named after: `content/briefs/<slug>.md` makes
`pdf/<slug>.pdf`, `docx/<slug>.docx`... and the web edition's folder `briefs/<folder>/`.

Two briefs (or two collections) whose names differ only in case (`Report.md`, `report.md`: one
file on Windows and macOS), or that come to the same site folder once their letters are kept to
ASCII (`한국.md` and `日本.md` both `brief`; `emoji.md` and `emoji😀.md`; `a b.md` and `a-b.md`),
would overwrite each other's outputs: each is an error naming the other. A name longer than
MAX_NAME_BYTES (in UTF-8) is an error too: the outputs' names add suffixes, and file systems hold
255 bytes a name.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from pathlib import Path

from briefexport.errors import Diagnostic

MAX_NAME_BYTES = 150  # `<slug>-print.pdf`, temp files `.<name>.<random>.tmp`: all under 255


def folder_name(text: str, fallback: str) -> str:
    """A file or folder name made of letters, digits, `-` and `_` only (the site's folders)."""
    return re.sub(r"[^A-Za-z0-9_-]+", "-", text).strip("-").lower() or fallback


def _case(stem: str) -> str:
    return unicodedata.normalize("NFC", stem).casefold()


def _keys(stem: str, fallback: str) -> set[str]:
    return {_case(stem), "\0" + folder_name(stem, fallback)}


def name_problems(
    path: Path, siblings: Iterable[Path], shown: str, display, fallback: str
) -> list[Diagnostic]:
    """Why `path`'s name cannot name outputs: too long, or the same outputs as a sibling's."""
    problems = []
    size = len(path.stem.encode("utf-8", "surrogateescape"))
    if size > MAX_NAME_BYTES:
        problems.append(
            Diagnostic(
                shown,
                1,
                1,
                f"the file name is {size} bytes long, over the limit of {MAX_NAME_BYTES}: every output is "
                "named after it",
                f"rename the file: {MAX_NAME_BYTES} bytes are as many Latin letters, a third as many Korean",
            )
        )
    mine = _keys(path.stem, fallback)
    others = sorted(p for p in siblings if p.name != path.name and mine & _keys(p.stem, fallback))
    if others:
        why = (
            "names that differ only in case are one file on Windows and macOS"
            if any(_case(p.stem) == _case(path.stem) for p in others)
            else f"both become the site's folder `{folder_name(path.stem, fallback)}/` "
            "(it keeps A-Z, 0-9, - and _)"
        )
        problems.append(
            Diagnostic(
                shown,
                1,
                1,
                f"`{path.name}` and {', '.join(f'`{display(p)}`' for p in others)} would overwrite each "
                f"other's outputs: {why}",
                "rename one of them",
            )
        )
    return problems
