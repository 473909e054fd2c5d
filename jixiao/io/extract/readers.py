"""Reading untrusted report files into text: .txt, .docx, .pdf (text-based). Size limits, zip bombs refused, no
external entities, macros never read. Every failure is an UploadError with a Chinese message saying what is wrong
with the file, never a traceback nor the name of the exception a library raised."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

from ..typography import without_break_marks
from .text_source import MAX_TEXT_CHARS

MAX_FILE_BYTES = 20_000_000
MAX_UNZIPPED_BYTES = 200_000_000
MAX_RATIO = 100  # uncompressed / compressed: beyond this an archive is treated as a zip bomb
MAX_PDF_PAGES = 500
EMPTY = "文件为空（没有任何文字），无法审核"


class UploadError(ValueError):
    """A file that cannot be read, with the reason in Chinese."""


def refuse_empty(content: bytes) -> None:
    if not content or content.isspace():
        raise UploadError(EMPTY)


def damaged(what: str) -> UploadError:
    return UploadError(f"{what} 文件已损坏或不是有效的 {what} 文件，无法读取；请检查文件能否正常打开，另存后重新上传")


def check_zip(content: bytes, what: str) -> zipfile.ZipFile:
    refuse_empty(content)
    try:
        archive = zipfile.ZipFile(io.BytesIO(content))
    except (zipfile.BadZipFile, NotImplementedError, ValueError, OSError, EOFError):
        raise damaged(what) from None
    total = sum(info.file_size for info in archive.infolist())
    if total > MAX_UNZIPPED_BYTES or total > MAX_RATIO * max(len(content), 1) and total > 10_000_000:
        raise UploadError(f"{what} 文件解压后过大（{total // 1_000_000} MB），疑似压缩炸弹，已拒绝")
    return archive


def text_of(name: str, content: bytes) -> str:
    """The text of a report file, tables as tab-separated rows."""
    if len(content) > MAX_FILE_BYTES:
        raise UploadError(f"文件超过 {MAX_FILE_BYTES // 1_000_000} MB")
    suffix = Path(name).suffix.lower()
    readers = {".txt": decode_text, ".text": decode_text, "": decode_text, ".docx": docx_text, ".docm": docx_text,
               ".pdf": pdf_text}
    if suffix not in readers:
        raise UploadError(f"不支持的文件类型“{suffix}”（可读：.txt、.docx、.pdf、jixiao 导出的 .xlsx）")
    refuse_empty(content)
    text = readers[suffix](content)
    if not text.strip():  # e.g. a byte-order mark and full-width spaces, or a Word file without a word
        raise UploadError(EMPTY)
    if len(text) > MAX_TEXT_CHARS:  # else SourceText refuses it later, outside the readers' UploadError
        raise UploadError(f"文本超过 {MAX_TEXT_CHARS // 1_000_000} 百万字，请拆分后再审核")
    return text


def decode_text(content: bytes) -> str:
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return content.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise UploadError("文本文件编码无法识别（请另存为 UTF-8）")


def docx_text(content: bytes) -> str:
    """Paragraphs and tables in document order; a merged cell's text once per row. Only the main document part is
    read: macros (vbaProject.bin), embedded objects and external links are never opened."""
    check_zip(content, "Word")
    try:
        from docx import Document  # python-docx parses with resolve_entities=False: no external entities

        document = Document(io.BytesIO(content))
    except Exception:  # python-docx raises many kinds for a broken package
        raise damaged("Word") from None
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    lines: list[str] = []
    body = document.element.body
    for child in body.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            # a Word paragraph is a paragraph: the blank line lets the text reader end it at its full stop
            lines.extend((Paragraph(child, document).text, ""))
        elif tag == "tbl":
            for row in Table(child, document).rows:
                cells, seen = [], set()
                for cell in row.cells:
                    if id(cell._tc) in seen:  # a horizontally merged cell repeats: keep it once
                        continue
                    seen.add(id(cell._tc))
                    cells.append(cell.text.replace("\n", " ").replace("\t", " "))
                lines.append("\t".join(cells))
            lines.append("")
    return without_break_marks("\n".join(lines))  # the word joiners that hold our figures to their units


def pdf_text(content: bytes) -> str:
    try:
        from pypdf import PdfReader

        reader = PdfReader(io.BytesIO(content), strict=False)
        if reader.is_encrypted:
            raise UploadError("PDF 已加密，请提供未加密的文件")
        if len(reader.pages) > MAX_PDF_PAGES:
            raise UploadError(f"PDF 超过 {MAX_PDF_PAGES} 页")
        pages = [page.extract_text() or "" for page in reader.pages]
    except UploadError:
        raise
    except Exception:  # a truncated or hostile PDF
        raise damaged("PDF") from None
    text = "\n".join(pages)
    if len(text.strip()) < 20:
        raise UploadError("PDF 中没有可提取的文字（可能是扫描件），请提供文字版 PDF 或 Word 文件")
    return text
