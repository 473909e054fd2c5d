"""Charts of a report drawn by our own small code: one list of shapes (rectangles, lines, wedges, text) laid out
once, written out as SVG for the PDF and the web preview, and painted into a PNG with Pillow for the .docx.

matplotlib drew these charts before; its import and its drawing were a fifth of a PDF's time, and its SVG (text as
thousands of paths) was too slow for WeasyPrint to lay out. Our SVG keeps the text as text: a handful of elements
per chart, searchable in the PDF, in the same CJK font as the page. Word gets a PNG because python-docx embeds PNG
natively and WPS, LibreOffice and Word before 2016 show nothing else (an SVG in Word needs a PNG beside it anyway).
"""

from __future__ import annotations

import io
import math
import os
import shutil
import subprocess
import threading
import unicodedata
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from html import escape

from jixiao.core.money import fmt_percent
from jixiao.core.reports.model import Cell, CellKind, Chart

from .table_layout import format_cell

CJK_FAMILIES = ("Noto Sans CJK SC", "Noto Sans CJK JP", "Source Han Sans SC", "WenQuanYi Zen Hei", "SimHei", "Microsoft YaHei")
COLOURS = ["#b3261e", "#235a97", "#1b7f4a", "#a15c00", "#6b4fa0", "#5b6577", "#c77d2b", "#2b8a8a"]
WIDTH, HEIGHT = 640, 360  # SVG user units; the PDF prints the chart 150 mm wide, so 1 unit ≈ 0.66 pt
INK, GRID, AXIS = "#222222", "#dddddd", "#555555"

FONT_MISSING = "服务器未安装中文字体（如 fonts-noto-cjk），无法生成含图表的 Word/PDF 文档；请联系系统管理员。"


class FontMissing(RuntimeError):
    """No CJK font on the server: charts (and the PDF, which needs the same fonts) cannot be drawn. Its message is
    meant for the user, in place of a server error."""

    def __init__(self, message: str = FONT_MISSING):
        super().__init__(message)


# ------------------------------------------------------------------------------------------------------- fonts
_lock = threading.Lock()
_family: str | None = None
_font_file: tuple[str, int] | None = None  # (path, index in a .ttc) of _family, for Pillow
_rebuilt = False
_KNOWN_FILES = {"NotoSansCJK-Regular.ttc": ("Noto Sans CJK SC", 2), "SourceHanSansSC-Regular.otf": ("Source Han Sans SC", 0),
                "wqy-zenhei.ttc": ("WenQuanYi Zen Hei", 0), "simhei.ttf": ("SimHei", 0), "msyh.ttc": ("Microsoft YaHei", 0)}
_FONT_DIRS = ("/usr/share/fonts", "/usr/local/share/fonts", os.path.expanduser("~/.fonts"), "C:/Windows/Fonts",
              "/Library/Fonts", "/System/Library/Fonts")
_listed: dict[str, tuple[str, int]] | None = None


def font_family() -> str:
    """The CJK family charts are drawn with, found the first time a document is rendered (not on import), as
    fontconfig lists it (the fonts WeasyPrint's Pango sees). Listed again once when none is found (a font installed
    since the first look); if there is still none, FontMissing."""
    global _family, _rebuilt
    if _family is not None:
        return _family
    with _lock:
        if _family is None:
            family = _cjk_family()
            if family is None and not _rebuilt:
                _rebuilt = True
                _rebuild_font_list()
                family = _cjk_family()
            if family is None:
                raise FontMissing()
            _family = family
    return _family


def _cjk_family() -> str | None:
    global _font_file
    fonts = _installed_fonts()
    family = next((family for family in CJK_FAMILIES if family in fonts), None)
    _font_file = fonts.get(family) if family else None
    return family


def _rebuild_font_list() -> None:
    global _listed
    _listed = None


def _installed_fonts() -> dict[str, tuple[str, int]]:
    """Family → (file, index) of the regular face of each installed font that covers Chinese."""
    global _listed
    if _listed is None:
        _listed = _fontconfig_fonts() if shutil.which("fc-list") else _fonts_in_folders()
    return _listed


