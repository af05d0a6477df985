"""A project's layouts and brand are as hostile as its content: templates run in Jinja's sandbox
(no code, no file read or written, no endless loop), what they write loads nothing from elsewhere,
and every value of brand.yml is checked where it is read, each mistake located at
`layouts/brand.yml:LINE:COL`, by `check` as by every writer."""

from __future__ import annotations

import pytest

from briefexport import limits
from briefexport.builder import build, check
from safety.hostile import (  # noqa: F401  fixtures: server, outside
    CANARY,
    assert_located,
    assert_no_canary,
    diagnostics_of,
    load_root,
    outside,
    server,
)

# --- templates: the sandbox -----------------------------------------------------------------------

# Each tries to create the marker file (or read a file) from a layout template.
ESCAPES = {
    "cycler globals": '{{ cycler.__init__.__globals__.os.popen("touch @MARKER@").read() }}',
    "lipsum globals": "{{ lipsum.__globals__['os'].system('touch @MARKER@') }}",
    "open via builtins": "{{ lipsum.__globals__['__builtins__']['open']('@MARKER@', 'w') }}",
    "subclasses": "{{ ''.__class__.__mro__[1].__subclasses__() }}",
    "self globals": "{{ self.__init__.__globals__.__builtins__.open('@MARKER@', 'w') }}",
    "range globals": "{{ range.__globals__ }}",
    "namespace": "{% set ns = namespace() %}{{ ns }}",
    "a path's write_text": "{{ brief.path.write_text('x') }}{{ brief.path.parent.parent.parent }}",
    "a path's read_text": "{{ brief.path.read_text() }}",
    "a model's method": "{{ meta.model_copy() }}",
    "a mutating method": "{{ labels.update({'x': 1}) }}",
    "attr filter to globals": "{{ (lipsum | attr('__globals__')) }}",
    "huge format width": "{{ '{:>300000000}'.format(1) }}",
    "huge repeat": "{{ 'x' * 300000000 }}",
    "huge power": "{{ 10 ** 100000000 }}",
    "huge center": "{{ 'x'.center(300000000) }}",
    "percent width": "{{ '%300000000d' % 1 }}",
}


def _layout_project(root, template: str, body: str):
    project = load_root("hostile-build", root, PORT="1")
    path = project.root / "layouts" / template
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(body, encoding="utf-8")
    return project


@pytest.mark.parametrize("case", list(ESCAPES))
def test_a_template_cannot_run_code_touch_files_or_make_huge_strings(tmp_path, case):
    marker = tmp_path / "MARKER"
    body = "<html><body>\n" + ESCAPES[case].replace("@MARKER@", str(marker)) + "\n</body></html>\n"
    project = _layout_project(tmp_path / "project", "pdf/brief.html.j2", body)
    result = build(project, [project.briefs_dir / "other.md"], formats=["html"], out=tmp_path / "out", jobs=1)
    errors = diagnostics_of(result.report)
    assert len(errors) == 1, errors
    assert errors[0].startswith("layouts/pdf/brief.html.j2:2:1: error: template: "), errors
    assert not marker.exists()
    assert not (tmp_path / "out/html/other.html").exists()


def test_a_template_that_loops_for_ever_is_stopped_by_its_own_limit(tmp_path, monkeypatch):
    monkeypatch.setattr(limits, "TEMPLATE_TIME_LIMIT", 1)
    loop = "{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}"
    project = _layout_project(tmp_path / "project", "site/index.html.j2", f"<p>\n{loop}\n</p>\n")
    result = build(project, formats=["site"], out=tmp_path / "out", jobs=1)
    errors = [e for e in diagnostics_of(result.report) if "index.html.j2" in e]
    assert errors == [
        "layouts/site/index.html.j2:2:1: error: template: took longer than 1 s and was stopped "
        "(look for a loop that never ends)"
    ]
    assert not (tmp_path / "out/site/index.html").exists()


LOADS = {
    "remote picture": '<img src="http://127.0.0.1:@PORT@/x.png" alt="">',
    "script": "<script>fetch('http://127.0.0.1:@PORT@/s')</script>",
    "protocol-relative stylesheet": '<link rel="stylesheet" href="//127.0.0.1:@PORT@/x.css">',
    "style attribute": '<p style="background: u\\72l(http://127.0.0.1:@PORT@/p.png)">x</p>',
    "style element": "<style>@import 'http://127.0.0.1:@PORT@/i.css';</style>",
    "event handler": '<p onclick="x()">x</p>',
    "javascript link": '<a href="javascript:alert(1)">x</a>',
    "iframe": '<iframe src="about:blank"></iframe>',
    "refresh": '<meta http-equiv="refresh" content="0; url=http://127.0.0.1:@PORT@/r">',
    "srcset": '<img srcset="http://127.0.0.1:@PORT@/1.png 1x" alt="">',
    "svg use": '<svg><use href="http://127.0.0.1:@PORT@/u.svg#a"/></svg>',
    "base": '<base href="http://127.0.0.1:@PORT@/">',
}


