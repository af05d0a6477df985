"""One build's run context: what this run knows and caches, passed down to every step (as Sphinx
passes its BuildEnvironment) instead of module globals reset by hand at each run's start.

- `RunContext`: the run's project, options (builder/options.py), output folder, the manifest's
  recorded keys and hasher, brand.yml as read once for the run (writers/shared/brand_file.py),
  and what it makes on first use: the briefs reader, the keys, the layout, the folders swept of
  temp files. A build makes a new one, so nothing read by one run is seen by the next.
- `Kept`: what a caller that builds one project again and again (the live preview) keeps from one
  run to the next and hands to each: the layout, until it says layouts/ or fonts/ changed, and
  the parsed briefs, each given again only while its files are unchanged (content/sources.py).

Workers forked by the build inherit the context (builder/runner.py holds it while the pool
forks); a worker that is not forked is sent it, pickled without its caches and callbacks.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from briefexport.builder.hashing import Hasher
from briefexport.builder.options import Options
from briefexport.errors import Report
from briefexport.project import Project
from briefexport.writers.shared.brand_file import BrandFile

if TYPE_CHECKING:
    from briefexport.builder.keys import Keys
    from briefexport.content.sources import Briefs, Remembered
    from briefexport.writers.shared.layout import Layout

CACHE_DIR = ".cache"  # under the output folder: what builds keep for the next one (not outputs)


@dataclass
class Kept:
    """Kept by the live preview from one run to the next (see the module's docstring)."""

    layout: Layout | None = None
    briefs: Remembered | None = None  # made on first use: content.sources imports pydantic

    def remembered(self) -> Remembered:
        from briefexport.content.sources import Remembered

        if self.briefs is None:
            self.briefs = Remembered()
        return self.briefs

    def forget_layouts(self) -> None:
        """layouts/ or fonts/ changed: the next run loads the layout (brand, templates) again."""
        self.layout = None


@dataclass
class RunContext:
    project: Project
    options: Options
    out: Path  # the output folder, resolved
    recorded: dict[str, str]  # output path relative to `out` -> recorded key: a worker tells a fresh output
    hasher: Hasher  # the manifest's: what the parent hashed, workers need not
    brand: BrandFile  # brand.yml, read once for the run
    extra_briefs: tuple[Path, ...] = ()  # named briefs outside content/briefs/
    kept: Kept | None = None
    run_id: str = field(default_factory=lambda: os.urandom(8).hex())  # tells a worker a new run
    swept: set[Path] = field(default_factory=set)  # output folders swept of dead builds' temp files
    _briefs: Briefs | None = field(default=None, repr=False)
    _keys: Keys | None = field(default=None, repr=False)
    _sent: set[str] = field(default_factory=set, repr=False)  # file signatures passed on already
    _layout: Layout | None = field(default=None, repr=False)

    def __post_init__(self) -> None:
        self.hasher.brand_file = self.brand

    def __getstate__(self) -> dict:
        """Sent to a worker that was not forked: what it needs, not what this process made."""
        return {
            **self.__dict__,
            "options": self.options.for_workers(),
            "kept": None,
            "_briefs": None,
            "_keys": None,
            "_layout": None,
        }

    def reader(self) -> tuple[Briefs, Keys]:
        """The run's briefs reader (authors, heading ids of linked briefs) and keys, made once."""
        if self._briefs is None or self._keys is None:
            from briefexport.builder.keys import Keys
            from briefexport.content.sources import Briefs

            self._briefs = Briefs(self.project, Report(), self.extra_briefs, self.remembered())
            self._keys = Keys(self.project, self.hasher)
            self._sent = set(self.hasher.settled)  # what the parent hashed, it has
        return self._briefs, self._keys

    def remembered(self) -> Remembered | None:
        """The parsed briefs the caller keeps between runs (the live preview), or None (a build)."""
        return self.kept.remembered() if self.kept is not None else None

    def layout(self) -> Layout:
        """The run's layout (templates, brand, fonts), made on first use; the one the caller kept
        from its last run while layouts/ and fonts/ are unchanged."""
        if self._layout is None:
            kept = self.kept.layout if self.kept is not None else None
            if kept is not None and kept.project == self.project:
                kept.file_digest = self.hasher.file
                self._layout = kept
            else:
                from briefexport.writers.shared.layout import Layout  # Jinja: only when rendering

                self._layout = Layout(self.project, self.out / CACHE_DIR, self.hasher.file, self.brand)
                if self.kept is not None:
                    self.kept.layout = self._layout
        return self._layout

    def settled_files(self) -> dict[str, list]:
        """The file signatures this process hashed since it last passed them on, for the manifest
        (each once: at 1,000 briefs, passing all of them with every task was quadratic)."""
        if self._keys is None:
            return {}
        fresh = {name: entry for name, entry in self._keys.hasher.settled.items() if name not in self._sent}
        self._sent.update(fresh)
        return fresh