def _fontconfig_fonts() -> dict[str, tuple[str, int]]:
    listing = subprocess.run(["fc-list", "-f", "%{family}\t%{style}\t%{file}\t%{index}\n", ":lang=zh"],
                             capture_output=True, text=True, timeout=30, check=False).stdout
    fonts: dict[str, tuple[str, int]] = {}
    for line in sorted(listing.splitlines(), key=lambda l: "Regular" not in l):  # regular faces first
        parts = line.split("\t")
        if len(parts) == 4 and parts[3].isdigit():
            for family in parts[0].split(","):
                fonts.setdefault(family, (parts[2], int(parts[3])))
    return fonts


def _fonts_in_folders() -> dict[str, tuple[str, int]]:
    """Without fontconfig's command (Windows, a slim container): the usual files of the families we know."""
    fonts: dict[str, tuple[str, int]] = {}
    for folder in _FONT_DIRS:
        for root, _, files in os.walk(folder):
            for name in files:
                if name in _KNOWN_FILES:
                    family, index = _KNOWN_FILES[name]
                    fonts.setdefault(family, (os.path.join(root, name), index))
    return fonts


# ------------------------------------------------------------------------------------------------------ shapes
@dataclass(frozen=True)
class Rect:
    x: float
    y: float
    w: float
    h: float
    fill: str


@dataclass(frozen=True)
class Line:
    x1: float
    y1: float
    x2: float
    y2: float
    colour: str = AXIS
    width: float = 1.0


@dataclass(frozen=True)
class Wedge:
    """A pie's slice from `start` to `end`, degrees clockwise from twelve o'clock."""
    cx: float
    cy: float
    r: float
    start: float
    end: float
    fill: str


@dataclass(frozen=True)
class Text:
    x: float
    y: float  # the baseline
    text: str
    size: float = 11
    anchor: str = "start"  # start, middle, end: as SVG's text-anchor


@dataclass
class Drawing:
    width: float
    height: float
    shapes: list


def text_width(text: str, size: float) -> float:
    """The width of `text` in the CJK sans font, near enough for laying out: a Chinese character is one em, a
    figure or Latin letter a little over half."""
    return sum(size if unicodedata.east_asian_width(c) in "WF" else size * 0.56 for c in text)


def wrap(text: str, width: float, size: float, lines: int) -> list[str]:
    """`text` cut into at most `lines` lines no wider than `width`; what does not fit ends with …."""
    out, current = [], ""
    for char in text:
        if current and text_width(current + char, size) > width:
            out.append(current)
            current = ""
        current += char
    out.append(current)
    if len(out) > lines:
        out = out[:lines]
        out[-1] = out[-1][:-1] + "…"
    return out


def _f(value: Decimal | None) -> float:
    """The length of a bar or wedge; a figure no float can hold is drawn as nothing (its label still states it)."""
    number = float(value) if value is not None and not value.is_nan() else 0.0
    return number if math.isfinite(number) else 0.0


def _label(value: Decimal | None, figures: CellKind) -> str:
    """A value as the report's tables show a figure of its kind: 万元 always to 2 places (20.80), a score by the
    indicator rule (15, 27.5), a total to 2 places; a missing value as 0 (it draws as no bar)."""
    return format_cell(Cell(value if value is not None else Decimal(0), figures))


def _share(value: Decimal | None, whole: Decimal) -> str:
    """A part's share of the whole as a rate is shown everywhere: exact, rounded once, half up (`fmt_percent`)."""
    value = value if value is not None else Decimal(0)
    return fmt_percent(value / whole) if whole and whole.is_finite() and value.is_finite() else "—"


def value_labels(chart: Chart) -> list[list[str]]:
    """Each series' labels, one per value, as the report's charts write them (and the web page's charts show them,
    so that no browser rounds a figure its own way)."""
    return [[_label(value, chart.figures) for value in values] for _, values in chart.series]


