"""Documents as layout: headings with their level, paragraphs, tables of cells, each with where it came from.

Readers (one module per kind of file) turn bytes into a Layout; everything after them (forms, prose, facts) reads
the Layout and never the file. See docs/reading.md §1.

    from jixiao.io.layout import read
    layout = read("report.docx", content)     # an UploadError with a Chinese message when it cannot be read

- read.py       chooses the reader by extension and by what the bytes are; the upload limits (limits.py)
- docx.py       .docx; .doc/.wps/.rtf/.odt through LibreOffice (convert.py)
- sheet.py      .xlsx (openpyxl: number formats, merged ranges); .xls/.et/.ods (LibreOffice → .xlsx, else calamine)
- pdf.py        text PDFs (pdfplumber: ruling-line tables, paragraphs across breaks); scanned pages → ocr.py
- ocr.py        scans and images (pdftoppm, tesseract chi_sim, rows rebuilt from word boxes and ruling lines)
- text.py       .txt/.md (tables by tabs, spaces, bars, markdown); html.py for web pages
- furniture.py  contents, page numbers, running headers/footers, web navigation: removed, listed in Layout.removed
- numbering.py  heading levels from Chinese section numbering
"""

from .limits import UploadError
from .model import Block, Cell, Heading, Layout, Paragraph, Source, Table
from .read import read

__all__ = ["Block", "Cell", "Heading", "Layout", "Paragraph", "Source", "Table", "UploadError", "read"]
