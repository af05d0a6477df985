"""brand.yml in its plain forms is read without brand-yml, into exactly the fields brand-yml's
reading gives; every other form is left to brand-yml."""

from __future__ import annotations

import shutil

import pytest
import yaml

from briefexport.writers.shared.brand_full import read_with_brand_yml
from briefexport.writers.shared.brand_plain import read_plain
from conftest import REPO as REPO_ROOT

REPO_BRAND = (REPO_ROOT / "layouts" / "brand.yml").read_text(encoding="utf-8")
STARTER_BRAND = (REPO_ROOT / "src/briefexport/defaults/starter/layouts/brand.yml").read_text(encoding="utf-8")

PLAIN = {
    "the repository's brand": REPO_BRAND,
    "the starter's brand": STARTER_BRAND,
    "a name as one string": REPO_BRAND.replace(
        "  name:\n    full: Meridian Institute for Policy Studies\n    short: Meridian Institute\n",
        "  name: Meridian Institute for Policy Studies\n",
    ),
    "a logo by path": REPO_BRAND.replace(
        "logo:\n  images:\n    mark: logo.svg\n  small: mark\n", "logo:\n  medium: logo.svg\n"
    ),
    "headings as a family": REPO_BRAND.replace(
        "  headings:\n    family: Noto Sans\n    weight: 700\n", "  headings: Noto Sans\n"
    ),
    "hex colours, short and long": REPO_BRAND.replace("  primary: navy\n", '  primary: "#123"\n').replace(
        "  secondary: teal\n", '  secondary: "#a1b2c3"\n'
    ),
    "a home page with a path": REPO_BRAND.replace(
        "https://meridian-institute.example.org", "https://example.org/policy/"
    ),
    "no link, whole line height": REPO_BRAND.replace(
        "  link:\n    home: https://meridian-institute.example.org\n", ""
    ).replace("line-height: 1.5", "line-height: 2"),
    "no typography": REPO_BRAND.split("typography:")[0] + "defaults:" + REPO_BRAND.split("defaults:")[1],
}

DECLINED = {
    "a colour naming another": REPO_BRAND.replace("  secondary: teal\n", "  secondary: primary\n"),
    "a font from a web service": REPO_BRAND.replace("source: file", "source: google", 1),
    "a logo as one string": REPO_BRAND.replace(
        "logo:\n  images:\n    mark: logo.svg\n  small: mark\n", "logo: logo.svg\n"
    ),
    "a weight by name": REPO_BRAND.replace("weight: 700, style: normal", "weight: bold, style: normal", 1),
    "a key brand-yml knows and this does not": REPO_BRAND.replace("color:\n", "color:\n  success: teal\n"),
    "a colour in another notation": REPO_BRAND.replace('"#FFFFFF"', "white"),
}


@pytest.fixture
def brand_dir(tmp_path):
    shutil.copytree(REPO_ROOT / "layouts", tmp_path / "layouts")
    shutil.copytree(REPO_ROOT / "fonts", tmp_path / "fonts")
    return tmp_path / "layouts"


@pytest.mark.parametrize("text", PLAIN.values(), ids=PLAIN.keys())
def test_a_plain_brand_reads_as_brand_yml_reads_it(brand_dir, text):
    path = brand_dir / "brand.yml"
    path.write_text(text, encoding="utf-8")
    plain = read_plain(yaml.safe_load(text))
    assert plain is not None
    assert plain == read_with_brand_yml(path, "layouts/brand.yml")


@pytest.mark.parametrize("text", DECLINED.values(), ids=DECLINED.keys())
def test_other_forms_are_left_to_brand_yml(text):
    assert read_plain(yaml.safe_load(text)) is None


def test_the_repository_brand_is_read_plainly():
    assert read_plain(yaml.safe_load(REPO_BRAND))["primary"] == "#17375E"
