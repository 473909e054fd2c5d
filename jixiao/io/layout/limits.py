"""The upload limits every reader sits behind, shared with jixiao/io/extract/readers.py: one size limit, one zip-bomb
rule, one wording of the Chinese messages."""

from __future__ import annotations

from jixiao.io.extract.readers import (  # noqa: F401 (re-exported for the readers)
    EMPTY,
    MAX_FILE_BYTES,
    MAX_PDF_PAGES,
    UploadError,
    check_zip,
    damaged,
    refuse_empty,
)

MAX_SHEET_CELLS = 2_000_000  # a sheet beyond this is skipped and said so, not read into memory cell by cell
MAX_OCR_PAGES = 60  # OCR is about ten seconds a page; a longer scan is read up to here and the rest listed unread