def shares(chart: Chart) -> list[str]:
    """A pie's parts (its first series) as shares of their whole, as its legend states them."""
    values = chart.series[0][1] if chart.series else []
    whole = sum((value for value in values if value is not None), Decimal(0))
    return [_share(value, whole) for value in values]


def ticks(low: float, high: float, count: int = 5) -> list[float]:
    """Round axis marks from at or below `low` to at or above `high`, about `count` steps of 1, 2, 2.5 or 5 × 10ⁿ."""
    low, high = min(low, 0.0), max(high, 0.0)
    if high - low <= 0:
        high = low + 1
    raw = (high - low) / count
    power = 10 ** math.floor(math.log10(raw))
    step = next(m * power for m in (1, 2, 2.5, 5, 10) if m * power >= raw * (1 - 1e-9))
    first, last = math.floor(low / step + 1e-9), math.ceil(high / step - 1e-9)
    return [round(i * step, 10) for i in range(first, last + 1)]


def _tick_label(value: float, marks: list[float]) -> str:
    step = marks[1] - marks[0] if len(marks) > 1 else 1
    places = max(0, -math.floor(math.log10(step) + 1e-9)) + (1 if round(step / 10 ** math.floor(math.log10(step)), 6) == 2.5 else 0)
    return f"{value:.{places}f}"


def layout(chart: Chart) -> Drawing:
    """The chart as shapes. A pie cannot show a negative part or a whole of nothing: those figures are bars."""
    values = [_f(v) for v in chart.series[0][1]] if chart.series else []
    if chart.kind == "pie" and values and min(values) >= 0 and sum(values) > 0:
        return _pie(chart, values)
    if chart.kind == "hbars":
        return _hbars(chart)
    return _bars(chart)


def _header(chart: Chart, shapes: list, width: float) -> float:
    """Title, and the legend when there are several series; returns where the plot may start."""
    shapes.append(Text(width / 2, 24, chart.title, 16, "middle"))
    if len(chart.series) < 2:
        return 44
    items = [(COLOURS[k % len(COLOURS)], name) for k, (name, _) in enumerate(chart.series)]
    total = sum(16 + text_width(name, 12) + 14 for _, name in items)
    x = (width - total) / 2
    for colour, name in items:
        shapes += [Rect(x, 37, 12, 12, colour), Text(x + 16, 48, name, 12)]
        x += 16 + text_width(name, 12) + 14
    return 62


def _bars(chart: Chart) -> Drawing:
    shapes: list = []
    top = _header(chart, shapes, WIDTH) + 14  # room for the value above the tallest bar
    labels, count = chart.labels, max(len(chart.series), 1)
    numbers = [[_f(v) for v in values] for _, values in chart.series]
    marks = ticks(min(min(n, default=0) for n in numbers), max(max(n, default=0) for n in numbers))
    names = [_tick_label(m, marks) for m in marks]
    left = max(18 + max(text_width(n, 11) for n in names), 10 + text_width(chart.unit, 11))
    right = WIDTH - 16
    slot = (right - left) / max(len(labels), 1)
    wrapped = [wrap(label, slot * 0.95, 11.5, 3) for label in labels]
    bottom = HEIGHT - 14 - 14 * max((len(w) for w in wrapped), default=1)
    y = _scale(marks, bottom - (14 if marks[0] < 0 else 0), top)  # room below a negative bar for its value
    shapes.append(Text(left - 4, top - 11, chart.unit, 11, "end"))
    for mark, name in zip(marks, names):
        shapes += [Line(left, y(mark), right, y(mark), GRID, 0.8), Text(left - 5, y(mark) + 4, name, 11, "end")]
    bar = slot * 0.8 / count
    for k, ((_, values), row) in enumerate(zip(chart.series, numbers)):
        for i, (value, number) in enumerate(zip(values, row)):
            x = left + slot * i + slot * 0.1 + bar * k
            y0, y1 = sorted((y(0), y(number)))
            if y1 > y0:  # a zero is no bar; its label still says 0
                shapes.append(Rect(x + bar * 0.04, y0, bar * 0.92, y1 - y0, COLOURS[k % len(COLOURS)]))
            shapes.append(Text(x + bar / 2, y0 - 3 if number >= 0 else y1 + 11, _label(value, chart.figures), 10,
                               "middle"))
    for i, lines in enumerate(wrapped):
        shapes += [Text(left + slot * (i + 0.5), bottom + 15 + 14 * n, line, 11.5, "middle") for n, line in enumerate(lines)]
    shapes += [Line(left, top - 14, left, bottom), Line(left, y(0), right, y(0))]
    return Drawing(WIDTH, HEIGHT, shapes)


