#!/usr/bin/env bash
# Renders the sample report's Word export to PNG pages with LibreOffice, to look at the layout
# (run by `make preview-docx`; not part of `make test`). Installs LibreOffice Writer, poppler and
# free CJK fonts from Debian when missing; the official 方正/仿宋_GB2312 fonts are never bundled,
# so the preview substitutes look-alikes — line and character counts do not depend on the font.
set -euo pipefail
cd "$(dirname "$0")/.."

need=()
command -v libreoffice >/dev/null || need+=(libreoffice-writer-nogui)
command -v pdftoppm >/dev/null || need+=(poppler-utils)
fc-list :lang=zh | grep -q . || need+=(fonts-noto-cjk fonts-arphic-ukai fonts-arphic-uming)
if ((${#need[@]})); then
  # A fresh machine has no package lists; only fetch them when something must be installed.
  ls /var/lib/apt/lists/*_Packages >/dev/null 2>&1 || apt-get update
  DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "${need[@]}"
fi

out=target/preview
rm -rf "$out" && mkdir -p "$out"
cargo test --quiet --test docx -- --ignored write_sample_docx
# Map the official font names to installed look-alikes, for this LibreOffice run only.
alias() { echo "<alias binding=\"same\"><family>$1</family><prefer><family>$2</family></prefer></alias>"; }
{
  echo '<?xml version="1.0"?><!DOCTYPE fontconfig SYSTEM "fonts.dtd"><fontconfig>'
  echo '<include ignore_missing="yes">/etc/fonts/fonts.conf</include>'
  alias 仿宋_GB2312 "Noto Serif CJK SC"
  alias 方正小标宋简体 "Noto Serif CJK SC"
  alias 黑体 "Noto Sans CJK SC"
  alias 楷体_GB2312 "AR PL UKai CN"
  alias 宋体 "Noto Serif CJK SC"
  alias "Times New Roman" "Liberation Serif"
  echo '</fontconfig>'
} >"$out/fonts.conf"
export FONTCONFIG_FILE="$PWD/$out/fonts.conf"
# A private profile directory: no interference with (or from) a running LibreOffice.
libreoffice -env:UserInstallation="file://$PWD/$out/lo-profile" --headless \
  --convert-to pdf --outdir "$out" "$out/sample.docx" >/dev/null
pdftoppm -png -r 80 "$out/sample.pdf" "$out/page"
# pdftoppm pads page numbers to the page count's width (page-1 or page-01): normalise.
for f in "$out"/page-*.png; do
  n=${f##*-}; n=${n%.png}; mv -f "$f" "$out/page-$((10#$n)).png" 2>/dev/null || true
done
mkdir -p docs && cp "$out/page-1.png" docs/preview-page1.png

# Lines per page and characters per line, from the PDF's text layout.
pages=$(pdfinfo "$out/sample.pdf" | awk '/^Pages:/ {print $2}')
echo "pages: $pages"
for ((p = 1; p <= pages; p++)); do
  pdftotext -f "$p" -l "$p" -layout "$out/sample.pdf" - |
    python3 -c '
import sys, re
lines = [l for l in sys.stdin.read().split("\n") if l.strip() and not re.fullmatch(r"\s*—\s*\d+\s*—\s*", l)]
widths = [len(re.sub(r"\s", "", l)) for l in lines]
print(f"page {sys.argv[1]}: {len(lines)} text lines; characters per line: max {max(widths, default=0)}, most common {max(set(widths), key=widths.count) if widths else 0}")
' "$p"
done
echo "pages: $out/page-N.png; page 1 copied to docs/preview-page1.png"
