"""Formatted citation text as the model keeps it: a flat list of runs, each with its marks
(italic, bold, small caps, superscript, subscript, upright inside italics) and the address it links
to (a DOI or URL). Each writer sets runs itself; none of them parses the engine's markup.

The engine (citeproc-js) writes escaped HTML of a known, small vocabulary; `parse` reads exactly
that vocabulary (html.parser: the markup is the engine's, not the author's, and every entity in it
is numeric) and refuses anything else, so a change in the engine's output shows as an error in the
tests rather than as lost formatting.
"""

from __future__ import annotations

from dataclasses import dataclass
from html.parser import HTMLParser

MARKS = ("italic", "bold", "smallcaps", "sup", "sub", "upright")

# citeproc-js's html output format: tag or style -> the mark it sets (None: a plain wrapper)
_STYLES = {
    "font-style:normal;": "upright",
    "font-variant:small-caps;": "smallcaps",
    "font-variant:normal;": None,
    "font-weight:normal;": None,
    "text-decoration:none;": None,
    "text-decoration:underline;": None,
    "baseline": None,
}
_TAGS = {"i": "italic", "em": "italic", "b": "bold", "sup": "sup", "sub": "sub"}
_BLOCKS = ("csl-entry", "csl-block", "csl-left-margin", "csl-right-inline", "csl-indent", "csl-bib-body")


@dataclass(frozen=True)
class Run:
    text: str
    marks: frozenset[str] = frozenset()
    href: str = ""  # a DOI or URL the run links to

    @property
    def italic(self) -> bool:
        """Italic as printed: `upright` inside italics (a book title inside a title) is roman."""
        return "italic" in self.marks and "upright" not in self.marks


Rich = tuple[Run, ...]


def plain(runs: Rich) -> str:
    return "".join(run.text for run in runs)


class EngineMarkupError(ValueError):
    """The engine wrote markup this module does not know: a bug to fix here, never content's."""


class _Reader(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.runs: list[Run] = []
        self.stack: list[tuple[str, str | None, str]] = []  # (tag, mark, href)

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        mark, href = None, ""
        if tag in _TAGS:
            mark = _TAGS[tag]
        elif tag == "a" and attributes.get("href"):
            href = str(attributes["href"])
        elif tag == "span" and attributes.get("style") in _STYLES:
            mark = _STYLES[str(attributes["style"])]
        elif tag == "div" and attributes.get("class") in _BLOCKS:
            pass
        else:
            raise EngineMarkupError(f"unknown markup from the citation engine: <{tag} {attrs}>")
        self.stack.append((tag, mark, href))

    def handle_endtag(self, tag):
        if not self.stack or self.stack[-1][0] != tag:
            raise EngineMarkupError(f"unbalanced markup from the citation engine: </{tag}>")
        self.stack.pop()

    def handle_data(self, data):
        if not data:
            return
        marks = frozenset(mark for _, mark, _ in self.stack if mark)
        href = next((h for _, _, h in reversed(self.stack) if h), "")
        if self.runs and (self.runs[-1].marks, self.runs[-1].href) == (marks, href):
            self.runs[-1] = Run(self.runs[-1].text + data, marks, href)
        else:
            self.runs.append(Run(data, marks, href))


def parse(markup: str) -> Rich:
    """The runs of one citation or bibliography entry, whitespace at its ends trimmed."""
    reader = _Reader()
    reader.feed(markup)
    reader.close()
    if reader.stack:
        raise EngineMarkupError(f"unclosed markup from the citation engine: <{reader.stack[-1][0]}>")
    runs = [Run(r.text.replace("\n", " "), r.marks, r.href) for r in reader.runs]
    return _trim(runs)


def _trim(runs: list[Run]) -> Rich:
    while runs and not runs[0].text.strip():
        runs.pop(0)
    while runs and not runs[-1].text.strip():
        runs.pop()
    if runs:
        first, last = runs[0], runs[-1]
        runs[0] = Run(first.text.lstrip(), first.marks, first.href)
        last = runs[-1]
        runs[-1] = Run(last.text.rstrip(), last.marks, last.href)
    return tuple(runs)


def capitalise(runs: Rich) -> Rich:
    """The first letter upper case: a citation that starts a note starts a sentence ("See ...",
    "Ibid."), as Chicago and pandoc have it; citeproc-js leaves a prefix as it was typed."""
    for index, run in enumerate(runs):
        stripped = run.text.lstrip()
        if not stripped:
            continue
        at = len(run.text) - len(stripped)
        text = run.text[:at] + stripped[0].upper() + stripped[1:]
        return (*runs[:index], Run(text, run.marks, run.href), *runs[index + 1 :])
    return runs
