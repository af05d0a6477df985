"""The documentation a newcomer reads: the README stays short, every link and picture in it and in
docs/ leads somewhere (anchors by GitHub's rules), every page is one click from the README, the
package map names every folder of the package, the pre-commit hook is one pre-commit accepts and
runs a real command, and plain `pytest` from the root collects every test."""

from __future__ import annotations

import ast
import os
import re
import shlex
import shutil
import subprocess
import sys
import tomllib
import unicodedata
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
import yaml
from click.testing import CliRunner
from markdown_it import MarkdownIt

from briefexport.cli import main
from conftest import REPO, TESTS, copy_project

README = REPO / "README.md"
DOCS = REPO / "docs"
PAGES = sorted(DOCS.glob("*.md"))
HOOKS = REPO / ".pre-commit-hooks.yaml"
PACKAGE = REPO / "src" / "briefexport"
PYPROJECT = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
MARKDOWN = MarkdownIt("commonmark").enable("table")


def slug(text: str) -> str:
    """A heading's anchor as GitHub makes it (github-slugger): lower case, every character but
    letters, marks, digits, `_`, `-` and spaces dropped, spaces made hyphens."""
    kept = "".join(ch for ch in text.lower() if ch in "-_ " or unicodedata.category(ch)[0] in "LMN")
    return kept.replace(" ", "-")


def anchors(path: Path) -> set[str]:
    """Every heading's anchor in a Markdown file; a repeated one gets `-1`, `-2`... as on GitHub."""
    tokens = MARKDOWN.parse(path.read_text(encoding="utf-8"))
    seen: dict[str, int] = {}
    found = set()
    for opening, inline in zip(tokens, tokens[1:], strict=False):
        if opening.type != "heading_open":
            continue
        text = "".join(c.content for c in inline.children or [] if c.type in ("text", "code_inline"))
        base = slug(text)
        count = seen.get(base, 0)
        seen[base] = count + 1
        found.add(base if count == 0 else f"{base}-{count}")
    return found


def references(path: Path) -> list[tuple[str, str]]:
    """(kind, address) of every link and picture in a Markdown file, code blocks left out."""
    found = []
    stack = list(MARKDOWN.parse(path.read_text(encoding="utf-8")))
    while stack:
        token = stack.pop()
        stack.extend(token.children or [])
        if token.type == "link_open":
            found.append(("link", str(token.attrs["href"])))
        elif token.type == "image":
            found.append(("picture", str(token.attrs["src"])))
    return found


def local_target(source: Path, address: str) -> tuple[Path, str] | None:
    """(file, anchor) a relative address leads to, or None for a web or mail address."""
    parts = urlsplit(address)
    if parts.scheme or parts.netloc:
        return None
    target = (source.parent / unquote(parts.path)).resolve() if parts.path else source
    return target, unquote(parts.fragment)


def test_slug_follows_githubs_rules():
    assert slug("An archive over several machines: `--shard K/N`".replace("`", "")) == (
        "an-archive-over-several-machines---shard-kn"
    )
    assert slug("The library and serve") == "the-library-and-serve"
    assert slug("Check on every commit (pre-commit)") == "check-on-every-commit-pre-commit"
    assert slug("Pictures, quotes and dashes") == "pictures-quotes-and-dashes"
    assert slug("문장 부호 3.1") == "문장-부호-31"


def test_readme_is_what_a_newcomer_reads_in_five_minutes():
    size = len(README.read_bytes())
    assert size < 12 * 1024, f"README.md is {size} bytes; move the detail into docs/"
    text = README.read_text(encoding="utf-8")
    # the two commands come first, right after the title paragraph
    first_block = re.search(r"```sh\n(.*?)```", text, re.S)
    assert first_block is not None
    assert [line.split("#")[0].strip() for line in first_block.group(1).splitlines()] == ["make", "make test"]
    assert text.index("```sh") < text.index("\n## ")


