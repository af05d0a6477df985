"""The package's shape (docs/how-it-is-built.md): imports point one way, every module stands on its own,
no module grows past one idea."""

from __future__ import annotations

import pkgutil
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import briefexport

PACKAGE = Path(briefexport.__file__).resolve().parent
MAX_LINES = 350


def all_modules() -> list[str]:
    return sorted(info.name for info in pkgutil.walk_packages([str(PACKAGE)], prefix="briefexport."))


def test_the_import_contracts_hold():
    """import-linter: cli -> build -> writers -> content -> safety -> base, formats independent.
    It reads every import, function-level ones included, so a cycle cannot hide in a function."""
    lint = shutil.which("lint-imports", path=str(Path(sys.executable).parent)) or shutil.which("lint-imports")
    assert lint, "import-linter is a test dependency (pip install -e '.[test]')"
    result = subprocess.run(
        [lint, "--no-cache"], capture_output=True, text=True, timeout=120, cwd=PACKAGE.parent.parent
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


def test_a_broken_contract_is_caught(tmp_path):
    """The linter is not a rubber stamp: a copy of the package with one import pointing back up fails."""
    copy = tmp_path / "src"
    shutil.copytree(PACKAGE, copy / "briefexport", ignore=shutil.ignore_patterns("__pycache__", "defaults"))
    text = copy / "briefexport" / "content" / "text.py"
    text.write_text(
        text.read_text(encoding="utf-8") + "\n\ndef _later():\n    from briefexport.builder import runner\n",
        encoding="utf-8",
    )
    config = PACKAGE.parent.parent / "pyproject.toml"
    shutil.copy(config, tmp_path / "pyproject.toml")
    lint = shutil.which("lint-imports", path=str(Path(sys.executable).parent)) or shutil.which("lint-imports")
    result = subprocess.run(
        [lint, "--no-cache"],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=tmp_path,
        env={"PYTHONPATH": str(copy), "PATH": "/usr/bin:/bin"},
    )
    assert result.returncode != 0
    assert "briefexport.content.text -> briefexport.builder.runner" in result.stdout


@pytest.mark.slow
@pytest.mark.parametrize("module", all_modules())
def test_every_module_imports_first_in_a_fresh_interpreter(module):
    """A cycle dodged by import order shows when the module in the middle is imported first."""
    result = subprocess.run(
        [sys.executable, "-c", f"import {module}"], capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr


def test_no_module_holds_more_than_one_idea():
    long = {
        str(path.relative_to(PACKAGE)): n
        for path in PACKAGE.rglob("*.py")
        if (n := len(path.read_text(encoding="utf-8").splitlines())) > MAX_LINES
    }
    assert long == {}


def test_every_label_is_used_and_translated():
    """The packaged label files (defaults/layouts/labels/) hold every label the formats print,
    once, in every language we ship: each label is used by the code or a template, and no
    language lacks one or has one English does not."""
    import yaml

    folder = PACKAGE / "defaults" / "layouts" / "labels"
    files = {path.stem: yaml.safe_load(path.read_text(encoding="utf-8")) for path in folder.glob("*.yml")}
    assert {"ar", "de", "en", "es", "fr", "ja", "ko", "ru", "zh"} <= set(files)
    sources = "\n".join(
        path.read_text(encoding="utf-8") for path in PACKAGE.rglob("*") if path.suffix in (".py", ".j2")
    )
    keys = set(files["en"])
    unused = {
        key
        for key in keys
        for used in [key.removesuffix("_apart")]  # chosen by writers/shared/names.py with its twin
        if f"labels.{used}" not in sources and f'"{used}"' not in sources and f"'{used}'" not in sources
    }
    assert unused == set()
    assert {language: sorted(keys ^ set(labels)) for language, labels in files.items()} == {
        language: [] for language in files
    }
