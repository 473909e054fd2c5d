"""Text files: tables in every separator convention, tables without separators left as lines, headings by
numbering, furniture (contents, page numbers, running headers, web navigation) removed and recorded."""

from __future__ import annotations

from jixiao.io.layout import Heading, Paragraph, read
from jixiao.io.layout.html import html_text

from .support import DEV


def layout(name: str):
    return read(name, (DEV / name).read_bytes())


def cell_texts(table) -> set[str]:
    return {cell.text for cell in table.cells}


def test_tab_separated_lines_are_a_table():
    tables = layout("hebei-project-2021-tabs.txt").tables()
    assert len(tables) == 1
    rows = tables[0].text_rows()
    assert rows[1][:4] == ["主管部门", "柳泉县卫生健康局", "实施单位", "柳泉县疾病预防控制中心"]


def test_columns_aligned_by_spaces_are_a_table_across_a_page_break():
    result = layout("shandong-dept-2022-spaces.txt")
    (table,) = result.tables()
    rows = table.text_rows()
    assert rows[0][:4] == ["部门名称", "鲁泉县文化和旅游局", "填报日期", "2023年3月2日"]
    # the rows after "— 1 —" and the repeated header continue the same table
    assert any(row[:3] == ["满意度指标", "服务对象满意度指标", "观众满意度"] for row in rows)
    assert table.caption == "2022年度部门整体支出绩效自评表"


def test_page_numbers_and_running_header_of_shandong_removed():
    result = layout("shandong-dept-2022-spaces.txt")
    assert "页码 2 个" in result.removed
    assert any(r.startswith("页眉页脚“鲁泉县文化和旅游局2022年度部门整体支出绩效自评报告”") for r in result.removed)
    texts = [b.text for b in result.paragraphs()] + [c.text for t in result.tables() for c in t.cells]
    assert not any("— 1 —" in t or "— 2 —" in t for t in texts)
    title = "鲁泉县文化和旅游局2022年度部门整体支出绩效自评报告"
    assert [b.text for b in result.paragraphs()].count(title) == 1  # the title itself is kept once


def test_pipes_with_outer_bars_are_a_table_and_web_navigation_is_removed():
    result = layout("chongqing-dept-2020-web.txt")
    (table,) = result.tables()
    assert ["年度资金总额", "1520.36", "1602.4", "1580.12", "10", "98.61%", "9.86"] == table.text_rows()[2][:7]
    assert any(r.startswith("网页导航和页脚") for r in result.removed)
    text = "\n".join(b.text for b in result.paragraphs())
    for navigation in ("首页", "您当前位置", "打印本页", "主办单位", "ICP"):
        assert navigation not in text
    assert result.blocks[0].text == "重庆市云溪区规划和自然资源局2020年度部门整体支出绩效自评报告"


def test_markdown_table_drops_its_rule_row():
    result = layout("ningxia-project-2024-markdown.md")
    (table,) = result.tables()
    rows = table.text_rows()
    assert rows[0][:2] == ["项目名称", "农村饮水安全工程维修养护"]
    assert not any(set(cell) <= set("-:") and cell for row in rows for cell in row)
    assert isinstance(result.blocks[0], Heading)


def test_sichuan_table_of_contents_removed_and_headings_not_twice():
    result = layout("sichuan-final-2022-toc.txt")
    assert "目录 12 行" in result.removed
    titles = [h.numbering + h.text for h in result.headings()]
    assert titles.count("第一部分单位概况") == 1
    assert titles.count("第四部分附件") == 1
    levels = {h.numbering: h.level for h in result.headings()}
    assert levels["第一部分"] == 0 and levels["一、"] == 1


def test_cells_one_per_line_stay_paragraphs_with_their_line():
    result = layout("hunan-dept-2021-cellperline.txt")
    assert not result.tables()
    paragraphs = result.paragraphs()
    staff = next(p for p in paragraphs if p.text == "人员编制")
    after = paragraphs[paragraphs.index(staff) + 1]
    assert after.text == "42" and after.source.line == staff.source.line + 1


