"""The brand as last read, kept in the output folder's cache (`<out>/.cache/brand.json`), so a
build whose brand.yml has not changed skips brand-yml (and its pydantic models) altogether: their
import is a fixed cost of every build, paid before the first page is laid out.

The entry is keyed by the digest of brand.yml, brand-yml's version and this package's version
and the code that turns a brand into `BrandInfo`; it holds one brand (the cache stays one small
file) and is used only while every file it names is still a file inside the project (and the logo still a
picture the one picture rule accepts). Only a
brand that read without errors is kept, so every mistake in brand.yml is still reported, located.
"""

from __future__ import annotations

import hashlib
import json
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from briefexport import __version__
from briefexport.atomic import write_atomic
from briefexport.project import Project
from briefexport.safety.files import Refused, check_file
from briefexport.safety.pictures import check_picture

NAME = "brand.json"
_CODE = tuple(
    Path(__file__).parent / name
    for name in (
        "layout.py",
        "brand_cache.py",
        "brand_plain.py",
        "brand_full.py",
        "brand_values.py",
        "brand_errors.py",
        "names.py",
    )
)


def _key(brand_yml: Path, text: str | None = None) -> str | None:
    """Keyed by brand.yml's text as the run read it (writers/shared/brand_file.py: the file is
    read once a run), else as it is now."""
    try:
        brand_version = version("brand_yml")
    except PackageNotFoundError:
        brand_version = "?"
    digest = hashlib.sha256(f"{__version__}\0{brand_version}\0{brand_yml}\0".encode())
    try:
        text = brand_yml.read_text(encoding="utf-8") if text is None else text
        digest.update(hashlib.sha256(text.encode("utf-8")).digest())
        for path in _CODE:
            digest.update(hashlib.sha256(path.read_bytes()).digest())
    except (OSError, UnicodeError):
        return None
    return digest.hexdigest()


def recall(cache_dir: Path | None, brand_yml: Path, project: Project, text: str | None = None) -> dict | None:
    """The cached brand's fields (paths as strings), or None. `text`: brand.yml as the run read it."""
    if cache_dir is None:
        return None
    try:
        entry = json.loads((cache_dir / NAME).read_text(encoding="utf-8"))
        if entry.get("key") != _key(brand_yml, text):
            return None
        fields = entry["brand"]
        for name in [fields["logo"], *(font["path"] for font in fields["fonts"])]:
            if name is not None:
                check_file(Path(name), project)
        if fields["logo"] is not None:  # the picture may have changed since: the one picture rule again
            check_picture(Path(fields["logo"]))
        return fields
    except (OSError, ValueError, KeyError, TypeError, Refused):
        return None


def remember(cache_dir: Path | None, brand_yml: Path, fields: dict, text: str | None = None) -> None:
    key = _key(brand_yml, text) if cache_dir is not None else None
    if cache_dir is None or key is None:
        return
    try:
        data = json.dumps({"key": key, "brand": fields}, sort_keys=True).encode()
    except (TypeError, ValueError):
        return
    if json.loads(data)["brand"] != fields:  # a setting JSON cannot hold as it is: read brand.yml every time
        return
    try:
        cache_dir.mkdir(parents=True, exist_ok=True)
        write_atomic(cache_dir / NAME, data)
    except OSError:
        pass  # a cache is a nicety: a read-only output folder still builds
