"""The Jinja environment layouts are rendered in: Jinja's sandbox, so a project you did not write
cannot run code, read files or stall a build through its `layouts/`.

- `ImmutableSandboxedEnvironment`: no attribute starting with `_` (no `__globals__`, no
  `__subclasses__`), no method that changes a list or dict, `range()` capped by Jinja.
- Only the globals and filters layouts need: Jinja's default globals (`lipsum`, `cycler`,
  `joiner`, `namespace`, `dict`), whose functions lead to Python's internals, are gone; `range`
  stays. Filters are Jinja's pure ones (no `format`, `center`, `indent`, `wordwrap`, `pprint`,
  `random`, `urlize`) plus ours.
- Numbers that make huge strings are refused: a width or repeat count over `MAX_SIZE` in a call,
  a `*` or `**`, or a format spec (`"{:>300000000}".format(x)`).
- Templates are read only from inside the project's layouts/ or the packaged ones, after
  resolving symlinks (`layouts/site/style.css.j2 -> /etc/passwd` is refused).
- Every template has its own time limit (limits.TEMPLATE_TIME_LIMIT), inside the output's.

Autoescape is on for every template but CSS ones (`*.css.j2`), whose values are brand values
validated when the brand is read (brand_values.py) and strings given through the `css_string`
filter. What a layout writes is checked afterwards too (safety/loads.py): no page or stylesheet
may load anything from elsewhere or run a script.
"""

from __future__ import annotations

import datetime as dt
import operator
import re
from pathlib import Path, PurePath
from string import Formatter

import jinja2
from jinja2.exceptions import SecurityError
from jinja2.sandbox import ImmutableSandboxedEnvironment

from briefexport import limits
from briefexport.errors import ContentError, Diagnostic
from briefexport.project import Project
from briefexport.safety import css
from briefexport.safety.files import Refused, check_file

MAX_SIZE = 100_000  # a width, repeat count or exponent past this is an attack, not a layout

# Jinja's own filters that layouts may use: pure functions of their arguments.
SAFE_FILTERS = [
    "abs",
    "attr",
    "batch",
    "capitalize",
    "count",
    "d",
    "default",
    "dictsort",
    "e",
    "escape",
    "filesizeformat",
    "first",
    "float",
    "forceescape",
    "groupby",
    "int",
    "items",
    "join",
    "last",
    "length",
    "list",
    "lower",
    "map",
    "max",
    "min",
    "reject",
    "rejectattr",
    "replace",
    "reverse",
    "round",
    "safe",
    "select",
    "selectattr",
    "slice",
    "sort",
    "string",
    "striptags",
    "sum",
    "title",
    "tojson",
    "trim",
    "truncate",
    "unique",
    "upper",
    "urlencode",
    "wordcount",
    "xmlattr",
]

_NUMBER = re.compile(r"\d+")


def _check_format(spec: str) -> None:
    """Refuse a format string whose widths or precisions would make a huge string."""
    for _, _, format_spec, _ in Formatter().parse(spec):
        if format_spec:
            if any(int(n) > MAX_SIZE for n in _NUMBER.findall(format_spec)):
                raise SecurityError(f"format width over {MAX_SIZE}")
            _check_format(format_spec)


def _check_size(value: object) -> None:
    if isinstance(value, int) and not isinstance(value, bool) and abs(value) > MAX_SIZE:
        raise SecurityError(f"number {value} is over {MAX_SIZE}: refused in a layout")


# What a layout may call: methods of plain values (`"{n}".format(...)`, `date.isoformat()`,
# `dict.items()`) and Jinja's own callables (macros, `super()`, `loop.cycle`, `range`). Never a
# method of the objects the writers pass (a Path's `read_text` or `write_text`, a model's).
_SAFE_OWNERS = (str, int, float, bool, dict, list, tuple, set, frozenset, dt.date, dt.time)
_PATH_ATTRIBUTES = frozenset({"name", "stem", "suffix"})


def _jinja_own(value: object) -> bool:
    return (getattr(type(value), "__module__", "") or "").startswith("jinja2.") or (
        getattr(value, "__module__", "") or ""
    ).startswith("jinja2.")


class LayoutEnvironment(ImmutableSandboxedEnvironment):
    intercepted_binops = frozenset({"*", "**", "%"})

    def is_safe_attribute(self, obj, attr, value) -> bool:
        if isinstance(obj, PurePath) and attr not in _PATH_ATTRIBUTES:
            return False  # a path's name only: never open, read_text, write_text, parent, resolve
        return super().is_safe_attribute(obj, attr, value)

    def is_safe_callable(self, obj) -> bool:
        if not super().is_safe_callable(obj):
            return False
        wrapped = getattr(obj, "__wrapped__", None)
        if wrapped is not None:  # str.format, wrapped by the sandbox's own formatter
            return self.is_safe_callable(wrapped)
        owner = getattr(obj, "__self__", None)
        if owner is not None and not isinstance(owner, type(operator)):  # a bound method
            return isinstance(owner, _SAFE_OWNERS) or _jinja_own(owner)
        return _jinja_own(obj)

    def call(__self, __context, __obj, *args, **kwargs):  # noqa: N805 (Jinja's own signature)
        if isinstance(getattr(__obj, "__self__", None), str):  # "x".center(10**9), .zfill, .ljust...
            for value in (*args, *kwargs.values()):
                _check_size(value)
        return super().call(__context, __obj, *args, **kwargs)

    def call_binop(self, context, operator_name: str, left, right):
        if operator_name == "*" and (
            isinstance(left, str | list | tuple) or isinstance(right, str | list | tuple)
        ):
            _check_size(right if isinstance(left, str | list | tuple) else left)
        if operator_name == "**":
            _check_size(right)
        if (
            operator_name == "%"
            and isinstance(left, str)
            and ("*" in left or any(int(n) > MAX_SIZE for n in _NUMBER.findall(left)))
        ):
            raise SecurityError("%-format with a large or `*` width is refused in a layout")
        return {"*": operator.mul, "**": operator.pow, "%": operator.mod}[operator_name](left, right)

    def wrap_str_format(self, value):
        wrapped = super().wrap_str_format(value)
        if wrapped is None:
            return None
        _check_format(value.__self__)
        return wrapped


