# Sourced by test.sh after app-deps.sh: the Debian packages only the tests need (Chromium for the browser tests,
# LibreOffice Writer and Calc to open generated .docx and recalculate generated .xlsx, poppler for the PDFs,
# tesseract for scans),
# installed only when missing, and PostgreSQL started when it is installed but not running.
need=()
command -v chromium >/dev/null 2>&1 || need+=(chromium)
command -v soffice >/dev/null 2>&1 || need+=(libreoffice-writer-nogui)   # proves generated .docx open in an office suite
[ -e /usr/lib/libreoffice/program/libsclo.so ] || need+=(libreoffice-calc-nogui)  # recalculates workbook formulas
# Carlito: Calibri's widths, which an .xlsx's column widths are counted in (its default font, xlsxwriter's); without it
# LibreOffice measures them in a wider face and prints every sheet shrunk, hiding a form that runs on to a second page
fc-list 2>/dev/null | grep -q Carlito || need+=(fonts-crosextra-carlito)
command -v pdffonts >/dev/null 2>&1 || need+=(poppler-utils)             # pdffonts, pdftoppm, pdfinfo
# OCR of scanned reports (jixiao/io/layout/ocr.py): Debian's tesseract with its simplified-Chinese data, never downloaded
{ command -v tesseract >/dev/null 2>&1 && tesseract --list-langs 2>/dev/null | grep -q chi_sim; } \
  || need+=(tesseract-ocr tesseract-ocr-chi-sim)
if [ ${#need[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "安装系统软件包：${need[*]}"
    apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
  else
    echo "缺少系统软件包：${need[*]}（请以 root 运行 apt-get install ${need[*]}）" >&2
  fi
fi
if command -v pg_isready >/dev/null 2>&1 && ! pg_isready -q -h 127.0.0.1 -p 5432; then
  if command -v pg_ctlcluster >/dev/null 2>&1 && [ -d /etc/postgresql ]; then
    pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -1)" main start >/dev/null 2>&1 || true
    for _ in 1 2 3 4 5 6 7 8 9 10; do pg_isready -q -h 127.0.0.1 -p 5432 && break; sleep 1; done
  fi
fi
