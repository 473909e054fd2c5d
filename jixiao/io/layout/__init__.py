"""Documents as layout: headings with their level, paragraphs, tables of cells, each with where it came from.

Readers (one module per kind of file) turn bytes into a Layout; everything after them (forms, prose, facts) reads
the Layout and never the file. See docs/reading.md. `read(name, content)` chooses the reader.
"""

from .limits import UploadError
from .model import Block, Cell, Heading, Layout, Paragraph, Source, Table
from .read import read

__all__ = ["Block", "Cell", "Heading", "Layout", "Paragraph", "Source", "Table", "UploadError", "read"]
