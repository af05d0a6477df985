"""The `briefexport` command: parses arguments, prints, maps problems to exit codes. No logic here."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from briefexport import __version__

EXIT_CONTENT = 1
EXIT_USAGE = 2
EXIT_BUSY = 75  # EX_TEMPFAIL: the output folder is in use; try again later
DEBUG_HELP = "A writer's failure comes with its traceback, from the worker (or BRIEFEXPORT_DEBUG=1)."


class _Command(click.Command):
    """Every subcommand: a value given empty (`--out ""`, `--format ''`) is a usage error, never a
    silent default or the current folder. Checked here, for every parameter, so a new option is
    covered without a word of its own."""

    def invoke(self, ctx: click.Context):
        for param in self.get_params(ctx):
            value = ctx.params.get(param.name or "")
            values = value if isinstance(value, tuple) else (value,)
            if any(isinstance(v, str) and not v.strip() for v in values):
                raise click.BadParameter("empty; give a value, or leave it out", ctx=ctx, param=param)
        return super().invoke(ctx)


class _Group(click.Group):
    command_class = _Command


def _project(project_dir: str | None):
    from briefexport.project import Project, ProjectNotFound, find_root

    try:
        return Project.at(project_dir) if project_dir else Project(find_root())
    except ProjectNotFound as exc:
        raise click.UsageError(str(exc)) from None


def _formats(value: str | None) -> list[str] | None:
    if value is None:
        return None
    named = [part.strip().lower() for part in value.split(",") if part.strip()]
    if not named:
        raise click.BadParameter(f"{value!r} names no format", param_hint="'--format' / '-f'")
    return named


def _leaving() -> None:
    """The command's work is done (every output written and renamed into place) and the process
    exits next: the interpreter's last garbage collections would traverse the whole heap (the
    imported libraries, the brand, the parsed briefs) only to drop it. Frozen, they skip it."""
    import gc

    gc.freeze()


def _print_report(report, quiet: bool) -> None:
    for diagnostic in report.sorted():
        if diagnostic.severity == "error" or not quiet:
            click.echo(str(diagnostic), err=True)


class _ProgressLine:
    """A one-line bar on a terminal; otherwise (CI logs) exactly one line per output, numbered 1..N
    as they finish, saying what became of it: `[2/7] pdf/x.pdf` written, `...: up to date`, or
    `...: not built (see the errors below)`; silent with -q."""

    def __init__(self, quiet: bool):
        from briefexport.builder.outcomes import said

        self.quiet, self.said = quiet, said
        self.tty = sys.stderr.isatty()
        self.open = False  # a bar without its newline yet
        self.not_built = 0

    def __call__(self, done: int, total: int, label: str, state: str = "built") -> None:
        self.not_built += state == "not built"
        if self.quiet or total <= 1:
            return
        if self.tty:
            width = 24
            bar = "#" * (width * done // total) + "-" * (width - width * done // total)
            failed = f" ({self.not_built} not built)" if self.not_built else ""
            shown = self.said(label, state)[:48]
            click.echo(f"\r[{bar}] {done}/{total}{failed} {shown:<48}", err=True, nl=done == total)
            self.open = done != total
        else:
            click.echo(f"[{done}/{total}] {self.said(label, state)}", err=True)

    def close(self) -> None:
        if self.open:
            click.echo("", err=True)
            self.open = False


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="briefexport")
def main() -> None:
    """Build print PDFs, EPUB collections, Word drafts and the readers' library from Markdown issue briefs."""


