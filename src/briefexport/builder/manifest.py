"""Rebuild only what changed, decided by content hashes kept in a small manifest.

Every output has two fingerprints, both recorded in `<out>/.briefexport-manifest.json`:

* its **key**: a hash of exactly what the output is made from: the brief's text, the registry
  entries of the authors it cites (editing another author's bio changes nothing), its pictures
  and author photos, the layouts and fonts of its format, the package (its version and its
  code) and the output folder. An output is rebuilt when its key changes. Keys need the parsed briefs.
* its **stamp**: a hash of the whole files those inputs live in (the brief file, all of
  authors.yaml, the pictures, the layouts and fonts). When the stamp of every planned output
  still matches, nothing they depend on can have changed, and `Manifest.stale` says so
  before anything is parsed: a no-op build costs a Python start-up plus hashing. When a stamp
  differs (say, one author's bio changed in authors.yaml) the sources are read and the keys
  decide, so only the briefs citing that author are rebuilt.

The digests come from hashing.py, the keys from keys.py; this module keeps the records.
"""

from __future__ import annotations

import json
from pathlib import Path

from briefexport.builder.hashing import Hasher
from briefexport.builder.keys import Key
from briefexport.project import Project

MANIFEST = ".briefexport-manifest.json"
MANIFEST_FORMAT = 2


def shard_manifest(k: int | str, n: int | str) -> str:
    return MANIFEST.replace(".json", f".shard-{k}-of-{n}.json")


def _modified(path: Path) -> int:
    try:
        return path.stat().st_mtime_ns
    except OSError:
        return 0


def _manifest_data(path: Path) -> dict:
    """A manifest's data; nothing for a missing, unreadable or foreign one (then rebuilt once)."""
    try:
        data = json.loads(path.read_text())
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) and data.get("format") == MANIFEST_FORMAT else {}


class Manifest:
    """The keys, stamps and input lists of the outputs last built into one output folder."""

    def __init__(self, out_root: Path, project: Project | None = None, shard: tuple[int, int] | None = None):
        # A shard keeps a manifest of its own, so the output folders of N shards merge without
        # overwriting each other's records.
        self.path = out_root / (MANIFEST if shard is None else shard_manifest(*shard))
        # A build of a folder the shards were merged into counts every shard's records too (the
        # newest record of an output wins), so it rebuilds nothing the shards built.
        paths = [self.path]
        if shard is None:
            paths += out_root.glob(shard_manifest("*", "*"))
        self.entries: dict[str, dict] = {}
        files: dict[str, list] = {}
        for data in map(_manifest_data, sorted(paths, key=_modified)):
            self.entries.update(data.get("outputs", {}))
            files.update(data.get("files", {}))
        self.hasher = Hasher(project, files) if project is not None else None

    def stale(self, dest: Path) -> bool:
        """True unless `dest` exists and every file it was built from is as it was then: such an
        output needs no look at its sources at all."""
        entry = self.entries.get(self._name(dest))
        if self.hasher is None or not entry or "stamp" not in entry or not dest.exists():
            return True
        return self.hasher.stamp(self.path.parent, entry["inputs"]) != entry["stamp"]

    def has_drafts(self, dest: Path) -> bool:
        """Whether `dest` is a book built with --allow-drafts that holds draft briefs."""
        return bool(self.entries.get(self._name(dest), {}).get("drafts"))

    def record(self, dest: Path, key: str, drafts: bool = False) -> None:
        entry: dict[str, object] = {"key": str(key)}
        if drafts:
            entry["drafts"] = True
        if isinstance(key, Key) and key.stamp:
            entry.update(stamp=key.stamp, inputs=list(key.inputs))
        if isinstance(key, Key) and key.source:
            entry["source"] = key.source
        self.entries[self._name(dest)] = entry

    def source_of(self, name: str) -> str | None:
        """The brief or collection a recorded output (by its name under the output folder) is made
        from, as the project names it; for a record made before sources were recorded, the first
        file among its inputs (a brief's or a collection's own file comes first)."""
        entry = self.entries.get(name) or {}
        return entry.get("source") or next(
            (i for i in entry.get("inputs", ()) if not i.startswith("@")), None
        )

    def recorded(self, folder: Path) -> list[Path]:
        """The outputs recorded inside `folder` (the pages of a site)."""
        prefix = self._name(folder) + "/"
        return [self.path.parent / name for name in self.entries if name.startswith(prefix)]

    def restamp(self, dest: Path, key: str) -> bool:
        """Record a fresh output's new stamp when its files changed; True when it did."""
        entry = self.entries.get(self._name(dest))
        if not isinstance(key, Key) or not key.stamp or entry is None or entry.get("stamp") == key.stamp:
            return False
        self.record(dest, key)
        return True

    def forget(self, dest: Path) -> None:
        self.entries.pop(self._name(dest), None)

    def _name(self, dest: Path) -> str:
        return dest.relative_to(self.path.parent).as_posix()

    def data(self, *hashers: Hasher) -> bytes:
        files = {}
        for hasher in (self.hasher, *hashers):
            if hasher is not None:
                files.update(hasher.cache())
        return json.dumps(
            {"format": MANIFEST_FORMAT, "outputs": self.entries, "files": files}, indent=1, sort_keys=True
        ).encode()
