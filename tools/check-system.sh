#!/usr/bin/env bash
# System libraries briefexport needs and pip cannot install. Checked before every build and
# test run: missing ones are installed when we are root with apt, otherwise we stop with the
# exact command to run. Usage: tools/check-system.sh [--test]
set -euo pipefail

need=()
libs=$(ldconfig -p 2>/dev/null || true)  # read once: `ldconfig -p | grep -q` fails under pipefail (SIGPIPE)
have_lib() { grep -qF "$1" <<<"$libs"; }
have_lib 'libpango-1.0.so.0' || need+=(libpango-1.0-0)
have_lib 'libpangoft2-1.0.so.0' || need+=(libpangoft2-1.0-0)
# Without HarfBuzz-Subset WeasyPrint silently falls back to a font subsetter 2-3x slower.
have_lib 'libharfbuzz-subset.so.0' || need+=(libharfbuzz-subset0)
have_lib 'libcairo.so.2' || need+=(libcairo2)  # CairoSVG: PNG fallbacks of SVG pictures in Word drafts
if [[ "${1:-}" == "--test" ]]; then
  command -v java >/dev/null 2>&1 || need+=(default-jre-headless)   # EPUBCheck
  command -v qpdf >/dev/null 2>&1 || need+=(qpdf)                   # qpdf --check in the PDF tests
  command -v pdftoppm >/dev/null 2>&1 || need+=(poppler-utils)      # the print edition's sheet; fonts LibreOffice embeds from a DOCX
  command -v node >/dev/null 2>&1 || need+=(nodejs)                 # Ace by DAISY (EPUB accessibility)
  command -v npm >/dev/null 2>&1 || need+=(npm)                     # installs Ace (tools/ace/) and axe-core (tests/.vendor/)
  command -v chromium >/dev/null 2>&1 || need+=(chromium)           # the browser Ace and the site's tests (Playwright) drive
  # LibreOffice opens every DOCX in the tests and re-saves Word drafts in the import tests
  command -v soffice >/dev/null 2>&1 || need+=(libreoffice-writer-nogui)
fi

((${#need[@]})) || exit 0
if [[ $(id -u) == 0 ]] && command -v apt-get >/dev/null 2>&1; then
  echo "briefexport: installing missing system packages: ${need[*]}" >&2
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >&2
else
  echo "briefexport: missing system packages. Install them with:" >&2
  echo "  sudo apt-get install ${need[*]}" >&2
  exit 1
fi