@main.command()
@click.argument("sources", nargs=-1, type=click.Path())
@click.option(
    "--format",
    "-f",
    "formats",
    metavar="LIST",
    help="Comma-separated: pdf,print,docx,epub,html,site (default: all; print only when the brand turns it "
    "on).",
)
@click.option("--out", "-o", type=click.Path(file_okay=False), help="Output folder (default: build/).")
@click.option(
    "--project",
    "-p",
    "project_dir",
    type=click.Path(file_okay=False),
    help="Project root (default: nearest folder with content/).",
)
@click.option(
    "--jobs",
    "-j",
    type=click.IntRange(min=1),
    default=None,
    help="Worker processes (default: number of CPUs).",
)
@click.option("--force", is_flag=True, help="Rebuild every output, even those whose inputs did not change.")
@click.option("--allow-drafts", is_flag=True, help="Build collections with drafts in them (globs too).")
@click.option(
    "--shard",
    metavar="K/N",
    help="Build only share K of N of the sources (by slug), e.g. one machine of a CI matrix.",
)
@click.option("--quiet", "-q", is_flag=True, help="Print errors only.")
@click.option("--debug", is_flag=True, envvar="BRIEFEXPORT_DEBUG", help=DEBUG_HELP)
def build(sources, formats, out, project_dir, jobs, force, allow_drafts, shard, quiet, debug) -> None:
    """Build SOURCES (brief files, collection files, folders; default: all of content/).

    SIGINT, SIGTERM or SIGHUP stop the build and its workers; what was finished is kept and
    recorded, and the exit code is 128 + the signal's number (130, 143, 129)."""
    from briefexport.builder import Busy, Drafts, Options, UsageProblem, run_build
    from briefexport.builder.plan import parse_shard

    project = _project(project_dir)
    progress = _ProgressLine(quiet)
    try:
        options = Options(
            tuple(_formats(formats) or ()),
            Path(out) if out else None,
            jobs,
            force,
            Drafts.allowed(allow_drafts),
            parse_shard(shard) if shard else None,
            stop_signals=True,
            debug=debug,
            progress=progress,
        )
        result = run_build(project, sources, options)
    except UsageProblem as exc:
        raise click.UsageError(str(exc)) from None
    except Busy as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(EXIT_BUSY)
    except KeyboardInterrupt:  # before the build caught signals (still importing)
        sys.exit(128 + 2)
    _leaving()
    progress.close()
    for name, why in [] if quiet else result.removed:
        click.echo(f"removed {name} ({why})", err=True)
    _print_report(result.report, quiet)
    if result.stopped is not None:
        click.echo(f"stopped: {len(result.built)} of {result.planned} built", err=True)
        sys.exit(128 + result.stopped)
    if not quiet:
        not_built = f"{len(result.failed)} not built, " if result.failed else ""
        click.echo(
            f"built {len(result.built)} file(s), {not_built}{len(result.skipped)} up to date, "
            f"{len(result.report.errors)} error(s)",
            err=True,
        )
    sys.exit(EXIT_CONTENT if result.report.errors else 0)


@main.command()
@click.argument("sources", nargs=-1, type=click.Path())
@click.option(
    "--project",
    "-p",
    "project_dir",
    type=click.Path(file_okay=False),
    help="Project root (default: nearest folder with content/).",
)
@click.option(
    "--jobs",
    "-j",
    type=click.IntRange(min=1),
    default=None,
    help="Processes reading the briefs (default: number of CPUs, when there are enough briefs to pay for "
    "them).",
)
@click.option("--allow-drafts", is_flag=True, help="Accept drafts in collections, as build does.")
@click.option("--quiet", "-q", is_flag=True, help="Print errors only.")
def check(sources, project_dir, jobs, allow_drafts, quiet) -> None:
    """Validate SOURCES without rendering anything.

    SIGINT, SIGTERM or SIGHUP stop the check and its workers; the exit code is then 128 + the
    signal's number (130, 143, 129)."""
    from briefexport.builder import Drafts, UsageProblem, run_check

    project = _project(project_dir)
    try:
        checked = run_check(project, sources, Drafts.allowed(allow_drafts), jobs=jobs, stop_signals=True)
    except UsageProblem as exc:
        raise click.UsageError(str(exc)) from None
    except KeyboardInterrupt:  # before the check caught signals (still importing)
        sys.exit(128 + 2)
    if checked.stopped is not None:
        click.echo("stopped: the check did not finish", err=True)
        sys.exit(128 + checked.stopped)
    report = checked.report
    _leaving()
    _print_report(report, quiet)
    if not quiet and not report.errors:
        click.echo("no errors", err=True)
    sys.exit(EXIT_CONTENT if report.errors else 0)


