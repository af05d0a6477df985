"""One located error type and a collector, printed like a compiler's diagnostics."""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

Severity = Literal["error", "warning", "note"]  # a note: something left out on purpose, said once


@dataclass(frozen=True)
class Diagnostic:
    path: str
    line: int
    col: int
    message: str
    hint: str | None = None
    severity: Severity = "error"

    def __str__(self) -> str:
        where = self.path
        if self.line:
            where += f":{self.line}:{self.col or 1}"
        text = f"{where}: {self.severity}: {self.message}"
        if self.hint:
            text += f" ({self.hint})"
        return text


class ContentError(Exception):
    """Raised for mistakes in content or layouts; carries one or more located diagnostics."""

    def __init__(self, diagnostics: Diagnostic | Iterable[Diagnostic]):
        if isinstance(diagnostics, Diagnostic):
            diagnostics = [diagnostics]
        self.diagnostics = list(diagnostics)
        super().__init__("\n".join(str(d) for d in self.diagnostics))


def shorten(text: str, limit: int = 100) -> str:
    """A value quoted in a message (an address, a comment, a citation), cut to `limit` characters."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


def did_you_mean(word: str, choices: Iterable[str]) -> str | None:
    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f"did you mean `{close[0]}`?" if close else None


@dataclass
class Report:
    """Collects every diagnostic of a run, so all mistakes are reported at once."""

    diagnostics: list[Diagnostic] = field(default_factory=list)

    def add(self, diag: Diagnostic) -> None:
        self.diagnostics.append(diag)

    def extend(self, exc: ContentError) -> None:
        self.diagnostics.extend(exc.diagnostics)

    def warn(self, path: str | Path, line: int, col: int, message: str) -> None:
        self.add(Diagnostic(str(path), line, col, message, severity="warning"))

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.severity == "error"]

    @property
    def warnings(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.severity == "warning"]

    def sorted(self) -> list[Diagnostic]:
        """Grouped by file, in source order; de-duplicated."""
        unique = dict.fromkeys(self.diagnostics)
        return sorted(unique, key=lambda d: (d.path, d.line, d.col))
