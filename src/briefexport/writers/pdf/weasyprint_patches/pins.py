"""What the patches in this folder were written against: the WeasyPrint release, and a digest of
the source of every function or class they replace, call in a new way or read the insides of.

tests/writers/test_weasyprint_patches.py compares these with what is installed. When they differ
(a new WeasyPrint, pyphen or cffi, or a distribution's patched copy), that one test fails and names
each patch whose internals changed, what to re-check and which tests exercise it; the patches'
own tests may still pass, since a changed internal can make a patch quietly save nothing or leave
something out. Re-check each one named, then pin what is installed (the failure prints the lines).

Hand-written, since no library pins a dependency's private functions: a version pin alone says
that something changed, not which patch it concerns.
"""

from __future__ import annotations

import ast
import hashlib
import importlib
import importlib.metadata
import importlib.util
import inspect
from dataclasses import dataclass
from pathlib import Path

WEASYPRINT = "70.0"

FOLDER = "src/briefexport/writers/pdf/weasyprint_patches"

# sha256 (16 hex digits) of each internal's source as installed with WEASYPRINT: inspect.getsource of
# a dotted name, or every `import` of a module in a package's files.
SOURCES = {
    "weasyprint.text.ffi._dlopen": "9ab3167cbc804871",
    "weasyprint: its imports of fontTools": "799f33b9a72d46e7",
    "weasyprint.pdf.fonts.Font.subset": "61ed6bc2e9a7e43a",
    "weasyprint.pdf.fonts.Font.clean": "794f0211f18453f1",
    "weasyprint.images.RasterImage.__init__": "f2f27bf6bb9cf72b",
    "weasyprint.images.RasterImage.get_x_object": "1f590111444639aa",
    "weasyprint.images.RasterImage._get_png_data": "da00cfefb9795451",
    "pyphen.HyphDict": "57e31328eef1fd65",
    "pyphen.Pyphen.__init__": "1c1b59c951875735",
    "weasyprint.text.line_break.split_first_line": "39ad1016863ca34d",
    "weasyprint.HTML.__init__": "5f19f40b81837f87",
    "weasyprint.document.Page.__init__": "56afceec729bf2c1",
    "weasyprint.pdf.fonts.Font._harfbuzz_subset": "f80805663ede8080",
    "cffi.api.FFI.new": "7c8dfa3e98b255ed",
    "weasyprint.pdf.tags._build_box_tree": "f716251a83e7096e",
    "weasyprint.pdf.tags.add_tags": "f0e74575b0bafaf3",
    "weasyprint.pdf.stream.Stream.marked": "3fa3acacbbf66422",
    "weasyprint.pdf.stream.Stream.artifact": "be61e42186804e99",
    "weasyprint.formatting_structure.boxes.Box.descendants": "c15a877f61361343",
    "weasyprint.formatting_structure.boxes.ReplacedBox.__init__": "207d32459bd2d97e",
    "weasyprint.formatting_structure.boxes.Box.margin_height": "2c8587a461512480",
    "weasyprint.layout.page.make_page": "656f183328e8b1b5",
    "weasyprint.text.fonts.FontConfiguration.add_font_face": "e4fcfcc36ed8c310",
    "weasyprint.text.fonts.FontConfiguration.__del__": "b325ecf9683e945e",
}


@dataclass(frozen=True)
class Pin:
    """One patch (its path under writers/pdf/), the internals in SOURCES it replaces, calls in a
    new way or reads, what to re-check when one of them changed, and the tests that exercise it."""

    patch: str
    internals: tuple[str, ...]
    recheck: str
    tests: tuple[str, ...]