@pytest.mark.parametrize("case", list(LOADS))
def test_a_site_template_that_would_load_from_elsewhere_is_a_located_error(tmp_path, server, case):
    tag = LOADS[case].replace("@PORT@", str(server.server_port))
    page = '{% extends "site/base.html.j2" %}\n{% block main %}\n' + tag + "\n{% endblock %}\n"
    project = _layout_project(tmp_path / "project", "site/author.html.j2", page)
    result = build(project, formats=["site"], out=tmp_path / "out", jobs=1)
    errors = diagnostics_of(result.report)
    assert errors and all(
        e.startswith("layouts/site/author.html.j2:3:1: error: template: refused") for e in errors
    )
    assert not list((tmp_path / "out/site/authors").rglob("*.html"))
    assert (tmp_path / "out/site/index.html").is_file()  # the other pages are fine
    assert server.connections == 0


def test_a_stylesheet_template_that_would_load_from_elsewhere_is_a_located_error(tmp_path, server):
    port = server.server_port
    css = f"body {{ color: red; }}\n.x {{ background: url('http://127.0.0.1:{port}/bg.png'); }}\n"
    project = _layout_project(tmp_path / "project", "site/style.css.j2", css)
    result = build(project, formats=["site"], out=tmp_path / "out", jobs=1)
    errors = [e for e in diagnostics_of(result.report) if "style.css.j2" in e]
    assert len(errors) == 1 and errors[0].startswith(
        "layouts/site/style.css.j2:2:1: error: template: refused"
    )
    assert not (tmp_path / "out/site/style.css").exists()


def test_a_template_symlinked_outside_the_project_is_not_read(tmp_path, outside):
    project = load_root("hostile-build", tmp_path / "project", PORT="1")
    (outside / "style.css.j2").write_text(f"/* {CANARY} */ body {{ color: red; }}\n", encoding="utf-8")
    (project.root / "layouts/site").mkdir(parents=True)
    (project.root / "layouts/site/style.css.j2").symlink_to(outside / "style.css.j2")
    result = build(project, formats=["site"], out=tmp_path / "out", jobs=1)
    errors = [e for e in diagnostics_of(result.report) if "style.css.j2" in e]
    assert errors and "leads outside the project" in errors[0]
    assert_located(errors)
    assert_no_canary(tmp_path / "out")


# --- brand.yml: every value checked where it is read ------------------------------------------------

BRAND = {  # case -> (what brand.yml says, what it says instead, the error)
    "family breaks out of a CSS rule": (
        "    family: Noto Serif\n    size",
        "    family: 'Noto Serif\", serif; } @media screen { html { background-image: "
        "url(http://127.0.0.1:1/x) } } x { a: \"'\n    size",
        '42:13: error: brand.yml: family `Noto Serif", serif; } @media screen',
    ),
    "family closes the style element": (
        "    family: Noto Serif\n    size",
        "    family: '</style><script>alert(1)</script>'\n    size",
        "42:13: error: brand.yml: family `</style><script>",
    ),
    "line height that hangs the layout": (
        "line-height: 1.5",
        "line-height: 1e308",
        "44:18: error: brand.yml: line-height `1e+308` should be a number between 0.8 and 3",
    ),
    "base size": (
        "size: 10.5pt",
        "size: 1000pt",
        "43:11: error: brand.yml: size `1000pt` should be a length",
    ),
    "home page": (
        "home: https://sandbox.example.org",
        "home: 'javascript:alert(1)'",
        "7:11: error: brand.yml: ",
    ),
}


def _brand_project(root, replace: tuple[str, str]):
    project = load_root("hostile-build", root, PORT="1")
    brand = project.root / "layouts/brand.yml"
    text = brand.read_text(encoding="utf-8")
    assert replace[0] in text
    brand.write_text(text.replace(replace[0], replace[1], 1), encoding="utf-8")
    return project


COLOURS = {
    '"red; } @media screen { html { background: url(http://127.0.0.1:1/c) } } x {"': "not a CSS colour",
    '"#1F4D3"': "not a CSS colour",
    '"rgb(0 0 0 / 50%)"': "must be opaque",
    "currentcolor": "not a CSS colour",
}


