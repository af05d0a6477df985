"""brand.yml in any form the brand.yml format allows, read by brand-yml (which validates all of
it and says what is wrong), as the same plain fields brand_plain.py reads from the plain forms;
and where in the YAML a value read without its position is written."""

from __future__ import annotations

from pathlib import Path

from briefexport.content import yaml_source
from briefexport.errors import ContentError, Diagnostic
from briefexport.writers.shared.brand_errors import located as _located


def source_value(source: yaml_source.Source, value: str):
    """The first scalar node of the YAML document whose value is `value` (for locating a path
    brand-yml or brand_plain read without its position), or None."""
    from yaml.nodes import MappingNode, ScalarNode, SequenceNode

    stack = [source.root] if source.root is not None else []
    while stack:
        node = stack.pop(0)
        if isinstance(node, ScalarNode) and node.value == value:
            return node
        if isinstance(node, MappingNode):
            stack.extend(child for pair in node.value for child in pair)
        elif isinstance(node, SequenceNode):
            stack.extend(node.value)
    return None


def read_with_brand_yml(path: Path, source: yaml_source.Source) -> dict:
    """What brand-yml reads, with the logo's and fonts' paths as written; its complaints located."""
    from brand_yml import Brand  # a heavy import: only a brand not read plainly or cached pays it
    from pydantic import ValidationError

    try:
        brand = Brand.from_yaml(path)
    except ValidationError as exc:
        raise ContentError([_located(source, error) for error in exc.errors()]) from None
    except Exception as exc:  # brand-yml raises plain exceptions for bad YAML
        raise ContentError(Diagnostic(source.shown, 1, 1, f"brand.yml: {exc}")) from None

    def colour(name: str, fallback: str) -> str:
        value = getattr(brand.color, name, None) if brand.color else None
        return str(value) if value else fallback

    def raw(reference) -> str | None:
        return None if reference is None else str(getattr(reference, "root", reference))

    fonts = []
    for font in brand.typography.fonts if brand.typography and brand.typography.fonts else []:
        for entry in getattr(font, "files", None) or []:
            weight = getattr(entry.weight, "root", entry.weight) or 400
            fonts.append(
                {
                    "family": font.family,
                    "path": raw(entry.path),
                    "weight": int(weight),
                    "style": entry.style or "normal",
                }
            )

    logo = None
    if brand.logo is not None:
        resource = getattr(brand.logo, "small", None) or getattr(brand.logo, "medium", None)
        if resource is not None:
            logo = raw(resource.path)

    typography = brand.typography
    base = typography.base if typography and typography.base else None
    headings = typography.headings if typography and typography.headings else None
    name = brand.meta.name if brand.meta else None
    extra = (brand.defaults or {}).get("briefexport", {}) if isinstance(brand.defaults, dict) else {}
    return dict(
        name=getattr(name, "full", None) or str(name or "Policy Institute"),
        short_name=getattr(name, "short", None) or getattr(name, "full", None) or "Policy Institute",
        url=str(brand.meta.link.home).rstrip("/")
        if brand.meta and brand.meta.link and brand.meta.link.home
        else "",
        primary=colour("primary", "#1B3A5C"),
        secondary=colour("secondary", "#2A9D8F"),
        foreground=colour("foreground", "#1A1A1A"),
        background=colour("background", "#FFFFFF"),
        logo=logo,
        base_family=(base.family if base and base.family else "Noto Serif"),
        headings_family=(headings.family if headings and headings.family else "Noto Sans"),
        base_size=str(base.size) if base and base.size else "10.5pt",
        line_height=float(base.line_height) if base and base.line_height else 1.45,
        fonts=fonts,
        extra=extra,
    )
