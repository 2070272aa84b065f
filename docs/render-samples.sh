#!/usr/bin/env bash
# Renders the sample draft (examples/draft-2025.toml) in every output format and takes one PNG of each with
# pdftoppm (DOCX, XLSX, HTML, Markdown and JSON go through LibreOffice first). Needs libreoffice-writer,
# libreoffice-calc, poppler-utils and fonts-noto-cjk. Usage: bash docs/render-samples.sh
set -euo pipefail
cd "$(dirname "$0")/.."
out=docs/images
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cargo build -q --release -p gongkai
for fmt in html docx pdf xlsx md json; do
  ./target/release/gongkai write examples/draft-2025.toml -o "$tmp/sample.$fmt" >/dev/null
done
# Page with 表三: 2 for the PDF and the HTML/DOCX print-outs; the XLSX sheet 表三 is the third sheet.
page() { pdftoppm -r 70 -png -f "$2" -l "$2" -singlefile "$1" "$3"; }
page "$tmp/sample.pdf" 2 "$out/written-pdf"
for fmt in html docx xlsx md json; do
  HOME=$tmp soffice --headless --norestore --convert-to pdf --outdir "$tmp/$fmt" "$tmp/sample.$fmt" >/dev/null 2>&1
done
page "$tmp/html/sample.pdf" 2 "$out/written-html"
page "$tmp/docx/sample.pdf" 2 "$out/written-docx"
page "$tmp/xlsx/sample.pdf" 3 "$out/written-xlsx"
page "$tmp/md/sample.pdf" 1 "$out/written-md"
page "$tmp/json/sample.pdf" 1 "$out/written-json"
ls -la "$out"
# Notices (告知书): every kind for every applicant type is written to target/letters/pdf by the letters test; one
# PNG each of a few, from gongkai's PDF and from the DOCX opened in LibreOffice.
cargo test -q -p gongkai-web --test letters every_notice_for_every_applicant_type >/dev/null
for l in natural_person-granted-extension natural_person-unpaid-fee commercial-denied.process_info-denied \
         commercial-granted-consultation; do
  page "target/letters/pdf/$l.pdf" 1 "$out/letter-$l-pdf"
done
HOME=$tmp soffice --headless --norestore --convert-to pdf --outdir "$tmp/letters" \
  target/letters/pdf/natural_person-granted-extension.docx >/dev/null 2>&1
page "$tmp/letters/natural_person-granted-extension.pdf" 1 "$out/letter-natural_person-granted-extension-docx"