class LayoutLoader(jinja2.FileSystemLoader):
    """The user's layouts/ over the packaged ones, each template read only when its resolved path
    is inside the project's folders (safety.files)."""

    def __init__(self, dirs: list[Path], project: Project):
        super().__init__([str(d) for d in dirs])
        self.project = project

    def get_source(self, environment, template):
        source, filename, uptodate = super().get_source(environment, template)
        try:
            check_file(Path(filename), self.project)
        except Refused:
            raise jinja2.TemplateNotFound(
                template, f"layouts/{template} leads outside the project (a symlink?): it is not read"
            ) from None
        return source, filename, uptodate


def environment(dirs: list[Path], project: Project, filters: dict) -> LayoutEnvironment:
    env = LayoutEnvironment(
        loader=LayoutLoader(dirs, project),
        autoescape=lambda name: not (name or "").endswith(".css.j2"),  # escape all HTML/XHTML/XML
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.globals = {"range": env.globals["range"]}
    env.filters = {name: env.filters[name] for name in SAFE_FILTERS}
    env.filters.update(filters, css_string=css.css_string)
    return env


def render(env: LayoutEnvironment, project: Project, template: str, context: dict) -> str:
    """`template` rendered with `context` within limits.TEMPLATE_TIME_LIMIT; every problem (syntax,
    an undefined name, what the sandbox refuses, an error at run time, the time limit) a
    ContentError located in the template file (and line) where it happened."""
    limit = None
    try:
        with limits.time_limit(limits.TEMPLATE_TIME_LIMIT) as limit:
            return env.get_template(template).render(**context)
    except limits.TimeLimitExceeded as exc:
        if exc.limit is not limit:
            raise
        shown, line = _frame(env, project, template, exc)
        message = f"template: took longer than {limits.TEMPLATE_TIME_LIMIT} s and was stopped"
        raise ContentError(Diagnostic(shown, line, 1, message, "look for a loop that never ends")) from None
    except jinja2.TemplateSyntaxError as exc:
        shown = project.display(exc.filename) if exc.filename else f"layouts/{template}"
        raise ContentError(Diagnostic(shown, exc.lineno or 1, 1, f"template: {exc.message}")) from None
    except jinja2.TemplateNotFound as exc:
        message = exc.message if exc.message and "outside" in exc.message else f"no template `{exc.name}`"
        raise ContentError(
            Diagnostic(*_frame(env, project, template, exc), 1, f"template: {message}")
        ) from None
    except ContentError:
        raise
    except (Exception, RecursionError) as exc:  # the sandbox's SecurityError, UndefinedError, TypeError...
        message = exc.message if isinstance(exc, jinja2.TemplateError) and exc.message else str(exc)
        hint = (
            "layouts are rendered in a sandbox: no `_` attributes, no changing lists or dicts, no "
            "Python internals"
            if isinstance(exc, SecurityError)
            else None
        )
        shown, line = _frame(env, project, template, exc)
        raise ContentError(
            Diagnostic(shown, line, 1, f"template: {type(exc).__name__}: {message[:300]}", hint)
        ) from None


def _frame(env: LayoutEnvironment, project: Project, template: str, exc: BaseException) -> tuple[str, int]:
    """The template file and line an error happened in, else the template's own file, line 1.
    Jinja rewrites the traceback of an error to template lines; a time limit (not an Exception)
    passes by that, so its lines are mapped back here through the template's debug info."""
    found = None
    trace = exc.__traceback__
    while trace is not None:
        name = trace.tb_frame.f_code.co_filename
        if name.endswith(".j2"):
            compiled = trace.tb_frame.f_globals.get("__jinja_template__")
            line = compiled.get_corresponding_lineno(trace.tb_lineno) if compiled else trace.tb_lineno
            found = (project.display(name), line)
        trace = trace.tb_next
    return found or where(env, template, "")


_NEEDLES = re.compile(r"[a-z]+://[^\s\"'`)]+|<[a-z]+|\bon[a-z]+\b|javascript:|srcset|@import|http-equiv")


def needle(problem: str) -> str:
    """What to look for in a template's source to find the line a refused `problem` came from."""
    found = _NEEDLES.search(problem)
    return found.group(0) if found else problem


def where(env: LayoutEnvironment, template: str, wanted: str) -> tuple[str, int]:
    """The file of `template` as users see it, and the first line holding `wanted` (1 if none)."""
    loader = env.loader
    assert isinstance(loader, LayoutLoader)
    for directory in loader.searchpath:
        path = Path(directory) / template
        if path.is_file():
            try:
                lines = (
                    check_file(path, loader.project).read_text(encoding="utf-8").splitlines()
                    if wanted
                    else []
                )
            except (OSError, UnicodeError, Refused):
                lines = []
            line = next(
                (n for n, text in enumerate(lines, 1) if wanted and wanted.lower() in text.lower()), 1
            )
            return loader.project.display(path), line
    return f"layouts/{template}", 1
