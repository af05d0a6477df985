"""The institute's and the series' names in a language, and the sentences that name the institute.

brand.yml's `meta: name:` is one name, in the brand's own language. A brief or book in another
language takes its names from `defaults: briefexport: names:`, per language:

    names:
      en: {in_sentence: the Halden Institute for Fiscal Policy}
      ko: {series: 정책브리프, institute: 할덴재정정책연구원}

`series` is the series printed in the masthead, `institute` the institute's name (colophon,
sentences), `in_sentence` the name as a sentence of that language uses it, when that differs (an
English name that takes "the"). A sentence naming the institute in a language the brand gives no
name for is worded so that the name, as brand.yml writes it, stands apart and nothing attaches to
it: "... those of its publisher, Halden Institute for Fiscal Policy." and "... 발행 기관(Halden
Institute for Fiscal Policy)의 공식 입장과 ...", never "Halden Institute for Fiscal Policy의".
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from briefexport.content.locale import base_language
from briefexport.content.yaml_source import Source
from briefexport.errors import Diagnostic, did_you_mean

KEYS = ("series", "institute", "in_sentence")
SET_APART = "_apart"  # the suffix of a label worded with the name set apart


@dataclass(frozen=True)
class Names:
    series: str | None  # the brand's series in this language, if it gives one
    institute: str  # the institute's name in this language (brand.yml's own name otherwise)
    in_sentence: str | None  # the name as a sentence uses it; None: set it apart


def names(brand, language: str) -> Names:
    """The names of `brand` (a BrandInfo) in `language`."""
    given = (brand.extra.get("names") or {}).get(base_language(language)) or {}
    institute = given.get("institute") or brand.name
    in_sentence = given.get("in_sentence") or given.get("institute")
    return Names(given.get("series"), institute, in_sentence)


def given_names(brand) -> str:
    """Every name the brand gives (its series, `names:`), for font subsets that must hold them."""
    given = [str(brand.extra.get("series") or "")]
    for entry in (brand.extra.get("names") or {}).values():
        given += [str(value) for value in entry.values()]
    return " ".join(given)


def about_institute(brand, labels: Mapping[str, str], language: str, key: str, **values) -> str:
    """Label `key` of `labels` (the labels of `language`: Layout.labels) with the institute filled
    in: as a sentence of that language uses its name when the brand gives it, else the label's
    wording that sets the name apart."""
    local = names(brand, language)
    if local.in_sentence:
        return labels[key].format(institute=local.in_sentence, **values)
    return labels[key + SET_APART].format(institute=local.institute, **values)


def check_names(
    source: Source, path: tuple = ("defaults", "briefexport", "names"), limit: int = 300
) -> list[Diagnostic]:
    """`names:` in brand.yml's YAML: a mapping of language codes to mappings of KEYS to text (at
    most `limit` characters); brand_values.py checks the rest of `defaults: briefexport:`."""
    data = source.data
    for key in path:
        data = data.get(key) if isinstance(data, dict) else None
    if data is None:
        return []
    if not isinstance(data, dict):
        return [source.diagnostic_at(path, "names: expected languages, e.g. `ko: {institute: ...}`")]
    problems = []
    for language, entry in data.items():
        where = (*path, language)
        if not isinstance(entry, dict):
            problems.append(
                source.diagnostic_at(where, f"names: {language}: expected a mapping of {', '.join(KEYS)}")
            )
            continue
        for key, value in entry.items():
            if key not in KEYS:
                hint = did_you_mean(str(key), KEYS) or f"the keys are {', '.join(KEYS)}"
                problems.append(
                    source.diagnostic_at((*where, key), f"names: {language}: unknown key `{key}`", hint, True)
                )
            elif not isinstance(value, str) or not value.strip() or len(value) > limit:
                message = f"names: {language}: {key}: expected text of {limit} characters at most"
                problems.append(source.diagnostic_at((*where, key), message))
    return problems