@pytest.mark.parametrize("path", [README, *PAGES], ids=lambda p: p.relative_to(REPO).as_posix())
def test_every_link_and_picture_leads_somewhere(path):
    broken = []
    for kind, address in references(path):
        target = local_target(path, address)
        if target is None:
            continue
        file, anchor = target
        if REPO not in file.parents and file != REPO:
            broken.append(f"{kind} {address}: outside the repository")
        elif not file.exists():
            broken.append(f"{kind} {address}: no such file")
        elif kind == "picture" and not file.is_file():
            broken.append(f"{kind} {address}: not a file")
        elif anchor and (file.suffix != ".md" or anchor not in anchors(file)):
            broken.append(f"{kind} {address}: no heading #{anchor} in {file.relative_to(REPO)}")
    assert broken == []


def test_the_link_check_finds_broken_links(tmp_path):
    (tmp_path / "other.md").write_text("# Other\n\n## A `code` heading: yes\n\n## Twice\n\n## Twice\n")
    page = tmp_path / "page.md"
    page.write_text(
        "[ok](other.md#a-code-heading-yes) [ok](other.md#twice-1) [ok](#here) [web](https://example.org/x)\n"
        "[bad](other.md#no-such) [bad](missing.md) ![bad](missing.png)\n\n## Here\n"
    )
    results = {address: local_target(page, address) for _, address in references(page)}
    assert results["https://example.org/x"] is None
    good = {
        address
        for address, target in results.items()
        if target is not None and target[0].exists() and (not target[1] or target[1] in anchors(target[0]))
    }
    assert good == {"other.md#a-code-heading-yes", "other.md#twice-1", "#here"}


def test_every_docs_page_is_one_click_from_the_readme():
    linked = {
        target[0]
        for kind, address in references(README)
        if kind == "link" and (target := local_target(README, address)) is not None
    }
    assert PAGES, "docs/ holds the pages the README links to"
    assert [p.name for p in PAGES if p.resolve() not in linked] == []


def package_map() -> list[str]:
    """The paths the package map in docs/how-it-is-built.md names, folders ending in `/`, read from
    its indentation (two spaces a level; the descriptions start further right)."""
    text = (DOCS / "how-it-is-built.md").read_text(encoding="utf-8")
    block = re.search(r"## The package map\s+```\n(.*?)```", text, re.S)
    assert block is not None, "docs/how-it-is-built.md has a package map"
    stack: list[tuple[int, str]] = []
    named = []
    for line in block.group(1).splitlines():
        indent = len(line) - len(line.lstrip(" "))
        entry = line.split()[0] if line.strip() else ""
        if not entry or indent > 8 or not (entry.endswith("/") or entry.endswith(".py")):
            continue  # a description's continuation
        stack = [(i, name) for i, name in stack if i < indent]
        path = "".join(name for _, name in stack) + entry
        named.append(path)
        if entry.endswith("/"):
            stack.append((indent, entry))
    return named


def test_the_package_map_names_every_folder_of_the_package():
    named = {p.removeprefix("src/briefexport/").rstrip("/") for p in package_map() if p.endswith("/")}
    folders = {
        path.relative_to(PACKAGE).as_posix()
        for path in PACKAGE.rglob("*")
        if path.is_dir() and (path / "__init__.py").is_file()
    }
    assert folders, "the package has sub-packages"
    assert sorted(folders - named) == [], "folders of the package missing from the map"
    assert sorted(named - folders - {"", "defaults"}) == [], "the map names folders that are gone"


def test_the_architecture_page_names_every_import_contract():
    page = (DOCS / "how-it-is-built.md").read_text(encoding="utf-8").replace("\\|", "|")
    contracts = PYPROJECT["tool"]["importlinter"]["contracts"]
    assert contracts
    assert [c["name"] for c in contracts if c["name"] not in page] == []


def hook() -> dict:
    from pre_commit.clientlib import load_manifest

    hooks = load_manifest(str(HOOKS))  # pre-commit's own schema: raises InvalidManifestError
    assert [h["id"] for h in hooks] == ["briefexport-check"]
    return hooks[0]


def test_the_pre_commit_hook_checks_the_whole_project_on_content_changes():
    found = hook()
    assert found["language"] == "python"  # pre-commit installs this repository into its own env
    assert found["pass_filenames"] is False  # links are checked against every brief
    assert found["always_run"] is False
    files = re.compile(found["files"])
    for path in ("content/briefs/x.md", "content/authors.yaml", "content/images/a.png", "layouts/brand.yml"):
        assert files.search(path), path
    for path in ("README.md", "src/briefexport/cli.py", "build/pdf/x.pdf", "docs/content/x.md"):
        assert not files.search(path), path


