"""Functions (and methods) of the package with 8 or more parameters, `self`/`cls` not counted:
the list docs/how-it-is-built.md keeps ("What a run carries"). Run: python tools/many_parameters.py."""

from __future__ import annotations

import ast
import sys
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "src" / "briefexport"
AT_LEAST = 8


def counted(function: ast.FunctionDef | ast.AsyncFunctionDef) -> int:
    arguments = function.args
    names = [*arguments.posonlyargs, *arguments.args, *arguments.kwonlyargs]
    if names and names[0].arg in ("self", "cls"):
        names = names[1:]
    return len(names) + (arguments.vararg is not None) + (arguments.kwarg is not None)


def main(root: Path = PACKAGE) -> list[tuple[str, int, str, int]]:
    found = []
    for path in sorted(root.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and counted(node) >= AT_LEAST:
                where = path.relative_to(root.parent).as_posix()
                found.append((where, node.lineno, node.name, counted(node)))
    return found


if __name__ == "__main__":
    for where, line, name, count in main(Path(sys.argv[1]) if len(sys.argv) > 1 else PACKAGE):
        print(f"{count:3}  {where}:{line}  {name}")
