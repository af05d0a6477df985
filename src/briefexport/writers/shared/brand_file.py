"""brand.yml read once per run: its path, its text and its YAML parsed by the project's YAML rule
(content/yaml_source.py), which locates every node. The run context holds one (builder/context.py);
what the build plans by (default_formats: is the print edition on?), what the keys hash (brand.yml
without its `print:` settings) and what the layout reads (the brand, the line of a setting in a
located error) all come from it, so the file is read and parsed once, and the same version of it
is used throughout a run.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from briefexport.content import yaml_source
from briefexport.errors import ContentError, Diagnostic
from briefexport.project import Project
from briefexport.safety.files import Refused, check_file


@dataclass
class BrandFile:
    path: Path | None  # the first brand.yml of the layout folders (the project's, else the packaged)
    shown: str  # as users see the path
    text: str | None = None  # None: it could not be read (`problem` says why)
    problem: str | None = None
    _source: yaml_source.Source | ContentError | None = field(default=None, repr=False)

    @classmethod
    def read(cls, project: Project, path: Path | None = None) -> BrandFile:
        """The project's brand.yml (or the one at `path`), read; never raises."""
        if path is None:
            path = next((d / "brand.yml" for d in project.layout_dirs() if (d / "brand.yml").is_file()), None)
        if path is None:
            return cls(None, "layouts/brand.yml", problem="not found")
        shown = project.display(path)
        try:
            return cls(path, shown, check_file(path, project).read_text(encoding="utf-8"))
        except (OSError, UnicodeError, Refused) as exc:
            return cls(path, shown, problem=str(exc))

    def __getstate__(self) -> dict:
        """Sent to a worker that was not forked: the text travels, the parsed nodes are made again."""
        return {**self.__dict__, "_source": None}

    @property
    def source(self) -> yaml_source.Source:
        """The parsed YAML, every node located; a ContentError located in brand.yml when it does not
        parse (the same error each time it is asked)."""
        if self._source is None:
            if self.text is None:
                self._source = ContentError(Diagnostic(self.shown, 1, 1, f"brand.yml: {self.problem}"))
            else:
                try:
                    self._source = yaml_source.load(self.text, self.shown, 1)
                except ContentError as exc:
                    self._source = exc
        if isinstance(self._source, ContentError):
            raise self._source
        return self._source

    def data(self) -> Any:
        """The parsed data, or None when brand.yml cannot be read or parsed (the writers report it)."""
        try:
            return self.source.data
        except ContentError:
            return None

    def settings(self) -> dict:
        """`defaults: briefexport:` as written ({} when absent or not a mapping)."""
        data = self.data()
        defaults = data.get("defaults") if isinstance(data, dict) else None
        settings = defaults.get("briefexport") if isinstance(defaults, dict) else None
        return settings if isinstance(settings, dict) else {}

    def where(self, *keys: str) -> tuple[str, int]:
        """brand.yml as users see it, and the line where the key path is written (`"defaults",
        "briefexport", "paper"`: each key looked for below the one before, in a list's items too);
        0 when it is not written there, for located errors about the brand's settings (brand-yml
        keeps no line numbers)."""
        from yaml.nodes import MappingNode, SequenceNode

        try:
            nodes = [self.source.root]
        except ContentError:
            return self.shown, 0
        line = 0
        for key in keys:
            found = None
            for node in nodes:
                mappings = [node] if isinstance(node, MappingNode) else []
                if isinstance(node, SequenceNode):
                    mappings = [item for item in node.value if isinstance(item, MappingNode)]
                found = next(
                    ((k, v) for mapping in mappings for k, v in mapping.value if k.value == key), None
                )
                if found is not None:
                    break
            if found is None:
                return self.shown, 0
            line = self.source.first_line + found[0].start_mark.line
            nodes = [found[1]]
        return self.shown, line