@pytest.mark.parametrize("value", list(COLOURS))
def test_a_colour_is_a_css_colour_or_a_located_error_at_check(tmp_path, value):
    project = _brand_project(tmp_path / "project", ('primary: "oklch(0.45 0.1 250)"', f"primary: {value}"))
    errors = diagnostics_of(check(project))
    assert len(errors) == 1, errors
    assert errors[0].startswith("layouts/brand.yml:9:12: error: brand.yml: color primary ")
    assert COLOURS[value] in errors[0]
    result = build(project, formats=["pdf", "html", "epub", "docx", "site"], out=tmp_path / "out", jobs=1)
    assert errors[0] in diagnostics_of(result.report)
    assert not [
        p for p in (tmp_path / "out").rglob("*") if p.suffix in (".pdf", ".html", ".epub", ".docx", ".css")
    ]


@pytest.mark.parametrize("case", list(BRAND))
def test_brand_values_that_would_add_css_or_markup_or_hang_are_located_errors(tmp_path, case):
    old, new, expected = BRAND[case]
    project = _brand_project(tmp_path / "project", (old, new))
    errors = diagnostics_of(check(project))
    assert len(errors) == 1, errors
    assert errors[0].startswith("layouts/brand.yml:" + expected), errors[0]


COPYRIGHTS = {
    '"© {year} {institute} {0}"': "`{0}` is not a field of the copyright line",
    '"{nope}"': "`{nope}` is not a field of the copyright line",
    '"{year:>300000000}"': "`{year:>300000000}`: a field takes no format",
    '"{year!r}"': "`{year!r}`: a field takes no format",
    '"{year.real}"': "`{year.real}` is not a field",
    '"© {year"': "expected '}' before end of string",
}


@pytest.mark.parametrize("value", list(COPYRIGHTS))
def test_a_copyright_template_with_other_fields_or_formats_is_a_located_error(tmp_path, value):
    project = _brand_project(
        tmp_path / "project",
        ('copyright: "© {year} {institute}. {{All rights reserved.}}"', f"copyright: {value}"),
    )
    errors = diagnostics_of(check(project))
    assert len(errors) == 1, errors
    assert errors[0].startswith("layouts/brand.yml:49:16: error: brand.yml: copyright: "), errors[0]
    assert COPYRIGHTS[value] in errors[0]


def test_the_copyright_line_prints_its_literal_braces(tmp_path):
    project = load_root("hostile-build", tmp_path / "project", PORT="1")
    result = build(project, [project.briefs_dir / "other.md"], formats=["html"], out=tmp_path / "out", jobs=1)
    assert result.ok
    assert "Sandbox Institute. {All rights reserved.}" in (tmp_path / "out/html/other.html").read_text()


def test_unknown_keys_in_our_part_and_in_brand_ymls_are_located_with_did_you_mean(tmp_path):
    project = _brand_project(
        tmp_path / "project", ("    series: Sandbox Brief", "    seris: Sandbox Brief\n    adress: x")
    )
    assert diagnostics_of(check(project)) == [
        "layouts/brand.yml:50:5: error: brand.yml: unknown key `seris` in `defaults: briefexport:` "
        "(did you mean `series`?)",
        "layouts/brand.yml:51:5: error: brand.yml: unknown key `adress` in `defaults: briefexport:` "
        "(did you mean `address`?)",
    ]
    project = _brand_project(
        tmp_path / "other", ("color:\n  primary", "colr:\n  x: 1\ncolor:\n  primry: red\n  primary")
    )
    assert diagnostics_of(check(project)) == [
        "layouts/brand.yml:8:1: error: brand.yml: unknown key `colr` (did you mean `color`?)",
        "layouts/brand.yml:11:3: error: brand.yml: unknown key `primry` (did you mean `primary`?)",
    ]


def test_strings_that_reach_css_are_escaped_for_css_and_for_a_style_element():
    import tinycss2

    from briefexport.safety.css import css_string

    hostile = 'a"; } @import url(http://127.0.0.1:1/x); x { b: "</style><script>'
    written = f"p {{ content: {css_string(hostile)}; }}"
    assert "</style" not in written and "<script" not in written
    (rule,) = tinycss2.parse_stylesheet(written, skip_whitespace=True)
    tokens = [t for t in rule.content if t.type not in ("whitespace", "literal")]
    assert [t.type for t in tokens] == ["ident", "string"] and tokens[1].value == hostile
    assert css_string("Nanum Myeongjo · 한국") == '"Nanum Myeongjo · 한국"'  # letters as they are


def test_briefexport_settings_written_at_the_top_of_brand_yml_are_said_to_belong_under_defaults(tmp_path):
    project = _brand_project(
        tmp_path / "project", ("color:\n  primary", "seris: Policy Brief\ncolor:\n  primary")
    )
    assert diagnostics_of(check(project)) == [
        "layouts/brand.yml:8:1: error: brand.yml: unknown key `seris` "
        "(`series:` belongs under `defaults: briefexport:`)"
    ]