def _scale(marks: list[float], low_end: float, high_end: float):
    """Value → position on an axis running from marks[0] at `low_end` to marks[-1] at `high_end`."""
    span = (marks[-1] - marks[0]) or 1
    return lambda value: low_end + (value - marks[0]) / span * (high_end - low_end)


def _hbars(chart: Chart) -> Drawing:
    labels, count = chart.labels, max(len(chart.series), 1)
    band = 12 + 11 * count  # each label's row grows with the bars it holds; the chart grows with its labels
    shapes: list = []
    top = _header(chart, shapes, WIDTH) + 4
    height = max(HEIGHT, top + band * len(labels) + 40)
    bottom = height - 40
    band = (bottom - top) / max(len(labels), 1)
    wrapped = [wrap(label, WIDTH * 0.26, 11.5, 2) for label in labels]
    left = 16 + max((text_width(line, 11.5) for lines in wrapped for line in lines), default=0)
    right = WIDTH - 40  # room for the value after the longest bar
    numbers = [[_f(v) for v in values] for _, values in chart.series]
    marks = ticks(min(min(n, default=0) for n in numbers), max(max(n, default=0) for n in numbers))
    x = _scale(marks, left, right)
    for mark in marks:
        shapes += [Line(x(mark), top, x(mark), bottom, GRID, 0.8), Text(x(mark), bottom + 15, _tick_label(mark, marks), 11, "middle")]
    shapes.append(Text((left + right) / 2, bottom + 32, chart.unit, 11, "middle"))
    bar = band * 0.8 / count
    for k, ((_, values), row) in enumerate(zip(chart.series, numbers)):
        for i, (value, number) in enumerate(zip(values, row)):
            y = top + band * i + band * 0.1 + bar * k
            x0, x1 = sorted((x(0), x(number)))
            if x1 > x0:
                shapes.append(Rect(x0, y + bar * 0.04, x1 - x0, bar * 0.92, COLOURS[k % len(COLOURS)]))
            shapes.append(Text(x1 + 3 if number >= 0 else x0 - 3, y + bar / 2 + 3.5, _label(value, chart.figures), 10,
                               "start" if number >= 0 else "end"))
    for i, lines in enumerate(wrapped):
        middle = top + band * (i + 0.5) + 4 - 7 * (len(lines) - 1)
        shapes += [Text(left - 6, middle + 14 * n, line, 11.5, "end") for n, line in enumerate(lines)]
    shapes += [Line(x(0), top, x(0), bottom), Line(left, bottom, right, bottom)]
    return Drawing(WIDTH, height, shapes)


def _pie(chart: Chart, numbers: list[float]) -> Drawing:
    if sum(1 for number in numbers if number > 0) == 1:
        return _whole_pie(chart, numbers)
    shapes: list = []
    top = _header(chart, shapes, WIDTH)
    r = (HEIGHT - top - 16) / 2
    cx, cy = 40 + r, top + r
    total, angle = sum(numbers), 0.0
    for k, number in enumerate(numbers):
        if number > 0:
            sweep = number / total * 360
            shapes.append(Wedge(cx, cy, r, angle, angle + sweep, COLOURS[k % len(COLOURS)]))
            angle += sweep
    lines = [f"{label} {shown} {chart.unit}（{share}）"
             for label, shown, share in zip(chart.labels, value_labels(chart)[0], shares(chart))]
    x = cx + r + 36
    size = min(12.0, max(7.0, 12 * (WIDTH - x - 16) / max(text_width(l, 12) for l in lines)))
    y = cy - 22 * (len(lines) - 1) / 2
    for k, line in enumerate(lines):
        shapes += [Rect(x, y + 22 * k - size * 0.85, size, size, COLOURS[k % len(COLOURS)]),
                   Text(x + size + 6, y + 22 * k, line, size)]
    return Drawing(WIDTH, HEIGHT, shapes)


