"""EMF/WMF converters measured on real metafiles (issue 23): which one the importer uses.

    .venv/bin/python benchmarks/metafiles.py FOLDER

For every .emf/.wmf under FOLDER, each converter that is installed: `metafile-render` (PyPI, in
process, SVG), `emf2svg-conv` (Debian's emf2svg, EMF only, SVG) and LibreOffice's Draw
(`soffice --convert-to svg`, all files in one call, which is how it would be used). Prints, per
file and converter: seconds, whether it converted, whether the SVG passes the project's picture
rule (safety.pictures.check_svg) as it is; then the totals. Quality was judged by looking at
metafile-render's PNG renderings of the same files (docs/importing.md has the numbers).
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from briefexport.safety.files import Refused
from briefexport.safety.pictures import check_svg


def metafile_render(data: bytes) -> bytes:
    from metafile_render import render_metafile

    return render_metafile(data, output_format="svg").data


def emf2svg(path: Path) -> bytes:
    if path.suffix.lower() != ".emf":
        raise ValueError("EMF only")
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder) / "out.svg"
        subprocess.run(
            ["emf2svg-conv", "-i", str(path), "-o", str(out)], check=True, capture_output=True, timeout=60
        )
        return out.read_bytes()


def libreoffice(paths: list[Path]) -> tuple[dict[str, bytes], float]:
    with tempfile.TemporaryDirectory() as folder:
        start = time.perf_counter()
        subprocess.run(
            [
                "soffice",
                "--headless",
                f"-env:UserInstallation=file://{folder}/profile",
                "--convert-to",
                "svg",
                "--outdir",
                folder,
                *map(str, paths),
            ],
            capture_output=True,
            timeout=600,
        )
        took = time.perf_counter() - start
        return {
            p.name: (Path(folder) / (p.stem + ".svg")).read_bytes()
            for p in paths
            if (Path(folder) / (p.stem + ".svg")).is_file()
        }, took


def verdict(svg: bytes | None) -> str:
    if svg is None:
        return "failed"
    try:
        check_svg(svg)
        return "safe"
    except Refused as exc:
        return f"refused ({str(exc)[:40]})"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("folder", type=Path)
    args = parser.parse_args()
    files = sorted(p for p in args.folder.rglob("*") if p.suffix.lower() in (".emf", ".wmf"))
    rows = []
    totals = {"metafile-render": [0, 0, 0.0], "emf2svg-conv": [0, 0, 0.0], "libreoffice": [0, 0, 0.0]}
    lo: dict[str, bytes] = {}
    if shutil.which("soffice"):
        lo, took = libreoffice(files)
        totals["libreoffice"][2] = took
    for path in files:
        data = path.read_bytes()
        for name, convert in (
            ("metafile-render", lambda data=data: metafile_render(data)),
            ("emf2svg-conv", lambda path=path: emf2svg(path)),
        ):
            if name == "emf2svg-conv" and not shutil.which("emf2svg-conv"):
                continue
            start = time.perf_counter()
            try:
                svg = convert()
            except Exception as exc:  # measuring: every failure counts as one
                svg, _ = None, exc
            took = time.perf_counter() - start
            totals[name][2] += took
            result = verdict(svg)
            totals[name][0] += svg is not None
            totals[name][1] += result == "safe"
            rows.append((path.name, name, f"{took:.3f}", result, len(svg or b"")))
        if lo:
            svg = lo.get(path.name)
            result = verdict(svg)
            totals["libreoffice"][0] += svg is not None
            totals["libreoffice"][1] += result == "safe"
            rows.append((path.name, "libreoffice", "-", result, len(svg or b"")))
    for row in rows:
        print("\t".join(map(str, row)))
    print(f"\n{len(files)} files")
    for name, (converted, safe, took) in totals.items():
        print(f"{name}: converted {converted}, safe as is {safe}, {took:.2f} s in all")


if __name__ == "__main__":
    sys.exit(main())