def test_cells_with_bars_one_per_line_stay_paragraphs():
    result = layout("sichuan-project-2023-cellpipes.txt")
    assert not result.tables()
    assert [p.text for p in result.paragraphs()][2:4] == ["项目名称 |",
                                                         "51082322R000000031207-公共文化场馆免费开放运行经费 |"]


def test_cells_run_together_stay_paragraphs():
    result = layout("hubei-project-2021-runtogether.txt")
    texts = [p.text for p in result.paragraphs()]
    assert "年度财政资金总额40.0040.0040.00100.00%2020" in texts
    assert "产出指标数量指标建设农业科技示范基地≥3个3个1010" in texts


def test_headings_by_numbering_levels():
    result = read("x.txt", "第一部分 概况\n一、基本情况\n（一）部门职能\n1.主要职责\n（1）具体事项\n正文。".encode())
    assert [(h.numbering, h.level) for h in result.headings()] == [
        ("第一部分", 0), ("一、", 1), ("（一）", 2), ("1.", 3), ("（1）", 4)]
    assert isinstance(result.blocks[-1], Paragraph)


def test_numbered_sentence_is_a_paragraph_and_decimal_is_not_numbering():
    result = read("x.txt", "十三、关于预算的说明：中心对项目开展了绩效自评，项目执行情况良好。\n1.5万元已支出。".encode())
    assert not result.headings()


def test_encodings_gb18030_and_utf16():
    text = "一、基本情况\n项目\t金额\n合计\t12.5\n"
    for encoded in (text.encode("gb18030"), text.encode("utf-16"), b"\xef\xbb\xbf" + text.encode()):
        result = read("x.txt", encoded)
        assert result.tables()[0].text_rows() == [["项目", "金额"], ["合计", "12.5"]]


def test_dot_leader_contents_removed():
    text = "目  录\n一、部门概况……………1\n二、绩效目标……………3\n三、评价结论……………5\n一、部门概况\n正文。\n二、绩效目标\n正文。"
    result = read("x.txt", text.encode())
    assert "目录 3 行" in result.removed
    assert [h.text for h in result.headings()] == ["部门概况", "绩效目标"]


def test_page_number_forms():
    text = "正文一。\n- 3 -\n正文二。\n第 2 页 共 9 页\n正文三。\n2/9\n正文四。"
    result = read("x.txt", text.encode())
    assert [p.text for p in result.paragraphs()] == ["正文一。", "正文二。", "正文三。", "正文四。"]
    assert "页码 3 个" in result.removed


def test_html_tables_become_bar_rows_and_scripts_are_dropped():
    page = ("<html><head><style>p{}</style><script>var x=1;</script></head><body><nav>首页 政务公开</nav>"
            "<h1>某县局2023年度自评报告</h1><p>一、基本情况</p><table><tr><td>项目</td><td>金额</td></tr>"
            "<tr><td>合计</td><td>12.5</td></tr></table></body></html>").encode()
    assert "var x" not in html_text(page) and "政务公开" not in html_text(page)
    result = read("page.html", page)
    assert result.kind == "html"
    assert result.tables()[0].text_rows() == [["项目", "金额"], ["合计", "12.5"]]
    assert result.headings()[0].text == "基本情况"


def test_page_breaks_in_a_cell_per_line_table_lose_no_cell():
    """Page numbers put every 15 lines into the Hunan cell-per-line text: cells next to the breaks that repeat
    elsewhere ("合计", "项目") are cells, not running headers."""
    original = (DEV / "hunan-dept-2021-cellperline.txt").read_text(encoding="utf-8").splitlines()
    paged: list[str] = []
    for i, line in enumerate(original):
        paged.append(line)
        if i % 15 == 14:
            paged.append(f"— {i // 15 + 1} —")
    plain = read("hunan.txt", "\n".join(original).encode())
    result = read("hunan.txt", "\n".join(paged).encode())
    assert [b.text for b in result.blocks] == [b.text for b in plain.blocks]
    assert result.removed == [f"页码 {len(original) // 15} 个"] + plain.removed


