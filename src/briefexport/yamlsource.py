"""Safe YAML with source positions, so schema errors point at the exact line and column."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import yaml
from yaml.events import AliasEvent
from yaml.nodes import MappingNode, Node, SequenceNode

from briefexport import textclean
from briefexport.errors import ContentError, Diagnostic, Report

_TIMESTAMP = "tag:yaml.org,2002:timestamp"
MAX_DEPTH = 32  # front matter is a few levels deep; deeper nesting is an attack on the recursion


class _Loader(yaml.SafeLoader):
    """SafeLoader that refuses anchors and aliases (alias bombs) and deep nesting, keeps dates as
    strings, and cleans text that escapes (`"\\x01"`, `"\\ud800"`) could fill with what XML cannot hold."""

    yaml_implicit_resolvers = {
        first: [(tag, regexp) for tag, regexp in resolvers if tag != _TIMESTAMP]
        for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
    }

    def __init__(self, text: str, shown: str, first_line: int, report: Report | None):
        super().__init__(text)
        self.shown, self.first_line, self.report = shown, first_line, report
        self.depth = 0

    def compose_node(self, parent, index):
        event = self.peek_event()
        if isinstance(event, AliasEvent) or getattr(event, "anchor", None):
            raise yaml.MarkedYAMLError(None, None, "anchors and aliases (& and *) are not allowed here",
                                       event.start_mark)
        if self.depth >= MAX_DEPTH:
            raise yaml.MarkedYAMLError(None, None, f"nested more than {MAX_DEPTH} levels deep",
                                       event.start_mark)
        self.depth += 1
        try:
            return super().compose_node(parent, index)
        finally:
            self.depth -= 1

    def construct_scalar(self, node):
        value = super().construct_scalar(node)
        if isinstance(value, str):  # escapes ("\\r", "\\x01") get the same treatment as the file's text
            value, removed = textclean.strip(value.replace("\r\n", "\n").replace("\r", "\n"))
            for char in removed if self.report is not None else ():
                self.report.warn(self.shown, self.first_line + node.start_mark.line, node.start_mark.column + 1,
                                 f"removed control character U+{ord(char):04X}")
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

    def diagnostic_at(self, loc: tuple, message: str, hint: str | None = None, key_of: bool = False) -> Diagnostic:
        node = self.node_at(loc, key_of)
        if node is None:
            return Diagnostic(self.shown, self.first_line, 1, message, hint)
        mark = node.start_mark
        return Diagnostic(self.shown, self.first_line + mark.line, mark.column + 1, message, hint)

    def error_at(self, loc: tuple, message: str) -> ContentError:
        return ContentError(self.diagnostic_at(loc, message))


def load(text: str, shown: str, first_line: int, report: Report | None = None) -> Source:
    """Parse YAML safely; every problem is a located ContentError, removed characters are warnings."""
    loader = _Loader(text, shown, first_line, report)
    try:
        root = loader.get_single_node()
        data = loader.construct_document(root) if root is not None else None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = first_line + mark.line if mark else first_line
        col = mark.column + 1 if mark else 1
        problem = (exc.problem or exc.context or "invalid YAML").strip()
        hint = "only plain values are allowed: text, numbers, lists and mappings" if "constructor" in problem else None
        raise ContentError(Diagnostic(shown, line, col, f"YAML: {problem}", hint)) from None
    except yaml.YAMLError as exc:  # e.g. ReaderError, which has no mark
        raise ContentError(Diagnostic(shown, first_line, 1, f"YAML: {exc}")) from None
    except RecursionError:
        raise ContentError(Diagnostic(shown, first_line, 1, "YAML: nested too deeply")) from None
    finally:
        loader.dispose()
    return Source(data, root, shown, first_line)
