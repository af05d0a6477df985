"""Safe YAML with source positions, so schema errors point at the exact line and column."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import yaml
import yaml.reader
from yaml.composer import Composer
from yaml.constructor import SafeConstructor
from yaml.events import AliasEvent, Event
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode
from yaml.resolver import Resolver

from briefexport.content import text as source_text
from briefexport.errors import ContentError, Diagnostic, Report

_TIMESTAMP = "tag:yaml.org,2002:timestamp"
MAX_DEPTH = 32  # front matter is a few levels deep; deeper nesting is an attack on the recursion


def _refusal(message: str, event: Event) -> yaml.MarkedYAMLError:
    mark = event.start_mark
    # libyaml's marks (the fast loader's) are never shown: what it refuses is read again by _Loader
    return yaml.MarkedYAMLError(None, None, message, mark if isinstance(mark, yaml.Mark) else None)


class _Checks(Composer, SafeConstructor):
    """What both loaders below add to a safe loader: anchors and aliases (alias bombs) and deep
    nesting refused, dates kept as strings, and text that escapes (`"\\x01"`, `"\\ud800"`) could
    fill with what XML cannot hold cleaned."""

    peek_event: Callable[[], Event]  # from the parser each loader adds (PyYAML's or libyaml's)

    yaml_implicit_resolvers = {
        first: [(tag, regexp) for tag, regexp in resolvers if tag != _TIMESTAMP]
        for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
    }

    def _setup(self, shown: str, first_line: int, report: Report | None) -> None:
        self.shown, self.first_line, self.report = shown, first_line, report
        self.depth = 0

    def compose_node(self, parent, index):
        event = self.peek_event()
        if isinstance(event, AliasEvent) or getattr(event, "anchor", None):
            raise _refusal("anchors and aliases (& and *) are not allowed here", event)
        if self.depth >= MAX_DEPTH:
            raise _refusal(f"nested more than {MAX_DEPTH} levels deep", event)
        self.depth += 1
        try:
            return super().compose_node(parent, index)
        finally:
            self.depth -= 1

    def construct_scalar(self, node):
        value = super().construct_scalar(node)
        if isinstance(value, str):  # escapes ("\\r", "\\x01") get the same treatment as the file's text
            value, removed = source_text.strip(value.replace("\r\n", "\n").replace("\r", "\n"))
            for char in removed:
                if self.report is not None:
                    self.report.warn(
                        self.shown,
                        self.first_line + node.start_mark.line,
                        node.start_mark.column + 1,
                        f"removed control character U+{ord(char):04X}",
                    )
        return value

    def construct_mapping(self, node, deep=False):
        seen = {}
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=True)
            if not isinstance(key, str):
                shown = f"`{key_node.value}`" if isinstance(key_node.value, str) else "a list or mapping"
                raise yaml.MarkedYAMLError(None, None, f"keys must be text, not {shown}", key_node.start_mark)
            if key in seen:
                raise yaml.MarkedYAMLError(None, None, f"duplicate key `{key}`", key_node.start_mark)
            seen[key] = True
        return super().construct_mapping(node, deep=True)


class _Loader(_Checks, yaml.SafeLoader):
    """PyYAML's own scanner and parser, in Python: the reference, and its error messages."""

    def __init__(self, text: str, shown: str, first_line: int, report: Report | None):
        yaml.SafeLoader.__init__(self, text)
        self._setup(shown, first_line, report)


_fast_loader: type[_FastLoader] | None = None
try:
    from yaml._yaml import CParser  # what yaml.cyaml imports (and does not re-export)
except ImportError:  # PyYAML built without libyaml
    pass
else:

    class _FastLoader(_Checks, Composer, CParser, SafeConstructor, Resolver):
        """libyaml scans and parses (events, with line and column), in C: front matter is a large
        part of what `check` spends on a brief. Nodes are still composed in Python, so anchors, aliases and
        depth are refused before anything deeper is built. libyaml is stricter than PyYAML in a few
        places (a `"\\ud800"` escape) and words its errors differently, so a document it refuses
        is read again by _Loader: the result and every message are exactly PyYAML's."""

        def __init__(self, text: str, shown: str, first_line: int, report: Report | None):
            CParser.__init__(self, text)
            Composer.__init__(self)
            SafeConstructor.__init__(self)
            Resolver.__init__(self)
            self._setup(shown, first_line, report)

    _fast_loader = _FastLoader


