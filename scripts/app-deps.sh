# Sourced by run.sh and test.sh: the one Debian package the app itself needs, a CJK font (fonts-noto-cjk) for the
# charts and PDFs of the reports, installed with apt-get when it is missing and we are root. Re-runs cost one
# fc-list call. (The app asks fontconfig again when its first look found no CJK font.)
if command -v fc-list >/dev/null 2>&1; then
  [ -n "$(fc-list ':lang=zh' family 2>/dev/null | head -1)" ] && cjk_font=yes || cjk_font=
else
  [ -d /usr/share/fonts/opentype/noto ] && cjk_font=yes || cjk_font=
fi
if [ -z "$cjk_font" ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "安装中文字体：fonts-noto-cjk"
    { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq fonts-noto-cjk; } >/dev/null ||
      echo "中文字体 fonts-noto-cjk 安装失败：无法生成含图表的 Word/PDF 报告，请手工安装。" >&2
  else
    echo "未找到中文字体：请以 root 运行 apt-get install fonts-noto-cjk（或安装其他中文字体），否则无法生成含图表的 Word/PDF 报告。" >&2
  fi
fi
unset cjk_font
# Reading reports in every format (jixiao/io/layout): LibreOffice converts .doc/.wps/.xls/.et, poppler renders scanned
# PDF pages and tesseract with its simplified-Chinese model reads them (installed, never downloaded at run time).
# Without them those formats are refused with a message naming the missing program; everything else works.
reading=()
command -v soffice >/dev/null 2>&1 || reading+=(libreoffice-writer-nogui libreoffice-calc-nogui)
command -v pdftoppm >/dev/null 2>&1 || reading+=(poppler-utils)
{ command -v tesseract >/dev/null 2>&1 && tesseract --list-langs 2>/dev/null | grep -q chi_sim; } ||
  reading+=(tesseract-ocr tesseract-ocr-chi-sim)
if [ ${#reading[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "安装读取报告所需的软件包：${reading[*]}"
    { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${reading[@]}"; } >/dev/null ||
      echo "软件包 ${reading[*]} 安装失败：.doc/.xls/扫描件等格式将无法读取。" >&2
  else
    echo "缺少读取报告所需的软件包：${reading[*]}（请以 root 运行 apt-get install ${reading[*]}；否则 .doc/.xls/扫描件无法读取）" >&2
  fi
fi
unset reading