def test_title_repeated_every_few_lines_without_page_numbers_is_a_running_header():
    """The Sichuan report's title put back every 8 lines, as a PDF copy without page numbers leaves it."""
    original = (DEV / "sichuan-final-2022-toc.txt").read_text(encoding="utf-8").splitlines()
    title = original[0]
    paged: list[str] = []
    for i, line in enumerate(original):
        paged.append(line)
        if i % 8 == 7:
            paged.append(title)
    plain = read("a.txt", "\n".join(original).encode())
    result = read("a.txt", "\n".join(paged).encode())
    assert [b.text for b in result.blocks] == [b.text for b in plain.blocks]
    assert any(r.startswith(f"页眉页脚“{title}”") for r in result.removed)


def test_a_run_of_spaces_wider_than_a_column_is_an_empty_cell():
    # seed-002 (靖州) department table copied from a PDF, 年度指标值 left blank: the actual stays under 实际完成值
    from jixiao.io.layout.text import spaced_rows

    header = "年度绩效指标  年度目标      一级指标      二级指标      三级指标      年度指标值    实际完成值    分值          得分"
    row = "产出指标      质量指标      全省社会保险基金管理防风险堵漏洞专项整治工作                开展“以案促改，防控风险”社会保险基金安全警示教育月活动"
    rows = spaced_rows([header, "目标7         " + row])
    assert rows[1][:6] == ["目标7", "产出指标", "质量指标", "全省社会保险基金管理防风险堵漏洞专项整治工作", "",
                           "开展“以案促改，防控风险”社会保险基金安全警示教育月活动"]
    assert rows[0] == header.split()  # cells padded to their column: no empty cell


def test_a_running_header_a_scan_misread_on_one_page_is_still_the_header():
    from jixiao.io.layout.furniture import key

    assert key("通城县人力资源和社会保障局2O23年度部门整体支出绩效自评报告") == \
        key("通城县人力资源和社会保障局2023年度部门整体支出绩效自评报告")


def _web_page(head: list[str]) -> str:
    body = ["一、部门基本情况", "青岭县农业农村局内设机构6个，2023年全年预算860.40万元。"]
    body += [f"（{i}）第{i}项重点工作按计划完成。" for i in range(1, 26)]
    return "\n".join(head + body + ["打印本页 关闭窗口", "主办单位：青岭县人民政府办公室"]) + "\n"


def test_a_web_pages_title_between_the_breadcrumb_and_its_date_is_kept():
    # 520137a: the page's own title sits among the navigation lines; it is the document's title
    title = "青岭县农业农村局2023年度部门整体支出绩效自评报告"
    text = _web_page(["首页 | 政务公开 | 办事服务 | 互动交流", "您当前位置：首页 > 政务公开 > 财政信息 > 绩效信息", title,
                      "发布日期：2024-04-08  浏览次数：231  【字体：大 中 小】"])
    result = read("page.txt", text.encode())
    assert result.blocks[0].text == title
    assert result.removed == ["网页导航和页脚 5 行（开头 3 行，结尾 2 行）"]
    paragraphs = "\n".join(b.text for b in result.paragraphs())
    assert "您当前位置" not in paragraphs and "发布日期" not in paragraphs and "主办单位" not in paragraphs
    # a line among the navigation that is no report's title still goes, and so does a menu above the breadcrumb
    # even when it holds a title's words (绩效, 决算)
    banner = _web_page(["青岭县人民政府门户网站", "政务公开 预算决算 绩效管理", "您当前位置：首页 > 政务公开", title,
                        "发布日期：2024-04-08"])
    kept = read("page.txt", banner.encode())
    assert kept.blocks[0].text == title and kept.blocks[1].text == "部门基本情况"
    assert kept.removed == ["网页导航和页脚 6 行（开头 4 行，结尾 2 行）"]
