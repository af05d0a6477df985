"""The last good version of each brief and collection, for the readers' library.

One broken brief must not take the library down: while a brief (or a collection) does not read,
the site is built with its last good version instead, so its web edition stays as it was and the
index, feeds, catalogue, author and collection pages still list it (its PDF and the collection's
EPUB are the last good ones too: a failed output is never replaced). Its error is reported as
ever, and the build exits 1. A source that never read well is left out until it does.

The texts are kept beside the manifest, in `<out>/.briefexport-last-good/` (briefs/<slug>.md,
collections/<slug>.yaml, and index.json: the digest of each), written whenever the site is built
from a version that reads, and dropped with their source. Deleting the folder only costs the
fallback, until each source reads again.
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import Callable
from pathlib import Path

from briefexport.atomic import write_atomic

FOLDER = ".briefexport-last-good"
INDEX = "index.json"


class LastGood:
    def __init__(self, out: Path):
        self.root = out / FOLDER

    @staticmethod
    def _name(source: Path) -> str:
        return f"{source.parent.name}/{source.name}"  # briefs/<slug>.md, collections/<slug>.yaml

    def text(self, source: Path) -> str | None:
        """The last version of `source` that read well, if one was kept."""
        try:
            return (self.root / self._name(source)).read_text(encoding="utf-8")
        except (OSError, UnicodeError):
            return None

    def _index(self) -> dict[str, str]:
        try:
            data = json.loads((self.root / INDEX).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}
        return data if isinstance(data, dict) else {}

    def keep(self, good: dict[Path, str], text_of: Callable[[Path], str | None], sources: list[Path]) -> None:
        """Keep the versions that read now: `good` maps each such source to the digest of its text;
        `text_of(source)` gives that text, asked for only when it is not kept yet. The texts of
        sources no longer in `sources` are dropped."""
        index = self._index()
        changed = False
        for source, digest in good.items():
            name = self._name(source)
            if index.get(name) == digest and (self.root / name).is_file():
                continue
            text = text_of(source)
            if text is None:
                continue
            try:
                write_atomic(self.root / name, text.encode("utf-8"))
            except OSError:  # a fallback, not an output: the next build tries again
                continue
            index[name], changed = digest, True
        wanted = {self._name(source) for source in sources}
        for name in [name for name in index if name not in wanted]:
            (self.root / name).unlink(missing_ok=True)
            del index[name]
            changed = True
        if changed:
            with contextlib.suppress(OSError):  # kept again next time
                write_atomic(self.root / INDEX, json.dumps(index, indent=0, sort_keys=True).encode())
