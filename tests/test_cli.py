"""The command: exit codes, located messages, options, finding the root, packaged defaults.

Click's CliRunner for most of it, real subprocesses where the process matters (imports, `-m`).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pypdf
import pytest
from click.testing import CliRunner

from briefexport import __version__
from briefexport.cli import main
from conftest import ROOTS  # noqa: E402

LOCATED = re.compile(r"^(?P<path>[^:\s]+):(?P<line>\d+):(?P<col>\d+): error: (?P<message>.+)$")


def copy_root(case: str, dest: Path) -> Path:
    shutil.copytree(ROOTS / case, dest)
    return dest


def run(args: list[str], cwd: Path | None = None):
    """CliRunner with stderr kept apart; optionally from inside `cwd`."""
    runner = CliRunner()
    if cwd is None:
        return runner.invoke(main, args, catch_exceptions=False)
    old = Path.cwd()
    os.chdir(cwd)
    try:
        return runner.invoke(main, args, catch_exceptions=False)
    finally:
        os.chdir(old)


def error_lines(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if ": error: " in line]


@pytest.fixture
def broken(tmp_path) -> Path:
    return copy_root("broken", tmp_path / "broken")


@pytest.fixture
def only_content(tmp_path) -> Path:
    return copy_root("only-content", tmp_path / "only-content")


# --- --help, --version ------------------------------------------------------------------------


def test_version():
    result = run(["--version"])
    assert result.exit_code == 0
    assert __version__ in result.output
    assert "briefexport" in result.output


def test_help_lists_the_commands():
    result = run(["--help"])
    assert result.exit_code == 0
    assert re.search(r"^\s+build\b", result.output, re.MULTILINE)
    assert re.search(r"^\s+check\b", result.output, re.MULTILINE)


def test_build_help_documents_the_options():
    result = run(["build", "--help"])
    assert result.exit_code == 0
    for option in ("--format", "--out", "--project", "--jobs"):
        assert option in result.output


def test_unknown_command_is_a_usage_error():
    result = run(["bulid"])
    assert result.exit_code == 2


# --- exit codes -------------------------------------------------------------------------------


def test_check_of_good_content_exits_0(only_content):
    result = run(["check", "--project", str(only_content)])
    assert result.exit_code == 0, result.stderr
    assert error_lines(result.stderr) == []


def test_bad_format_is_a_usage_error(only_content, tmp_path):
    result = run(
        ["build", "--project", str(only_content), "--format", "pdf,pfd", "--out", str(tmp_path / "out")]
    )
    assert result.exit_code == 2
    assert "pfd" in result.stderr
    assert "Traceback" not in result.output + result.stderr
    assert not (tmp_path / "out").exists()


def test_missing_source_file_is_a_usage_error(only_content):
    result = run(
        [
            "build",
            "--project",
            str(only_content),
            "--format",
            "html",
            str(only_content / "content/briefs/no-such-brief.md"),
        ]
    )
    assert result.exit_code == 2
    assert "no-such-brief.md" in result.stderr
    result = run(["check", "--project", str(only_content), str(only_content / "content/briefs/nope.md")])
    assert result.exit_code == 2


def test_source_that_is_neither_brief_nor_collection_is_a_usage_error(only_content):
    result = run(["check", "--project", str(only_content), str(only_content / "content/authors.yaml")])
    assert result.exit_code == 2


def test_bad_jobs_is_a_usage_error(only_content):
    result = run(["build", "--project", str(only_content), "--jobs", "0"])
    assert result.exit_code == 2


def test_no_project_found_is_a_usage_error(tmp_path):
    empty = tmp_path / "nowhere"
    empty.mkdir()
    result = run(["check"], cwd=empty)
    assert result.exit_code == 2
    assert "content/" in result.stderr
    result = run(["check", "--project", str(empty)])
    assert result.exit_code == 2


def test_content_errors_exit_1_with_every_error_located(broken):
    result = run(["check", "--project", str(broken)])
    assert result.exit_code == 1
    output = result.output + result.stderr
    assert "Traceback" not in output
    errors = error_lines(result.stderr)
    assert errors == [
        "content/briefs/bad-date.md:4:7: error: date: month must be in 1..12",
        "content/briefs/bad-key.md:5:11: error: authors: no author `ada-prak` in content/authors.yaml "
        "(did you mean `ada-park`?)",
        "content/briefs/bad-key.md:6:1: error: unknown key `sumary` (did you mean `summary`?)",
        "content/briefs/bad-key.md:11:1: error: a `#` heading in the body: the title comes from the "
        "front matter (use `##` for a section and `###` for a subsection)",
    ]
    for line in errors:
        match = LOCATED.match(line)
        assert match, line
        assert (broken / match["path"]).is_file()
        assert int(match["line"]) <= len((broken / match["path"]).read_text().splitlines())


def test_good_brief_builds_while_others_are_broken_exit_1(broken, tmp_path):
    out = tmp_path / "out"
    result = run(["build", "--project", str(broken), "--format", "html", "--out", str(out)])
    assert result.exit_code == 1
    assert "Traceback" not in result.output + result.stderr
    assert len(error_lines(result.stderr)) == 4
    assert sorted(p.name for p in (out / "html").iterdir()) == ["good.html"]
    assert "A Good Brief Among Broken Ones" in (out / "html/good.html").read_text(encoding="utf-8")


def test_check_of_one_good_source_ignores_broken_neighbours(broken):
    result = run(["check", "--project", str(broken), str(broken / "content/briefs/good.md")])
    assert result.exit_code == 0, result.stderr


def test_check_of_one_broken_source_reports_only_it(broken):
    result = run(["check", "--project", str(broken), str(broken / "content/briefs/bad-date.md")])
    assert result.exit_code == 1
    assert error_lines(result.stderr) == [
        "content/briefs/bad-date.md:4:7: error: date: month must be in 1..12"
    ]


def test_quiet_prints_errors_only(broken, tmp_path):
    (broken / "content/briefs/good.md").write_text(
        (broken / "content/briefs/good.md").read_text() + "\nBell\x07.\n", encoding="utf-8"
    )
    loud = run(["check", "--project", str(broken)])
    quiet = run(["check", "--quiet", "--project", str(broken)])
    assert loud.exit_code == quiet.exit_code == 1
    assert ": warning: removed control character U+0007" in loud.stderr
    assert quiet.stderr.splitlines() == error_lines(loud.stderr)


# --- --project, --out, finding the root -------------------------------------------------------


def test_project_and_out_options(only_content, tmp_path):
    out = tmp_path / "elsewhere"
    result = run(
        ["build", "--project", str(only_content), "--format", "html", "--out", str(out)], cwd=tmp_path
    )
    assert result.exit_code == 0, result.stderr
    html = (out / "html" / "ferry-charging.html").read_text(encoding="utf-8")
    assert "Ferry Charging Needs a Shared Grid Connection Plan" in html
    assert not (only_content / "build").exists()


def test_default_out_is_build_under_the_root(only_content):
    result = run(["build", "--format", "html"], cwd=only_content)
    assert result.exit_code == 0, result.stderr
    assert "Ferry Charging" in (only_content / "build/html/ferry-charging.html").read_text(encoding="utf-8")


def test_root_is_found_from_a_subdirectory(broken):
    result = run(["check"], cwd=broken / "content" / "briefs")
    assert result.exit_code == 1
    # paths are shown relative to the project root, not to the current directory
    assert "content/briefs/bad-date.md:4:7: error: date: month must be in 1..12" in error_lines(result.stderr)


def test_build_from_a_subdirectory_writes_under_the_root(only_content):
    result = run(["build", "--format", "html"], cwd=only_content / "content" / "images")
    assert result.exit_code == 0, result.stderr
    assert (
        (only_content / "build/html/ferry-charging.html")
        .read_text(encoding="utf-8")
        .startswith("<!DOCTYPE html>")
    )
    assert not (only_content / "content/images/build").exists()


def test_sources_relative_to_the_current_directory(broken):
    result = run(["check", "bad-date.md"], cwd=broken / "content" / "briefs")
    assert result.exit_code == 1
    assert error_lines(result.stderr) == [
        "content/briefs/bad-date.md:4:7: error: date: month must be in 1..12"
    ]


def test_folder_source(broken):
    result = run(["check", "content/briefs"], cwd=broken)
    assert result.exit_code == 1
    assert len(error_lines(result.stderr)) == 4


# --- a project with only content/ builds a branded PDF from the packaged defaults -------------


@pytest.mark.slow
def test_a_brief_named_alone_makes_its_epub_only_when_asked(only_content, tmp_path):
    """`build content/briefs/x.md` makes the brief's own formats; a one-brief EPUB is made with
    `--format epub` (collections make the EPUBs), as the README and DESIGN.md say."""
    out = tmp_path / "out"
    brief = str(only_content / "content/briefs/ferry-charging.md")
    result = run(["build", "--project", str(only_content), "--out", str(out), brief])
    assert result.exit_code == 0, result.output
    made = sorted(str(p.relative_to(out)) for p in out.rglob("*.*") if ".cache" not in p.parts)
    assert [name for name in made if not name.startswith(".")] == [
        "docx/ferry-charging.docx",
        "html/ferry-charging.html",
        "pdf/ferry-charging.pdf",
    ]
    result = run(["build", "--project", str(only_content), "--out", str(out), "--format", "epub", brief])
    assert result.exit_code == 0 and (out / "epub" / "ferry-charging.epub").is_file(), result.output


def test_only_content_builds_a_pdf_with_packaged_defaults(only_content, tmp_path):
    assert sorted(p.name for p in only_content.iterdir()) == ["content"]
    out = tmp_path / "out"
    result = run(["build", "--project", str(only_content), "--format", "pdf", "--out", str(out)])
    assert result.exit_code == 0, result.stderr
    assert ": warning: " not in result.stderr
    pdf = out / "pdf" / "ferry-charging.pdf"
    reader = pypdf.PdfReader(pdf)
    text = "".join("".join(page.extract_text().split()) for page in reader.pages)
    for expected in (
        "Ferry Charging Needs a Shared Grid Connection Plan",
        "Ada Park",
        "Research Fellow",
        "Why Each Harbour Cannot Go It Alone",
        "What a Shared Plan Would Do",
        "Estimate for a 100-car ferry",
        "North Quay",
        "Charging demand at three harbours",
        "Ada Park studies how small harbours",
        "About the Author",
        "Policy Institute",
    ):
        assert "".join(expected.split()) in text, expected
    families = set()
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            for desc in font.get("/DescendantFonts", [font]):
                desc = desc.get_object()
                descriptor = desc["/FontDescriptor"].get_object()
                assert {"/FontFile", "/FontFile2", "/FontFile3"} & set(descriptor), desc["/BaseFont"]
                families.add(str(desc["/BaseFont"]).split("+", 1)[-1])
    assert families and all(name.startswith(("Noto", "Nanum")) for name in families), families
    # the figure made it in: an image XObject somewhere on the pages
    assert any(
        xobj.get_object().get("/Subtype") == "/Image"
        for page in reader.pages
        for xobj in page["/Resources"].get("/XObject", {}).values()
    )


# --- real processes ---------------------------------------------------------------------------


def _python(code: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)], capture_output=True, text=True, cwd=cwd, timeout=120
    )


@pytest.mark.parametrize("args", [["--help"], ["build", "--help"], ["check", "--help"], ["--version"]])
def test_help_does_not_import_weasyprint(args):
    proc = _python(f"""
        import sys
        from briefexport.cli import main
        try:
            main({args!r})
        except SystemExit as exc:
            code = exc.code
        heavy = [m for m in ("weasyprint", "ebooklib", "docx") if m in sys.modules]
        print("HEAVY=" + ",".join(heavy), "CODE=" + str(code))
    """)
    assert proc.stdout.strip().splitlines()[-1] == "HEAVY= CODE=0", proc.stdout + proc.stderr


def test_check_does_not_import_weasyprint(broken):
    proc = _python(f"""
        import sys
        from briefexport.cli import main
        try:
            main(["check", "--project", {str(broken)!r}])
        except SystemExit as exc:
            code = exc.code
        print("WEASYPRINT", "weasyprint" in sys.modules, "CODE", code)
    """)
    assert proc.stdout.strip().splitlines()[-1] == "WEASYPRINT False CODE 1", proc.stderr


@pytest.mark.slow
def test_python_dash_m_subprocess_exit_codes_and_messages(broken, tmp_path):
    env = {**os.environ, "SOURCE_DATE_EPOCH": "1790000000"}
    cmd = [sys.executable, "-m", "briefexport"]
    proc = subprocess.run(cmd + ["--version"], capture_output=True, text=True, env=env, timeout=60)
    assert proc.returncode == 0 and __version__ in proc.stdout

    proc = subprocess.run(
        cmd + ["build", "--format", "html", "--out", str(tmp_path / "out")],
        capture_output=True,
        text=True,
        cwd=broken / "content",
        env=env,
        timeout=120,
    )
    assert proc.returncode == 1
    assert "Traceback" not in proc.stderr
    errors = [line for line in proc.stderr.splitlines() if ": error: " in line]
    assert len(errors) == 4 and all(LOCATED.match(line) for line in errors), proc.stderr
    assert (tmp_path / "out/html/good.html").is_file()
    assert proc.stdout == ""  # diagnostics and progress go to stderr

    proc = subprocess.run(
        cmd + ["build", "--format", "nope"], capture_output=True, text=True, cwd=broken, env=env, timeout=60
    )
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr


# --- what a build says: one progress line per output; formats that make nothing --------------


@pytest.mark.slow
def test_progress_without_a_terminal_is_one_line_per_output_numbered_1_to_n(only_content, tmp_path):
    for jobs in ("1", "2"):
        result = run(
            [
                "build",
                "--project",
                str(only_content),
                "--out",
                str(tmp_path / jobs),
                "--jobs",
                jobs,
                "--format",
                "pdf,html,docx,epub",
            ]
        )
        assert result.exit_code == 0, result.stderr
        lines = [line for line in result.stderr.splitlines() if line.startswith("[")]
        total = len(lines)
        assert total == 4  # pdf, html, docx and a one-brief EPUB of the only brief
        assert [line.split("]")[0] for line in lines] == [f"[{n}/{total}" for n in range(1, total + 1)]
        assert sorted(line.split("] ")[1] for line in lines) == sorted(
            [
                "pdf/ferry-charging.pdf",
                "html/ferry-charging.html",
                "docx/ferry-charging.docx",
                "epub/ferry-charging.epub",
            ]
        )


def progress_lines(stderr: str) -> list[tuple[int, int, str]]:
    """The progress lines of a build without a terminal: (number, total, the rest)."""
    found = []
    for line in stderr.splitlines():
        match = re.match(r"^\[(\d+)/(\d+)\] (.+)$", line)
        if match:
            found.append((int(match[1]), int(match[2]), match[3]))
    return found


@pytest.mark.slow
def test_progress_counts_every_output_once_the_site_pages_included(only_content, tmp_path):
    """The site's pages are planned before the first output is made (from the project the site
    reads anyway), so the lines run 1..N with one N, from the first line to the last."""
    out = str(tmp_path / "out")
    result = run(["build", "--project", str(only_content), "--out", out, "--jobs", "2"])
    assert result.exit_code == 0, result.stderr
    lines = progress_lines(result.stderr)
    total = len(lines)
    assert [(n, of) for n, of, _ in lines] == [(n, total) for n in range(1, total + 1)]
    names = [name for _, _, name in lines]
    assert len(set(names)) == total and any(n.startswith("site/") for n in names)
    assert max(names.index(n) for n in names if not n.startswith("site/")) < min(
        names.index(n) for n in names if n.startswith("site/")
    )  # the pages follow the outputs they show
    assert result.stderr.strip().splitlines()[-1] == f"built {total} file(s), 0 up to date, 0 error(s)"

    brief = only_content / "content" / "briefs" / "ferry-charging.md"
    brief.write_text(brief.read_text().replace("arriving faster", "arriving sooner"))
    again = run(["build", "--project", str(only_content), "--out", out, "--jobs", "2"])
    lines = progress_lines(again.stderr)
    assert [(n, of) for n, of, _ in lines] == [(n, len(lines)) for n in range(1, len(lines) + 1)]
    fresh = [name for _, _, name in lines if name.endswith(": up to date")]
    assert "site/style.css: up to date" in fresh  # planned, found unchanged: said so
    assert "site/briefs/ferry-charging/index.html" in [name for _, _, name in lines]
    built = len(lines) - len(fresh)
    assert (
        again.stderr.strip().splitlines()[-1] == f"built {built} file(s), {len(fresh)} up to date, 0 error(s)"
    )


@pytest.mark.slow
def test_a_page_counted_for_an_output_that_then_fails_says_it_was_not_built(only_content, tmp_path):
    """The site's pages are counted as if this build's EPUB were made (its copy and covers); when the
    book then fails, those lines say so, and the total stays what it was."""
    brief = only_content / "content" / "briefs" / "ferry-charging.md"
    brief.write_text(
        brief.read_text().replace("![Bar chart of peak charging demand at three harbours]", "![]")
    )
    (only_content / "content" / "collections").mkdir()
    (only_content / "content" / "collections" / "harbours.yaml").write_text(
        "title: Harbours\nbriefs: ['*']\n"
    )
    result = run(["build", "--project", str(only_content), "--jobs", "1"])
    assert result.exit_code == 1
    lines = progress_lines(result.stderr)
    assert [(n, of) for n, of, _ in lines] == [(n, len(lines)) for n in range(1, len(lines) + 1)]
    failed = sorted(rest for _, _, rest in lines if rest.endswith(": not built (see the errors below)"))
    assert failed == [
        f"{name}: not built (see the errors below)"
        for name in (
            "epub/harbours.epub",
            "site/collections/harbours/cover-small.png",
            "site/collections/harbours/cover.png",
            "site/collections/harbours/harbours.epub",
        )
    ]
    assert (only_content / "build" / "site" / "collections" / "harbours" / "index.html").is_file()


@pytest.mark.slow
def test_without_a_terminal_an_output_that_was_not_written_is_never_listed_as_built(only_content, tmp_path):
    """A CI log of a build of a brief whose front matter is broken: each line says it was not built."""
    brief = only_content / "content" / "briefs" / "ferry-charging.md"
    brief.write_text(brief.read_text().replace("date: 2026-10-01", "date: 2026-10-41"))
    proc = subprocess.run(
        [sys.executable, "-m", "briefexport", "build", str(brief), "--out", str(tmp_path / "out")],
        capture_output=True,
        text=True,
        cwd=only_content,
        timeout=300,
    )
    assert proc.returncode == 1
    lines = proc.stderr.splitlines()
    progress = progress_lines(proc.stderr)
    assert [(n, of) for n, of, _ in progress] == [(1, 3), (2, 3), (3, 3)]  # no EPUB of a brief named alone
    assert sorted(rest for _, _, rest in progress) == [
        f"{name}: not built (see the errors below)"
        for name in (
            "docx/ferry-charging.docx",
            "html/ferry-charging.html",
            "pdf/ferry-charging.pdf",
        )
    ]
    assert "content/briefs/ferry-charging.md:4:7: error: date: day is out of range for month" in lines
    assert lines[-1] == "built 0 file(s), 3 not built, 0 up to date, 1 error(s)"
    assert not (tmp_path / "out" / "pdf").exists() or not any((tmp_path / "out" / "pdf").iterdir())


@pytest.mark.slow
def test_on_a_terminal_the_bar_says_what_was_not_built(only_content, tmp_path):
    import pty

    brief = only_content / "content" / "briefs" / "ferry-charging.md"
    brief.write_text(brief.read_text().replace("date: 2026-10-01", "date: 2026-10-41"))
    leader, follower = pty.openpty()
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "briefexport",
            "build",
            str(brief),
            "--format",
            "html,docx",
            "--out",
            str(tmp_path / "out"),
        ],
        stderr=follower,
        stdout=subprocess.DEVNULL,
        cwd=only_content,
    )
    os.close(follower)
    shown = b""
    while True:
        try:
            chunk = os.read(leader, 4096)
        except OSError:  # the command ended: the terminal is closed
            break
        if not chunk:
            break
        shown += chunk
    assert proc.wait(timeout=300) == 1
    os.close(leader)
    text = shown.decode()
    frames = [
        frame.strip()
        for frame in text.split("\r")
        if frame.strip().startswith("[#") or frame.strip().startswith("[-")
    ]
    assert frames and all("not built" in frame for frame in frames), text
    assert frames[-1].startswith("[########################] 2/2 (2 not built) ")
    assert "built 0 file(s), 2 not built, 0 up to date, 1 error(s)" in text


def test_a_format_that_no_named_source_makes_is_said_and_nothing_buildable_exits_2(tmp_path):
    project = copy_root("only-content", tmp_path / "p")
    collections = project / "content" / "collections"
    collections.mkdir()
    (collections / "x.yaml").write_text("title: X\nbriefs: ['*']\n")
    nothing = run(["build", "--project", str(project), "--format", "docx", str(collections / "x.yaml")])
    assert nothing.exit_code == 2
    assert (
        "nothing to build; content/collections/x.yaml: collections make EPUB only; use --format epub, "
        "or name the briefs"
    ) in nothing.stderr
    assert not (project / "build" / "docx").exists()
    brief = project / "content" / "briefs" / "ferry-charging.md"
    some = run(
        ["build", "--project", str(project), "--format", "docx", str(collections / "x.yaml"), str(brief)]
    )
    assert some.exit_code == 0, some.stderr
    assert (
        "content/collections/x.yaml: warning: collections make EPUB only; use --format epub, or name the "
        "briefs"
    ) in some.stderr.splitlines()
    assert (project / "build" / "docx" / "ferry-charging.docx").is_file()