def _whole_pie(chart: Chart, numbers: list[float]) -> Drawing:
    """A pie of one part (收入 all 财政拨款): a small full circle and one line under it naming the part, its amount
    and its 100%. No legend: a swatch beside the only label says nothing the line does not, and a full-size circle
    would take half a page to show one figure."""
    shapes: list = []
    top = _header(chart, shapes, WIDTH)
    k = next(k for k, number in enumerate(numbers) if number > 0)
    r = 48
    shapes.append(Wedge(WIDTH / 2, top + r, r, 0.0, 360.0, COLOURS[k % len(COLOURS)]))
    line = f"{chart.labels[k]} {value_labels(chart)[0][k]} {chart.unit}（{shares(chart)[k]}）"
    size = min(12.0, 12 * (WIDTH - 32) / text_width(line, 12))
    shapes.append(Text(WIDTH / 2, top + 2 * r + 24, line, size, "middle"))
    return Drawing(WIDTH, top + 2 * r + 36, shapes)


# ------------------------------------------------------------------------------------------------------ output
def _n(value: float) -> str:
    return f"{value:.1f}".rstrip("0").rstrip(".")


def _svg_shape(shape) -> str:
    if isinstance(shape, Rect):
        return f'<rect x="{_n(shape.x)}" y="{_n(shape.y)}" width="{_n(shape.w)}" height="{_n(shape.h)}" fill="{shape.fill}"/>'
    if isinstance(shape, Line):
        return (f'<line x1="{_n(shape.x1)}" y1="{_n(shape.y1)}" x2="{_n(shape.x2)}" y2="{_n(shape.y2)}" '
                f'stroke="{shape.colour}" stroke-width="{_n(shape.width)}"/>')
    if isinstance(shape, Wedge):
        if shape.end - shape.start >= 359.99:
            return f'<circle cx="{_n(shape.cx)}" cy="{_n(shape.cy)}" r="{_n(shape.r)}" fill="{shape.fill}"/>'
        (x0, y0), (x1, y1) = _point(shape, shape.start), _point(shape, shape.end)
        large = 1 if shape.end - shape.start > 180 else 0
        return (f'<path d="M{_n(shape.cx)} {_n(shape.cy)}L{_n(x0)} {_n(y0)}A{_n(shape.r)} {_n(shape.r)} 0 {large} 1 '
                f'{_n(x1)} {_n(y1)}Z" fill="{shape.fill}" stroke="#fff" stroke-width="1.5"/>')
    anchor = f' text-anchor="{shape.anchor}"' if shape.anchor != "start" else ""
    return f'<text x="{_n(shape.x)}" y="{_n(shape.y)}" font-size="{_n(shape.size)}"{anchor}>{escape(shape.text)}</text>'


def _point(wedge: Wedge, angle: float) -> tuple[float, float]:
    radians = math.radians(angle)
    return wedge.cx + wedge.r * math.sin(radians), wedge.cy - wedge.r * math.cos(radians)


def svg(chart: Chart) -> str:
    """The chart as a standalone SVG image, its words as SVG text."""
    drawing = layout(chart)
    family = ", ".join(CJK_FAMILIES) + ", sans-serif"
    return (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {_n(drawing.width)} {_n(drawing.height)}" '
            f'width="{_n(drawing.width)}" height="{_n(drawing.height)}" role="img" aria-label="{escape(chart.title)}" '
            f'font-family="{family}" fill="{INK}">' + "".join(_svg_shape(shape) for shape in drawing.shapes) + "</svg>")


