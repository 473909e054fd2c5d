"""`read(name, content) -> Layout`: the reader chosen by the file's extension and by what its bytes are (a .doc that
is really a .docx, a .txt that is a web page), behind the upload limits. Every failure is an UploadError in Chinese."""

from __future__ import annotations

from pathlib import Path

from .limits import MAX_FILE_BYTES, UploadError, damaged, refuse_empty
from .model import Layout

TEXT = {".txt", ".text", ".md", ".markdown", ".csv", ""}
HTML = {".html", ".htm", ".xhtml", ".shtml"}
WORD = {".docx", ".docm", ".doc", ".wps", ".rtf", ".odt", ".wpt", ".dot", ".dotx"}
SHEETS = {".xlsx", ".xlsm", ".xls", ".et", ".ods"}
IMAGES = {".png", ".jpg", ".jpeg", ".tif", ".tiff", ".bmp"}
SUPPORTED = "可读：.docx、.doc、.wps、.xlsx、.xls、.et、.pdf（含扫描件）、.png/.jpg/.tif 图片、.txt、.md、.html"


def read(name: str, content: bytes) -> Layout:
    if len(content) > MAX_FILE_BYTES:
        raise UploadError(f"文件超过 {MAX_FILE_BYTES // 1_000_000} MB")
    suffix = Path(name).suffix.lower()
    if suffix not in TEXT | HTML | WORD | SHEETS | IMAGES | {".pdf"}:
        raise UploadError(f"不支持的文件类型“{suffix}”（{SUPPORTED}）")
    refuse_empty(content)
    sniffed = sniff(content)
    try:
        return _dispatch(name, content, suffix, sniffed)
    except UploadError:
        raise
    except RecursionError:
        raise UploadError("文件结构嵌套过深，无法读取") from None
    except MemoryError:
        raise UploadError("文件过大或结构异常，读取时内存不足") from None
    except Exception as error:  # a file no reader foresaw: said in Chinese, the cause kept for the log
        raise UploadError(f"文件“{Path(name).name}”结构异常，无法读取；请另存为 .docx、.xlsx 或 .pdf 后重新上传") from error


def sniff(content: bytes) -> str:
    head = content[:8]
    if head.startswith(b"PK\x03\x04"):
        zone = content[:200000]
        if b"word/" in zone:
            return "docx"
        if b"xl/" in zone:
            return "xlsx"
        return "zip"
    if head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        return "ole"
    if content[:1024].lstrip().startswith(b"%PDF") or b"%PDF-" in content[:1024]:
        return "pdf"
    if head.startswith(b"\x89PNG") or head.startswith(b"\xff\xd8\xff") or head[:4] in (b"II*\x00", b"MM\x00*"):
        return "image"
    if head.startswith(b"BM"):
        return "image"
    if head.startswith(b"{\\rtf"):
        return "rtf"
    sample = content[:4000].lower()
    if b"<html" in sample or b"<!doctype html" in sample or b"<body" in sample or b"<table" in sample:
        return "html"
    return "text"


def _dispatch(name: str, content: bytes, suffix: str, sniffed: str) -> Layout:
    from . import docx, html, text

    if sniffed == "docx":
        return docx.read_docx(name, content, "docx" if suffix in (".docx", ".docm", "") else "doc")
    if sniffed == "xlsx" or sniffed == "ole" and suffix in SHEETS:
        from . import sheet

        return sheet.read_sheets(name, content, suffix if suffix in SHEETS else ".xlsx")
    if sniffed in ("ole", "rtf") or sniffed == "zip" and suffix in (".odt", ".wps", ".doc"):
        return _word_binary(name, content, suffix)
    if sniffed == "pdf":
        from . import pdf

        return pdf.read_pdf(name, content)
    if sniffed == "image":
        from . import ocr

        return ocr.read_image(name, content)
    if sniffed == "zip" and suffix == ".ods":
        from . import sheet

        return sheet.read_sheets(name, content, suffix)
    if sniffed == "html" or suffix in HTML:  # also a web page saved as .doc or exported as .xls
        return html.read_html(name, content)
    what = {".pdf": "PDF"}.get(suffix, "Excel" if suffix in SHEETS else "图片" if suffix in IMAGES else "Word")
    if suffix in WORD | SHEETS and sniffed == "text":
        try:  # systems export tab-separated text under an office name
            layout = text.read_text(name, content, "text")
        except UploadError:
            raise damaged(what) from None
        # said, so that a file renamed by mistake is not taken for a workbook with nothing recognisable in it
        layout.unread.insert(0, f"文件名是 {suffix}，内容却是纯文本，不是 {what} 文件：已按纯文本读取")
        return layout
    if suffix in WORD | SHEETS | IMAGES | {".pdf"} or sniffed == "zip":
        raise damaged(what)
    return text.read_text(name, content, "markdown" if suffix in (".md", ".markdown") else "text")


def _word_binary(name: str, content: bytes, suffix: str) -> Layout:
    from .convert import convert
    from .docx import read_docx

    if suffix in SHEETS:
        from . import sheet

        return sheet.read_sheets(name, content, suffix)
    converted = convert(content, suffix if suffix in WORD else ".doc", "docx", "Word")
    layout = read_docx(name, converted, "doc")
    if sniff(content) == "ole":
        from .word97 import restore_tables

        restore_tables(layout, content)
    return layout
