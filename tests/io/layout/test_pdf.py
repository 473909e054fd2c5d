"""Text PDFs: tables from ruling lines with merged cells as spans, a table continued on the next page joined."""

from __future__ import annotations

from jixiao.io.layout import read

from .support import DEV


def layout(name: str):
    return read(name, (DEV / name).read_bytes())


def test_gansu_table_continues_on_page_two_and_merged_cells_span():
    result = layout("gansu-dept-2021.pdf")
    assert result.kind == "pdf"
    (table,) = result.tables()
    grid = table.grid()
    block = grid[1][0]
    assert block.text == "年度预算执行情况（万元）" and block.rowspan == 4  # its wrapped line joined
    assert grid[0][1].text == "陇西川县民政局" and grid[0][1].colspan == 4
    assert [c.text for c in grid[2][1:8]] == ["年度资金总额", "3260.4", "3410.8", "3352.6", "10", "98.29%", "9.83"]
    last = grid[-1]
    assert last[0].text == "偏差原因分析" and last[0].source.page == 2
    assert table.caption == "2021年度部门整体支出绩效自评表"


def test_gansu_note_below_the_table_is_one_paragraph_across_its_line_break():
    result = layout("gansu-dept-2021.pdf")
    note = result.paragraphs()[-1]
    assert note.text.startswith("填表说明：1.得分85分（含）以上为优秀")
    assert "执行率超过100%的按100%计算。" in note.text and note.source.page == 2


def test_guizhou_indicator_rows():
    table = layout("guizhou-project-2022.pdf").tables()[0]
    rows = table.text_rows()
    assert ["产出指标", "数量指标", "培训农村劳动力人数", "15", "≥500人", "420人", "12.6"] == rows[10][1:8]
