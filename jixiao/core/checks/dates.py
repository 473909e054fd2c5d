"""Years and dates (CHECKS.md · Consistency): titles name the evaluated year, data are as of its end, and the report
is dated after the year ends."""

from __future__ import annotations

import datetime as dt
from typing import Iterator

from . import CheckContext, Finding, check


@check("DATE", "标题年度、数据截止日期与报告日期与评价年度一致")
def years_and_dates(ctx: CheckContext) -> Iterator[Finding]:
    e = ctx.evaluation
    if not 1 <= e.year <= 9998:
        return  # no year was stated (an extracted report may lack one): nothing to compare dates with
    year_end = dt.date(e.year, 12, 31)
    for index, stated in enumerate(e.stated_years):
        if stated.year != e.year:
            yield Finding("DATE.YEAR", "error", f"stated_years[{index}]",
                          f"评价的是 {e.year} 年度，此处写作 {stated.year} 年度，请更正。",
                          stated=str(stated.year), recomputed=str(e.year), where=stated.where, subject=stated.text)
    dates = list(e.stated_dates)
    # the report date the text also states (read from it, or entered as written there) is one date, said once
    if e.report_date is not None and not any(d.kind == "report" and d.date == e.report_date for d in dates):
        from ..model import StatedDate

        dates.insert(0, StatedDate(kind="report", date=e.report_date, where="报告日期"))
    added = len(dates) - len(e.stated_dates)  # 1 when the report date was put first, else 0
    for index, stated in enumerate(dates):
        location = "report_date" if added and index == 0 else f"stated_dates[{index - added}]"
        if stated.kind in ("report", "table") and stated.date <= year_end:
            shown = f"{stated.date:%Y年%-m月%-d日}"
            written = f"（文中写作“{stated.text}”）" if stated.text and stated.text != shown else ""
            yield Finding("DATE.EARLY", "error", location,
                          f"报告（表）日期 {shown}{written} 早于 {e.year} 年度结束，自评应在年度结束后进行。",
                          stated=f"{stated.date:%Y-%m-%d}", recomputed=f"晚于 {year_end:%Y-%m-%d}",
                          where=stated.where, subject=stated.text)
        if stated.kind == "as_of" and stated.date != year_end:
            yield Finding("DATE.AS_OF", "warning", location,
                          f"数据截止日期 {stated.date:%Y年%-m月%-d日} 不是 {e.year} 年末，请核对是否沿用了其他年度的数据。",
                          stated=f"{stated.date:%Y-%m-%d}", recomputed=f"{year_end:%Y-%m-%d}",
                          where=stated.where, subject=stated.text)
    reports: dict[dt.date, str] = {}  # each report date once, in the order the document states them, where first
    for stated in dates:
        if stated.kind == "report":
            reports.setdefault(stated.date, stated.where)
    if len(reports) > 1:
        first, *others = reports
        listed = "、".join(_written(d) + (f"（{w}）" if w else "") for d, w in reports.items())
        yield Finding("DATE.REPORTS", "warning", "stated_dates",
                      f"文中出现多个报告日期：{listed}，请统一。",
                      stated=_written(first), recomputed="、".join(_written(d) for d in others),
                      where=reports[first], subject="报告日期")


def _written(date: dt.date) -> str:
    """A date the way reports write it: 2021年4月2日."""
    return f"{date.year}年{date.month}月{date.day}日"


@check("DATE.MALFORMED", "日期写法完整有效")
def malformed_dates(ctx: CheckContext) -> Iterator[Finding]:
    for index, stated in enumerate(ctx.evaluation.malformed_dates):
        yield Finding("DATE.MALFORMED", "error", f"malformed_dates[{index}]",
                      f"日期“{stated.text}”不是有效的日期（年份应为四位数，月、日应在有效范围内），请更正。",
                      stated=stated.text, where=stated.where, subject="日期")