@main.command("import")
@click.argument("draft", type=click.Path(dir_okay=False))
@click.option("--write", is_flag=True, help="Replace the brief (atomically) instead of printing a diff.")
@click.option(
    "--to",
    "to",
    type=click.Path(dir_okay=False),
    help="The brief to update or create (default: the one the draft was made from).",
)
@click.option("--force", is_flag=True, help="Import even though the brief changed after the draft was made.")
@click.option(
    "--accept-changes", is_flag=True, help="Accept tracked changes (insertions kept, deletions dropped)."
)
@click.option(
    "--project",
    "-p",
    "project_dir",
    type=click.Path(file_okay=False),
    help="Project root (default: nearest folder with content/).",
)
def import_(draft, write, to, force, accept_changes, project_dir) -> None:
    """A Word DRAFT back into its brief: prints a diff, or replaces the brief with --write."""
    from briefexport.errors import ContentError
    from briefexport.importer import ImportUsage, import_draft

    project = _project(project_dir)
    try:
        result = import_draft(
            project,
            Path(draft),
            Path(to) if to else None,
            write=write,
            force=force,
            accept_changes=accept_changes,
        )
    except ImportUsage as exc:
        raise click.UsageError(str(exc)) from None
    except ContentError as exc:
        for diagnostic in exc.diagnostics:
            click.echo(str(diagnostic), err=True)
        sys.exit(EXIT_CONTENT)
    _print_report(result.report, quiet=False)
    if result.summary is not None:
        click.echo(result.summary.line(len(result.report.warnings)), err=True)
    shown = {p.path: project.display(p.path) for p in result.pictures}
    if result.written:
        for picture in result.pictures:
            click.echo(f"added {shown[picture.path]}", err=True)
        click.echo(
            f"wrote {result.shown}" if result.old != result.new else f"{result.shown} unchanged", err=True
        )
    else:
        click.echo(result.diff, nl=False)
        for picture in result.pictures:
            click.echo(f"would add {shown[picture.path]} ({len(picture.data) // 1024 + 1} KB)", err=True)
        if result.old == result.new:
            click.echo(f"no changes to {result.shown}", err=True)


@main.command()
@click.argument("directory", default=".", type=click.Path(file_okay=False))
@click.option(
    "--force", is_flag=True, help="Write into a folder that is not empty (existing files are kept)."
)
def init(directory, force) -> None:
    """Write a starter project into DIRECTORY (default: here) that builds as it is."""
    from briefexport.starter import InitProblem
    from briefexport.starter import init as start

    try:
        started = start(Path(directory), force=force)
    except InitProblem as exc:
        raise click.UsageError(str(exc)) from None
    for path in started.kept:
        click.echo(f"kept {path} (already there)", err=True)
    click.echo(
        f"wrote {len(started.written)} file(s) into {directory}; next: cd {directory} && briefexport build",
        err=True,
    )


@main.command()
@click.option(
    "--port",
    type=click.IntRange(min=1, max=65535),
    default=8000,
    show_default=True,
    help="Port on 127.0.0.1 (and [::1]).",
)
@click.option(
    "--project",
    "-p",
    "project_dir",
    type=click.Path(file_okay=False),
    help="Project root (default: nearest folder with content/).",
)
@click.option("--out", "-o", type=click.Path(file_okay=False), help="Output folder (default: build/).")
def serve(port, project_dir, out) -> None:
    """Preview build/site/ on this machine (127.0.0.1, [::1]), rebuilding and reloading on every change."""
    from briefexport.builder import UsageProblem
    from briefexport.serve import PortInUse, Terminated, run

    project = _project(project_dir)
    try:
        run(project, port, Path(out) if out else None, echo=lambda line: click.echo(line, err=True))
    except UsageProblem as exc:
        raise click.UsageError(str(exc)) from None
    except PortInUse as exc:
        click.echo(f"briefexport serve: error: {exc}", err=True)
        sys.exit(EXIT_USAGE)
    except KeyboardInterrupt:
        click.echo("stopped", err=True)
        sys.exit(130)
    except Terminated:
        click.echo("stopped", err=True)
        sys.exit(143)