def html(chart: Chart, width_mm: float = 150) -> str:
    """The chart for a page printed `width_mm` wide: its shapes as inline SVG, its words as HTML text laid over it.

    WeasyPrint lays out an SVG text one letter at a time (a Pango layout per character): the charts' words cost a
    tenth of the whole PDF that way, and a twentieth of that as positioned text of the page. Each word's box is put
    where its SVG baseline would be: with line-height 1 the CJK sans font's baseline is 0.88 em below the box's top;
    a centred word gets a wide box centred on its x, a right-aligned word a box ending at its x."""
    drawing = layout(chart)
    w, h = drawing.width, drawing.height
    height_mm = width_mm * h / w
    pt = width_mm / 25.4 * 72 / w  # points per unit
    shapes = "".join(_svg_shape(shape) for shape in drawing.shapes if not isinstance(shape, Text))
    size = f"width:{width_mm}mm;height:{height_mm:.2f}mm"
    out = [f'<div class="chart" role="img" aria-label="{escape(chart.title)}" style="{size}">',
           f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {_n(w)} {_n(h)}" style="{size}">{shapes}</svg>']
    for text in (shape for shape in drawing.shapes if isinstance(shape, Text)):
        top = (text.y - 0.88 * text.size) / h * 100
        if text.anchor == "start":
            where = f"left:{text.x / w * 100:.2f}%"
        elif text.anchor == "end":
            where = f"right:{(w - text.x) / w * 100:.2f}%;text-align:right"
        else:
            where = f"left:{(text.x - w / 2) / w * 100:.2f}%;width:100%;text-align:center"
        out.append(f'<span style="{where};top:{top:.2f}%;font-size:{text.size * pt:.2f}pt">{escape(text.text)}</span>')
    out.append("</div>")
    return "".join(out)


@lru_cache(maxsize=32)
def _pillow_font(path: str, index: int, size: int):
    from PIL import ImageFont

    return ImageFont.truetype(path, size, index=index)


def png(chart: Chart, dpi: int = 130) -> bytes:
    """The chart as a PNG 6.4 inches wide at `dpi`, painted at twice the size and halved, for smooth edges."""
    from PIL import Image, ImageDraw

    font_family()
    if _font_file is None:  # a family named but no file for it (a font list faked in a test, a font since removed)
        raise FontMissing()
    path, index = _font_file
    drawing = layout(chart)
    scale = 2 * dpi * 6.4 / WIDTH
    image = Image.new("RGB", (round(drawing.width * scale), round(drawing.height * scale)), "white")
    draw = ImageDraw.Draw(image)
    anchors = {"start": "ls", "middle": "ms", "end": "rs"}
    for shape in drawing.shapes:
        if isinstance(shape, Rect):
            if shape.w > 0 and shape.h > 0:
                draw.rectangle([shape.x * scale, shape.y * scale, (shape.x + shape.w) * scale, (shape.y + shape.h) * scale], shape.fill)
        elif isinstance(shape, Line):
            draw.line([shape.x1 * scale, shape.y1 * scale, shape.x2 * scale, shape.y2 * scale], shape.colour,
                      max(1, round(shape.width * scale)))
        elif isinstance(shape, Wedge):
            box = [(shape.cx - shape.r) * scale, (shape.cy - shape.r) * scale, (shape.cx + shape.r) * scale, (shape.cy + shape.r) * scale]
            draw.pieslice(box, shape.start - 90, shape.end - 90, shape.fill, "white", round(1.5 * scale))
        else:
            draw.text((shape.x * scale, shape.y * scale), shape.text, INK, _pillow_font(path, index, round(shape.size * scale)),
                      anchor=anchors[shape.anchor])
    buffer = io.BytesIO()
    image.reduce(2).save(buffer, "PNG", compress_level=1)  # a fifth larger than the default, a third faster
    return buffer.getvalue()


def render(chart: Chart, fmt: str = "png", dpi: int = 130) -> bytes:
    """The chart as PNG or SVG bytes."""
    if fmt == "svg":
        return svg(chart).encode("utf-8")
    return png(chart, dpi)
