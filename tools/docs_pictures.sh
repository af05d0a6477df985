#!/usr/bin/env bash
# The pictures in docs/ that the README shows, from a fresh build of the sample content (`make`
# first): page 1 of the screen PDF (English, Korean, French, Arabic), of the print edition (A4, and US
# Letter from a copy of the project with `paper: letter`), of a Word draft as LibreOffice renders it
# (English, Arabic), the readers' library and an EPUB chapter in Chromium (tools/site_screenshots.py,
# the Arabic web edition at 375 px included); and for figures, tables, boxes and cross-references
# pages 1-2 of the storage brief's screen PDF and of its Word draft in LibreOffice, side by side.
# Usage: tools/docs_pictures.sh
set -euo pipefail
cd "$(dirname "$0")/.."
export SOURCE_DATE_EPOCH=1790000000
page1() {  # page1 PDF PNG DPI: the first page of PDF as PNG, at DPI
  pdftoppm -r "$3" -f 1 -l 1 -singlefile -png "$1" "${2%.png}"
}
pages12() {  # pages12 PDF PNG DPI: pages 1 and 2 of PDF side by side, as PNG, at DPI
  pdftoppm -r "$3" -f 1 -l 2 -png "$1" "$scratch/pages"
  .venv/bin/python -c 'import sys; from PIL import Image
a, b = (Image.open(p) for p in sys.argv[1:3]); out = Image.new("RGB", (a.width + b.width + 12, max(a.height, b.height)), "#d9dde2")
out.paste(a, (0, 0)); out.paste(b, (a.width + 12, 0)); out.save(sys.argv[3], optimize=True)' "$scratch"/pages-1.png "$scratch"/pages-2.png "$2"
  rm -f "$scratch"/pages-*.png
}
page1 build/pdf/grid-storage-auctions.pdf docs/pdf-page1-en.png 60
page1 build/pdf/grid-storage-auctions-ko.pdf docs/pdf-page1-ko.png 60
page1 build/pdf/harbour-electrification-fr.pdf docs/pdf-page1-fr.png 60
page1 build/pdf/maritime-chokepoints-ar.pdf docs/pdf-page1-ar.png 60
page1 build/print/grid-storage-auctions.pdf docs/print-page1-a4.png 60

scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
cp -r content layouts "$scratch/"
sed -i 's/^    paper: a4\b.*/    paper: letter/' "$scratch/layouts/brand.yml"
grep -q '^    paper: letter' "$scratch/layouts/brand.yml" || { echo "brand.yml has no 'paper: a4' line to change" >&2; exit 1; }
.venv/bin/briefexport build -q --project "$scratch" --out "$scratch/build" --format print "$scratch/content/briefs/grid-storage-auctions.md"
page1 "$scratch/build/print/grid-storage-auctions.pdf" docs/print-page1-letter.png 60

soffice --headless --convert-to pdf --outdir "$scratch" build/docx/ageing-workforce-automation.docx >/dev/null 2>&1
page1 "$scratch/ageing-workforce-automation.pdf" docs/docx-page1.png 60
soffice --headless --convert-to pdf --outdir "$scratch" build/docx/maritime-chokepoints-ar.docx >/dev/null 2>&1
page1 "$scratch/maritime-chokepoints-ar.pdf" docs/docx-page1-ar.png 60

pages12 build/pdf/grid-storage-auctions.pdf docs/figures-pdf.png 60
soffice --headless --convert-to pdf --outdir "$scratch" build/docx/grid-storage-auctions.docx >/dev/null 2>&1
pages12 "$scratch/grid-storage-auctions.pdf" docs/figures-docx.png 60

.venv/bin/python tools/site_screenshots.py
echo "docs/: pictures made; look at them before committing" >&2