@dataclass
class Source:
    data: Any
    root: Node | None
    shown: str
    first_line: int  # file line of the YAML text's first line

    def node_at(self, loc: tuple, key_of: bool = False) -> Node | None:
        node = self.root
        for depth, part in enumerate(loc):
            if isinstance(node, MappingNode):
                match = next(((k, v) for k, v in node.value if k.value == str(part)), None)
                if match is None:
                    return node
                last = depth == len(loc) - 1
                node = match[0] if (key_of and last) else match[1]
            elif isinstance(node, SequenceNode) and isinstance(part, int) and part < len(node.value):
                node = node.value[part]
            else:
                return node
        return node

    def text_at(self, loc: tuple) -> str | None:
        """The scalar at `loc` as written in the file (`2026.10`, where its value is 2026.1)."""
        node = self.node_at(loc)
        return node.value if isinstance(node, ScalarNode) and node is not self.node_at(loc[:-1]) else None

    def diagnostic_at(
        self, loc: tuple, message: str, hint: str | None = None, key_of: bool = False
    ) -> Diagnostic:
        node = self.node_at(loc, key_of)
        if node is None:
            return Diagnostic(self.shown, self.first_line, 1, message, hint)
        mark = node.start_mark
        return Diagnostic(self.shown, self.first_line + mark.line, mark.column + 1, message, hint)

    def error_at(self, loc: tuple, message: str) -> ContentError:
        return ContentError(self.diagnostic_at(loc, message))


def _char_at(text: str, line: int, column: int) -> str:
    lines = text.split("\n")
    return lines[line][column : column + 1] if line < len(lines) else ""


_KEY_AND_VALUE = re.compile(r"^(\s*(?:-\s+)?[^\s\"'#:][^:#]*:\s+)(\S.*?)\s*$")


def _quote_hint(line: str) -> str:
    """A value with `: ` in it (`subtitle: A first look: why it matters`) reads as a mapping: the
    fix is quotes, shown on the very line when it is a plain `key: value` line."""
    match = _KEY_AND_VALUE.match(line)
    if match is None or match.group(2).startswith(("'", '"', "[", "{", "|", ">")):
        return "put the value in quotes"
    value = match.group(2).replace("\\", "\\\\").replace('"', '\\"')
    return f'put the value in quotes: {match.group(1).strip()} "{value}"'


def load(text: str, shown: str, first_line: int, report: Report | None = None) -> Source:
    """Parse YAML safely; every problem is a located ContentError, removed characters are warnings."""
    if _fast_loader is not None:
        warnings = Report()  # kept only if the fast loader succeeds, else _Loader warns again
        fast = _fast_loader(text, shown, first_line, warnings)
        try:
            root = fast.get_single_node()
            data = fast.construct_document(root) if root is not None else None
        except (yaml.YAMLError, RecursionError):
            pass
        else:
            if report is not None:
                report.diagnostics.extend(warnings.diagnostics)
            return Source(data, root, shown, first_line)
        finally:
            fast.dispose()
    loader: _Loader | None = None
    try:
        loader = _Loader(text, shown, first_line, report)  # its reader may refuse the text at once
        root = loader.get_single_node()
        data = loader.construct_document(root) if root is not None else None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = first_line + mark.line if mark else first_line
        col = mark.column + 1 if mark else 1
        problem = (exc.problem or exc.context or "invalid YAML").strip().split("\n")[0]
        hint = (
            "only plain values are allowed: text, numbers, lists and mappings"
            if "constructor" in problem
            else None
        )
        if mark and _char_at(text, mark.line, mark.column) == "\t":
            hint = "YAML cannot be indented with tabs; use spaces"
        elif mark and problem == "mapping values are not allowed here":
            hint = _quote_hint(text.split("\n")[mark.line] if mark.line < len(text.split("\n")) else "")
        raise ContentError(Diagnostic(shown, line, col, f"YAML: {problem}", hint)) from None
    except yaml.YAMLError as exc:  # e.g. ReaderError, which has no mark
        line, col = first_line, 1
        if isinstance(exc, yaml.reader.ReaderError):  # a character YAML refuses: it has a position only
            before = text[: exc.position]
            line, col = first_line + before.count("\n"), exc.position - (before.rfind("\n") + 1) + 1
        raise ContentError(Diagnostic(shown, line, col, f"YAML: {str(exc).splitlines()[0]}")) from None
    except RecursionError:
        raise ContentError(Diagnostic(shown, first_line, 1, "YAML: nested too deeply")) from None
    finally:
        if loader is not None:
            loader.dispose()
    return Source(data, root, shown, first_line)
