"""brand-yml's complaints (pydantic validation errors) as located diagnostics in brand.yml: the
key path pydantic gives is looked up in the YAML document, and an unknown key gets a "did you
mean" from the keys brand.yml has at that place."""

from __future__ import annotations

import difflib
from collections.abc import Mapping
from typing import Any

from briefexport.content.yaml_source import Source
from briefexport.errors import Diagnostic, did_you_mean
from briefexport.writers.shared.brand_values import KEYS

# The keys of brand.yml's sections (brand-yml 0.2), for "did you mean" on an unknown key.
SECTIONS: dict[tuple[str, ...], tuple[str, ...]] = {
    (): ("meta", "logo", "color", "typography", "defaults"),
    ("meta",): ("name", "link"),
    ("logo",): ("images", "small", "medium", "large"),
    ("color",): (
        "palette",
        "foreground",
        "background",
        "primary",
        "secondary",
        "tertiary",
        "success",
        "info",
        "warning",
        "danger",
        "light",
        "dark",
    ),
    ("typography",): (
        "fonts",
        "base",
        "headings",
        "monospace",
        "monospace-inline",
        "monospace-block",
        "link",
    ),
    ("typography", "base"): ("family", "weight", "size", "line-height"),
    ("typography", "headings"): ("family", "weight", "style", "color", "line-height"),
}


def located(source: Source, error: Mapping[str, Any]) -> Diagnostic:
    """One pydantic error of brand-yml's reading, at its key in brand.yml."""
    data = source.data
    path: list = []
    for part in error.get("loc", ()):  # drop the union branches pydantic names between real keys
        here = data
        for key in path:
            here = here[key] if isinstance(here, dict | list) else None
        if (
            (isinstance(here, dict) and part in here)
            or (isinstance(here, list) and isinstance(part, int) and part < len(here))
            or error.get("type") == "extra_forbidden"
            and part == error["loc"][-1]
        ):
            path.append(part)
    if error.get("type") == "extra_forbidden" and path:
        key = str(path[-1])
        known = SECTIONS.get(tuple(str(p) for p in path[:-1]), ())
        ours = difflib.get_close_matches(key, list(KEYS), n=1, cutoff=0.6) if len(path) == 1 else []
        hint = did_you_mean(key, known) or (
            f"`{ours[0]}:` belongs under `defaults: briefexport:`"
            if ours
            else f"the keys here are {', '.join(known)}"
            if known
            else None
        )
        return source.diagnostic_at(tuple(path), f"brand.yml: unknown key `{key}`", hint, key_of=True)
    return source.diagnostic_at(
        tuple(path), f"brand.yml: {'.'.join(map(str, path)) or 'brand'}: {error['msg']}"
    )
