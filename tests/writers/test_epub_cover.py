"""The EPUB's generated cover is drawn from the project's brand: its logo (SVG or raster) and name at
the top, its colours; no mark of another institute (the sample's globe, once drawn in code on
every cover). A changed logo draws a new cover, the same bytes as one drawn without a cache."""

from __future__ import annotations

import io
import shutil
import zipfile
from pathlib import Path

import pytest
from PIL import Image

from briefexport.builder import build
from briefexport.project import DEFAULTS_DIR
from briefexport.writers.epub import cover as epub_cover
from conftest import ROOTS, copy_project

pytestmark = pytest.mark.slow  # an EPUB built per test

RED = (224, 48, 16)
SQUARE = (
    b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10">'
    b'<rect width="10" height="10" fill="#E03010"/></svg>'
)
NAVY = (27, 58, 92)  # the packaged brand's primary colour: the cover's background


def project_with_logo(root: Path, logo: bytes, name: str = "logo.svg"):
    project = copy_project(root / "project", ROOTS / "only-content", with_layouts=False)
    layouts = project.root / "layouts"
    layouts.mkdir()
    brand = (DEFAULTS_DIR / "layouts" / "brand.yml").read_text(encoding="utf-8")
    (layouts / "brand.yml").write_text(brand.replace("mark: logo.svg", f"mark: {name}"), encoding="utf-8")
    (layouts / name).write_bytes(logo)
    (project.content / "collections").mkdir()
    (project.content / "collections" / "ferries.yaml").write_text(
        "title: Ferries\nbriefs: [ferry-charging]\n", encoding="utf-8"
    )
    return project


def cover_of(project, out: Path) -> Image.Image:
    result = build(project, formats=["epub"], out=out)
    assert result.ok, [str(d) for d in result.report.errors]
    with zipfile.ZipFile(out / "epub" / "ferries.epub") as book:
        return Image.open(io.BytesIO(book.read("EPUB/images/cover.png"))).convert("RGB")


def share(image: Image.Image, box: tuple[float, float, float, float], colour) -> float:
    """The share of the pixels in `box` (fractions of the width and height) that are `colour`."""
    width, height = image.size
    region = image.crop(
        (round(box[0] * width), round(box[1] * height), round(box[2] * width), round(box[3] * height))
    )
    pixels = region.tobytes()
    count = sum(1 for i in range(0, len(pixels), 3) if tuple(pixels[i : i + 3]) == colour)
    return count / (region.width * region.height)


# the logo's square: 0.09 of the width from the left, 0.06 of the height from the top, 0.1 wide
LOGO = (0.095, 0.065, 0.18, 0.115)
# where the globe crossed, between the label and the title, on the right
GLOBE = (0.6, 0.25, 1.0, 0.34)


@pytest.mark.parametrize("kind", ["svg", "png"])
def test_the_cover_carries_the_brands_logo_and_no_other_mark(tmp_path, kind):
    if kind == "svg":
        logo, name = SQUARE, "logo.svg"
    else:
        picture = io.BytesIO()
        Image.new("RGB", (40, 40), RED).save(picture, format="PNG")
        logo, name = picture.getvalue(), "logo.png"
    image = cover_of(project_with_logo(tmp_path, logo, name), tmp_path / "out")
    assert share(image, LOGO, RED) > 0.95
    assert share(image, GLOBE, NAVY) == 1.0  # nothing drawn there: the brand's background


def test_a_changed_logo_draws_a_new_cover_the_same_as_without_a_cache(tmp_path):
    project = project_with_logo(tmp_path, SQUARE)
    before = cover_of(project, tmp_path / "out")
    (project.root / "layouts" / "logo.svg").write_bytes(SQUARE.replace(b"#E03010", b"#10E030"))
    after = cover_of(project, tmp_path / "out")
    assert share(after, LOGO, (16, 224, 48)) > 0.95 and share(before, LOGO, (16, 224, 48)) == 0
    assert len(list((tmp_path / "out" / ".cache" / epub_cover.COVERS).iterdir())) == 2
    shutil.rmtree(tmp_path / "out" / ".cache")
    fresh = cover_of(project, tmp_path / "fresh")
    assert fresh.tobytes() == after.tobytes()


def test_without_a_logo_the_cover_names_the_institute_alone(tmp_path):
    # (a logo the picture rule refuses is now a located error where brand.yml is read: test_hostile_files)
    project = project_with_logo(tmp_path, SQUARE)
    brand = project.root / "layouts" / "brand.yml"
    brand.write_text(
        brand.read_text(encoding="utf-8").replace("logo:\n  images:\n    mark: logo.svg\n  small: mark\n", "")
    )
    assert "logo" not in brand.read_text(encoding="utf-8").split("color:")[0]
    image = cover_of(project, tmp_path / "out")
    assert share(image, LOGO, NAVY) < 1.0  # the name, set where the logo would be
    assert share(image, GLOBE, NAVY) == 1.0
