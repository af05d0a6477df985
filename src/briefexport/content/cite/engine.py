"""citeproc-js, Zotero's citation processor, run in-process in V8 (the `mini-racer` package).

Chosen by measurement (benchmarks/README.md, "Citation engines"): of citeproc-py, citeproc-js
and pandoc's citeproc it is the one that formats every case right (full names, punctuation inside
quotes, 2000a/2000b, Korean names, escaped markup) without a program outside Python, and it is the
engine Zotero refreshes a Word draft's citations with, so a colleague's refresh changes nothing.

Cost: V8 starts in about 40 ms and a style's engine is built once per process (about a second of
CPU for Chicago's 240 KB style, which citeproc-js compiles into token lists); a brief on a built
engine then takes tens of milliseconds. Nothing here is imported or started for a brief without
citations (content/cite/notes.py imports this module only when a brief cites).

V8 and fork: a V8 context belongs to the process that made it. Engines are kept per process id; a
forked worker leaves its parent's contexts alone (closing or collecting one there hangs) and makes
its own, and the process that made them closes them at exit (`ctx.close()`, else exit hangs).
"""

from __future__ import annotations

import atexit
import hashlib
import json
import os
from dataclasses import dataclass, field

from briefexport.content.cite import rich
from briefexport.content.cite.styles import AND_DELIMITED, Style, locale_xml
from briefexport.project import DEFAULTS_DIR

CITEPROC_JS = DEFAULTS_DIR / "citeproc" / "citeproc.js"
MEMORY_LIMIT = 768 * 1024 * 1024  # bytes of V8 heap: a runaway style stops here, not in the machine
KEEP_ENGINES = 2  # built styles kept per process: Chicago's takes about 75 MB of V8 heap
BUILD_TIMEOUT_MS = 120_000  # compiling a style: about 1 s of CPU for Chicago, far more on a loaded machine
TIMEOUT_MS = 60_000  # one brief's citations: a style that loops stops with an error

_SETUP = """
var module = {exports: {}}; var exports = module.exports;
%s
;var CSL = module.exports;
var BX = {items: {}, seen: {}, locales: {}, engines: {}};
BX.sys = {
  retrieveLocale: function (lang) { return BX.locales[lang] || BX.locales["en-US"]; },
  // an engine's registry may still hold an item of an earlier request (another brief's, an earlier
  // build's in the same process: `serve`) when it is emptied and sorted again: the item is found
  retrieveItem: function (id) { return BX.items[id] || BX.seen[id]; }
};
BX.engine = function (name, style, lang) {
  if (!BX.engines[name]) {
    var engine = new CSL.Engine(BX.sys, style, lang, true);
    engine.opt.development_extensions.wrap_url_and_doi = true;  // DOIs and URLs as links
    BX.engines[name] = engine;
  }
  return BX.engines[name];
};
BX.format = function (name, request) {
  var engine = BX.engines[name];
  BX.items = request.items;
  for (var id in request.items) { BX.seen[id] = request.items[id]; }
  engine.updateItems([]);  // empty the registry: an entry read before (another brief's) is read again
  engine.updateUncitedItems([]);
  engine.updateItems(request.cited);
  engine.updateUncitedItems(request.nocite);
  var done = engine.rebuildProcessorState(request.clusters, "html", request.nocite);
  var byId = {};
  done.forEach(function (row) { byId[row[0]] = row[2]; });
  // `@key says`: the author(s) in the text. A note style's own author-only form is unusable (Chicago's
  // gives "Henry Farrell and Abraham L. Newman, no."), so names come from a small in-text style.
  var namer = engine;
  if (request.authors.length && request.noteStyle) {
    namer = BX.engine("authors|" + request.lang, request.authorsStyle, request.lang);
    namer.updateItems(request.cited);
  }
  var authors = request.authors.map(function (items) {
    return namer.makeCitationCluster(items);
  });
  var bib = engine.makeBibliography();
  return JSON.stringify({
    citations: request.clusters.map(function (c) { return byId[c.citationID]; }),
    authors: authors,
    entries: bib ? bib[1] : [],
    ids: bib ? bib[0].entry_ids.map(function (ids) { return ids[0]; }) : [],
    hanging: bib ? !!bib[0].hangingindent : false,
    secondFieldAlign: bib ? (bib[0]["second-field-align"] || "") : ""
  });
};
"""


# The names a note style prints for `@key says` in the text: short names, "and" in the locale's words
_AUTHORS_STYLE = """<style xmlns="http://purl.org/net/xbiblio/csl" class="in-text" version="1.0">
<info><title>Authors in the text</title><id>briefexport-authors</id>
<updated>2026-12-01T00:00:00+00:00</updated></info>
<citation et-al-min="4" et-al-use-first="1"><layout delimiter="; ">
<names variable="author"><name form="short" and="text" delimiter=", "/>
<substitute><names variable="editor"/><text variable="title" form="short" font-style="italic"/></substitute>
</names></layout></citation></style>"""


@dataclass(frozen=True)
class Item:
    """One reference in a citation: `[see @key, 49--51, emphasis added]`."""

    key: str
    locator: str = ""
    label: str = ""  # the CSL locator type: page, chapter, section...; "" for page
    prefix: str = ""
    suffix: str = ""
    suppress_author: bool = False  # `[-@key]`
    author_only: bool = False


