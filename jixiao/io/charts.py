"""Charts of a report as PNG or SVG images, drawn with a Chinese font so that no character becomes an empty box."""

from __future__ import annotations

import io
import math
import threading
from decimal import Decimal

from jixiao.core.money import fixed
from jixiao.core.reports.model import Chart

CJK_FAMILIES = ("Noto Sans CJK SC", "Noto Sans CJK JP", "Source Han Sans SC", "WenQuanYi Zen Hei", "SimHei", "Microsoft YaHei")
COLOURS = ["#b3261e", "#235a97", "#1b7f4a", "#a15c00", "#6b4fa0", "#5b6577", "#c77d2b", "#2b8a8a"]


FONT_MISSING = "服务器未安装中文字体（如 fonts-noto-cjk），无法生成含图表的 Word/PDF 文档；请联系系统管理员。"


class FontMissing(RuntimeError):
    """No CJK font on the server, even after rebuilding matplotlib's font list: charts (and the PDF, which needs the
    same fonts) cannot be drawn. Its message is meant for the user, in place of a server error."""

    def __init__(self, message: str = FONT_MISSING):
        super().__init__(message)


_lock = threading.Lock()
_family: str | None = None
_rebuilt = False


def font_family() -> str:
    """The CJK family charts are drawn with, found the first time a document is rendered (not on import).

    matplotlib keeps its font list in a cache file (in MPLCONFIGDIR); one built before the CJK fonts were installed
    lists none, and matplotlib never looks again. So when no CJK family is listed, the list is rebuilt from the
    system's fonts, once per process; if there is still none, FontMissing."""
    global _family, _rebuilt
    if _family is not None:
        return _family
    with _lock:
        if _family is None:
            import matplotlib

            matplotlib.use("Agg")
            family = _cjk_family()
            if family is None and not _rebuilt:
                _rebuilt = True
                _rebuild_font_list()
                family = _cjk_family()
            if family is None:
                raise FontMissing()
            matplotlib.rcParams["font.family"] = family
            matplotlib.rcParams["axes.unicode_minus"] = False
            matplotlib.rcParams["svg.fonttype"] = "path"
            matplotlib.rcParams["text.parse_math"] = False  # a "$" in a goal's name is text, not TeX
            _family = family
    return _family


def _cjk_family() -> str | None:
    from matplotlib import font_manager

    available = {f.name for f in font_manager.fontManager.ttflist}
    return next((family for family in CJK_FAMILIES if family in available), None)


def _rebuild_font_list() -> None:
    """Scan the system's fonts again and rewrite matplotlib's cache file, replacing the font manager in place (as
    matplotlib itself does when a cached font file has gone), so every reference to it sees the new list."""
    from matplotlib import font_manager

    fresh = font_manager._load_fontmanager(try_read_cache=False)
    vars(font_manager.fontManager).update(vars(fresh))
    cached = getattr(font_manager.FontManager, "_findfont_cached", None)  # lookups made before the rebuild
    if cached is not None:
        cached.cache_clear()


def render(chart: Chart, fmt: str = "png", width: float = 6.4, height: float = 3.6, dpi: int = 130,
           fast: bool = False) -> bytes:
    """The chart as PNG or SVG bytes. Uses matplotlib's object API (no pyplot, no global figure state)."""
    font_family()
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    figure = Figure(figsize=(width, height), dpi=dpi)  # fixed margins: a layout engine would draw everything twice
    FigureCanvasAgg(figure)
    axes = figure.add_subplot()
    if chart.kind == "pie":
        figure.subplots_adjust(left=0.02, right=0.5, top=0.88, bottom=0.04)
    elif chart.kind == "hbars":
        figure.subplots_adjust(left=0.28, right=0.95, top=0.88, bottom=0.12)
    else:
        figure.subplots_adjust(left=0.1, right=0.97, top=0.88, bottom=0.2 if len(chart.labels) > 5 else 0.12)
    _draw(axes, chart)
    axes.set_title(chart.title, fontsize=11)
    buffer = io.BytesIO()
    # fast: for a PDF, whose writer decodes the PNG and compresses the pixels again anyway
    extra = {"pil_kwargs": {"compress_level": 1}} if fast and fmt == "png" else {}
    figure.savefig(buffer, format=fmt, **extra)
    return buffer.getvalue()


def _f(value: Decimal | None) -> float:
    """The length of a bar or wedge; a figure no float can hold is drawn as nothing (its label still states it)."""
    number = float(value) if value is not None and not value.is_nan() else 0.0
    return number if math.isfinite(number) else 0.0


def _label(value: Decimal) -> str:
    return fixed(value, 2, strip=True)


def _draw(axes, chart: Chart) -> None:
    labels = chart.labels
    values = [_f(v) for v in chart.series[0][1]] if chart.kind == "pie" else []
    if chart.kind == "pie" and min(values, default=0) >= 0 and sum(values) > 0:
        total = sum(values)
        wedges, _ = axes.pie(values, colors=COLOURS[: len(values)], startangle=90, counterclock=False,
                             wedgeprops={"linewidth": 1, "edgecolor": "white"})
        legend = [f"{label} {_label(value or Decimal(0))} {chart.unit}（{number / total * 100:.2f}%）"
                  for label, value, number in zip(labels, chart.series[0][1], values)]
        axes.legend(wedges, legend, loc="center left", bbox_to_anchor=(1.0, 0.5), fontsize=8, frameon=False)
        axes.axis("equal")
        return
    # a pie cannot show a negative part or a whole of nothing: those figures are drawn as bars
    horizontal = chart.kind == "hbars"
    count = len(chart.series)
    step = 0.8 / count
    positions = list(range(len(labels)))
    for k, (name, values) in enumerate(chart.series):
        offsets = [p - 0.4 + step * (k + 0.5) for p in positions]
        numbers = [_f(v) for v in values]
        bars = (axes.barh if horizontal else axes.bar)(offsets, numbers, step * 0.92, label=name, color=COLOURS[k % len(COLOURS)])
        for bar, value in zip(bars, values):
            if horizontal:
                axes.annotate(_label(value or Decimal(0)), (bar.get_width(), bar.get_y() + bar.get_height() / 2),
                              xytext=(3, 0), textcoords="offset points", va="center", fontsize=7)
            else:
                axes.annotate(_label(value or Decimal(0)), (bar.get_x() + bar.get_width() / 2, bar.get_height()),
                              xytext=(0, 2), textcoords="offset points", ha="center", fontsize=7)
    if horizontal:
        axes.set_yticks(positions, labels, fontsize=8)
        axes.invert_yaxis()
        axes.set_xlabel(chart.unit, fontsize=8)
    else:
        axes.set_xticks(positions, labels, fontsize=8, rotation=0 if len(labels) <= 5 else 30,
                        ha="center" if len(labels) <= 5 else "right")
        axes.set_ylabel(chart.unit, fontsize=8)
    if count > 1:
        axes.legend(fontsize=8, frameon=False)
    axes.spines[["top", "right"]].set_visible(False)
