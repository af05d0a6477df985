"""fontTools' subsetter and variable-font instancer, loaded only if WeasyPrint ever uses them.

WeasyPrint 70 imports `fontTools.subset` and `fontTools.varLib.instancer` as it is imported
itself (about a third of `import weasyprint`, paid before any brief is laid out), but subsets
fonts with HarfBuzz wherever HarfBuzz 4.1 or later is there (fontTools only without it) and
instances only variable fonts, which the bundled fonts are not. So while WeasyPrint is imported,
it is handed stand-ins: for the subsetter an object that imports the real module at its first
attribute look-up, for the instancer a function that imports the real one when first called.
Nothing is lost on a machine or with a font that needs them: they load then.

Hand-written because the standard library's lazy modules (importlib.util.LazyLoader) stay in
`sys.modules`, where anything that walks it (inspect.getmodule, as pydantic does for docstrings)
loads them; these stand-ins are gone from `sys.modules` as soon as WeasyPrint is imported, and
whoever imports fontTools later gets the real modules.
"""

from __future__ import annotations

import importlib
import sys
import types
from collections.abc import Iterator
from contextlib import contextmanager

SUBSETTER = "fontTools.subset"
INSTANCER = "fontTools.varLib.instancer"


class _Deferred(types.ModuleType):
    """Stands for a module: the first attribute it does not have imports the real one."""

    def __init__(self, name: str):
        super().__init__(name)
        self._name = name

    def __getattr__(self, attribute: str):
        return getattr(importlib.import_module(self._name), attribute)


def instantiateVariableFont(*args, **kwargs):  # noqa: N802  (fontTools' name)
    from fontTools.varLib.instancer import instantiateVariableFont as real

    return real(*args, **kwargs)


@contextmanager
def deferred_font_tools() -> Iterator[None]:
    """While WeasyPrint is imported: fontTools' subsetter and instancer load when first used."""
    import fontTools

    stand_ins: dict[str, types.ModuleType] = {}
    if SUBSETTER not in sys.modules:
        stand_ins[SUBSETTER] = _Deferred(SUBSETTER)
    if INSTANCER not in sys.modules:
        instancer = stand_ins[INSTANCER] = types.ModuleType(INSTANCER)
        vars(instancer)["instantiateVariableFont"] = instantiateVariableFont
    sys.modules.update(stand_ins)
    if SUBSETTER in stand_ins:
        fontTools.subset = stand_ins[SUBSETTER]  # what `from fontTools import subset` finds
    try:
        yield
    finally:
        for name, stand_in in stand_ins.items():
            if sys.modules.get(name) is stand_in:
                del sys.modules[name]
        if SUBSETTER in stand_ins and getattr(fontTools, "subset", None) is stand_ins[SUBSETTER]:
            del fontTools.subset