@dataclass(frozen=True)
class Cluster:
    items: tuple[Item, ...]
    note: int = 0  # the note the citation is set in (note styles), 0 in the text
    author_in_text: bool = False  # `@key says`: the author's name in the text, the rest cited


@dataclass
class Formatted:
    citations: list[rich.Rich]  # one per cluster, in order
    authors: list[rich.Rich]  # for each cluster with author_in_text, its author(s) as printed
    entries: list[tuple[str, rich.Rich]] = field(default_factory=list)  # (key, entry) as sorted
    hanging: bool = False
    second_field_align: str = ""


def _item(item: Item) -> dict:
    data: dict = {"id": item.key}
    if item.locator:
        data["locator"] = item.locator
        data["label"] = item.label or "page"
    if item.prefix:
        data["prefix"] = item.prefix
    if item.suffix:
        data["suffix"] = item.suffix
    if item.suppress_author:
        data["suppress-author"] = True
    return data


class _Process:
    """The V8 context of one process, and the styles built in it."""

    def __init__(self):
        from py_mini_racer import MiniRacer  # 80 MB of V8: loaded only when a brief cites

        self.ctx = MiniRacer()
        self.ctx.set_hard_memory_limit(MEMORY_LIMIT)
        self.ctx.eval(_SETUP % CITEPROC_JS.read_text(encoding="utf-8"))
        self.locales: set[str] = set()
        self.styles: list[str] = []  # built engines, the least recently used first

    def engine(self, style: Style, locale: str) -> str:
        name = f"{style.path}|{hashlib.sha256(style.xml.encode()).hexdigest()}|{locale}"
        if name in self.styles:
            self.styles.remove(name)
            self.styles.append(name)
            return name
        while len(self.styles) >= KEEP_ENGINES:
            self.ctx.eval(f"delete BX.engines[{json.dumps(self.styles.pop(0))}]; 1")
            self.ctx.low_memory_notification()
        for tag in {locale, "en-US"} - self.locales:
            self.ctx.eval(f"BX.locales[{json.dumps(tag)}] = {json.dumps(locale_xml(tag) or '')};")
            self.locales.add(tag)
        self.ctx.eval(
            f"BX.engine({json.dumps(name)}, {json.dumps(style.xml)}, {json.dumps(locale)}); 1",
            timeout=BUILD_TIMEOUT_MS,
        )
        self.styles.append(name)
        return name

    def close(self):
        self.ctx.close()


# Module-level, not in a run's context, and right across runs by construction: a V8 context is the
# process's (a forked worker makes its own), an engine is named by its style's text (sha256) and
# locale, so an edited style is a new engine; the locales are the packaged files; each request
# empties the registry and gives every item's data again (BX.seen only answers the registry's
# lookups while it is emptied, never what is printed). What a run read is never kept here.
_processes: dict[int, _Process] = {}
_inherited: list[_Process] = []  # a parent's contexts in a forked child: kept, never touched


def _forked() -> None:
    _inherited.extend(_processes.values())
    _processes.clear()


def _close() -> None:
    process = _processes.pop(os.getpid(), None)
    if process is not None:
        process.close()


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_forked)
atexit.register(_close)


def format_citations(
    style: Style,
    locale: str,
    items: dict[str, dict],
    clusters: list[Cluster],
    nocite: list[str],
) -> Formatted:
    """Every citation of one brief, in order, and its bibliography. `items` holds the CSL-JSON of
    each reference cited or listed (by key)."""
    process = _processes.get(os.getpid())
    if process is None:
        process = _processes[os.getpid()] = _Process()
    name = process.engine(style, locale)
    cited = list(dict.fromkeys(item.key for cluster in clusters for item in cluster.items))
    request = {
        "items": {key: {**items[key], "id": key} for key in dict.fromkeys([*cited, *nocite])},
        "cited": cited,
        "nocite": [key for key in nocite if key not in cited],
        "clusters": [
            {
                "citationID": f"c{index}",
                "citationItems": [_item(item) for item in cluster.items],
                "properties": {"noteIndex": cluster.note},
            }
            for index, cluster in enumerate(clusters)
        ],
        "noteStyle": style.note,
        "lang": locale,
        "authorsStyle": _AUTHORS_STYLE,
        "authors": [
            [{"id": item.key, **({} if style.note else {"author-only": True})} for item in cluster.items]
            for cluster in clusters
            if cluster.author_in_text
        ],
    }
    answer = json.loads(
        str(process.ctx.eval(f"BX.format({json.dumps(name)}, {json.dumps(request)})", timeout=TIMEOUT_MS))
    )
    old, new = AND_DELIMITED.get(locale, ("", ""))

    def parse(text: str | None) -> rich.Rich:
        return rich.parse(text.replace(old, new) if old and text else text or "")

    return Formatted(
        citations=[parse(text) for text in answer["citations"]],
        authors=[parse(text) for text in answer["authors"]],
        entries=[(str(key), parse(text)) for key, text in zip(answer["ids"], answer["entries"], strict=True)],
        hanging=answer["hanging"],
        second_field_align=answer["secondFieldAlign"],
    )