PINS = (
    Pin(
        "weasyprint_patches/libfind.py",
        ("weasyprint.text.ffi._dlopen",),
        "WeasyPrint still finds its libraries through cffi's dlopen of a bare name, which asks "
        "ctypes.util.find_library (else the patch saves nothing: time `import weasyprint`)",
        ("tests/writers/test_libfind.py",),
    ),
    Pin(
        "weasyprint_patches/deferred.py",
        (
            "weasyprint: its imports of fontTools",
            "weasyprint.pdf.fonts.Font.subset",
            "weasyprint.pdf.fonts.Font.clean",
        ),
        "WeasyPrint imports fontTools.subset and the instancer only as `from fontTools import "
        "subset` and `from fontTools.varLib.instancer import instantiateVariableFont`, subsets with "
        "HarfBuzz when it can, and instances only variable fonts",
        ("tests/writers/test_pdf_deferred.py",),
    ),
    Pin(
        "weasyprint_patches/picture_cache.py",
        (
            "weasyprint.images.RasterImage.__init__",
            "weasyprint.images.RasterImage.get_x_object",
            "weasyprint.images.RasterImage._get_png_data",
        ),
        "the conversion a palette or transparent PNG gets when loaded (the conditions in "
        "`_loading`, the signature its `load` repeats), and that get_x_object still makes its streams "
        "through self._get_png_data, one call per stream (and one for the alpha mask)",
        ("tests/writers/test_pdf_picture_cache.py",),
    ),
    Pin(
        "weasyprint_patches/hyphenation_patterns.py",
        ("pyphen.HyphDict", "pyphen.Pyphen.__init__", "weasyprint.text.line_break.split_first_line"),
        "WeasyPrint still hyphenates through pyphen.Pyphen(lang=...), which makes "
        "pyphen.HyphDict(path), and a HyphDict is still only patterns, cache and maxlen",
        ("tests/writers/test_pdf_hyphenation_patterns.py",),
    ),
    Pin(
        "weasyprint_patches/hyphenation.py",
        (
            "weasyprint.HTML.__init__",
            "weasyprint.document.Page.__init__",
            "weasyprint.text.line_break.split_first_line",
        ),
        "a laid-out page's boxes are still page._page_box (lines, text boxes, footnote_area), a "
        "hyphenated line's text still ends with its hyphenate-character, and an HTML can be laid "
        "out again after its wrapper_element is made anew; and whether WeasyPrint now does "
        "hyphenate-limit-lines itself (then this patch goes)",
        ("tests/writers/test_hyphenation.py", "tests/writers/test_pdf_typesetting.py"),
    ),
    Pin(
        "weasyprint_patches/figures.py",
        (
            "weasyprint.HTML.__init__",
            "weasyprint.document.Page.__init__",
            "weasyprint.formatting_structure.boxes.Box.margin_height",
            "weasyprint.layout.page.make_page",
        ),
        "a laid-out page's boxes are still page._page_box (block boxes with their element, position_y "
        "and margin_height; a footnote_area), a figure that does not fit still moves whole to the next "
        "page, and an HTML can be laid out again after its wrapper_element is made anew; and whether "
        "WeasyPrint now has page floats (float: top), which would replace this patch",
        ("tests/writers/test_pdf_typesetting.py",),
    ),
    Pin(
        "weasyprint_patches/array_types.py",
        ("weasyprint.pdf.fonts.Font._harfbuzz_subset", "cffi.api.FFI.new"),
        "WeasyPrint still makes its glyph lists as ffi.new(f'T[{len(items)}]', items) on the ffi "
        "of weasyprint.text.ffi (else the patch saves nothing: profile a PDF)",
        ("tests/writers/test_pdf_array_types.py",),
    ),
    Pin(
        "weasyprint_patches/tags.py",
        (
            "weasyprint.pdf.tags._build_box_tree",
            "weasyprint.pdf.tags.add_tags",
            "weasyprint.pdf.stream.Stream.marked",
            "weasyprint.pdf.stream.Stream.artifact",
            "weasyprint.formatting_structure.boxes.Box.descendants",
        ),
        "the structure elements WeasyPrint makes (/S, /K, /A, /P, the lists' labels, a figure's "
        "caption beside its picture), the signature `build` and `marked` repeat (a pull quote's "
        "text drawn as an artifact instead of marked content), and whether WeasyPrint now makes any "
        "of what `_complete` adds",
        ("tests/writers/test_pdf_structure.py", "tests/writers/test_figures_formats.py"),
    ),
    Pin(
        "resolution.py",
        ("weasyprint.document.Page.__init__", "weasyprint.formatting_structure.boxes.ReplacedBox.__init__"),
        "not a patch, it only reads the laid-out boxes (page._page_box, a ReplacedBox's "
        "replacement) to measure each picture's resolution in print",
        ("tests/writers/test_print.py",),
    ),
    Pin(
        "weasyprint_patches/font_folder.py",
        (
            "weasyprint.text.fonts.FontConfiguration.add_font_face",
            "weasyprint.text.fonts.FontConfiguration.__del__",
        ),
        "a FontConfiguration still writes its @font-face fonts into one temporary folder, "
        "self._folder, and removes it only in __del__ (or WeasyPrint now closes it: then this goes)",
        ("tests/writers/test_pdf_font_folder.py",),
    ),
)


