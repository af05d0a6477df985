"""The last good version of each brief and collection, for the readers' library.

One broken brief must not take the library down: while a brief (or a collection) does not read,
the site is built with its last good version instead, so its web edition stays as it was and the
index, feeds, catalogue, author and collection pages still list it (its PDF and the collection's
EPUB are the last good ones too: a failed output is never replaced). Its error is reported as
ever, and the build exits 1. A source that never read well is left out until it does.

The texts are kept beside the manifest, in `<out>/.briefexport-last-good/` (briefs/<slug>.md,
collections/<slug>.yaml), written whenever the site is built from a version that reads, and
dropped with their source. Deleting the folder only costs the fallback, until each source reads
again.
"""

from __future__ import annotations

from pathlib import Path

from briefexport.atomic import write_atomic

FOLDER = ".briefexport-last-good"


class LastGood:
    def __init__(self, out: Path):
        self.root = out / FOLDER

    def _file(self, source: Path) -> Path:
        return self.root / source.parent.name / source.name  # briefs/<slug>.md, collections/<slug>.yaml

    def text(self, source: Path) -> str | None:
        """The last version of `source` that read well, if one was kept."""
        try:
            return self._file(source).read_text(encoding="utf-8")
        except (OSError, UnicodeError):
            return None

    def keep(self, texts: dict[Path, str], sources: list[Path]) -> None:
        """Keep these texts (sources that read well now) and drop those of sources no longer there."""
        for source, text in texts.items():
            kept = self._file(source)
            data = text.encode("utf-8")
            try:
                if kept.is_file() and kept.read_bytes() == data:
                    continue
                kept.parent.mkdir(parents=True, exist_ok=True)
                write_atomic(kept, data)
            except OSError:  # a cache of a kind: the next build tries again
                continue
        wanted = {self._file(source) for source in sources}
        for kept in self.root.glob("*/*"):
            if kept not in wanted:
                kept.unlink(missing_ok=True)
