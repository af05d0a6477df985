"""Schema validation with pydantic, every failure turned into a located, plainly worded diagnostic."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ValidationError

from briefexport.content.yaml_source import Source
from briefexport.errors import ContentError, did_you_mean


def validate(model: type[BaseModel], data: Any, source: Source, prefix: tuple = ()):
    """Validate with pydantic and turn every failure into a located diagnostic."""
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        diagnostics = []
        for err in exc.errors():
            loc = prefix + tuple(err["loc"])
            name = ".".join(str(part) for part in loc) or "front matter"
            message = err["msg"].removeprefix("Value error, ")
            if err["type"] == "extra_forbidden":
                key = loc[-1]
                hint = did_you_mean(str(key), model_fields_at(model, loc[len(prefix) : -1]))
                diagnostics.append(source.diagnostic_at(loc, f"unknown key `{key}`", hint, key_of=True))
            elif err["type"] == "missing":
                diagnostics.append(source.diagnostic_at(loc[:-1], f"{name}: required key is missing"))
            else:
                value = err.get("input")
                plain = _PLAIN.get(err["type"])  # never .format() pydantic's text: it quotes the user's
                if plain:
                    message = plain.format(
                        what=_kind(value), expected=(err.get("ctx") or {}).get("expected", ""), value=value
                    )
                if err["type"] == "string_type" and isinstance(value, (int, float)):
                    message += f' (put it in quotes: "{source.text_at(loc) or value}")'

                diagnostics.append(source.diagnostic_at(loc, f"{name}: {message}"))
        raise ContentError(diagnostics) from None


_PLAIN = {  # pydantic's wording -> plain English
    "string_type": "expected a text string, not {what}",
    "list_type": "expected a list (`[a, b]` or `- item` lines), not {what}",
    "model_type": "expected a mapping of keys and values, not {what}",
    "dict_type": "expected a mapping of keys and values, not {what}",
    "literal_error": "expected {expected}, not `{value}`",
}


def _kind(value: Any) -> str:
    names = {
        list: "a list",
        dict: "a mapping",
        bool: "true/false",
        int: "a number",
        float: "a number",
        bytes: "binary data",
        str: "text",
        type(None): "nothing",
    }
    return names.get(type(value), type(value).__name__)


def model_fields_at(model: type[BaseModel], loc: tuple) -> list[str]:
    """Field names of the (nested) model at `loc`, for "did you mean" hints."""
    for part in loc:
        if isinstance(part, int):
            continue
        field = model.model_fields.get(str(part))
        annotation = getattr(field, "annotation", None)
        candidates = [a for a in getattr(annotation, "__args__", (annotation,)) if isinstance(a, type)]
        nested = next((a for a in candidates if issubclass(a, BaseModel)), None)
        if nested is None:
            return []
        model = nested
    return list(model.model_fields)
