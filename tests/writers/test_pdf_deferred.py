"""WeasyPrint is imported without fontTools' subsetter and instancer (HarfBuzz subsets, the bundled
fonts are static), and both still load when something uses them."""

from __future__ import annotations

import subprocess
import sys

import pytest

SCRIPT = r"""
import sys
from briefexport.writers.pdf import weasy
import weasyprint.pdf.fonts as fonts

print(sorted(m for m in sys.modules if m == "fontTools.subset" or m.startswith("fontTools.varLib")))
print(fonts.subset.Subsetter.__module__)  # the stand-in imports the real subsetter
import fontTools.subset
print(type(sys.modules["fontTools.subset"]).__name__, fonts.subset.Options is fontTools.subset.Options)
try:
    fonts.instantiateVariableFont(None, {})
except Exception as exc:
    print(type(exc).__name__)
print("fontTools.varLib.instancer" in sys.modules)
"""


@pytest.mark.slow  # WeasyPrint imported in fresh interpreters
def test_weasyprint_is_imported_without_the_font_tools_it_does_not_use_and_they_load_on_use():
    lines = subprocess.run(
        [sys.executable, "-c", SCRIPT], capture_output=True, text=True, check=True
    ).stdout.splitlines()
    assert lines[0] == "[]"
    assert lines[1] == "fontTools.subset"
    assert lines[2] == "module True"
    assert lines[3] != ""  # the real instancer ran and refused a None font
    assert lines[4] == "True"
