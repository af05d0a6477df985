#!/usr/bin/env bash
# Remakes src/briefexport/defaults/layouts/print/FOGRA39L_coated.icc, the print edition's default
# output intent, from the FOGRA39L characterization data in Debian's icc-profiles-free (zlib
# licence) with ArgyllCMS. Run by hand, once; builds use the committed profile and need neither
# package. Takes about two minutes.
set -euo pipefail
cd "$(dirname "$0")/.."
for pkg in argyll icc-profiles-free; do
  dpkg -s "$pkg" >/dev/null 2>&1 || { echo "needs: apt-get install argyll icc-profiles-free" >&2; exit 1; }
done
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp /usr/share/color/icc/FOGRA39L.ti3 "$work/"
# -l 330: FOGRA39's total ink limit; -k r: black generation ramp; -S: perceptual and saturation
# tables gamut-mapped from sRGB, the colour space the print edition's RGB content is tagged with.
(cd "$work" && colprof -qm -nc -l 330 -k r -S /usr/share/color/icc/sRGB.icc -A briefexport \
  -D "Coated FOGRA39 (ISO 12647-2:2004), ArgyllCMS profile of FOGRA39L data" \
  -C "Profile data: FOGRA39L characterization via icc-profiles-free (Zlib, Kai-Uwe Behrmann); made with ArgyllCMS colprof" \
  FOGRA39L)
cp "$work/FOGRA39L.icc" src/briefexport/defaults/layouts/print/FOGRA39L_coated.icc
echo "wrote src/briefexport/defaults/layouts/print/FOGRA39L_coated.icc"
