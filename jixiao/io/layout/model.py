"""The layout model: what a document says, in reading order, with where each piece came from, and nothing of the
file format. Readers build it; forms and prose read it.

- A Heading has the level its numbering gives (第一部分 0, 一、 1, （一） 2, 1. 3, （1） 4; 附件 1) or the level the
  document's styles give it.
- A Paragraph is running text, joined across the line and page breaks the file put into it.
- A Table is a grid of cells; a merged cell covers several grid positions and is the same Cell object in each, so a
  level-1 label spanning five rows is read on each of the five rows without any carrying down.
- Page furniture (a table of contents, running headers and footers, page numbers, "— 2 —") is removed by the
  readers and recorded in `Layout.removed`, so that nobody mistakes a contents line for an empty section.
"""

from __future__ import annotations

from dataclasses import dataclass, field


DOUBTFUL = "（识别存疑）"  # said after the place of a value a scan's OCR read with doubt: a reviewer checks the original


@dataclass(frozen=True)
class Source:
    """Where something came from, precise enough for a reviewer to find it."""

    file: str = ""
    page: int | None = None  # 1-based, for PDF and scans
    line: int | None = None  # 1-based first line, for text
    last_line: int | None = None
    sheet: str | None = None  # for workbooks
    cell: str | None = None  # "B4" in a sheet, "表 2 第 3 行第 4 列" in a document table
    doubtful: bool = False  # a scan's cell whose reading is in doubt (a word read with little confidence, ink unread)

    def __str__(self) -> str:
        parts = []
        if self.sheet:
            parts.append(f"工作表“{self.sheet}”")
        if self.page is not None:
            parts.append(f"第 {self.page} 页")
        if self.line is not None:
            last = self.last_line if self.last_line and self.last_line != self.line else None
            parts.append(f"第 {self.line}–{last} 行" if last else f"第 {self.line} 行")
        if self.cell:  # with a line, the cell counts within the table: said so, or it reads as a second line number
            parts.append(f"（表内{self.cell}）" if self.line is not None and self.cell.startswith("第") else self.cell)
        said = " ".join(parts).replace(" （", "（") or self.file
        return said + DOUBTFUL if self.doubtful else said


@dataclass
class Heading:
    text: str  # without its numbering
    level: int
    numbering: str = ""  # 一、 （二） 3. as written
    source: Source = field(default_factory=Source)


@dataclass
class Paragraph:
    text: str
    source: Source = field(default_factory=Source)


@dataclass
class Cell:
    text: str
    row: int  # the top-left grid position it covers, 0-based
    col: int
    rowspan: int = 1
    colspan: int = 1
    source: Source = field(default_factory=Source)


@dataclass
class Table:
    cells: list[Cell]
    caption: str = ""  # the title printed above it, when the document gives one (表 3 项目支出绩效自评表)
    source: Source = field(default_factory=Source)

    @property
    def shape(self) -> tuple[int, int]:
        rows = max((c.row + c.rowspan for c in self.cells), default=0)
        cols = max((c.col + c.colspan for c in self.cells), default=0)
        return rows, cols

    def grid(self) -> list[list[Cell | None]]:
        """rows × columns; a merged cell is the same object in every position it covers, None where nothing is."""
        rows, cols = self.shape
        grid: list[list[Cell | None]] = [[None] * cols for _ in range(rows)]
        for cell in self.cells:
            for r in range(cell.row, cell.row + cell.rowspan):
                for c in range(cell.col, cell.col + cell.colspan):
                    grid[r][c] = cell
        return grid

    def text_rows(self) -> list[list[str]]:
        return [[cell.text if cell else "" for cell in row] for row in self.grid()]

    @classmethod
    def from_rows(cls, rows: list[list[str]], source: Source | None = None, caption: str = "") -> Table:
        """A table from plain rows of text (no merged cells), e.g. from a text file's tab-separated lines."""
        base = source or Source()
        cells = [Cell(text, r, c, source=base) for r, row in enumerate(rows) for c, text in enumerate(row)]
        return cls(cells, caption, base)


Block = Heading | Paragraph | Table


@dataclass
class Layout:
    name: str  # the file's name
    kind: str  # docx, doc (.doc/.wps/.rtf/.odt), xlsx, xls, et, ods, pdf, scan (PDF or image), text, markdown, html
    blocks: list[Block] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)  # furniture taken out, in Chinese ("目录 24 行", "页码 12 个")
    unread: list[str] = field(default_factory=list)  # what the reader could not read, in Chinese

    def tables(self) -> list[Table]:
        return [b for b in self.blocks if isinstance(b, Table)]

    def paragraphs(self) -> list[Paragraph]:
        return [b for b in self.blocks if isinstance(b, Paragraph)]

    def headings(self) -> list[Heading]:
        return [b for b in self.blocks if isinstance(b, Heading)]
