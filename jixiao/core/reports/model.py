"""A report as data: sections of paragraphs, tables and charts, independent of Word, Excel or PDF.

The core decides what a report says (which figures, in which sentences and tables, in which shape S1–S5); the
writers in `jixiao.io` decide how it looks in each format. Values stay Decimal at full precision; each cell says
what kind of figure it is, and the writers round it once, to the places its kind asks for.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Literal, Union

CellKind = Literal["text", "wan", "percent", "score", "total", "int", "decimal", "date"]  # total: a 综合得分, 2 places


@dataclass(frozen=True)
class SumOf:
    """A total the spreadsheet keeps as a formula: the sum of body cells (row, column) of the same table."""

    cells: tuple[tuple[int, int], ...]


@dataclass(frozen=True)
class RatioOf:
    """A rate kept as a formula: numerator cell / denominator cell (body rows and columns of the same table)."""

    numerator: tuple[int, int]
    denominator: tuple[int, int]


Formula = Union[SumOf, RatioOf]


@dataclass
class Cell:
    value: str | Decimal | int | None = None
    kind: CellKind = "text"
    colspan: int = 1
    rowspan: int = 1
    bold: bool = False
    formula: Formula | None = None
    align: Literal["left", "center", "right"] | None = None
    path: str = ""  # the evaluation's value the cell shows as it is stored (projects[0].budget.spent): a workbook
    # says where each value stands, for whoever reads the workbook back

    @property
    def is_number(self) -> bool:
        return self.kind in ("wan", "percent", "score", "total", "int", "decimal") and self.value is not None


def text(value: str | None, **options) -> Cell:
    return Cell(value or "", "text", **options)


def number(value: Decimal | int | None, kind: CellKind, **options) -> Cell:
    return Cell(value, kind, **options)


@dataclass
class Table:
    title: str
    header: list[list[Cell]]  # header rows, with colspan/rowspan as in the originals
    body: list[list[Cell]]
    sheet: str = ""  # the worksheet name, when the table is its own sheet
    widths: list[float] = field(default_factory=list)  # relative column widths
    # a sheet's own widths (Excel's units ÷ 1.1), where its landscape page has room the A4 portrait page of the PDF
    # and Word has not; empty: `widths`
    sheet_widths: list[float] = field(default_factory=list)
    note: str = ""
    key: str = ""  # a stable name (project-table-0, income …) used by the xlsx reader of [documents-in]
    money_unit: str = "万元"  # what the "wan" cells are in (fixed assets may be stated in 元)
    # A form-shaped table has no header: its column headings (一级指标 二级指标 …) are a row of the body. That row,
    # by index into body, is what a printed page repeats at its top when the table runs on to another page.
    heading_row: int | None = None
    # The first row after a form's indicators (总分, then 偏差原因 and 改进措施), by index into body: the headings
    # belong to the indicators, so a page these rows run on to repeats none over them.
    tail_row: int | None = None

    @property
    def columns(self) -> int:
        return sum(cell.colspan for cell in self.header[0]) if self.header else max(
            (sum(c.colspan for c in row) for row in self.body), default=0)


@dataclass
class Chart:
    kind: Literal["pie", "bars", "grouped_bars", "hbars"]
    title: str
    labels: list[str]
    series: list[tuple[str, list[Decimal]]]  # (series name, one value per label)
    unit: str = "万元"
    key: str = ""
    figures: CellKind = "wan"  # what kind of figure each value is: its label reads as a table cell of that kind


@dataclass
class Paragraph:
    text: str
    style: Literal["body", "note", "quote"] = "body"


@dataclass
class Signature:
    """Lines for names, posts, signatures and dates (evaluation group, opinions)."""

    title: str
    rows: list[list[str]] = field(default_factory=list)
    closing: str = ""  # e.g. "年    月    日"


@dataclass
class PageBreak:
    pass


Block = Union[Paragraph, Table, Chart, Signature, PageBreak, "Section"]


@dataclass
class Section:
    heading: str
    level: int  # 1 一、 2 （一） 3 1. 4 （1）
    blocks: list[Block] = field(default_factory=list)

    def add(self, *blocks: Block) -> Section:
        self.blocks.extend(blocks)
        return self


@dataclass
class Cover:
    title: str
    lines: list[tuple[str, str]] = field(default_factory=list)  # (label, value)
    issuer: str = ""  # e.g. 靖州县财政局（制）


@dataclass
class Report:
    shape: str  # S1 … S5
    title: str
    subtitle: str = ""
    note: str = ""  # a line under the title (and subtitle) the reader must see before any figure, e.g. 演示生成's
    page_mark: str = ""  # what every printed page says in its header (演示生成：…), a page read on its own as well
    cover: Cover | None = None
    sections: list[Section] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)  # every table, also for the workbook
    signed: str = ""  # the department, at the end of the body
    date: str = ""
    annexes: list[Section] = field(default_factory=list)  # 附件: after the signature, each on a new page

    def walk(self):
        """Every block, depth first."""
        def visit(blocks):
            for block in blocks:
                yield block
                if isinstance(block, Section):
                    yield from visit(block.blocks)

        yield from visit(self.sections)
        yield from visit(self.annexes)