def _imports_of(package: str, name: str) -> str:
    """Every import statement of `name` in the modules of `package`, as written, module by module:
    read from the files, so nothing is imported."""
    spec = importlib.util.find_spec(package)
    assert spec is not None and spec.origin is not None, package
    root = Path(spec.origin).parent
    lines = []
    for path in sorted(root.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import | ast.ImportFrom):
                names = [node.module or ""] if isinstance(node, ast.ImportFrom) else []
                names += [alias.name for alias in node.names]
                if any(found == name or found.startswith(f"{name}.") for found in names):
                    lines.append(f"{path.relative_to(root).as_posix()}: {ast.unparse(node)}")
    return "\n".join(lines)


def _resolve(dotted: str):
    """The object a dotted name stands for: the longest importable module, then attributes."""
    parts = dotted.split(".")
    for split in range(len(parts), 0, -1):
        try:
            found = importlib.import_module(".".join(parts[:split]))
        except ModuleNotFoundError:
            continue
        for attribute in parts[split:]:
            found = getattr(found, attribute)
        return found
    raise ModuleNotFoundError(dotted)


def source(name: str) -> str:
    """The source a pinned name stands for (`package: its imports of X`, or a dotted name)."""
    if ": its imports of " in name:
        package, imported = name.split(": its imports of ")
        return _imports_of(package, imported)
    return inspect.getsource(_resolve(name))


def digest(name: str) -> str:
    try:
        text = source(name)
    except (ImportError, AttributeError, OSError, TypeError) as exc:
        return f"missing ({type(exc).__name__}: {exc})"
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def installed_weasyprint() -> str:
    return importlib.metadata.version("weasyprint")


def drift(
    pins: tuple[Pin, ...] = PINS, sources: dict[str, str] = SOURCES, written_for: str = WEASYPRINT
) -> str:
    """What differs between the pins and what is installed, as a message for whoever upgrades, or ""."""
    installed = installed_weasyprint()
    now = {name: digest(name) for name in sources}
    changed = {name for name, found in now.items() if found != sources[name]}
    if installed == written_for and not changed:
        return ""
    release = (
        f"WeasyPrint {installed} is installed; the patches in {FOLDER}/ were written against WeasyPrint "
        f"{written_for}."
        if installed != written_for
        else f"WeasyPrint {installed} is installed, the release the patches in {FOLDER}/ were written "
        "against, but the source of what they depend on differs (a patched copy, or pyphen or cffi)."
    )
    lines = [f"{release} Its README.md says what each patch replaces, why and what it saves."]
    if changed:
        lines.append("These depend on insides of WeasyPrint (or pyphen, cffi) that changed:")
    for pin in pins:
        if changed.intersection(pin.internals):
            lines.append(f"* {pin.patch}: {', '.join(n for n in pin.internals if n in changed)}.")
            lines.append(f"  Re-check: {pin.recheck}.")
            lines.append(f"  Then run: {' '.join(pin.tests)}")
    same = [pin.patch for pin in pins if not changed.intersection(pin.internals)]
    if same:
        lines.append(f"What these depend on is unchanged: {', '.join(same)}.")
    lines.append(
        "Also diff a SOURCE_DATE_EPOCH build of the samples against the last one, and run the "
        f"benchmarks the README names. Then pin what is installed in {FOLDER}/pins.py:"
    )
    lines.append(f'    WEASYPRINT = "{installed}"')
    lines += [f'    "{name}": "{now[name]}",' for name in sources if name in changed]
    return "\n".join(lines)