def test_the_hooks_entry_is_a_command_of_the_cli(tmp_path, monkeypatch):
    program, *arguments = shlex.split(hook()["entry"])
    assert program in PYPROJECT["project"]["scripts"]
    assert arguments and arguments[0] in main.commands
    project = copy_project(tmp_path / "project")
    monkeypatch.chdir(project.root)  # as pre-commit runs it: from the repository's root
    runner = CliRunner()
    good = runner.invoke(main, arguments)
    assert good.exit_code == 0, good.output
    brief = next(iter(project.briefs()))
    brief.write_text(brief.read_text(encoding="utf-8").replace("date: ", "date: 2026-13-01\nx: ", 1))
    bad = runner.invoke(main, arguments)
    assert bad.exit_code == 1, bad.output  # a content error stops the commit


def config_snippets() -> list[dict]:
    """The `.pre-commit-config.yaml` lines the docs tell a project to paste."""
    text = (DOCS / "writing-briefs.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```yaml\n(.*?)```", text, re.S)
    return [yaml.safe_load(b) for b in blocks if "briefexport-check" in b]


def test_the_documented_pre_commit_configs_are_valid(tmp_path):
    from pre_commit.clientlib import load_config

    snippets = config_snippets()
    assert len(snippets) == 2, "the docs show a remote and a local configuration"
    manifest = hook()
    for n, snippet in enumerate(snippets):
        path = tmp_path / f"config-{n}.yaml"
        path.write_text(yaml.safe_dump(snippet))
        (repo,) = load_config(str(path))["repos"]
        (used,) = repo["hooks"]
        assert used["id"] == manifest["id"]
        if repo["repo"] == "local":  # the same command, on the same files, never file by file
            assert shlex.split(used["entry"]) == shlex.split(manifest["entry"])
            assert (used["files"], used["pass_filenames"]) == (manifest["files"], False)
        else:
            assert repo["rev"], "a rev: to pin"


def test_tests_import_shared_helpers_from_tests_folder_on_the_path():
    """docs/testing.md: tests/ is on sys.path (pytest's `pythonpath`), so helpers come from
    `conftest` or `<folder>.<test module>`; `tests.` breaks plain `pytest`, which does not put the
    repository's root on sys.path."""
    assert "tests" in PYPROJECT["tool"]["pytest"]["ini_options"]["pythonpath"]
    offenders = []
    for folder, subfolders, files in os.walk(TESTS):
        subfolders[:] = [d for d in subfolders if d not in ("roots", "golden", "__pycache__") and d[0] != "."]
        paths = [Path(folder, name) for name in files if name.endswith(".py")]
        offenders += imports_through_tests(paths, TESTS)
    assert offenders == []


def test_the_import_check_finds_an_import_through_tests(tmp_path):
    (tmp_path / "test_a.py").write_text("import os\nfrom conftest import A\nfrom tests.conftest import B\n")
    (tmp_path / "test_b.py").write_text("import tests.conftest\n")
    paths = sorted(tmp_path.glob("*.py"))
    assert imports_through_tests(paths, tmp_path) == ["test_a.py:3", "test_b.py:1"]


def imports_through_tests(paths: list[Path], root: Path) -> list[str]:
    offenders = []
    for path in paths:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = (
                [node.module or ""]
                if isinstance(node, ast.ImportFrom)
                else [a.name for a in node.names]
                if isinstance(node, ast.Import)
                else []
            )
            where = f"{path.relative_to(root)}:{getattr(node, 'lineno', 0)}"
            offenders += [where for name in names if name.split(".")[0] == "tests"]
    return offenders


@pytest.mark.slow  # collects the whole suite in a second pytest
def test_plain_pytest_from_the_root_collects_every_test():
    pytest_program = shutil.which("pytest", path=str(Path(sys.executable).parent))
    assert pytest_program, "pytest is a test dependency"
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTEST_ADDOPTS")}
    result = subprocess.run(
        [pytest_program, "--collect-only", "-q", "-p", "no:cacheprovider"],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    assert re.search(r"^\d+ tests collected", result.stdout, re.M), result.stdout[-1000:]
    assert "tests/test_docs.py::test_plain_pytest_from_the_root_collects_every_test" in result.stdout
